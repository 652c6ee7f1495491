-- A second factor for local (password) accounts: TOTP (RFC 6238), single-use recovery
-- codes, and the sign-in half-way between password and code (src/auth/mfa_*.cpp,
-- docs/security.md). Single sign-on users' second factor is the identity provider's.
--
-- user_totp: the user's TOTP secret (never sent again after enrolment, never logged),
-- pending until the user confirms it with a code (confirmed_at); last_step is the time
-- step of the last code accepted, so that a code is accepted once.
CREATE TABLE user_totp (
    org_id BIGINT NOT NULL,
    {{id}},
    user_id BIGINT NOT NULL UNIQUE,
    secret TEXT NOT NULL,
    created_at TEXT NOT NULL,
    confirmed_at TEXT,
    last_step BIGINT,
    row_version INTEGER NOT NULL DEFAULT 1,
    {{pk}}
);

-- Recovery codes: Argon2id hashes only; used_at set when one signs in (once).
CREATE TABLE user_recovery_code (
    org_id BIGINT NOT NULL,
    {{id}},
    user_id BIGINT NOT NULL,
    code_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    used_at TEXT,
    row_version INTEGER NOT NULL DEFAULT 1,
    {{pk}}
);
CREATE INDEX user_recovery_code_user ON user_recovery_code (user_id);

-- A sign-in whose password was right and whose code is awaited: the challenge's secret
-- is stored as a digest, lives five minutes and takes a few wrong codes.
CREATE TABLE mfa_challenge (
    org_id BIGINT NOT NULL,
    {{id}},
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    failures BIGINT NOT NULL DEFAULT 0,
    remote TEXT,
    row_version INTEGER NOT NULL DEFAULT 1,
    {{pk}}
);
CREATE INDEX mfa_challenge_created ON mfa_challenge (created_at);

-- Administrators of the organisation must use TOTP: those without it are sent to enrol
-- at their next sign-in (styrkort mfa-required ORG on|off).
ALTER TABLE organisation_setting ADD COLUMN require_admin_mfa BIGINT NOT NULL DEFAULT 0;

-- Row-level security like every tenant table (0019_tenant_isolation.sql). The user's
-- org_id is 0 for installation users; these rows are read in the system scope.
{{postgres}}
SELECT styrkort_isolate('user_totp');
SELECT styrkort_isolate('user_recovery_code');
SELECT styrkort_isolate('mfa_challenge');
{{/postgres}}
