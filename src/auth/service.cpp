#include "auth/service.hpp"

#include "storage/tenant_scope.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "storage/clock.hpp"
#include "auth/crypto.hpp"
#include "auth/errors.hpp"
#include "auth/mfa_service.hpp"
#include "auth/mfa_store.hpp"
#include "auth/sign_in.hpp"
#include "domain/auth/password_policy.hpp"
#include "domain/errors.hpp"
#include "storage/clock.hpp"
#include "storage/migrations.hpp"

namespace styrkort::auth {
namespace {

namespace json = boost::json;

long env_number(const char* name, long fallback) {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') return fallback;
    char* end = nullptr;
    long n = std::strtol(v, &end, 10);
    return (end != nullptr && *end == '\0' && n > 0) ? n : fallback;
}

// A hash to verify against when the user does not exist, so that a wrong name takes
// as long as a wrong password and does not tell which names exist.
const std::string& dummy_hash() {
    static const std::string hash = hash_password(random_secret());
    return hash;
}

// The file holds the key as 64 hex digits (e.g. `openssl rand -hex 32`); anything else
// stops the start, so that secrets are never sealed with a key that is not the one meant.
std::string totp_key_from_file(const std::string& path) {
    std::ifstream in(path);
    std::string hex;
    if (!in || !(in >> hex) || hex.size() != 64) {
        throw std::runtime_error("STYRKORT_TOTP_KEY_FILE " + path + ": must hold 64 hex digits (openssl rand -hex 32)");
    }
    std::string key;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        auto digit = [&](char ch) -> int {
            if (ch >= '0' && ch <= '9') return ch - '0';
            if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
            if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
            throw std::runtime_error("STYRKORT_TOTP_KEY_FILE " + path + ": must hold 64 hex digits (openssl rand -hex 32)");
        };
        key += static_cast<char>(digit(hex[i]) * 16 + digit(hex[i + 1]));
    }
    return key;
}

void check_new_password(const std::string& password, const std::string& username, const std::string& field) {
    check_password(password, username, {"styrkort"}, field);
}

}  // namespace

AuthConfig AuthConfig::from_environment() {
    AuthConfig c;
    const char* secure = std::getenv("STYRKORT_COOKIE_SECURE");
    c.secure_cookies = secure != nullptr && (std::string(secure) == "1" || std::string(secure) == "true");
    c.session_idle = std::chrono::minutes(env_number("STYRKORT_SESSION_IDLE_MINUTES", 30));
    c.session_absolute = std::chrono::hours(env_number("STYRKORT_SESSION_MAX_HOURS", 12));
    if (const char* proxies = std::getenv("STYRKORT_TRUSTED_PROXIES")) {
        std::string list(proxies), item;
        for (char ch : list + ",") {
            if (ch == ',') {
                if (!item.empty()) c.trusted_proxies.push_back(item);
                item.clear();
            } else if (ch != ' ') {
                item += ch;
            }
        }
    }
    if (const char* file = std::getenv("STYRKORT_TOTP_KEY_FILE"); file != nullptr && *file != '\0') {
        c.totp_key = totp_key_from_file(file);
    }
    c.oidc = OidcSettings::from_environment();
    return c;
}

Principal principal_for(storage::Connection& c, const User& u) {
    Principal p;
    p.user_id = u.id;
    p.username = u.username;
    p.display_name = u.display_name;
    p.grants = IdentityStore(c).grants_of(u.id);
    return p;
}

SignedIn AuthService::login(const std::string& username, const std::string& password, const std::string& remote) {
    storage::SystemScope scope(storage::SystemWork::authentication);  // docs/scale-out.md "System scope"
    enum class Outcome { ok, wrong, locked, address_limited };
    Outcome outcome = Outcome::wrong;
    std::optional<User> user;
    SignedIn result;
    // Checked before the transaction: an Argon2id verification takes a noticeable
    // moment and must not hold the database's write lock.
    db_.read([&](storage::Connection& c) {
        IdentityStore store(c);
        user = store.user_by_name(username);
        auto since = utc_iso_from_now(-std::chrono::duration_cast<std::chrono::seconds>(config_.address_window));
        if (store.failures_from_since(remote, since) >= config_.max_failures_per_address) {
            outcome = Outcome::address_limited;
        } else if (user && !user->locked_until.empty() && user->locked_until > utc_now_iso()) {
            outcome = Outcome::locked;
        }
    });
    if (outcome == Outcome::wrong) {
        bool ok = verify_password(user ? user->password_hash : dummy_hash(), password);
        outcome = ok && user && !user->disabled ? Outcome::ok : Outcome::wrong;
    }
    db_.write([&](storage::Connection& c) {
        IdentityStore store(c);
        store.record_attempt(remote, username, outcome == Outcome::ok);
        store.forget_attempts_before(utc_iso_from_now(-std::chrono::hours(24)));  // only recent ones matter
        storage::Actor actor{user ? user->username : "anonymous", remote};
        Id org = user ? user->org_id : installation;
        if (outcome != Outcome::ok) {
            if (user && outcome == Outcome::wrong) {
                store.note_failed_login(user->id, config_.lock_after_failures, utc_iso_from_now(config_.lock_for));
            }
            const char* why = outcome == Outcome::wrong ? "wrong_credentials"
                              : outcome == Outcome::locked ? "account_locked" : "address_rate_limited";
            storage::append_audit(c, org, actor, "login_failed", "user",
                                  user ? std::optional<Id>(user->id) : std::nullopt, nullptr,
                                  json::object{{"username", username.substr(0, 200)}, {"reason", why}});
            return;
        }
        if (password_needs_rehash(user->password_hash)) store.set_password(user->id, hash_password(password));
        MfaStore mfa(c);
        if (auto totp = mfa.totp_of(user->id); totp && !totp->confirmed_at.empty()) {
            result.mfa_challenge = random_secret();
            mfa.add_challenge(*user, result.mfa_challenge, remote);
            storage::append_audit(c, org, actor, "login_second_factor_asked", "user", user->id, nullptr, nullptr);
            return;
        }
        store.note_successful_login(user->id);
        // A new session every time: whatever session id the client had before is not
        // reused. An administrator who must use TOTP and has none gets a session
        // limited to enrolling (mfa_gate_for), said in the audit row too.
        result = open_session(c, *user, remote, "");
        json::object detail{{"session_id", result.principal.session_id}};
        if (result.principal.mfa_gate == Principal::MfaGate::enrol) detail["mfa_enrolment_required"] = true;
        storage::append_audit(c, org, actor, "login", "user", user->id, nullptr, detail);
    });
    switch (outcome) {
        case Outcome::ok: return result;
        case Outcome::wrong:
            throw Unauthenticated({"fel användarnamn eller lösenord", "wrong user name or password"});
        case Outcome::locked: refuse_throttled(Throttled::account_locked);
        case Outcome::address_limited: refuse_throttled(Throttled::address_limited);
    }
    return result;
}

void AuthService::logout(const Principal& p, const std::string& remote) {
    storage::SystemScope scope(storage::SystemWork::identity);  // docs/scale-out.md "System scope"
    db_.write([&](storage::Connection& c) {
        IdentityStore(c).revoke_session(p.session_id);
        auto user = IdentityStore(c).user_by_id(p.user_id);
        storage::append_audit(c, user ? user->org_id : installation, {p.username, remote}, "logout", "user",
                              p.user_id, nullptr, json::object{{"session_id", p.session_id}});
    });
}

SignedIn AuthService::change_password(const Principal& p, const std::string& current, const std::string& next,
                                      const std::string& remote) {
    storage::SystemScope scope(storage::SystemWork::identity);  // docs/scale-out.md "System scope"
    check_new_password(next, p.username, "new_password");
    return db_.write([&](storage::Connection& c) {
        IdentityStore store(c);
        auto user = store.user_by_id(p.user_id);
        if (!user || !verify_password(user->password_hash, current)) {
            throw InputError("current_password", {"stämmer inte", "is not correct"}, "wrong_password");
        }
        store.set_password(user->id, hash_password(next));  // revokes every session
        // The new session was signed in as the one that changed the password was.
        auto result = open_session(c, *user, remote, p.second_factor);
        storage::append_audit(c, user->org_id, {user->username, remote}, "password_change", "user", user->id, nullptr,
                              nullptr);
        return result;
    });
}

std::vector<SessionRow> AuthService::open_sessions(const Principal& p) {
    storage::SystemScope scope(storage::SystemWork::identity);  // docs/scale-out.md "System scope"
    auto idle_limit = utc_iso_from_now(-config_.session_idle);
    auto absolute_limit = utc_iso_from_now(-config_.session_absolute);
    return db_.read([&](storage::Connection& c) {
        std::vector<SessionRow> out;
        for (auto& s : IdentityStore(c).open_sessions_of(p.user_id)) {
            if (s.last_seen_at >= idle_limit && s.created_at >= absolute_limit) out.push_back(std::move(s));
        }
        return out;
    });
}

bool AuthService::revoke_own_session(const Principal& p, Id session, const std::string& remote) {
    storage::SystemScope scope(storage::SystemWork::identity);  // docs/scale-out.md "System scope"
    auto open = open_sessions(p);
    bool own = std::any_of(open.begin(), open.end(), [&](const SessionRow& s) { return s.id == session; });
    if (!own) return false;
    db_.write([&](storage::Connection& c) {
        IdentityStore(c).revoke_session(session);
        auto user = IdentityStore(c).user_by_id(p.user_id);
        storage::append_audit(c, user ? user->org_id : installation, {p.username, remote}, "revoke_session", "user",
                              p.user_id, nullptr, json::object{{"session_id", session}});
    });
    return true;
}

std::optional<Principal> AuthService::from_session(const std::string& secret) {
    storage::SystemScope scope(storage::SystemWork::authentication);  // docs/scale-out.md "System scope"
    if (secret.empty()) return std::nullopt;
    // Most requests only read: the session's last use is written at most once a
    // minute, so that signed-in reading does not queue behind the single writer.
    enum class Touch { none, refresh, expire };
    Touch touch = Touch::none;
    Id session_id = 0;
    auto found = db_.read([&](storage::Connection& c) -> std::optional<Principal> {
        IdentityStore store(c);
        auto s = store.session_by_secret(secret);
        if (!s || s->revoked) return std::nullopt;
        session_id = s->id;
        auto idle_limit = utc_iso_from_now(-config_.session_idle);
        auto absolute_limit = utc_iso_from_now(-config_.session_absolute);
        if (s->last_seen_at < idle_limit || s->created_at < absolute_limit) {
            touch = Touch::expire;
            return std::nullopt;
        }
        auto user = store.user_by_id(s->user_id);
        if (!user || user->disabled) return std::nullopt;
        if (s->last_seen_at < utc_iso_from_now(-std::chrono::seconds(60))) touch = Touch::refresh;
        auto p = principal_for(c, *user);
        p.via = Principal::Via::session;
        p.session_id = s->id;
        p.csrf_token = s->csrf_token;
        p.second_factor = s->second_factor;
        // Worked out on every request, so that switching the requirement on limits the
        // sessions already open at once (docs/security.md "Required of administrators").
        p.mfa_gate = mfa_gate_for(c, p);
        return p;
    });
    if (touch != Touch::none) {
        db_.write([&](storage::Connection& c) {
            IdentityStore store(c);
            if (touch == Touch::expire) {
                store.revoke_session(session_id);
            } else {
                store.touch_session(session_id, utc_now_iso());
            }
        });
    }
    return found;
}

std::optional<Principal> AuthService::from_token(const std::string& secret) {
    storage::SystemScope scope(storage::SystemWork::authentication);  // docs/scale-out.md "System scope"
    if (secret.empty()) return std::nullopt;
    return db_.read([&](storage::Connection& c) { return principal_from_token(c, secret); });
}

std::optional<Principal> principal_from_token(storage::Connection& c, const std::string& secret) {
    if (secret.empty()) return std::nullopt;
    IdentityStore store(c);
    auto t = store.token_by_secret(secret);
    if (!t || !t->revoked_at.empty() || t->expires_at <= utc_now_iso()) return std::nullopt;
    auto user = store.user_by_id(t->user_id);
    if (!user || user->disabled) return std::nullopt;
    auto p = principal_for(c, *user);
    p.via = Principal::Via::token;
    p.can_write = t->scope == "write";
    return p;
}

void AuthService::audit_event(Id org, const storage::Actor& actor, const std::string& action,
                              const std::string& entity, std::optional<Id> entity_id, const json::value& detail) {
    storage::OrganisationScope scope(org);  // the event goes into that organisation's chain
    db_.write([&](storage::Connection& c) {
        storage::append_audit(c, org, actor, action, entity, entity_id, nullptr, detail);
    });
}

std::optional<std::string> ensure_initial_admin(storage::Database& db, const std::string& password) {
    storage::SystemScope scope(storage::SystemWork::authentication);  // docs/scale-out.md "System scope"
    std::string chosen = password;
    bool generated = chosen.empty();
    if (generated) chosen = random_secret(18);
    check_new_password(chosen, "admin", "STYRKORT_ADMIN_PASSWORD");
    bool created = db.write([&](storage::Connection& c) {
        storage::lock_first_start(c);  // servers starting at once: one administrator
        IdentityStore store(c);
        if (store.any_user()) return false;
        Id id = store.add_user(installation, "admin", "Administratör", hash_password(chosen));
        store.grant(installation, id, Role::administrator, std::nullopt);
        storage::append_audit(c, installation, {"system", ""}, "create", "user", id, nullptr,
                              json::object{{"username", "admin"}, {"role", "administrator"}, {"scope", "installation"}});
        return true;
    });
    if (created && generated) return chosen;
    return std::nullopt;
}

Id add_user(storage::Database& db, Id org, const std::string& username, const std::string& display_name,
            const std::string& password, const storage::Actor& actor) {
    if (username.empty() || username.size() > 100 || username.find_first_of(" \t\r\n") != std::string::npos) {
        throw InputError("username", {"1–100 tecken utan blanksteg", "1–100 characters without spaces"}, "invalid");
    }
    check_new_password(password, username, "password");
    auto hash = hash_password(password);
    return db.write([&](storage::Connection& c) {
        IdentityStore store(c);
        if (store.user_by_name(username)) {
            throw Conflict({"användaren " + username + " finns redan", "the user " + username + " already exists"});
        }
        Id id = store.add_user(org, username, display_name, hash);
        storage::append_audit(c, org, actor, "create", "user", id, nullptr,
                              json::object{{"username", username}, {"display_name", display_name}});
        return id;
    });
}

}  // namespace styrkort::auth
