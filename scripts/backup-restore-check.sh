#!/usr/bin/env bash
# backup-restore-check.sh — the backup and restore procedure of docs/deployment.md, run
# end to end on a throw-away database of the local PostgreSQL (`make backup-restore-check`):
#
#   1. a database with its two roles (owner, runtime) is migrated and given the demo;
#   2. it is dumped with `pg_dump --format=custom` (what the nightly backup runs);
#   3. the dump is restored with `pg_restore` into a new, empty database owned by the same
#      owner (what a restore runs), then `clea db upgrade` re-grants the runtime role;
#   4. every table's row count and a checksum of its content are compared, and the
#      restored database serves: `clea serve` answers /healthz and a certificate
#      verification finds a certificate of the dump.
# Both databases and the roles are dropped at the end. PGHOST/PGPORT/PGUSER: the server
# (127.0.0.1:5432, postgres by default).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
clea="$root/.venv/bin/clea"
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
name="clea_backup_$$"
owner="${name}_owner"
work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  for database in "$name" "${name}_restored"; do
    psql -qAt -d postgres -c "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" >/dev/null
  done
  psql -qAt -d postgres -c "DROP ROLE IF EXISTS \"${name}_app\"" >/dev/null
  psql -qAt -d postgres -c "DROP ROLE IF EXISTS \"${owner}\"" >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

url() { echo "postgresql://$1@$PGHOST:$PGPORT/$2"; }

echo "1. Base de test $name : migration et démo"
psql -qAt -d postgres -c "CREATE ROLE \"$owner\" LOGIN CREATEROLE"
psql -qAt -d postgres -c "CREATE DATABASE \"$name\" OWNER \"$owner\""
export CLEA_DATA_DIR="$work/data" CLEA_SECRET_KEY="backup-check-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
CLEA_DATABASE_URL=$(url "${name}_app" "$name") CLEA_MIGRATION_DATABASE_URL=$(url "$owner" "$name") \
  "$clea" db upgrade >/dev/null 2>&1
CLEA_DATABASE_URL=$(url "${name}_app" "$name") CLEA_MIGRATION_DATABASE_URL=$(url "$owner" "$name") \
  "$clea" demo >/dev/null 2>&1

echo "2. Sauvegarde : pg_dump --format=custom"
started=$(date +%s.%N)
pg_dump --format=custom --no-owner --no-privileges --file="$work/clea.dump" -d "$name"
dumped=$(date +%s.%N)
echo "   $(du -h "$work/clea.dump" | cut -f1) en $(printf '%.1f' "$(echo "$dumped - $started" | bc)") s"

echo "3. Restauration : pg_restore dans une base neuve, puis clea db upgrade (droits du rôle applicatif)"
psql -qAt -d postgres -c "CREATE DATABASE \"${name}_restored\" OWNER \"$owner\""
started=$(date +%s.%N)
pg_restore --exit-on-error --no-owner --no-privileges --role="$owner" -d "${name}_restored" "$work/clea.dump"
restored=$(date +%s.%N)
echo "   restaurée en $(printf '%.1f' "$(echo "$restored - $started" | bc)") s"
CLEA_DATABASE_URL=$(url "${name}_app" "${name}_restored") \
  CLEA_MIGRATION_DATABASE_URL=$(url "$owner" "${name}_restored") "$clea" db upgrade >/dev/null 2>&1

echo "4. Comparaison table par table (lignes et somme de contrôle du contenu)"
fingerprint() {
  psql -qAt -d "$1" <<'SQL'
SELECT string_agg(format('%s.%s', table_schema, table_name), ' ' ORDER BY table_schema, table_name)
FROM information_schema.tables
WHERE table_type = 'BASE TABLE' AND table_schema IN ('public', 'procrastinate')
SQL
}
tables=$(fingerprint "$name")
[ "$tables" = "$(fingerprint "${name}_restored")" ] || { echo "Les tables diffèrent." >&2; exit 1; }
count=0
for table in $tables; do
  query="SELECT count(*) || ':' || coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '') FROM $table t"
  before=$(psql -qAt -d "$name" -c "$query")
  after=$(psql -qAt -d "${name}_restored" -c "$query")
  if [ "$before" != "$after" ]; then
    echo "   $table : $before avant, $after après" >&2
    exit 1
  fi
  count=$((count + 1))
done
echo "   $count tables identiques"

echo "5. La base restaurée sert : /healthz et la vérification d'un certificat"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
CLEA_DATABASE_URL=$(url "${name}_app" "${name}_restored") CLEA_BASE_URL="http://127.0.0.1:$port" \
  "$clea" serve --port "$port" --no-worker >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 300); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$work/serve.log" >&2; exit 1; }
number=$(psql -qAt -d "${name}_restored" -c "SELECT verification_code FROM certificate WHERE verification_code IS NOT NULL LIMIT 1")
if [ -n "$number" ]; then
  status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/verify/$number")
  [ "$status" = 200 ] || { echo "Vérification du certificat : HTTP $status" >&2; exit 1; }
  echo "   /verify/$number : 200"
fi
echo "Sauvegarde et restauration vérifiées."
