-- Single sign-on with OpenID Connect (src/auth/oidc.cpp).
--
-- oidc_login: a sign-in under way — the state (stored as a digest), the nonce and the
-- PKCE verifier, used once (deleted when the provider sends the browser back) and
-- valid for ten minutes. Not tied to an organisation yet: org_id 0.
CREATE TABLE oidc_login (
    org_id BIGINT NOT NULL,
    {{id}},
    state_hash TEXT NOT NULL UNIQUE,
    nonce TEXT NOT NULL,
    code_verifier TEXT NOT NULL,
    return_to TEXT NOT NULL,
    created_at TEXT NOT NULL,
    {{pk}}
);
CREATE INDEX oidc_login_created ON oidc_login (created_at);

-- oidc_identity: which user a person of the provider is (issuer + subject), so that a
-- changed user name at the provider does not make a new user, and a local account
-- is never taken over by a provider's account of the same name.
CREATE TABLE oidc_identity (
    org_id BIGINT NOT NULL,
    {{id}},
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    user_id BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    last_login_at TEXT NOT NULL,
    {{pk}},
    UNIQUE (issuer, subject)
);

-- oidc_session: the ID token of a session begun through the provider, sent back as
-- id_token_hint when the person signs out at the provider too.
CREATE TABLE oidc_session (
    org_id BIGINT NOT NULL,
    {{id}},
    session_id BIGINT NOT NULL UNIQUE,
    id_token TEXT NOT NULL,
    {{pk}}
);
