// The OpenID Connect ID token and the provider's JWKS (auth/id_token.cpp), both bytes
// from outside: the input is the JWKS document, a newline, and the token. Either the
// token is verified or TokenRejected says why; never a crash, leak or other exception.
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

#include "auth/id_token.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace styrkort::auth;
    const std::string input(reinterpret_cast<const char*>(data), size);
    const auto split = input.find('\n');
    const std::string jwks_text = split == std::string::npos ? std::string{} : input.substr(0, split);
    const std::string jwt = split == std::string::npos ? input : input.substr(split + 1);
    // As OidcClient reads the provider's JWKS: any JSON, checked by the verifier.
    boost::system::error_code ec;
    auto jwks = boost::json::parse(jwks_text, ec);
    if (ec) jwks = boost::json::object{};
    try {
        (void)id_token_key_id(jwt);
    } catch (const TokenRejected&) {
    }
    try {
        IdTokenExpectations expect{.issuer = "https://idp.region.se", .client_id = "styrkort",
                                   .nonce = "n-0S6_WzA2Mj", .now = 1'790'000'000};
        (void)verify_id_token(jwt, jwks, expect);
    } catch (const TokenRejected&) {
    }
    return 0;
}
