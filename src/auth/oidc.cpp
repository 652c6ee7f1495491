#include "auth/oidc.hpp"

#include "auth/sign_in.hpp"

#include "storage/tenant_scope.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <charconv>
#include <set>

#include "auth/crypto.hpp"
#include "auth/errors.hpp"
#include "auth/id_token.hpp"
#include "http/client.hpp"
#include "domain/errors.hpp"
#include "domain/reminders/rules.hpp"
#include "storage/clock.hpp"
#include "storage/reminder_store.hpp"

namespace styrkort::auth {
namespace {

namespace json = boost::json;

constexpr auto login_lifetime = std::chrono::minutes(10);
// Each started sign-in is stored until it is used or expires: one client address may
// have this many under way, and all clients together this many, so that nobody can
// fill the database by starting sign-ins (the password sign-in limits per address too).
constexpr std::int64_t max_pending_per_address = 20;
constexpr std::int64_t max_pending = 10000;
constexpr auto provider_lifetime = std::chrono::hours(1);

json::object fetch_json(const http::FetchRequest& request, const std::string& failure) {
    http::FetchResponse res;
    try {
        res = http::fetch(request);
    } catch (const http::FetchError&) {
        throw OidcRefused("provider_unreachable");
    }
    if (res.status != 200) throw OidcRefused(failure);
    boost::system::error_code ec;
    auto v = json::parse(res.body, ec);
    if (ec || !v.is_object()) throw OidcRefused(failure);
    return v.as_object();
}

http::FetchRequest get(const std::string& url, std::vector<std::pair<std::string, std::string>> headers = {}) {
    http::FetchRequest r;
    r.url = url;
    r.headers = std::move(headers);
    r.headers.emplace_back("Accept", "application/json");
    return r;
}

std::string member(const json::object& o, const char* name) {
    const auto* v = o.if_contains(name);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string{};
}

std::vector<std::string> string_values(const json::object& claims, const std::string& name) {
    std::vector<std::string> out;
    const auto* v = claims.if_contains(name);
    if (v == nullptr) return out;
    if (v->is_string()) out.emplace_back(v->as_string());
    if (v->is_array()) {
        for (const auto& item : v->as_array()) {
            if (item.is_string()) out.emplace_back(item.as_string());
        }
    }
    return out;
}

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// A path on this site only: never another site (an open redirect).
std::string safe_return_path(const std::string& p) {
    if (p.empty() || p[0] != '/' || (p.size() > 1 && (p[1] == '/' || p[1] == '\\')) || p.size() > 500 ||
        p.find_first_of("\r\n") != std::string::npos) {
        return "/";
    }
    return p;
}

std::optional<Id> organisation_id(storage::Connection& c, const std::string& key_or_id) {
    auto rows = c.query("SELECT id FROM organisation WHERE key = ?", {key_or_id});
    if (rows.empty()) {
        Id id = 0;
        auto [end, ec] = std::from_chars(key_or_id.data(), key_or_id.data() + key_or_id.size(), id);
        if (ec == std::errc{} && end == key_or_id.data() + key_or_id.size()) {
            rows = c.query("SELECT id FROM organisation WHERE id = ?", {id});
        }
    }
    if (rows.empty()) return std::nullopt;
    return storage::as_int(rows[0][0]);
}

}  // namespace

std::string url_encode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char ch : s) {
        if (std::isalnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
            out += static_cast<char>(ch);
        } else {
            out += '%';
            out += hex[ch >> 4];
            out += hex[ch & 15];
        }
    }
    return out;
}

OidcClient::Provider OidcClient::provider(bool refresh_keys) {
    std::lock_guard lock(mutex_);
    auto now = std::chrono::steady_clock::now();
    if (!provider_ || now - provider_->fetched > provider_lifetime) {
        auto base = settings_.issuer;
        if (!base.empty() && base.back() == '/') base.pop_back();
        auto doc = fetch_json(get(base + "/.well-known/openid-configuration"), "discovery");
        // The document must name exactly the configured issuer (OpenID Connect Discovery 4.3).
        if (member(doc, "issuer") != settings_.issuer) throw OidcRefused("discovery_issuer");
        Provider p;
        p.authorization_endpoint = member(doc, "authorization_endpoint");
        p.token_endpoint = member(doc, "token_endpoint");
        p.jwks_uri = member(doc, "jwks_uri");
        p.userinfo_endpoint = member(doc, "userinfo_endpoint");
        p.end_session_endpoint = member(doc, "end_session_endpoint");
        if (p.authorization_endpoint.empty() || p.token_endpoint.empty() || p.jwks_uri.empty()) {
            throw OidcRefused("discovery");
        }
        p.fetched = now;
        provider_ = std::move(p);
        refresh_keys = true;
    }
    if (refresh_keys) provider_->jwks = fetch_json(get(provider_->jwks_uri), "jwks");
    return *provider_;
}

OidcStart OidcClient::begin(const std::string& return_to, const std::string& remote) {
    storage::SystemScope scope(storage::SystemWork::authentication);  // docs/scale-out.md "System scope"
    auto p = provider();
    auto state = random_secret();
    auto nonce = random_secret();
    auto verifier = random_secret(48);  // 64 characters of [A-Za-z0-9-_] (RFC 7636: 43–128)
    auto challenge = base64url(sha256(verifier));
    db_.write([&](storage::Connection& c) {
        c.execute("DELETE FROM oidc_login WHERE created_at < ?",
                  {utc_iso_from_now(-std::chrono::duration_cast<std::chrono::seconds>(login_lifetime))});
        if (storage::as_int(c.query("SELECT COUNT(*) FROM oidc_login WHERE remote = ?", {remote}).at(0).at(0)) >=
            max_pending_per_address) {
            throw TooManyAttempts({"för många påbörjade inloggningar från din adress; försök igen om en stund",
                                   "too many sign-ins started from your address; try again in a while"});
        }
        if (storage::as_int(c.query("SELECT COUNT(*) FROM oidc_login").at(0).at(0)) >= max_pending) {
            throw TooManyAttempts({"för många påbörjade inloggningar just nu; försök igen om en stund",
                                   "too many sign-ins under way right now; try again in a while"});
        }
        c.execute(
            "INSERT INTO oidc_login (org_id, state_hash, nonce, code_verifier, return_to, created_at, remote) "
            "VALUES (0, ?, ?, ?, ?, ?, ?)",
            {secret_digest(state), nonce, verifier, safe_return_path(return_to), utc_now_iso(), remote});
    });
    std::string url = p.authorization_endpoint + (p.authorization_endpoint.find('?') == std::string::npos ? "?" : "&");
    url += "response_type=code&client_id=" + url_encode(settings_.client_id) +
           "&redirect_uri=" + url_encode(settings_.redirect_uri) + "&scope=" + url_encode(settings_.scopes) +
           "&state=" + url_encode(state) + "&nonce=" + url_encode(nonce) + "&code_challenge=" + url_encode(challenge) +
           "&code_challenge_method=S256";
    return {url, state};
}

json::object OidcClient::verified_claims(const std::string& id_token, const std::string& nonce) {
    IdTokenExpectations expect{settings_.issuer, settings_.client_id, nonce, unix_now()};
    try {
        return verify_id_token(id_token, provider().jwks, expect);
    } catch (const TokenRejected& e) {
        if (e.reason() != "unknown_key") throw OidcRefused(e.reason());
    }
    // The provider may have rotated its keys: fetch them once more.
    try {
        return verify_id_token(id_token, provider(true).jwks, expect);
    } catch (const TokenRejected& e) {
        throw OidcRefused(e.reason());
    }
}

OidcFinished OidcClient::finish(const std::string& code, const std::string& state, const std::string& cookie_state,
                                const std::string& remote) {
    storage::SystemScope scope(storage::SystemWork::authentication);  // docs/scale-out.md "System scope"
    // The state must be the one this browser was given (login CSRF), and one we issued
    // within ten minutes and that has not been used.
    if (state.empty() || cookie_state.empty() || !same_secret(state, cookie_state)) throw OidcRefused("state");
    if (code.empty() || code.size() > 4096) throw OidcRefused("code");
    std::string nonce, verifier, return_to, created_at;
    bool found = db_.write([&](storage::Connection& c) {
        auto rows = c.query("DELETE FROM oidc_login WHERE state_hash = ? RETURNING nonce, code_verifier, return_to, created_at",
                            {secret_digest(state)});
        if (rows.empty()) return false;
        nonce = storage::as_text(rows[0][0]);
        verifier = storage::as_text(rows[0][1]);
        return_to = storage::as_text(rows[0][2]);
        created_at = storage::as_text(rows[0][3]);
        return true;
    });
    if (!found) throw OidcRefused("state");
    if (created_at < utc_iso_from_now(-std::chrono::duration_cast<std::chrono::seconds>(login_lifetime))) {
        throw OidcRefused("login_expired");
    }

    auto p = provider();
    auto tokens = fetch_json(
        {.method = "POST",
         .url = p.token_endpoint,
         .headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"Accept", "application/json"},
                     {"Authorization",
                      "Basic " + [&] {
                          // client_secret_basic (RFC 6749 2.3.1): form-encoded id and secret.
                          auto raw = url_encode(settings_.client_id) + ":" + url_encode(settings_.client_secret);
                          std::string b64 = base64url(raw);
                          std::replace(b64.begin(), b64.end(), '-', '+');
                          std::replace(b64.begin(), b64.end(), '_', '/');
                          while (b64.size() % 4 != 0) b64 += '=';
                          return b64;
                      }()}},
         .body = "grant_type=authorization_code&code=" + url_encode(code) +
                 "&redirect_uri=" + url_encode(settings_.redirect_uri) + "&code_verifier=" + url_encode(verifier)},
        "token_endpoint");
    auto id_token = member(tokens, "id_token");
    if (id_token.empty()) throw OidcRefused("no_id_token");
    auto claims = verified_claims(id_token, nonce);
    auto subject = member(claims, "sub");

    // Claims the provider gives only at its userinfo endpoint (profile, roles), for the
    // same subject.
    auto access_token = member(tokens, "access_token");
    if (!p.userinfo_endpoint.empty() && !access_token.empty()) {
        auto info = fetch_json(get(p.userinfo_endpoint, {{"Authorization", "Bearer " + access_token}}), "userinfo");
        if (member(info, "sub") != subject) throw OidcRefused("userinfo_subject");
        for (const auto& [name, value] : info) {
            if (!claims.contains(name)) claims[name] = value;
        }
    }

    auto username = member(claims, settings_.username_claim.c_str());
    if (username.empty() || username.size() > 100 || username.find_first_of(" \t\r\n") != std::string::npos) {
        throw OidcRefused("no_username");
    }
    auto display_name = member(claims, settings_.name_claim.c_str());
    if (display_name.empty()) display_name = username;
    auto mapped = roles_from_claims(settings_, string_values(claims, settings_.roles_claim));

    OidcFinished out;
    out.return_to = return_to;
    std::optional<std::string> refused;
    db_.write([&](storage::Connection& c) {
        auto org = organisation_id(c, settings_.organisation);
        if (!org) {
            refused = "organisation";
            return;
        }
        IdentityStore store(c);
        storage::Actor actor{username, remote};
        auto link = c.query("SELECT user_id FROM oidc_identity WHERE issuer = ? AND subject = ?", {settings_.issuer, subject});
        std::optional<User> user;
        if (!link.empty()) {
            user = store.user_by_id(storage::as_int(link[0][0]));
            if (!user || user->disabled) {
                refused = "disabled";
                return;
            }
            if (user->display_name != display_name) {
                c.execute("UPDATE app_user SET display_name = ? WHERE id = ?", {display_name, user->id});
                user->display_name = display_name;
            }
            c.execute("UPDATE oidc_identity SET last_login_at = ? WHERE issuer = ? AND subject = ?",
                      {utc_now_iso(), settings_.issuer, subject});
        } else {
            // A local account (or another person's) with that name is never taken over.
            if (store.user_by_name(username)) {
                refused = "username_taken";
                return;
            }
            Id id = store.add_user(*org, username, display_name, "");
            auto now = utc_now_iso();
            c.execute("INSERT INTO oidc_identity (org_id, issuer, subject, user_id, created_at, last_login_at) "
                      "VALUES (?, ?, ?, ?, ?, ?)",
                      {*org, settings_.issuer, subject, id, now, now});
            storage::append_audit(c, *org, actor, "create", "user", id, nullptr,
                                  json::object{{"username", username}, {"display_name", display_name}, {"via", "oidc"}});
            user = store.user_by_id(id);
        }
        // The e-mail address follows the provider too, where it gives one (the standard
        // claim "email", unless it says email_verified false) and it is an address:
        // reminders go there (docs/reporting-round.md). Without one, the address set in
        // Styrkort stays.
        if (const auto* mail = claims.if_contains("email"); mail != nullptr && mail->is_string()) {
            const auto* verified = claims.if_contains("email_verified");
            std::string address(mail->as_string());
            bool valid = true;
            try {
                reminders::check_email("email", address);
            } catch (const InputError&) {
                valid = false;
            }
            if (valid && !(verified != nullptr && verified->is_bool() && !verified->as_bool())) {
                storage::ReminderStore mail_store(c);
                auto before = mail_store.contact(user->id);
                if (before && before->email != address) {
                    mail_store.set_email(user->id, address);
                    storage::append_audit(c, *org, actor, "update_email", "user", user->id,
                                          json::object{{"email", before->email.empty() ? json::value(nullptr) : json::value(before->email)}},
                                          json::object{{"email", address}, {"via", "oidc"}});
                }
            }
        }
        // Roles follow the provider: what the claims give now, in this organisation.
        std::set<std::pair<std::string, std::optional<Id>>> wanted;
        json::array ignored;
        for (const auto& m : mapped) {
            std::optional<Id> unit;
            if (!m.unit_key.empty()) {
                auto rows = c.query("SELECT id FROM org_unit WHERE org_id = ? AND key = ?", {*org, m.unit_key});
                if (rows.empty()) {
                    ignored.push_back(json::string(m.role + "@" + m.unit_key));
                    continue;
                }
                unit = storage::as_int(rows[0][0]);
            }
            wanted.insert({m.role, unit});
        }
        json::array granted, revoked;
        for (const auto& g : store.grants_of(user->id)) {
            if (g.org_id != *org) continue;
            if (wanted.erase({role_name(g.role), g.unit_id}) == 0) {
                store.revoke_grant(*org, user->id, g.role, g.unit_id);
                revoked.push_back({{"role", role_name(g.role)}, {"unit_id", g.unit_id ? json::value(*g.unit_id) : nullptr}});
            }
        }
        for (const auto& [role, unit] : wanted) {
            store.grant(*org, user->id, *parse_role(role), unit);
            granted.push_back({{"role", role}, {"unit_id", unit ? json::value(*unit) : nullptr}});
        }
        // The provider's own second factor counts (docs/security.md "Required of
        // administrators"): what it said it used (`amr`, RFC 8176) goes into the audit row.
        out.signed_in = open_session(c, *user, remote, "identity_provider");
        Id session_id = out.signed_in.principal.session_id;
        c.execute("INSERT INTO oidc_session (org_id, session_id, id_token) VALUES (?, ?, ?)", {*org, session_id, id_token});
        json::object detail{{"session_id", session_id}, {"via", "oidc"}, {"subject", subject}};
        if (const auto* amr = claims.if_contains("amr"); amr != nullptr && amr->is_array()) detail["amr"] = *amr;
        if (!granted.empty()) detail["granted"] = std::move(granted);
        if (!revoked.empty()) detail["revoked"] = std::move(revoked);
        if (!ignored.empty()) detail["ignored_roles"] = std::move(ignored);
        storage::append_audit(c, *org, actor, "login", "user", user->id, nullptr, detail);
    });
    if (refused) throw OidcRefused(*refused, username);
    return out;
}

std::optional<std::string> OidcClient::end_session_url(Id session_id) {
    storage::SystemScope scope(storage::SystemWork::authentication);  // docs/scale-out.md "System scope"
    auto rows = db_.read([&](storage::Connection& c) {
        return c.query("SELECT id_token FROM oidc_session WHERE session_id = ?", {session_id});
    });
    if (rows.empty()) return std::nullopt;
    std::string endpoint;
    try {
        endpoint = provider().end_session_endpoint;
    } catch (const OidcRefused&) {
        return std::nullopt;  // the provider is away: our own session has ended all the same
    }
    if (endpoint.empty()) return std::nullopt;
    return endpoint + (endpoint.find('?') == std::string::npos ? "?" : "&") +
           "id_token_hint=" + url_encode(storage::as_text(rows[0][0])) +
           "&post_logout_redirect_uri=" + url_encode(settings_.post_logout_redirect_uri) +
           "&client_id=" + url_encode(settings_.client_id);
}

}  // namespace styrkort::auth
