#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for the tests (ctest's fixture `postgres`, see tests/CMakeLists.txt).
#
#   scripts/postgres.sh start DIR   makes a cluster in DIR (initdb: locale C, UTF8), starts it listening on
#                                   127.0.0.1 at a free port and on a unix socket in DIR, creates the role
#                                   `sportello` (LOGIN SUPERUSER), writes its URI
#                                   postgresql://sportello@127.0.0.1:PORT/postgres to DIR/uri and prints it.
#                                   A cluster already running in DIR is reused.
#   scripts/postgres.sh stop DIR    stops the cluster (fast) and removes DIR.
#
# POSTGRES_SETTINGS (environment), when set, is appended to postgresql.conf of a new cluster (e.g.
# shared_preload_libraries for the benchmark's statement statistics).
#
# Test-only: every local connection is trusted without a password (--auth=trust). Durability stays at
# PostgreSQL's defaults (fsync, synchronous_commit), as in production. As root the cluster runs as the
# `postgres` system user, which must be able to reach DIR (clusters under /tmp always are); otherwise it
# runs as the current user.
set -euo pipefail

bin=/usr/lib/postgresql/15/bin
marker=.sportello-test-cluster

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
die() { echo "postgres.sh: $*" >&2; exit 1; }

[ $# -eq 2 ] || usage
action=$1
dir=$2
case "$dir" in /*) ;; *) dir="$PWD/$dir" ;; esac
dir=${dir%/}
[[ "$dir" != *"'"* ]] || die "DIR must not contain a quote: $dir"
# A unix socket path (DIR/.s.PGSQL.PORT) holds at most 107 bytes.
[ "${#dir}" -le 90 ] || die "DIR is too long for a unix socket path: $dir"

if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || die "running as root needs the postgres system user (install postgresql-15)"
  as_owner() { (cd "$dir" && runuser -u postgres -- "$@"); }
else
  as_owner() { (cd "$dir" && "$@"); }
fi

running() { [ -f "$dir/data/PG_VERSION" ] && as_owner "$bin/pg_ctl" status -D "$dir/data" >/dev/null 2>&1; }

start() {
  local attempt port
  [ -x "$bin/initdb" ] || die "$bin/initdb not found (install postgresql-15: scripts/install-deps.sh)"
  if [ -d "$dir" ] && [ ! -f "$dir/$marker" ] && [ -n "$(ls -A "$dir")" ]; then
    die "$dir is not empty and was not made by this script"
  fi
  mkdir -p "$dir"
  touch "$dir/$marker"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres:postgres "$dir"
    runuser -u postgres -- test -w "$dir" ||
      die "the postgres user cannot reach $dir (a parent directory is not traversable); use a directory under /tmp"
  fi

  if ! running; then
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      rm -rf "$dir/data"
      as_owner "$bin/initdb" --pgdata="$dir/data" --username=postgres --auth=trust --locale=C --encoding=UTF8 \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
      cat >>"$dir/data/postgresql.conf" <<EOF

# scripts/postgres.sh: a test cluster
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 300
shared_buffers = 128MB
${POSTGRES_SETTINGS:-}
EOF
    fi
    # The port is free when picked but may be taken before the server binds it: try a few.
    for attempt in 1 2 3 4 5; do
      port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
      if as_owner "$bin/pg_ctl" start -w -t 60 -D "$dir/data" -l "$dir/server.log" -o "-p $port" >/dev/null; then
        break
      fi
      [ "$attempt" -lt 5 ] || { tail -n 20 "$dir/server.log" >&2; die "the server did not start"; }
    done
  fi

  # The port of the running server: line 4 of postmaster.pid.
  port=$(sed -n 4p "$dir/data/postmaster.pid")
  as_owner "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres -c \
    "DO \$\$ BEGIN
       IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sportello') THEN CREATE ROLE sportello LOGIN SUPERUSER; END IF;
     END \$\$"
  echo "postgresql://sportello@127.0.0.1:$port/postgres" >"$dir/uri"
  cat "$dir/uri"
}

stop() {
  [ -d "$dir" ] || return 0
  [ -f "$dir/$marker" ] || die "$dir was not made by this script; not removing it"
  # Immediate: the cluster is thrown away, so there is nothing to checkpoint (a shutdown checkpoint
  # of the hundreds of databases the tests made can take longer than pg_ctl waits).
  if running; then
    as_owner "$bin/pg_ctl" stop -w -D "$dir/data" -m immediate >/dev/null
  fi
  rm -rf "$dir"
}

case "$action" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
