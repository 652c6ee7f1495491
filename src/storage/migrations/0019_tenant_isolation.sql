-- Tenants (issue 20, docs/scale-out.md "Tenants"): many organisations in one PostgreSQL
-- database, each transaction seeing and writing only the rows of the organisation the
-- server set for it, in addition to the server's own checks.
--
-- Every table with the tenant key org_id gets row-level security, ENABLED and FORCED
-- (so the tables' owner, the application's role, is subject to it too), and one
-- policy for every command: a row is visible and writable when its org_id is the
-- transaction's styrkort.org_id (set by storage/database.cpp from the thread's
-- storage::TenantScope), or when the transaction is in the narrow system scope
-- (styrkort.system = 'on': migrations, sign-in, the job runners; tenant_scope.hpp).
-- Unset, nothing is visible. The settings are read once per statement (the scalar
-- subqueries become InitPlans), so a scan pays one integer comparison per row.
--
-- Superusers and roles with BYPASSRLS are not subject to any policy: the application
-- must connect as a role that is neither (docs/scale-out.md says how).
--
-- A new table with org_id must call styrkort_isolate('table') in its migration's
-- PostgreSQL-only block; tests/auth/tenant_isolation_test.cpp fails until it does.
-- SQLite has no row-level security: the server's own checks are the isolation there.
{{postgres}}
CREATE FUNCTION styrkort_isolate(t regclass) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  visible CONSTANT text := '(org_id = (SELECT NULLIF(current_setting(''styrkort.org_id'', true), '''')::bigint) '
                           'OR (SELECT current_setting(''styrkort.system'', true) = ''on''))';
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
  EXECUTE format('CREATE POLICY tenant_isolation ON %s FOR ALL USING %s WITH CHECK %s', t, visible, visible);
END $$;

DO $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT c.oid::regclass AS t
    FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped
    WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
    ORDER BY c.relname
  LOOP
    PERFORM styrkort_isolate(r.t);
  END LOOP;
END $$;

-- Ready for Citus (docs/scale-out.md "Distribution plan (Citus)"): org_id leads every
-- primary key, foreign key and unique constraint of tenant data. Two did not hold:
-- the Kolada value history was keyed by its id alone, and an import job's random id was
-- unique across organisations (its primary key (org_id, id) stays; lookups by id alone
-- keep an index). SQLite keeps its keys: distribution is PostgreSQL's alone.
ALTER TABLE kolada_value_history DROP CONSTRAINT kolada_value_history_pkey;
ALTER TABLE kolada_value_history ADD PRIMARY KEY (org_id, id);
ALTER TABLE import_job DROP CONSTRAINT import_job_id_key;
CREATE INDEX import_job_by_id ON import_job (id);
{{/postgres}}
