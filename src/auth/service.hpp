#pragma once
// Signing in and out, sessions with idle and absolute timeouts, API tokens, password
// changes and the first administrator: each a transaction, each audited.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "auth/access.hpp"
#include "auth/oidc_settings.hpp"
#include "storage/audit.hpp"
#include "storage/database.hpp"

namespace styrkort::auth {

struct AuthConfig {
    std::chrono::seconds session_idle{30 * 60};
    std::chrono::seconds session_absolute{12 * 60 * 60};
    std::int64_t lock_after_failures = 5;             // per account, then locked for lock_for
    std::chrono::seconds lock_for{15 * 60};
    std::int64_t max_failures_per_address = 20;       // per client address within address_window
    std::chrono::seconds address_window{15 * 60};
    bool secure_cookies = false;                      // Secure flag: set when served over TLS
    // Addresses of reverse proxies whose X-Forwarded-For names the real client (for
    // the audit log and rate limiting). Empty: the header is ignored.
    std::vector<std::string> trusted_proxies{};
    // 32 bytes that seal TOTP secrets at rest (seal_secret); empty: stored unsealed.
    std::string totp_key{};
    // Single sign-on through an OpenID Connect provider; nullopt: local accounts only.
    std::optional<OidcSettings> oidc{};

    // From STYRKORT_COOKIE_SECURE, STYRKORT_SESSION_IDLE_MINUTES, STYRKORT_SESSION_MAX_HOURS,
    // STYRKORT_TRUSTED_PROXIES (comma-separated addresses), STYRKORT_TOTP_KEY_FILE (64 hex
    // digits) and STYRKORT_OIDC_* (OidcSettings).
    static AuthConfig from_environment();
};

struct SignedIn {
    Principal principal;
    std::string session_secret;  // goes into the cookie; never stored
    // The password was right and the user has TOTP: no session yet; the client sends
    // this with the code (POST /auth/login/mfa). Shown once, stored as a digest.
    std::string mfa_challenge{};
    // An administrator whose organisation requires TOTP and who has none is signed in
    // with principal.mfa_gate == enrol: a session for enrolling only (docs/security.md).
};

class AuthService {
public:
    AuthService(storage::Database& db, AuthConfig config) : db_(db), config_(config) {}
    [[nodiscard]] const AuthConfig& config() const { return config_; }

    // Throws Unauthenticated (wrong name or password; the same for both) or
    // TooManyAttempts (account locked or address rate-limited). Records and audits
    // the attempt either way. A user with TOTP gets no session but a challenge for
    // the second step (MfaService::complete_login); the failure count is not reset
    // until that step succeeds, so wrong codes lock the account like wrong passwords.
    SignedIn login(const std::string& username, const std::string& password, const std::string& remote);
    void logout(const Principal& p, const std::string& remote);
    // Checks the current password and the policy; revokes every session of the user
    // and returns a fresh one (the password change signs out everywhere else).
    SignedIn change_password(const Principal& p, const std::string& current, const std::string& next,
                             const std::string& remote);

    // The user's sessions that still work (not revoked, inside the idle and absolute
    // timeouts), oldest first (ASVS 7.5.2).
    std::vector<SessionRow> open_sessions(const Principal& p);
    // Revokes one of the user's own open sessions, audited in the same transaction;
    // false when `session` names none of them (another user's, revoked, unknown).
    bool revoke_own_session(const Principal& p, Id session, const std::string& remote);

    // nullopt when the secret names no live session (unknown, revoked, idle or too old).
    std::optional<Principal> from_session(const std::string& secret);
    std::optional<Principal> from_token(const std::string& secret);

    // Writes an audit row in its own transaction (for events whose request failed).
    void audit_event(Id org, const storage::Actor& actor, const std::string& action, const std::string& entity,
                     std::optional<Id> entity_id, const boost::json::value& detail);

private:
    storage::Database& db_;
    AuthConfig config_;
};

// The user with the roles they hold now (no session fields set).
Principal principal_for(storage::Connection& c, const User& u);
// The principal of a valid API token (not revoked, not expired, its user enabled), read
// on c in the system scope for authentication; nullopt otherwise. AuthService::from_token
// and the HTTP fast path (api/fast_path.cpp) alike.
std::optional<Principal> principal_from_token(storage::Connection& c, const std::string& secret);

// On first start (no user at all): creates the installation administrator "admin"
// with `password` (checked against the policy) or, when empty, a random one-time
// password that is returned so that the caller can print it once.
std::optional<std::string> ensure_initial_admin(storage::Database& db, const std::string& password);

// Creates a user (policy-checked password) in `org`; returns the id. Audited as `actor`.
Id add_user(storage::Database& db, Id org, const std::string& username, const std::string& display_name,
            const std::string& password, const storage::Actor& actor);

}  // namespace styrkort::auth
