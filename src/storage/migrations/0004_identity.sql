-- Identity: users, roles on org subtrees, sessions, API tokens, per-organisation
-- settings, and the audit log made append-only by the database itself.
--
-- Users and roles carry org_id like every other table. A user's org_id is the
-- organisation that administers the account, or 0 for the installation's operators
-- (created by the first start or the CLI). A role_assignment names the organisation
-- it applies in (0 = every organisation: only for the installation administrator)
-- and the unit whose subtree it covers (NULL = the whole organisation).

CREATE TABLE app_user (
    org_id BIGINT NOT NULL,
    {{id}},
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT,
    disabled BIGINT NOT NULL DEFAULT 0,
    failed_logins BIGINT NOT NULL DEFAULT 0,
    locked_until TEXT,
    created_at TEXT NOT NULL,
    password_changed_at TEXT,
    {{pk}}
);

CREATE TABLE role_assignment (
    org_id BIGINT NOT NULL,
    {{id}},
    user_id BIGINT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('reader', 'reporter', 'planner', 'controller', 'board_planner',
                                       'directors_staff', 'administrator')),
    unit_id BIGINT,
    {{pk}},
    UNIQUE (org_id, user_id, role, unit_id)
);
CREATE INDEX role_assignment_user ON role_assignment (user_id);

-- Only hashes of secrets are stored: a copy of the database does not let anyone in.
CREATE TABLE user_session (
    org_id BIGINT NOT NULL,
    {{id}},
    token_hash TEXT NOT NULL UNIQUE,
    csrf_token TEXT NOT NULL,
    user_id BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    revoked_at TEXT,
    remote TEXT,
    {{pk}}
);
CREATE INDEX user_session_user ON user_session (user_id);

CREATE TABLE api_token (
    org_id BIGINT NOT NULL,
    {{id}},
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT,
    {{pk}}
);

-- Login attempts per client address, for rate limiting across app servers.
CREATE TABLE login_attempt (
    org_id BIGINT NOT NULL,
    {{id}},
    remote TEXT NOT NULL,
    username TEXT NOT NULL,
    at TEXT NOT NULL,
    succeeded BIGINT NOT NULL,
    {{pk}}
);
CREATE INDEX login_attempt_remote ON login_attempt (remote, at);

CREATE TABLE organisation_setting (
    org_id BIGINT NOT NULL PRIMARY KEY,
    public_read BIGINT NOT NULL DEFAULT 1
);

CREATE INDEX audit_log_at ON audit_log (org_id, at);

-- Append-only, enforced by the database: no UPDATE or DELETE of an audit row succeeds,
-- whoever sends it (the application never does; this stops anyone who could).
{{sqlite}}
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
{{/sqlite}}
{{postgres}}
CREATE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_refuse();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse();
{{/postgres}}
