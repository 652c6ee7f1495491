// Single sign-on with OpenID Connect (auth/oidc.hpp): whether it is offered, the
// redirect to the provider, and the provider's redirect back, which ends in an
// ordinary session (the same cookies as POST /auth/login) or on the sign-in page with
// a reason. Failed sign-ins are audited like failed password sign-ins.
#include "api/api.hpp"
#include "api/responses.hpp"
#include "auth/errors.hpp"
#include "auth/oidc.hpp"
#include "domain/errors.hpp"

#include <iostream>

namespace styrkort::api {
namespace {

namespace json = boost::json;

constexpr const char* state_cookie = "styrkort_oidc_state";
constexpr const char* oidc_base = "/api/v1/auth/oidc";

// The state cookie goes with the provider's redirect back, a navigation from another
// site: SameSite=Lax (Strict would not be sent), only to the callback's path.
// Over TLS with the __Secure- prefix (its Path is the callback's, so not __Host-).
std::string state_cookie_name(bool secure) { return (secure ? "__Secure-" : "") + std::string(state_cookie); }

std::string state_cookie_header(const std::string& value, bool secure, bool clear) {
    return state_cookie_name(secure) + "=" + value + "; Path=" + oidc_base + "; HttpOnly; SameSite=Lax" +
           (clear ? "; Max-Age=0" : "; Max-Age=600") + (secure ? "; Secure" : "");
}

http::Response redirect(const std::string& location) {
    http::Response res;
    res.status = 302;
    res.content_type.clear();
    res.headers.emplace_back("Location", location);
    return res;
}

std::string query_value(const http::Request& r, const std::string& name) {
    auto it = r.query.find(name);
    return it == r.query.end() ? std::string{} : it->second;
}

}  // namespace

void Api::add_oidc_routes() {
    router_.add({"GET", oidc_base, "oidcStatus", "Whether single sign-on (OpenID Connect) is offered", "Identity", "",
                 "oidc_status",
                 [this](const http::Request&, const Params&) {
                     json::object out{{"enabled", oidc_ != nullptr}};
                     if (oidc_) out["login_url"] = std::string(oidc_base) + "/login";
                     return json_response(200, out);
                 },
                 Access::open});
    router_.add({"GET", std::string(oidc_base) + "/login", "oidcLogin",
                 "Sign in through the OpenID Connect provider: redirects the browser there (code flow, PKCE S256)",
                 "Identity", "", "oidc_login",
                 [this](const http::Request& r, const Params&) {
                     if (!oidc_) throw NotFound({"inloggning via e-legitimation/SSO är inte inställd", "single sign-on is not configured"});
                     try {
                         auto start = oidc_->begin(query_value(r, "return_to"), r.remote_address);
                         auto res = redirect(start.authorization_url);
                         res.headers.emplace_back("Set-Cookie", state_cookie_header(start.state, r.secure, false));
                         return res;
                     } catch (const auth::OidcRefused& e) {
                         std::cerr << "single sign-on: " << e.what() << '\n';
                         return redirect("/login?sso_error=" + e.reason());
                     }
                 },
                 Access::open});
    router_.add({"GET", std::string(oidc_base) + "/callback", "oidcCallback",
                 "Where the OpenID Connect provider sends the browser back: checks state, PKCE, the ID token and its "
                 "nonce, then signs in (session cookie) and redirects into the app",
                 "Identity", "", "oidc_callback",
                 [this](const http::Request& r, const Params&) {
                     if (!oidc_) throw NotFound({"inloggning via e-legitimation/SSO är inte inställd", "single sign-on is not configured"});
                     std::string reason;
                     std::string username;
                     try {
                         if (!query_value(r, "error").empty()) throw auth::OidcRefused("provider_error");
                         // RFC 9207: a provider that names itself must be ours (mix-up defence).
                         if (auto iss = query_value(r, "iss"); !iss.empty() && iss != oidc_->settings().issuer) {
                             throw auth::OidcRefused("issuer");
                         }
                         auto done = oidc_->finish(query_value(r, "code"), query_value(r, "state"),
                                                   cookie_value(r.header("cookie"), state_cookie_name(r.secure)), r.remote_address);
                         auto res = redirect(done.return_to);
                         res.headers.emplace_back("Set-Cookie", state_cookie_header("", r.secure, true));
                         set_session_cookies(res, done.signed_in.session_secret, done.signed_in.principal.csrf_token,
                                             r.secure);
                         return res;
                     } catch (const auth::OidcRefused& e) {
                         reason = e.reason();
                         username = e.username();
                     }
                     storage::Id org = 0;
                     try {
                         org = find_organisation(oidc_->settings().organisation).value_or(0);
                     } catch (const NotFound&) {
                         org = 0;
                     }
                     auth_.audit_event(org, {username.empty() ? "anonymous" : username, r.remote_address},
                                       "login_failed", "user", std::nullopt,
                                       json::object{{"via", "oidc"}, {"reason", reason}, {"username", username}});
                     auto res = redirect("/login?sso_error=" + reason);
                     res.headers.emplace_back("Set-Cookie", state_cookie_header("", r.secure, true));
                     return res;
                 },
                 Access::open});
}

}  // namespace styrkort::api
