// The access gate: every request is authenticated (session cookie or Bearer token),
// checked against the route's declared Access, CSRF- and Origin-checked when it
// changes something with a cookie, and answered with the security headers. Refusals
// (403) and anonymous attempts to change something are written to the audit log.
#include <algorithm>
#include <charconv>
#include <iostream>

#include "api/api.hpp"
#include "api/etag.hpp"
#include "api/mfa_gate.hpp"
#include "api/principal_scope.hpp"
#include "api/read_routing.hpp"
#include "api/responses.hpp"
#include "auth/crypto.hpp"
#include "auth/errors.hpp"
#include "domain/errors.hpp"
#include "storage/tenant_scope.hpp"

namespace styrkort::api {
namespace {

namespace json = boost::json;

bool is_safe_method(const std::string& m) { return m == "GET" || m == "HEAD" || m == "OPTIONS"; }

// A browser names the page's origin on every unsafe request; it must be this server.
// Clients that are not browsers send no Origin and are not affected.
void check_origin(const http::Request& r) {
    auto origin = r.header("origin");
    if (r.header("sec-fetch-site") == "cross-site") {
        throw auth::Forbidden({"anrop från en annan webbplats tillåts inte", "requests from another site are refused"},
                              "cross_origin");
    }
    if (origin.empty()) return;
    auto scheme_end = origin.find("://");
    auto host = scheme_end == std::string::npos ? std::string{} : origin.substr(scheme_end + 3);
    if (origin == "null" || host.empty() || host != r.header("host")) {
        throw auth::Forbidden({"anrop från en annan webbplats tillåts inte", "requests from another site are refused"},
                              "cross_origin");
    }
}

std::optional<storage::Id> parse_positive(const std::string& s) {
    storage::Id id = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
    if (ec != std::errc{} || end != s.data() + s.size() || id <= 0) return std::nullopt;
    return id;
}

}  // namespace

namespace {
thread_local const auth::Principal* principal_on_this_thread = nullptr;
}  // namespace

PrincipalScope::PrincipalScope(const auth::Principal* p) { principal_on_this_thread = p; }
PrincipalScope::~PrincipalScope() { principal_on_this_thread = nullptr; }

std::string client_address(const http::Request& r, const std::vector<std::string>& trusted_proxies) {
    auto trusted = [&](const std::string& a) {
        return std::find(trusted_proxies.begin(), trusted_proxies.end(), a) != trusted_proxies.end();
    };
    if (!trusted(r.remote_address)) return r.remote_address;
    // X-Forwarded-For: client, proxy1, proxy2 — the rightmost address that is not a
    // trusted proxy is the client; anything left of it could be made up by the client.
    auto header = r.header("x-forwarded-for");
    std::vector<std::string> hops;
    std::string item;
    for (char ch : header + ",") {
        if (ch == ',') {
            if (!item.empty()) hops.push_back(item);
            item.clear();
        } else if (ch != ' ' && ch != '\t') {
            item += ch;
        }
    }
    for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
        if (!trusted(*it)) return it->size() <= 64 ? *it : r.remote_address;
    }
    return r.remote_address;
}

std::string cookie_value(const std::string& header, const std::string& name) {
    std::size_t pos = 0;
    while (pos < header.size()) {
        auto end = header.find(';', pos);
        if (end == std::string::npos) end = header.size();
        auto part = header.substr(pos, end - pos);
        auto first = part.find_first_not_of(' ');
        if (first != std::string::npos) part.erase(0, first);
        if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
        pos = end + 1;
    }
    return {};
}

// Over TLS: configured so (STYRKORT_COOKIE_SECURE), or a trusted proxy says the
// client's connection was https (X-Forwarded-Proto).
bool request_over_tls(const http::Request& r, const auth::AuthConfig& config) {
    if (config.secure_cookies) return true;
    const auto& proxies = config.trusted_proxies;
    if (std::find(proxies.begin(), proxies.end(), r.remote_address) == proxies.end()) return false;
    auto proto = r.header("x-forwarded-proto");
    auto last = proto.substr(proto.rfind(',') == std::string::npos ? 0 : proto.rfind(',') + 1);
    last.erase(0, last.find_first_not_of(' '));
    return last == "https";
}

const auth::Principal* current_principal() { return principal_on_this_thread; }

std::vector<std::pair<std::string, std::string>> security_headers(bool tls) {
    std::vector<std::pair<std::string, std::string>> h{
        {"Content-Security-Policy",
         "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
         "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
        {"X-Content-Type-Options", "nosniff"},
        {"X-Frame-Options", "DENY"},
        {"Referrer-Policy", "no-referrer"},
        {"Cross-Origin-Opener-Policy", "same-origin"},
        {"Cross-Origin-Resource-Policy", "same-origin"},
        {"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"},
    };
    if (tls) h.emplace_back("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    return h;
}

std::optional<storage::Id> Api::org_of(const Params& params) const {
    auto it = params.find("org");
    if (it == params.end()) return std::nullopt;
    return find_organisation(it->second);
}

std::optional<auth::Principal> Api::authenticate(const http::Request& r) const {
    // Sessions and tokens are found by their secret, before any organisation is known.
    storage::SystemScope scope(storage::SystemWork::authentication);
    auto authorization = r.header("authorization");
    if (!authorization.empty()) {
        const std::string bearer = "Bearer ";
        if (authorization.rfind(bearer, 0) != 0) {
            throw auth::Unauthenticated({"endast Bearer-nycklar godtas", "only Bearer tokens are accepted"});
        }
        auto p = auth_.from_token(authorization.substr(bearer.size()));
        if (!p) {
            throw auth::Unauthenticated({"nyckeln är ogiltig, utgången eller återkallad",
                                         "the token is invalid, expired or revoked"});
        }
        return p;
    }
    // Over TLS only the __Host- cookie counts: one without the prefix may have been
    // planted by a sibling host or over plain http.
    auto secret = cookie_value(r.header("cookie"), session_cookie_name(r.secure));
    if (secret.empty()) return std::nullopt;
    return auth_.from_session(secret);  // an expired session is simply anonymous
}

void Api::authorise_route(const Route& route, const Params& params, const http::Request& r,
                          const std::optional<auth::Principal>& p) const {
    if (!is_safe_method(r.method) && (!p || p->via != auth::Principal::Via::cli)) {
        check_origin(r);
        // Open routes (sign-in) do not act with the session, so need no CSRF token;
        // the Origin check above still keeps other sites from signing a browser in.
        if (p && p->via == auth::Principal::Via::session && route.access != Access::open &&
            !auth::same_secret(r.header("x-csrf-token"), p->csrf_token)) {
            throw auth::Forbidden({"CSRF-token saknas eller är fel (X-CSRF-Token)",
                                   "the CSRF token (X-CSRF-Token) is missing or wrong"},
                                  "csrf");
        }
        // A read-scope token changes nothing, whatever the route (sign-in aside, which
        // does not act with it): refused here, before any handler, as well as in the
        // write paths.
        if (p && !p->can_write && route.access != Access::open) {
            throw auth::Forbidden({"nyckeln får bara läsa", "this token may only read"}, "read_only_token");
        }
    }
    // An administrator's session that owes its second factor: enrolment only.
    check_second_factor(route, p ? &*p : nullptr);
    switch (route.access) {
        case Access::undeclared:
            throw auth::Forbidden({"adressen har ingen deklarerad behörighet", "this route declares no permission"},
                                  "undeclared_permission");
        case Access::open:
        case Access::read_records: return;  // object-level checks in the handler
        case Access::signed_in:
        case Access::write_records:
            if (!p) throw auth::Unauthenticated();
            return;
        case Access::org_admin: {
            if (!p) throw auth::Unauthenticated();
            auto org = org_of(params);
            if (!org) throw NotFound({"organisationen finns inte", "the organisation does not exist"});
            bool ok = db_.read([&](storage::Connection& c) {
                return auth::holds_role_over(c, *p, *org, auth::Role::administrator, std::nullopt);
            });
            if (!ok) throw auth::Forbidden({"kräver administratör för organisationen", "needs an administrator of the organisation"});
            return;
        }
        case Access::installation_admin:
            if (!p) throw auth::Unauthenticated();
            if (!p->installation_admin()) {
                throw auth::Forbidden({"kräver administratör för hela installationen",
                                       "needs an administrator of the installation"});
            }
            return;
    }
}

void Api::audit_denial(const http::Request& r, const Route* route, const Params& params,
                       const std::optional<auth::Principal>& p, const std::string& code) const {
    try {
        storage::Id org = 0;
        try {
            org = org_of(params).value_or(0);
        } catch (const NotFound&) {
            org = 0;
        }
        std::optional<storage::Id> id;
        if (auto it = params.find("id"); it != params.end()) id = parse_positive(it->second);
        std::string what = route == nullptr ? "route" : route->entity.empty() ? route->operation_id : route->entity;
        storage::OrganisationScope scope(org);  // the refusal goes into that organisation's chain
        auth_.audit_event(org, {p ? p->username : "anonymous", r.remote_address}, "denied", what, id,
                          json::object{{"method", r.method}, {"path", r.path}, {"reason", code}});
    } catch (const StorageError& e) {
        // The refusal stands whether or not it could be logged; the operator sees why.
        std::cerr << "could not audit a refusal: " << e.what() << '\n';
    }
}

http::Response Api::handle_as_operator(const http::Request& request) const {
    auth::Principal op;
    op.username = request.user.empty() ? "operator" : request.user;
    op.display_name = op.username;
    op.via = auth::Principal::Via::cli;
    op.grants.push_back({0, auth::installation, auth::Role::administrator, std::nullopt});
    return gated(request, op);
}

http::Response Api::handle(const http::Request& request) const {
    auto response = gated(request, std::nullopt);
    finish(response, request);
    return response;
}

// What every answer of handle() and of the fast path (api/fast_path.cpp) gets alike.
void Api::finish(http::Response& response, const http::Request& request) const {
    // A route may set a stricter policy of its own (a document: no script at all).
    bool own_policy = std::any_of(response.headers.begin(), response.headers.end(),
                                  [](const auto& h) { return h.first == "Content-Security-Policy"; });
    for (auto& [name, value] : security_headers(request_over_tls(request, auth_.config()))) {
        if (own_policy && name == "Content-Security-Policy") continue;
        response.headers.emplace_back(name, value);
    }
    if (request.path.rfind("/api/", 0) == 0) {
        response.headers.emplace_back("Cache-Control", "no-store");
        revalidate(response, request);  // ETag, and 304 when the client holds these bytes (api/etag.hpp)
    }
}

http::Response Api::gated(const http::Request& in, const std::optional<auth::Principal>& preset) const {
    auto lang = language_of(in);
    http::Request request = in;
    request.remote_address = client_address(in, auth_.config().trusted_proxies);
    request.secure = request_over_tls(in, auth_.config());
    std::optional<auth::Principal> principal;
    const Route* route = nullptr;
    Params params;
    // Row-level security (docs/scale-out.md "Tenants"): a request sees no rows until the
    // gate names its organisation: the one its URL addresses. Routes without one (sign-in,
    // one's own sessions, the installation's routes) enter a narrow system scope in the
    // code that needs it.
    storage::DenyScope base_scope;
    std::optional<storage::OrganisationScope> org_scope;
    try {
        return answer(request, [&] {
            principal = preset ? preset : authenticate(request);
            route = router_.find(request.method, request.path, params);
            if (route == nullptr) return router_.dispatch(request);  // 404 or 405
            if (auto org = org_of(params)) org_scope.emplace(*org);
            authorise_route(*route, params, request, principal);
            request.user = principal ? principal->username : "";
            PrincipalScope scope(principal ? &*principal : nullptr);
            // Standby or primary (docs/scale-out.md); without a standby, simply the handler.
            return handle_with_read_routing(db_, *route, request, params, principal ? &*principal : nullptr);
        });
    } catch (const auth::AccessError& e) {
        if (e.status() == 403 || (e.status() == 401 && !is_safe_method(request.method) && route != nullptr &&
                                  route->access != Access::open)) {
            audit_denial(request, route, params, principal, e.code());
        }
        auto response = error_response(e.status(), e.code(), e.what_text(), lang);
        if (e.status() == 401) response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"styrkort\"");
        if (e.status() == 429) response.headers.emplace_back("Retry-After", "900");
        return response;
    }
}

}  // namespace styrkort::api
