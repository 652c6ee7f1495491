// Sign-in, sign-out, the signed-in user and password change; and the audit log for
// administrators (read, filter, export; never change).
#include "api/api.hpp"
#include "api/responses.hpp"
#include "auth/errors.hpp"
#include "auth/mfa_service.hpp"
#include "domain/errors.hpp"
#include "storage/audit_chain.hpp"

#include <boost/json/parse.hpp>

namespace styrkort::api {
namespace {

namespace json = boost::json;

constexpr const char* prefix = "/api/v1";

std::string string_field(const json::object& o, const std::string& name) {
    const auto* v = o.if_contains(name);
    if (v == nullptr || !v->is_string()) throw InputError(name, {"saknas eller är inte text", "is missing or not text"}, "required");
    return std::string(v->as_string());
}

void clear_session_cookies(http::Response& res, bool secure) {
    std::string flags = std::string("; Path=/; SameSite=Strict; Max-Age=0") + (secure ? "; Secure" : "");
    res.headers.emplace_back("Set-Cookie", session_cookie_name(secure) + "=" + flags + "; HttpOnly");
    res.headers.emplace_back("Set-Cookie", csrf_cookie_name(secure) + "=" + flags);
}

json::object me_json(const auth::Principal& p) {
    json::array roles;
    for (const auto& g : p.grants) {
        roles.push_back({{"organisation_id", g.org_id},
                         {"role", auth::role_name(g.role)},
                         {"unit_id", g.unit_id ? json::value(*g.unit_id) : json::value(nullptr)}});
    }
    json::object out{{"user", {{"id", p.user_id}, {"username", p.username}, {"display_name", p.display_name}}},
                      {"roles", std::move(roles)},
                      {"installation_admin", p.installation_admin()}};
    if (!p.csrf_token.empty()) out["csrf_token"] = p.csrf_token;
    // A session that owes its second factor (api/mfa_gate.cpp): the client shows why.
    if (p.mfa_gate == auth::Principal::MfaGate::enrol) out["mfa_enrolment_required"] = true;
    if (p.mfa_gate == auth::Principal::MfaGate::sign_in_again) out["mfa_sign_in_required"] = true;
    return out;
}

const auth::Principal& signed_in() {
    const auto* p = current_principal();
    if (p == nullptr) throw auth::Unauthenticated();
    return *p;
}

// "2026-01-31" or a full timestamp; a date as `to` means the whole day.
std::string time_bound(const std::string& name, const std::string& value, bool upper) {
    bool date = is_valid_date(value.substr(0, 10));
    if (!date || (value.size() != 10 && value.size() < 20)) {
        throw InputError(name, {"måste vara ett datum ÅÅÅÅ-MM-DD eller en tidpunkt", "must be a date YYYY-MM-DD or a timestamp"},
                         "type");
    }
    if (value.size() == 10) return value + (upper ? "T23:59:59.999Z" : "T00:00:00.000Z");
    return value;
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

}  // namespace

// The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site
// sends it), Secure under TLS. No Max-Age: it ends with the browser; the server ends
// it sooner (idle and absolute timeouts). The CSRF cookie is readable by the app,
// which echoes it in X-CSRF-Token.
void set_session_cookies(http::Response& res, const std::string& secret, const std::string& csrf, bool secure) {
    std::string flags = std::string("; Path=/; SameSite=Strict") + (secure ? "; Secure" : "");
    res.headers.emplace_back("Set-Cookie", session_cookie_name(secure) + "=" + secret + flags + "; HttpOnly");
    res.headers.emplace_back("Set-Cookie", csrf_cookie_name(secure) + "=" + csrf + flags);
}

// A Secure cookie needs TLS, and __Host- needs Secure: over plain http:// (the embedded
// default on localhost) the names carry no prefix. docs/security.md.
std::string session_cookie_name(bool tls) { return tls ? "__Host-styrkort_session" : "styrkort_session"; }
std::string csrf_cookie_name(bool tls) { return tls ? "__Host-styrkort_csrf" : "styrkort_csrf"; }

void Api::add_auth_routes() {
    std::string base = std::string(prefix) + "/auth";
    router_.add({"POST", base + "/login", "login", "Sign in with user name and password; sets the session cookie",
                 "Identity", "", "login",
                 [this](const http::Request& r, const Params&) {
                     auto body = request_object(r);
                     auto result = auth_.login(string_field(body, "username"), string_field(body, "password"),
                                               r.remote_address);
                     if (!result.mfa_challenge.empty()) {
                         // The password was right; the code is asked for next. No cookie yet.
                         return json_response(202, json::object{{"mfa_required", "totp"},
                                                                {"mfa_challenge", result.mfa_challenge}});
                     }
                     auto res = json_response(200, me_json(result.principal));
                     set_session_cookies(res, result.session_secret, result.principal.csrf_token,
                                         r.secure);
                     return res;
                 },
                 Access::open});
    // The sign-in's second step (docs/security.md): the challenge from the 202 above and
    // a current TOTP code or an unused recovery code; only now is the session created.
    router_.add({"POST", base + "/login/mfa", "loginSecondFactor",
                 "Second step of signing in: a TOTP code or a recovery code; sets the session cookie", "Identity", "",
                 "mfa_login",
                 [this](const http::Request& r, const Params&) {
                     auto body = request_object(r);
                     auto result = auth::MfaService(db_, auth_.config())
                                       .complete_login(string_field(body, "mfa_challenge"), string_field(body, "code"),
                                                       r.remote_address);
                     auto res = json_response(200, me_json(result.principal));
                     set_session_cookies(res, result.session_secret, result.principal.csrf_token, r.secure);
                     return res;
                 },
                 Access::open});
    router_.add({"POST", base + "/logout", "logout", "Sign out: the session is revoked", "Identity", "", "logout",
                 [this](const http::Request& r, const Params&) {
                     const auto& p = signed_in();
                     // A session begun at the identity provider ends there too: the
                     // client is given the provider's end-session address to go to.
                     std::optional<std::string> end_session;
                     if (p.via == auth::Principal::Via::session) {
                         if (oidc_) end_session = oidc_->end_session_url(p.session_id);
                         auth_.logout(p, r.remote_address);
                     }
                     http::Response res;
                     if (end_session) {
                         res = json_response(200, json::object{{"end_session_url", *end_session}});
                     } else {
                         res.status = 204;
                         res.content_type.clear();
                     }
                     clear_session_cookies(res, r.secure);
                     return res;
                 },
                 Access::signed_in});
    router_.add({"GET", base + "/me", "me", "The signed-in user, their roles and the CSRF token", "Identity", "", "me",
                 [](const http::Request&, const Params&) { return json_response(200, me_json(signed_in())); },
                 Access::signed_in});
    // The user's own sessions (ASVS 7.5.2): where and since when they are signed in, and
    // a way to end one — a session has no versions, so no If-Match is asked for.
    router_.add({"GET", base + "/sessions", "listSessions",
                 "The signed-in user's open sessions (never their secrets); `current` marks the one asking",
                 "Identity", "", "sessions",
                 [this](const http::Request&, const Params&) {
                     const auto& p = signed_in();
                     json::array items;
                     for (const auto& s : auth_.open_sessions(p)) {
                         items.push_back({{"id", s.id},
                                          {"created_at", s.created_at},
                                          {"last_seen_at", s.last_seen_at},
                                          {"remote", s.remote.empty() ? json::value(nullptr) : json::value(s.remote)},
                                          {"current", p.via == auth::Principal::Via::session && s.id == p.session_id}});
                     }
                     return json_response(200, json::object{{"items", std::move(items)}});
                 },
                 Access::signed_in});
    router_.add({"DELETE", base + "/sessions/{id}", "revokeSession",
                 "End one of the signed-in user's own sessions; ending the current one also clears its cookies",
                 "Identity", "", "session_revoke",
                 [this](const http::Request& r, const Params& params) {
                     const auto& p = signed_in();
                     std::optional<auth::Id> id;
                     try {
                         std::size_t used = 0;
                         const auto& text = params.at("id");
                         auto n = std::stoll(text, &used);
                         if (used == text.size() && n > 0) id = n;
                     } catch (const std::exception&) {
                         // not a number: no such session
                     }
                     if (!id || !auth_.revoke_own_session(p, *id, r.remote_address)) {
                         throw NotFound({"ingen öppen session med det id:t är din", "no open session of yours has that id"});
                     }
                     http::Response res;
                     res.status = 204;
                     res.content_type.clear();
                     if (p.via == auth::Principal::Via::session && *id == p.session_id) clear_session_cookies(res, r.secure);
                     return res;
                 },
                 Access::signed_in});
    router_.add({"POST", base + "/password", "changePassword",
                 "Change one's password: every session of the user is revoked and a new one begins", "Identity", "",
                 "password",
                 [this](const http::Request& r, const Params&) {
                     const auto& p = signed_in();
                     if (p.via != auth::Principal::Via::session) {
                         throw auth::Forbidden({"lösenordet byts i en inloggad session", "change the password in a signed-in session"});
                     }
                     auto body = request_object(r);
                     auto result = auth_.change_password(p, string_field(body, "current_password"),
                                                         string_field(body, "new_password"), r.remote_address);
                     auto res = json_response(200, me_json(result.principal));
                     set_session_cookies(res, result.session_secret, result.principal.csrf_token,
                                         r.secure);
                     return res;
                 },
                 Access::signed_in});
}

void Api::add_audit_routes() {
    router_.add({"GET", std::string(prefix) + "/organisations/{org}/audit", "listAudit",
                 "The organisation's audit log, filtered by entity, user and time; format=csv exports it",
                 "Audit", "", "audit",
                 [this](const http::Request& r, const Params& p) {
                     auto org = org_of(p);
                     if (!org) throw NotFound({"organisationen finns inte", "the organisation does not exist"});
                     std::string sql =
                         "SELECT id, at, actor, remote, action, entity, entity_id, before, after FROM audit_log "
                         "WHERE org_id = ?";
                     std::vector<storage::SqlValue> args{*org};
                     std::int64_t limit = 500, offset = 0;
                     bool csv = false;
                     for (const auto& [name, value] : r.query) {
                         if (name == "entity") {
                             sql += " AND entity = ?";
                             args.emplace_back(value);
                         } else if (name == "user") {
                             sql += " AND actor = ?";
                             args.emplace_back(value);
                         } else if (name == "action") {
                             sql += " AND action = ?";
                             args.emplace_back(value);
                         } else if (name == "from") {
                             sql += " AND at >= ?";
                             args.emplace_back(time_bound(name, value, false));
                         } else if (name == "to") {
                             sql += " AND at <= ?";
                             args.emplace_back(time_bound(name, value, true));
                         } else if (name == "limit" || name == "offset") {
                             std::int64_t n = -1;
                             try {
                                 n = std::stoll(value);
                             } catch (const std::exception&) {
                                 n = -1;
                             }
                             if (n < (name == "limit" ? 1 : 0) || (name == "limit" && n > 100000)) {
                                 throw InputError(name, {"är utanför det tillåtna", "is out of range"}, "range");
                             }
                             (name == "limit" ? limit : offset) = n;
                         } else if (name == "format") {
                             if (value != "csv" && value != "json") {
                                 throw InputError(name, {"måste vara json eller csv", "must be json or csv"}, "choice");
                             }
                             csv = value == "csv";
                         } else if (name != "lang") {
                             throw InputError(name, {"går inte att filtrera på", "is not a filter of this list"},
                                              "unknown_parameter");
                         }
                     }
                     sql += " ORDER BY id LIMIT ? OFFSET ?";
                     args.emplace_back(limit);
                     args.emplace_back(offset);
                     auto rows = db_.read([&](storage::Connection& c) { return c.query(sql, args); });
                     auto text = [](const storage::SqlValue& v) {
                         return storage::is_null(v) ? std::string{} : storage::as_text(v);
                     };
                     if (csv) {
                         std::string out = "id,at,actor,remote,action,entity,entity_id,before,after\r\n";
                         for (const auto& row : rows) {
                             out += std::to_string(storage::as_int(row[0]));
                             for (std::size_t i = 1; i < row.size(); ++i) {
                                 out += ",";
                                 out += i == 6 ? (storage::is_null(row[i]) ? "" : std::to_string(storage::as_int(row[i])))
                                               : csv_field(text(row[i]));
                             }
                             out += "\r\n";
                         }
                         http::Response res;
                         res.content_type = "text/csv; charset=utf-8";
                         res.body = std::move(out);
                         res.headers.emplace_back("Content-Disposition", "attachment; filename=\"audit.csv\"");
                         return res;
                     }
                     json::array items;
                     for (const auto& row : rows) {
                         auto parsed = [&](const storage::SqlValue& v) -> json::value {
                             return storage::is_null(v) ? json::value(nullptr) : json::parse(storage::as_text(v));
                         };
                         items.push_back({{"id", storage::as_int(row[0])},
                                          {"at", text(row[1])},
                                          {"actor", text(row[2])},
                                          {"remote", storage::is_null(row[3]) ? json::value(nullptr) : json::value(text(row[3]))},
                                          {"action", text(row[4])},
                                          {"entity", text(row[5])},
                                          {"entity_id", storage::is_null(row[6]) ? json::value(nullptr)
                                                                                 : json::value(storage::as_int(row[6]))},
                                          {"before", parsed(row[7])},
                                          {"after", parsed(row[8])}});
                     }
                     return json_response(200, json::object{{"items", std::move(items)}});
                 },
                 Access::org_admin});
    // The chain's head (docs/audit.md): recorded elsewhere, it shows later that the log
    // up to it was neither rewritten nor cut short.
    router_.add({"GET", std::string(prefix) + "/organisations/{org}/audit/head", "getAuditHead",
                 "The last entry of the organisation's hash-chained audit log: id, hash, count, time", "Audit", "",
                 "audit_head",
                 [this](const http::Request&, const Params& p) {
                     auto org = org_of(p);
                     if (!org) throw NotFound({"organisationen finns inte", "the organisation does not exist"});
                     auto head = db_.read([&](storage::Connection& c) { return storage::audit_head(c, *org); });
                     if (!head) head = storage::AuditHead{*org, 0, 0, storage::genesis_hash(), ""};
                     return json_response(200, json::object{{"id", head->id},
                                                            {"hash", head->hash},
                                                            {"count", head->count},
                                                            {"time", head->at.empty() ? json::value(nullptr)
                                                                                      : json::value(head->at)}});
                 },
                 Access::org_admin});
}

}  // namespace styrkort::api
