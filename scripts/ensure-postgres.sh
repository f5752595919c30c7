#!/usr/bin/env bash
# Succeeds when the PostgreSQL server used by the tests answers. Outside CI a missing
# server is reported and the PostgreSQL pass is skipped; under CI=true it is a failure.
set -uo pipefail
url="${CLEA_TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
url="${url/postgresql+psycopg:/postgresql:}"

answers() { .venv/bin/python -c "import psycopg, sys; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$url" 2>/dev/null; }

if answers; then exit 0; fi
# A local cluster that is installed but stopped is started, as on the CI machine.
if command -v pg_ctlcluster >/dev/null && [ "$(id -u)" = 0 ]; then
  for version in $(ls /etc/postgresql 2>/dev/null); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || true
  done
  sleep 2
  if answers; then exit 0; fi
fi
echo "PostgreSQL ne répond pas à ${url} (définissez CLEA_TEST_POSTGRES_URL ou démarrez le serveur)." >&2
if [ "${CI:-}" = "true" ]; then
  echo "CI=true : PostgreSQL est obligatoire, échec." >&2
  exit 2
fi
echo "Suite PostgreSQL sautée (hors CI)." >&2
exit 1
