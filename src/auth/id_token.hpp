#pragma once
// Verifying an OpenID Connect ID token: a JWT signed with RS256 by a key the provider
// publishes in its JWKS, issued by the expected issuer, for this client, not expired,
// not issued in the future, and carrying the nonce this login sent. Pure: no I/O.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace styrkort::auth {

// Why a token was refused: reason is a short code for the audit log ("signature",
// "issuer", "audience", "expired", "nonce", ...).
class TokenRejected : public std::runtime_error {
public:
    explicit TokenRejected(std::string reason)
        : std::runtime_error("ID token refused: " + reason), reason_(std::move(reason)) {}
    [[nodiscard]] const std::string& reason() const { return reason_; }

private:
    std::string reason_;
};

struct IdTokenExpectations {
    std::string issuer;
    std::string client_id;
    std::string nonce;
    std::int64_t now = 0;            // seconds since the epoch
    std::int64_t leeway_seconds = 60;  // clock skew allowed between us and the provider
};

// The key id the token's header names ("" when none): to refetch the JWKS once when
// the provider has rotated its keys. Throws TokenRejected("malformed").
std::string id_token_key_id(const std::string& jwt);

// The token's claims once every check has passed; throws TokenRejected otherwise
// ("unknown_key" when no key of the JWKS fits: the caller may refetch and retry).
boost::json::object verify_id_token(const std::string& jwt, const boost::json::value& jwks,
                                    const IdTokenExpectations& expect);

}  // namespace styrkort::auth
