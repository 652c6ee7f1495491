#!/usr/bin/env bash
# A PostgreSQL primary, a hot standby and Styrkort app servers configured with both
# (docs/scale-out.md "Replicas and failover"), from nothing, on loopback:
#
#   scripts/replica-cluster.sh [--servers N] [--binary PATH] [--keep] [-- COMMAND ARGS…]
#
# - the primary and the standby on free 127.0.0.1 ports chosen now, their data
#   directories in a new temp folder; the standby made by pg_basebackup -R and streaming,
#   named in the primary's synchronous_standby_names with synchronous_commit=remote_apply
#   (a commit returns once the standby has applied it); after a failover
#   scripts/replica-rebuild.sh makes the old primary a standby again;
# - N app servers (default 2) `styrkort serve --port 0` with libpq multi-host URLs:
#   writes to whichever of the two is read-write, stale-tolerant reads preferably to a
#   standby; the first start migrates and loads the shipped plans.
#
# It prints the URLs and ports. Without a command it runs until Ctrl-C; with one it runs
# the command with the cluster described in the environment (STYRKORT_REPLICA_*,
# STYRKORT_POSTGRES_URL, STYRKORT_POSTGRES_READ_URL), then stops everything and returns
# the command's exit status. Everything it started is stopped on exit, and the temp
# folder removed (unless --keep). Installs what it needs from Debian (PostgreSQL,
# python3; the build's dependencies when there is no binary yet).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

servers=2
binary=""
keep=0
command=()
while (($#)); do
  case $1 in
    --servers) servers=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --) shift; command=("$@"); break ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "replica-cluster.sh: okänt argument / unknown argument: $1" >&2; exit 2 ;;
  esac
done
[[ $servers =~ ^[1-9][0-9]?$ ]] || { echo "replica-cluster.sh: --servers måste vara 1–99 / must be 1–99" >&2; exit 2; }

# --- what it needs ---------------------------------------------------------------------
need=()
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || need+=(postgresql)
command -v psql >/dev/null || need+=(postgresql-client)
command -v python3 >/dev/null || need+=(python3)
if ((${#need[@]})); then
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
  echo "Installing: ${need[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
if [[ -z $binary ]]; then
  binary=$root/build/styrkort
  if [[ ! -x $binary ]]; then
    scripts/install-deps.sh
    scripts/build.sh
  fi
fi
binary=$(readlink -f "$binary")
source scripts/lib/postgres.sh
source scripts/lib/replica.sh
pg_find
pgbin=$PG_BIN

# --- the folder, the ports, stopping everything on exit --------------------------------
dir=$(mktemp -d /tmp/styrkort-replicas.XXXXXX)
pg_own "$dir"
app_pids=()
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  [[ -n ${sleeper:-} ]] && kill "$sleeper" 2>/dev/null
  for pid in "${app_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${app_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for d in standby primary; do pg_stop "$dir/$d"; done
  if ((keep)); then echo "Kept $dir" >&2; else rm -rf "$dir"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

{ read -r primary_port; read -r standby_port; } < <(pg_free_ports 2)

# --- the primary ---------------------------------------------------------------------
pg_init "$dir/primary"
cat >>"$dir/primary/postgresql.conf" <<EOF
# replica-cluster.sh
listen_addresses = '127.0.0.1'
port = $primary_port
unix_socket_directories = '$dir'
max_connections = 200
wal_level = replica
max_wal_senders = 5
wal_keep_size = '256MB'
hot_standby = on
hot_standby_feedback = on
# pg_rewind can then make this server a standby of the one promoted in its place
# (scripts/replica-rebuild.sh) without copying everything.
wal_log_hints = on
EOF
pg_start "$dir/primary" "$dir/primary.log"
createdb -h 127.0.0.1 -p "$primary_port" -U styrkort styrkort

# --- the standby ---------------------------------------------------------------------
# A copy of the primary (scripts/lib/replica.sh: its own port, streaming as
# styrkort_standby; once promoted a primary without a standby of its own, so it must not
# wait for one).
replica_standby_of "$dir/standby" "$standby_port" "$primary_port" basebackup
pg_start "$dir/standby" "$dir/standby.log"
# Now that the standby streams: every commit waits until the standby has applied it, so an
# acknowledged write is on both servers and visible on the standby (docs/scale-out.md).
# (Set before, the commits of createdb and the base backup's checkpoint would wait for a
# standby not yet there.)
replica_synchronous "$primary_port" 10 || { echo "replica-cluster.sh: the standby did not become synchronous (see $dir/standby.log)" >&2; exit 1; }

# --- the app servers -----------------------------------------------------------------
write_url="postgresql://styrkort@127.0.0.1:$primary_port,127.0.0.1:$standby_port/styrkort?target_session_attrs=read-write&connect_timeout=3"
read_url="postgresql://styrkort@127.0.0.1:$standby_port,127.0.0.1:$primary_port/styrkort?target_session_attrs=prefer-standby&connect_timeout=3"
admin_password=${STYRKORT_ADMIN_PASSWORD:-$(python3 -c 'import secrets; print("rk-" + secrets.token_urlsafe(18))')}
export STYRKORT_DATA_DIR=${STYRKORT_DATA_DIR:-$root/data}
app_urls=()
start_app() {
  local n=$1 log=$dir/app$1.log
  STYRKORT_ADMIN_PASSWORD=$admin_password "$binary" serve --port 0 --quiet \
    --postgres "$write_url" --postgres-read-url "$read_url" 2>"$log" >/dev/null &
  app_pids+=($!)
  for _ in $(seq 1 600); do
    if port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$log" | grep -o '[0-9]*$'); then
      app_urls+=("http://127.0.0.1:$port")
      return
    fi
    kill -0 "${app_pids[-1]}" 2>/dev/null || { cat "$log" >&2; echo "replica-cluster.sh: app server $n exited" >&2; exit 1; }
    sleep 0.2
  done
  echo "replica-cluster.sh: app server $n did not start (see $log)" >&2
  exit 1
}
start_app 1  # alone first: it migrates and loads the shipped plans
for n in $(seq 2 "$servers"); do start_app "$n"; done

export STYRKORT_REPLICA_DIR=$dir
export STYRKORT_REPLICA_PGBIN=$pgbin
export STYRKORT_REPLICA_RUN_AS="${PG_RUN_AS[*]}"
export STYRKORT_REPLICA_PRIMARY_DATA=$dir/primary STYRKORT_REPLICA_PRIMARY_PORT=$primary_port
export STYRKORT_REPLICA_STANDBY_DATA=$dir/standby STYRKORT_REPLICA_STANDBY_PORT=$standby_port
export STYRKORT_REPLICA_APP_URLS="${app_urls[*]}"
export STYRKORT_REPLICA_APP_PIDS="${app_pids[*]}"
export STYRKORT_REPLICA_BINARY=$binary
export STYRKORT_REPLICA_ADMIN_PASSWORD=$admin_password
export STYRKORT_POSTGRES_URL=$write_url STYRKORT_POSTGRES_READ_URL=$read_url
env | grep -E '^STYRKORT_(REPLICA_|POSTGRES_)' | grep -v ADMIN_PASSWORD | sort >"$dir/cluster.env"

cat >&2 <<EOF
Replica cluster in $dir
  primary  127.0.0.1:$primary_port  (psql -h 127.0.0.1 -p $primary_port -U styrkort styrkort)
  standby  127.0.0.1:$standby_port  (hot standby, synchronous, remote_apply)
  app servers: ${app_urls[*]}
  writes:  $write_url
  reads:   $read_url
  admin password: in STYRKORT_REPLICA_ADMIN_PASSWORD for a command; set STYRKORT_ADMIN_PASSWORD to choose it
  logs: $dir/{primary,standby,app*}.log; the environment: $dir/cluster.env
EOF

if ((${#command[@]})); then
  set +e
  "${command[@]}"
  status=$?
  set -e
  exit $status
fi
echo "Running; Ctrl-C stops everything. Admin password: $admin_password" >&2
while true; do sleep 3600 & sleeper=$!; wait $sleeper; done
