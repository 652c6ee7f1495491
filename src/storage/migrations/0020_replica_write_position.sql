-- Read-your-writes with a hot standby (docs/scale-out.md "Replicas and failover"): each
-- user's last write position on the primary (a WAL LSN), so that any app server sends
-- the user's next stale-tolerant read to the standby only once it has replayed that far.
-- A routing hint, not data: UNLOGGED (no WAL, so remembering it waits for no standby;
-- empty again after a crash or failover, when the new primary is current anyway) and
-- read on the primary only. Not tenant data: keyed by the user alone. SQLite has no
-- standby and so no table.
{{postgres}}
CREATE UNLOGGED TABLE replica_write_position (
    user_id BIGINT PRIMARY KEY,
    lsn pg_lsn NOT NULL
);
{{/postgres}}
