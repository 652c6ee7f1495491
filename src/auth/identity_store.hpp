#pragma once
// Users, role grants, sessions, API tokens, login attempts and per-organisation
// settings in the database, on one connection inside the caller's transaction.
// Secrets (session and API tokens) are stored only as digests.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/auth/roles.hpp"
#include "storage/sql.hpp"

namespace styrkort::auth {

using Id = std::int64_t;

// Organisation id 0: the installation itself (operators' accounts; a grant in org 0
// applies in every organisation).
constexpr Id installation = 0;

struct User {
    Id id = 0;
    Id org_id = 0;
    std::string username;
    std::string display_name;
    std::string password_hash;
    bool disabled = false;
    std::int64_t failed_logins = 0;
    std::string locked_until;  // ISO time, "" when not locked
};

struct RoleGrant {
    Id id = 0;
    Id org_id = 0;
    Role role = Role::reader;
    std::optional<Id> unit_id;  // nullopt: the whole organisation
};

struct SessionRow {
    Id id = 0;
    Id user_id = 0;
    std::string csrf_token;
    std::string created_at;
    std::string last_seen_at;
    bool revoked = false;
    std::string remote{};
    std::string second_factor{};  // "" (password alone), totp, recovery_code, identity_provider
};

struct TokenRow {
    Id id = 0;
    Id user_id = 0;
    std::string name;
    std::string scope;  // "read" or "write"
    std::string created_at;
    std::string expires_at;
    std::string revoked_at;  // "" while valid
};

struct NewSecret {
    Id id = 0;
    std::string secret;      // shown to the client once, never stored
    std::string csrf_token;  // sessions only
};

class IdentityStore {
public:
    explicit IdentityStore(storage::Connection& c) : c_(c) {}

    [[nodiscard]] bool any_user();
    std::optional<User> user_by_name(const std::string& username);
    std::optional<User> user_by_id(Id id);
    std::vector<User> users();
    Id add_user(Id org, const std::string& username, const std::string& display_name, const std::string& hash);
    void set_password(Id user, const std::string& hash);  // and revokes every session of the user
    // Disabling revokes every session and API token of the user at once (the checks at
    // each request refuse a disabled user's too); enabling does not bring them back.
    void set_disabled(Id user, bool disabled);

    void grant(Id org, Id user, Role role, std::optional<Id> unit);
    bool revoke_grant(Id org, Id user, Role role, std::optional<Id> unit);
    std::vector<RoleGrant> grants_of(Id user);

    void record_attempt(const std::string& remote, const std::string& username, bool succeeded);
    void forget_attempts_before(const std::string& at);
    std::int64_t failures_from_since(const std::string& remote, const std::string& since);
    void note_failed_login(Id user, std::int64_t lock_after, const std::string& lock_until);
    void note_successful_login(Id user);

    // `second_factor`: how the user signed in (SessionRow::second_factor).
    NewSecret create_session(const User& user, const std::string& remote, const std::string& second_factor = {});
    std::optional<SessionRow> session_by_secret(const std::string& secret);
    void touch_session(Id session, const std::string& now);
    void revoke_session(Id session);
    void revoke_sessions_of(Id user);
    // The user's sessions not revoked (some may have timed out: the caller filters).
    std::vector<SessionRow> open_sessions_of(Id user);

    NewSecret create_token(const User& user, const std::string& name, const std::string& scope,
                           const std::string& expires_at);
    std::optional<TokenRow> token_by_secret(const std::string& secret);
    std::vector<TokenRow> tokens_of(Id user);
    bool revoke_token(Id user, Id token);
    void revoke_tokens_of(Id user);

    bool public_read(Id org);
    void set_public_read(Id org, bool on);

private:
    storage::Connection& c_;
};

}  // namespace styrkort::auth
