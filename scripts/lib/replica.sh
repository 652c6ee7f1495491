# A hot standby made or remade from a primary on loopback, and the primary told to wait
# for it (docs/scale-out.md "Replicas and failover"). Sourced by scripts/replica-cluster.sh
# (the first standby) and scripts/replica-rebuild.sh (a standby after a failover); needs
# scripts/lib/postgres.sh sourced and pg_find run. Both servers of a cluster have folders
# in one directory and listen on 127.0.0.1; the standby streams under the name
# styrkort_standby, which the primary's synchronous_standby_names waits for.
#
#   replica_standby_of DATA PORT SOURCE_PORT METHOD   METHOD: basebackup (a new copy) or
#                                                     rewind (pg_rewind of a stopped server)
#   replica_sql PORT SQL [DB]                         one statement as the superuser
#   replica_synchronous PRIMARY_PORT SECONDS          waits for the standby to stream, then
#                                                     makes every commit wait for it (remote_apply)

replica_sql() { "$PG_BIN/psql" -X -q -At -h 127.0.0.1 -p "$1" -U styrkort -d "${3:-postgres}" -c "$2"; }

replica_standby_of() {
  local data=$1 port=$2 source=$3 method=$4
  case $method in
    basebackup)
      pg_stop "$data" immediate
      rm -rf "$data"
      pg pg_basebackup -h 127.0.0.1 -p "$source" -U styrkort -D "$data" -X stream --checkpoint=fast ;;
    rewind)
      # The target must be stopped (fenced); one stopped by -m immediate first has its
      # crash recovery run by pg_rewind itself. Needs wal_log_hints (set at initdb time by
      # replica-cluster.sh) and the WAL since the servers parted. A just promoted source
      # names its new timeline in its control file only after a checkpoint: without one,
      # pg_rewind finds both on the old timeline and rewinds nothing.
      replica_sql "$source" "CHECKPOINT" >/dev/null
      pg pg_rewind --target-pgdata="$data" --source-server="host=127.0.0.1 port=$source user=styrkort dbname=postgres" ;;
    *) echo "replica.sh: unknown method $method" >&2; return 2 ;;
  esac
  # Both methods copy the source's configuration files; this server's own settings go
  # last in postgresql.auto.conf (which overrides postgresql.conf; ALTER SYSTEM keeps them).
  # Once promoted it waits for no standby (synchronous_standby_names empty): it takes
  # writes at once, alone, until a standby is rebuilt from it.
  grep -vE '^[[:space:]]*(port|primary_conninfo|primary_slot_name|synchronous_standby_names)[[:space:]]*=' \
    "$data/postgresql.auto.conf" >"$data/postgresql.auto.conf.new" || true
  cat >>"$data/postgresql.auto.conf.new" <<EOF
port = $port
primary_conninfo = 'host=127.0.0.1 port=$source user=styrkort application_name=styrkort_standby'
synchronous_standby_names = ''
EOF
  mv "$data/postgresql.auto.conf.new" "$data/postgresql.auto.conf"
  touch "$data/standby.signal"
  [[ ${#PG_RUN_AS[@]} -eq 0 ]] || chown postgres "$data/postgresql.auto.conf" "$data/standby.signal"
  chmod 600 "$data/postgresql.auto.conf" "$data/standby.signal"
}

replica_synchronous() {
  local primary=$1 seconds=$2 state="" i lsn
  # Streaming and caught up first (named before, every commit would wait for the
  # catch-up): it has replayed what the primary had written when we began. A server
  # that did not follow the primary's timeline never gets there.
  lsn=$(replica_sql "$primary" "SELECT pg_current_wal_lsn()")
  for ((i = 0; i < seconds * 10; i++)); do
    state=$(replica_sql "$primary" "SELECT string_agg(state || CASE WHEN replay_lsn >= '$lsn' THEN ' caught up' ELSE '' END, ', ')
                                    FROM pg_stat_replication WHERE application_name = 'styrkort_standby'" || true)
    [[ $state == "streaming caught up" ]] && break
    sleep 0.1
  done
  [[ $state == "streaming caught up" ]] || { echo "the standby did not stream and replay the primary's $lsn within $seconds s (${state:-not connected})" >&2; return 1; }
  # ALTER SYSTEM writes the primary's own postgresql.auto.conf.
  replica_sql "$primary" "ALTER SYSTEM SET synchronous_standby_names = 'styrkort_standby'"
  replica_sql "$primary" "ALTER SYSTEM SET synchronous_commit = 'remote_apply'"
  replica_sql "$primary" "SELECT pg_reload_conf()" >/dev/null
  for ((i = 0; i < seconds * 10; i++)); do
    state=$(replica_sql "$primary" "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'styrkort_standby'" || true)
    [[ $state == sync ]] && return 0
    sleep 0.1
  done
  echo "the standby did not become synchronous within $seconds s" >&2
  return 1
}
