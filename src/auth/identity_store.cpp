#include "auth/identity_store.hpp"

#include "auth/crypto.hpp"
#include "storage/clock.hpp"

namespace styrkort::auth {
namespace {

using storage::as_int;
using storage::as_text;
using storage::is_null;
using storage::SqlValue;

std::string text_or_empty(const SqlValue& v) { return is_null(v) ? std::string{} : as_text(v); }

const char* user_columns = "id, org_id, username, display_name, password_hash, disabled, failed_logins, locked_until";

User user_of(const storage::Row& r) {
    return {as_int(r[0]), as_int(r[1]), as_text(r[2]), as_text(r[3]), text_or_empty(r[4]), as_int(r[5]) != 0,
            as_int(r[6]), text_or_empty(r[7])};
}

SqlValue optional_id(std::optional<Id> id) { return id ? SqlValue{*id} : SqlValue{nullptr}; }

TokenRow token_of(const storage::Row& r) {
    return {as_int(r[0]), as_int(r[1]), as_text(r[2]), as_text(r[3]), as_text(r[4]), as_text(r[5]),
            text_or_empty(r[6])};
}

const char* token_columns = "id, user_id, name, scope, created_at, expires_at, revoked_at";

}  // namespace

bool IdentityStore::any_user() { return !c_.query("SELECT id FROM app_user LIMIT 1").empty(); }

std::optional<User> IdentityStore::user_by_name(const std::string& username) {
    auto rows = c_.query(std::string("SELECT ") + user_columns + " FROM app_user WHERE username = ?", {username});
    if (rows.empty()) return std::nullopt;
    return user_of(rows[0]);
}

std::optional<User> IdentityStore::user_by_id(Id id) {
    auto rows = c_.query(std::string("SELECT ") + user_columns + " FROM app_user WHERE id = ?", {id});
    if (rows.empty()) return std::nullopt;
    return user_of(rows[0]);
}

std::vector<User> IdentityStore::users() {
    std::vector<User> out;
    for (const auto& r : c_.query(std::string("SELECT ") + user_columns + " FROM app_user ORDER BY username")) {
        out.push_back(user_of(r));
    }
    return out;
}

Id IdentityStore::add_user(Id org, const std::string& username, const std::string& display_name,
                           const std::string& hash) {
    auto now = utc_now_iso();
    auto rows = c_.query(
        "INSERT INTO app_user (org_id, username, display_name, password_hash, created_at, password_changed_at) "
        "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        {org, username, display_name, hash, now, now});
    return as_int(rows.at(0).at(0));
}

void IdentityStore::set_password(Id user, const std::string& hash) {
    c_.execute(
        "UPDATE app_user SET password_hash = ?, password_changed_at = ?, failed_logins = 0, locked_until = NULL "
        "WHERE id = ?",
        {hash, utc_now_iso(), user});
    revoke_sessions_of(user);
}

void IdentityStore::set_disabled(Id user, bool disabled) {
    c_.execute("UPDATE app_user SET disabled = ? WHERE id = ?", {std::int64_t{disabled ? 1 : 0}, user});
    if (disabled) {
        revoke_sessions_of(user);
        revoke_tokens_of(user);
    }
}

void IdentityStore::grant(Id org, Id user, Role role, std::optional<Id> unit) {
    revoke_grant(org, user, role, unit);  // granting twice leaves one grant (NULL units are not UNIQUE)
    c_.execute("INSERT INTO role_assignment (org_id, user_id, role, unit_id) VALUES (?, ?, ?, ?)",
               {org, user, role_name(role), optional_id(unit)});
}

bool IdentityStore::revoke_grant(Id org, Id user, Role role, std::optional<Id> unit) {
    auto rows = unit ? c_.query("DELETE FROM role_assignment WHERE org_id = ? AND user_id = ? AND role = ? AND "
                                "unit_id = ? RETURNING id",
                                {org, user, role_name(role), *unit})
                     : c_.query("DELETE FROM role_assignment WHERE org_id = ? AND user_id = ? AND role = ? AND "
                                "unit_id IS NULL RETURNING id",
                                {org, user, role_name(role)});
    return !rows.empty();
}

std::vector<RoleGrant> IdentityStore::grants_of(Id user) {
    std::vector<RoleGrant> out;
    for (const auto& r : c_.query("SELECT id, org_id, role, unit_id FROM role_assignment WHERE user_id = ? ORDER BY id",
                                  {user})) {
        auto role = parse_role(as_text(r[2]));
        if (!role) continue;  // the CHECK constraint makes this impossible
        out.push_back({as_int(r[0]), as_int(r[1]), *role, is_null(r[3]) ? std::nullopt : std::optional<Id>(as_int(r[3]))});
    }
    return out;
}

void IdentityStore::record_attempt(const std::string& remote, const std::string& username, bool succeeded) {
    c_.execute("INSERT INTO login_attempt (org_id, remote, username, at, succeeded) VALUES (0, ?, ?, ?, ?)",
               {remote, username.substr(0, 200), utc_now_iso(), std::int64_t{succeeded ? 1 : 0}});
}

void IdentityStore::forget_attempts_before(const std::string& at) {
    c_.execute("DELETE FROM login_attempt WHERE at < ?", {at});
}

std::int64_t IdentityStore::failures_from_since(const std::string& remote, const std::string& since) {
    return as_int(c_.query("SELECT COUNT(*) FROM login_attempt WHERE remote = ? AND at > ? AND succeeded = 0",
                           {remote, since})
                      .at(0)
                      .at(0));
}

void IdentityStore::note_failed_login(Id user, std::int64_t lock_after, const std::string& lock_until) {
    c_.execute(
        "UPDATE app_user SET failed_logins = failed_logins + 1, "
        "locked_until = CASE WHEN failed_logins + 1 >= ? THEN ? ELSE locked_until END WHERE id = ?",
        {lock_after, lock_until, user});
}

void IdentityStore::note_successful_login(Id user) {
    c_.execute("UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = ?", {user});
}

NewSecret IdentityStore::create_session(const User& user, const std::string& remote, const std::string& second_factor) {
    NewSecret s{0, random_secret(), random_secret()};
    auto now = utc_now_iso();
    auto rows = c_.query(
        "INSERT INTO user_session (org_id, token_hash, csrf_token, user_id, created_at, last_seen_at, remote, second_factor) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {user.org_id, secret_digest(s.secret), s.csrf_token, user.id, now, now, remote,
         second_factor.empty() ? storage::SqlValue(nullptr) : storage::SqlValue(second_factor)});
    s.id = as_int(rows.at(0).at(0));
    return s;
}

std::optional<SessionRow> IdentityStore::session_by_secret(const std::string& secret) {
    auto rows = c_.query(
        "SELECT id, user_id, csrf_token, created_at, last_seen_at, revoked_at, second_factor FROM user_session "
        "WHERE token_hash = ?",
        {secret_digest(secret)});
    if (rows.empty()) return std::nullopt;
    const auto& r = rows[0];
    return SessionRow{as_int(r[0]), as_int(r[1]), as_text(r[2]), as_text(r[3]), as_text(r[4]), !is_null(r[5]), {},
                      text_or_empty(r[6])};
}

void IdentityStore::touch_session(Id session, const std::string& now) {
    c_.execute("UPDATE user_session SET last_seen_at = ? WHERE id = ?", {now, session});
}

void IdentityStore::revoke_session(Id session) {
    c_.execute("UPDATE user_session SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", {utc_now_iso(), session});
}

void IdentityStore::revoke_sessions_of(Id user) {
    c_.execute("UPDATE user_session SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", {utc_now_iso(), user});
}

std::vector<SessionRow> IdentityStore::open_sessions_of(Id user) {
    std::vector<SessionRow> out;
    for (const auto& r : c_.query("SELECT id, user_id, csrf_token, created_at, last_seen_at, remote FROM user_session "
                                  "WHERE user_id = ? AND revoked_at IS NULL ORDER BY id",
                                  {user})) {
        out.push_back({as_int(r[0]), as_int(r[1]), as_text(r[2]), as_text(r[3]), as_text(r[4]), false,
                       text_or_empty(r[5])});
    }
    return out;
}

NewSecret IdentityStore::create_token(const User& user, const std::string& name, const std::string& scope,
                                      const std::string& expires_at) {
    NewSecret s{0, "sk_" + random_secret(), ""};
    auto rows = c_.query(
        "INSERT INTO api_token (org_id, token_hash, user_id, name, scope, created_at, expires_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {user.org_id, secret_digest(s.secret), user.id, name, scope, utc_now_iso(), expires_at});
    s.id = as_int(rows.at(0).at(0));
    return s;
}

std::optional<TokenRow> IdentityStore::token_by_secret(const std::string& secret) {
    auto rows = c_.query(std::string("SELECT ") + token_columns + " FROM api_token WHERE token_hash = ?",
                         {secret_digest(secret)});
    if (rows.empty()) return std::nullopt;
    return token_of(rows[0]);
}

std::vector<TokenRow> IdentityStore::tokens_of(Id user) {
    std::vector<TokenRow> out;
    for (const auto& r :
         c_.query(std::string("SELECT ") + token_columns + " FROM api_token WHERE user_id = ? ORDER BY id", {user})) {
        out.push_back(token_of(r));
    }
    return out;
}

bool IdentityStore::revoke_token(Id user, Id token) {
    return !c_.query("UPDATE api_token SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL "
                     "RETURNING id",
                     {utc_now_iso(), token, user})
                .empty();
}

void IdentityStore::revoke_tokens_of(Id user) {
    c_.execute("UPDATE api_token SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", {utc_now_iso(), user});
}

bool IdentityStore::public_read(Id org) {
    auto rows = c_.query("SELECT public_read FROM organisation_setting WHERE org_id = ?", {org});
    return rows.empty() || as_int(rows[0][0]) != 0;
}

void IdentityStore::set_public_read(Id org, bool on) {
    // An upsert, not delete-and-insert: the row holds other settings too (require_admin_mfa).
    c_.execute("INSERT INTO organisation_setting (org_id, public_read) VALUES (?, ?) "
               "ON CONFLICT (org_id) DO UPDATE SET public_read = excluded.public_read",
               {org, std::int64_t{on ? 1 : 0}});
}

}  // namespace styrkort::auth
