#!/usr/bin/env bash
# One throwaway-PostgreSQL start-up for every script that needs a server of its own:
# scripts/with-postgres.sh, scripts/replica-cluster.sh, scripts/replica-rebuild.sh,
# bench/lib/cluster.sh and tests/durability/kill_cycles.py. Each server lives in a
# folder of its own (a mktemp dir), with a port the kernel says is free, so that runs
# on one machine never collide; PostgreSQL refuses to run as root, so as root the
# server's commands run as Debian's postgres user.
#
# Sourced (set -e friendly; nothing runs at source time):
#   pg_find                     PG_BIN: the newest /usr/lib/postgresql/*/bin; PG_RUN_AS: how
#                               to run as the server's user (runuser … as root, else nothing)
#   pg_own DIR                  DIR made the server user's, reachable by others (the sockets)
#   pg CMD ARGS…                $PG_BIN/CMD as that user (initdb, pg_ctl, pg_basebackup, pg_rewind…)
#   pg_free_ports N             N free 127.0.0.1 ports, one a line
#   pg_init DATA                initdb: superuser styrkort, trust, UTF8, C.UTF-8
#   pg_start DATA LOG [OPTS]    start and wait until it accepts connections (OPTS: postgres options)
#   pg_stop DATA [MODE]         stop (fast by default) if it runs; never fails
#   pg_socket_server DIR [OPTS] a server on a Unix socket only: data DIR/data, socket in DIR,
#                               log DIR/server.log, port PG_PORT; PG_URL names its postgres database
#
# Run as a command, for programs that are not shell (tests/durability/kill_cycles.py):
#   scripts/lib/postgres.sh start DIR [OPTS]   prints the URL of pg_socket_server DIR
#   scripts/lib/postgres.sh stop DIR           stops it (the caller removes DIR)

PG_RUN_AS=()

pg_find() {
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
  [[ -n $PG_BIN ]] || { echo "postgres.sh: ingen PostgreSQL i /usr/lib/postgresql / no PostgreSQL installed (apt-get install postgresql)" >&2; return 1; }
  PG_RUN_AS=()
  # PostgreSQL refuses to run as root; Debian's package made the postgres user.
  [[ $(id -u) -ne 0 ]] || PG_RUN_AS=(runuser -u postgres --)
}

pg_own() {
  chmod 755 "$1"
  [[ $(id -u) -ne 0 ]] || chown postgres "$1"
}

pg() { "${PG_RUN_AS[@]}" "$PG_BIN/$1" "${@:2}"; }

# The kernel picks them (bound and released at once; another run taking one in between
# makes a start fail loudly, never share a server). Without python3 (a machine that only
# builds): random ports, which a server on a Unix socket only (pg_socket_server) may use,
# its socket being in a folder of its own.
pg_free_ports() {
  if ! command -v python3 >/dev/null; then
    local i
    for ((i = 0; i < $1; i++)); do echo $((20000 + RANDOM % 20000)); done
    return
  fi
  python3 -c '
import socket, sys
s = [socket.socket() for _ in range(int(sys.argv[1]))]
for x in s: x.bind(("127.0.0.1", 0))
print("\n".join(str(x.getsockname()[1]) for x in s))' "$1"
}

pg_init() { pg initdb -D "$1" -U styrkort -A trust -E UTF8 --locale=C.UTF-8 >/dev/null; }

pg_start() {
  local data=$1 log=$2
  shift 2
  if (($#)); then pg pg_ctl -D "$data" -l "$log" -w -o "$*" start >/dev/null
  else pg pg_ctl -D "$data" -l "$log" -w start >/dev/null; fi
}

pg_stop() {
  [[ -f $1/postmaster.pid ]] || return 0
  pg pg_ctl -D "$1" -m "${2:-fast}" -w stop >/dev/null 2>&1 || true
}

pg_socket_server() {
  local dir=$1
  shift
  PG_PORT=$(pg_free_ports 1)
  pg_init "$dir/data"
  pg_start "$dir/data" "$dir/server.log" -k "$dir" -p "$PG_PORT" -c "listen_addresses=''" "$@"
  PG_URL="postgresql:///postgres?host=$dir&port=$PG_PORT&user=styrkort"
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  set -euo pipefail
  case ${1:-} in
    start) pg_find; pg_own "$2"; pg_socket_server "$2" "${@:3}"; echo "$PG_URL" ;;
    stop) pg_find; pg_stop "$2/data" ;;
    *) echo "usage: $0 start DIR [POSTGRES OPTIONS…] | stop DIR" >&2; exit 2 ;;
  esac
fi
