#pragma once
// Single sign-on with OpenID Connect: the authorization code flow with PKCE (S256),
// state and nonce, against the provider named in OidcSettings. The provider's
// discovery document and keys are fetched when needed and kept for an hour (keys are
// fetched again when a token names a key we do not have). A successful sign-in makes
// an ordinary Styrkort session; the person's user is created or updated from the
// claims (just in time) and their roles are set from the role mapping on every
// sign-in: no mapped role, no rights.
#include <chrono>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

#include <boost/json/value.hpp>

#include "auth/oidc_settings.hpp"
#include "auth/service.hpp"

namespace styrkort::auth {

// A sign-in through the provider was refused; reason is a code for the audit log and
// the sign-in page (state, token_endpoint, signature, nonce, no_username, ...).
class OidcRefused : public std::runtime_error {
public:
    OidcRefused(std::string reason, std::string username = {})
        : std::runtime_error("single sign-on refused: " + reason), reason_(std::move(reason)),
          username_(std::move(username)) {}
    [[nodiscard]] const std::string& reason() const { return reason_; }
    [[nodiscard]] const std::string& username() const { return username_; }

private:
    std::string reason_;
    std::string username_;
};

struct OidcStart {
    std::string authorization_url;  // where to send the browser
    std::string state;              // also goes into a cookie: binds the callback to this browser
};

struct OidcFinished {
    SignedIn signed_in;
    std::string return_to;  // a path on this site
};

class OidcClient {
public:
    OidcClient(storage::Database& db, OidcSettings settings) : db_(db), settings_(std::move(settings)) {}
    [[nodiscard]] const OidcSettings& settings() const { return settings_; }

    // Records state, nonce and PKCE verifier (valid for ten minutes, used once) and
    // returns the provider's authorization URL. Throws OidcRefused("provider_unreachable"),
    // or TooManyAttempts when the client address (or everyone) has too many under way.
    OidcStart begin(const std::string& return_to, const std::string& remote);
    // The provider sent the browser back with `code` and `state`; `cookie_state` is
    // what the browser's cookie holds. Throws OidcRefused.
    OidcFinished finish(const std::string& code, const std::string& state, const std::string& cookie_state,
                        const std::string& remote);
    // The provider's end-session URL for a session begun through it (nullopt when the
    // session was not, or the provider has no end_session_endpoint).
    std::optional<std::string> end_session_url(Id session_id);

private:
    struct Provider {
        std::string authorization_endpoint, token_endpoint, jwks_uri, userinfo_endpoint, end_session_endpoint;
        boost::json::value jwks;
        std::chrono::steady_clock::time_point fetched{};
    };
    Provider provider(bool refresh_keys = false);
    boost::json::object verified_claims(const std::string& id_token, const std::string& nonce);

    storage::Database& db_;
    OidcSettings settings_;
    std::mutex mutex_;
    std::optional<Provider> provider_;
};

// RFC 3986 percent-encoding of everything but unreserved characters (for form and
// query values).
std::string url_encode(const std::string& s);

}  // namespace styrkort::auth
