#!/usr/bin/env bash
# After a failover: makes the server that is not the primary (the old, fenced primary)
# a synchronous standby of the one that is, in a cluster of scripts/replica-cluster.sh
# (docs/scale-out.md "Rebuilding the standby"):
#
#   scripts/replica-rebuild.sh [--dir DIR] [--method auto|rewind|basebackup]
#
# DIR is the cluster's folder (default $STYRKORT_REPLICA_DIR, as a command run by
# replica-cluster.sh sees it). It finds which of the two servers is the primary and
#   1. refuses when both are primaries (stop, i.e. fence, the old one first) and does
#      nothing when the other one already streams from it;
#   2. stops the other one if it still runs, and remakes it from the primary: pg_rewind
#      (only the blocks that changed since the two parted; the cluster runs with
#      wal_log_hints) and, when that fails or --method basebackup, a new pg_basebackup;
#   3. starts it as a hot standby on its own port — the same port as before, which the
#      app servers' multi-host URLs already name, so they need no restart: their
#      standby pools find it as a standby within 10 s (docs/scale-out.md);
#   4. once it streams, names it in the primary's synchronous_standby_names with
#      synchronous_commit = remote_apply: commits wait for it again.
# Writes go on throughout: until step 4 they are acknowledged by the primary alone.
# Prints what it did and how long it took; exit status 0 when the standby is synchronous.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${STYRKORT_REPLICA_DIR:-}
method=auto
while (($#)); do
  case $1 in
    --dir) dir=$2; shift 2 ;;
    --method) method=$2; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "replica-rebuild.sh: okänt argument / unknown argument: $1" >&2; exit 2 ;;
  esac
done
fail() { echo "replica-rebuild.sh: $*" >&2; exit 1; }
[[ $method =~ ^(auto|rewind|basebackup)$ ]] || fail "--method: auto, rewind eller/or basebackup"
[[ -n $dir && -f $dir/cluster.env ]] || fail "ingen klustermapp / no cluster folder (--dir DIR of scripts/replica-cluster.sh --keep, or run under it)"
# The folder's own description (ports, data directories), not whatever the caller has.
while IFS='=' read -r key value; do
  case $key in STYRKORT_REPLICA_PRIMARY_DATA|STYRKORT_REPLICA_PRIMARY_PORT|STYRKORT_REPLICA_STANDBY_DATA|STYRKORT_REPLICA_STANDBY_PORT) printf -v "$key" '%s' "$value" ;; esac
done <"$dir/cluster.env"
source scripts/lib/postgres.sh
source scripts/lib/replica.sh
pg_find
started=$(date +%s.%N)

# Which is the primary now: a server that answers and is not in recovery.
role() { replica_sql "$1" "SELECT CASE WHEN pg_is_in_recovery() THEN 'standby' ELSE 'primary' END" 2>/dev/null || echo down; }
a_role=$(role "$STYRKORT_REPLICA_PRIMARY_PORT")
b_role=$(role "$STYRKORT_REPLICA_STANDBY_PORT")
if [[ $a_role == primary && $b_role == primary ]]; then
  fail "båda servrarna är primära / both servers are primaries: stop (fence) the old one first (pg_ctl -m immediate stop)"
elif [[ $a_role == primary ]]; then
  primary_port=$STYRKORT_REPLICA_PRIMARY_PORT target=$STYRKORT_REPLICA_STANDBY_DATA target_port=$STYRKORT_REPLICA_STANDBY_PORT
elif [[ $b_role == primary ]]; then
  primary_port=$STYRKORT_REPLICA_STANDBY_PORT target=$STYRKORT_REPLICA_PRIMARY_DATA target_port=$STYRKORT_REPLICA_PRIMARY_PORT
else
  fail "ingen primär server / no primary (127.0.0.1:$STYRKORT_REPLICA_PRIMARY_PORT $a_role, :$STYRKORT_REPLICA_STANDBY_PORT $b_role): promote one first (pg_ctl promote)"
fi
name=$(basename "$target")
log=$dir/$name.log

streaming=$(replica_sql "$primary_port" "SELECT count(*) FROM pg_stat_replication WHERE application_name = 'styrkort_standby' AND state = 'streaming'")
if [[ $streaming != 0 ]]; then
  echo "$name (127.0.0.1:$target_port) already streams from the primary (127.0.0.1:$primary_port): nothing to rebuild"
  replica_synchronous "$primary_port" 60 || fail "see $log"
  exit 0
fi

echo "Rebuilding $name (127.0.0.1:$target_port) as a standby of the primary 127.0.0.1:$primary_port"
pg_stop "$target"
used=""
if [[ $method != basebackup && -f $target/PG_VERSION ]]; then
  if replica_standby_of "$target" "$target_port" "$primary_port" rewind >>"$log" 2>&1; then
    used=pg_rewind
  elif [[ $method == rewind ]]; then
    fail "pg_rewind failed (see $log)"
  else
    echo "pg_rewind failed (see $log): a new base backup instead"
  fi
fi
if [[ -z $used ]]; then
  replica_standby_of "$target" "$target_port" "$primary_port" basebackup >>"$log" 2>&1 || fail "pg_basebackup failed (see $log)"
  used=pg_basebackup
fi
pg_start "$target" "$log" || fail "$name did not start (see $log)"
replica_synchronous "$primary_port" 120 || fail "see $log"
seconds=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
echo "$name (127.0.0.1:$target_port) is a synchronous standby (remote_apply) of 127.0.0.1:$primary_port again: $used, $seconds s"
