-- Corrections (issue 4, docs/followup.md): a change to follow-up of a closed reporting
-- period, accepted from a user allowed to correct it, is recorded here beside its audit
-- row, so that the corrections of a period can be listed. Append-only like the audit log.

CREATE TABLE correction (
    org_id BIGINT NOT NULL,
    {{id}},
    audit_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    point TEXT NOT NULL,
    {{pk}}
);
CREATE INDEX correction_period ON correction (org_id, year, point);

{{sqlite}}
CREATE TRIGGER correction_no_update BEFORE UPDATE ON correction
BEGIN SELECT RAISE(ABORT, 'correction is append-only'); END;
CREATE TRIGGER correction_no_delete BEFORE DELETE ON correction
BEGIN SELECT RAISE(ABORT, 'correction is append-only'); END;
{{/sqlite}}
{{postgres}}
CREATE FUNCTION correction_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'correction is append-only'; END $$;
CREATE TRIGGER correction_no_change BEFORE UPDATE OR DELETE ON correction
FOR EACH ROW EXECUTE FUNCTION correction_refuse();
{{/postgres}}
