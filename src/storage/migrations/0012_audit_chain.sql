-- The audit log proves itself (docs/audit.md, storage/audit_chain.hpp): each entry's
-- place in its organisation's chain, the hash of the entry before it and its own
-- SHA-256 over its canonical form. Entries written before this migration are sealed
-- right after it, in the order of their ids (storage/migrate.cpp), so an upgraded
-- database has one unbroken chain per organisation.
ALTER TABLE audit_log ADD COLUMN seq BIGINT;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE INDEX audit_log_chain ON audit_log (org_id, seq, id);

-- Each organisation's last entry. Appending an entry locks this row (PostgreSQL:
-- SELECT … FOR UPDATE) so that two transactions never chain onto the same entry.
CREATE TABLE audit_head (
    org_id BIGINT NOT NULL PRIMARY KEY,
    last_id BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    at TEXT NOT NULL
);

-- Still append-only: the one change the database allows is sealing an entry that has
-- no hash yet, and only its chain columns.
{{sqlite}}
DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN OLD.hash IS NOT NULL OR NEW.org_id IS NOT OLD.org_id OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at
  OR NEW.actor IS NOT OLD.actor OR NEW.remote IS NOT OLD.remote OR NEW.action IS NOT OLD.action
  OR NEW.entity IS NOT OLD.entity OR NEW.entity_id IS NOT OLD.entity_id OR NEW.before IS NOT OLD.before
  OR NEW.after IS NOT OLD.after
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
{{/sqlite}}
{{postgres}}
DROP TRIGGER audit_log_no_change ON audit_log;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_refuse();
CREATE FUNCTION audit_log_seal_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.hash IS NOT NULL OR (NEW.org_id, NEW.id, NEW.at, NEW.actor, NEW.remote, NEW.action, NEW.entity,
      NEW.entity_id, NEW.before, NEW.after) IS DISTINCT FROM (OLD.org_id, OLD.id, OLD.at, OLD.actor, OLD.remote,
      OLD.action, OLD.entity, OLD.entity_id, OLD.before, OLD.after) THEN
    RAISE EXCEPTION 'audit_log is append-only';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_seal_only();
{{/postgres}}
