#!/usr/bin/env bash
# pgbouncer.sh start|stop|url — a private PgBouncer in transaction pooling in front of the
# local PostgreSQL, for `make test-pgbouncer` and `make loadtest`.
#
# Installs PgBouncer from the distribution's packages when missing (apt, as root, waiting
# for apt's lock: scripts/apt-install.sh). `start` runs an instance of its own (its folder
# var/pgbouncer: configuration, log, pid) on a free port (PGBOUNCER_PORT to choose one)
# with pool_mode = transaction, in front of PGHOST:PGPORT (127.0.0.1:5432), and prints the
# port. Authentication: trust on 127.0.0.1 (a test instance, bound to the loopback only);
# PgBouncer logs in to PostgreSQL as the user the client names — roles it does not list
# are looked up with auth_query as postgres (the tests make roles per database) — with
# the password in PGPASSWORD for postgres (postgres by default, as the suite's server).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
folder=${PGBOUNCER_DIR:-$here/../var/pgbouncer}
upstream_host=${PGHOST:-127.0.0.1}
upstream_port=${PGPORT:-5432}

find_binary() {
  command -v pgbouncer 2>/dev/null || { [ -x /usr/sbin/pgbouncer ] && echo /usr/sbin/pgbouncer; } || true
}

ensure_installed() {
  if [ -n "$(find_binary)" ]; then return 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installation de PgBouncer (apt)…" >&2
    "$here/apt-install.sh" pgbouncer >&2
    # The package starts a system-wide instance on 6432: ours is private, that one is not ours.
  fi
  if [ -z "$(find_binary)" ]; then
    echo "PgBouncer introuvable : installez le paquet Debian pgbouncer (sudo apt-get install pgbouncer)." >&2
    exit 2
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

running() {
  [ -f "$folder/pgbouncer.pid" ] && kill -0 "$(cat "$folder/pgbouncer.pid")" 2>/dev/null
}

start() {
  ensure_installed
  mkdir -p "$folder"
  folder=$(cd "$folder" && pwd)
  if running; then cat "$folder/port"; return 0; fi
  local port=${PGBOUNCER_PORT:-$(free_port)}
  local user=${PGBOUNCER_RUN_AS:-}
  if [ "$(id -u)" = 0 ] && [ -z "$user" ]; then user=postgres; fi
  cat >"$folder/pgbouncer.ini" <<INI
[databases]
* = host=$upstream_host port=$upstream_port

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $folder/userlist.txt
auth_user = postgres
auth_query = SELECT usename, passwd FROM pg_shadow WHERE usename = \$1
pool_mode = transaction
max_client_conn = ${PGBOUNCER_MAX_CLIENTS:-1000}
default_pool_size = ${PGBOUNCER_POOL_SIZE:-10}
max_db_connections = ${PGBOUNCER_MAX_DB_CONNECTIONS:-20}
server_reset_query =
ignore_startup_parameters = extra_float_digits,options
logfile = $folder/pgbouncer.log
pidfile = $folder/pgbouncer.pid
admin_users = postgres
INI
  # Trust on the loopback: clients are not asked for a password; PgBouncer sends the one
  # listed here for each user to PostgreSQL (scram needs it in clear or as the scram secret).
  : >"$folder/userlist.txt"
  for name in ${PGBOUNCER_USERS:-postgres}; do
    printf '"%s" "%s"\n' "$name" "${PGPASSWORD:-postgres}" >>"$folder/userlist.txt"
  done
  echo "$port" >"$folder/port"
  if [ -n "$user" ]; then
    chown -R "$user" "$folder"
    su -s /bin/sh "$user" -c "$(find_binary) -d $folder/pgbouncer.ini" >&2
  else
    "$(find_binary)" -d "$folder/pgbouncer.ini" >&2
  fi
  for _ in $(seq 50); do
    if running && python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null; then
      echo "$port"
      return 0
    fi
    sleep 0.1
  done
  echo "PgBouncer n'a pas démarré : voir $folder/pgbouncer.log" >&2
  exit 1
}

stop() {
  if running; then
    kill "$(cat "$folder/pgbouncer.pid")"
    for _ in $(seq 50); do running || break; sleep 0.1; done
  fi
  rm -f "$folder/port"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  install) ensure_installed ;;
  *) echo "usage : scripts/pgbouncer.sh start|stop|install" >&2; exit 64 ;;
esac
