#include "auth/id_token.hpp"

#include <boost/json/parse.hpp>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <memory>
#include <vector>

#include "auth/crypto.hpp"

namespace styrkort::auth {
namespace {

namespace json = boost::json;

struct Parts {
    json::object header;
    json::object claims;
    std::string signed_part;  // header.payload, as sent
    std::string signature;    // raw bytes
};

json::object decode_object(const std::string& part) {
    auto bytes = base64url_decode(part);
    if (!bytes) throw TokenRejected("malformed");
    boost::system::error_code ec;
    auto v = json::parse(*bytes, ec);
    if (ec || !v.is_object()) throw TokenRejected("malformed");
    return v.as_object();
}

Parts split(const std::string& jwt) {
    auto first = jwt.find('.');
    auto second = first == std::string::npos ? std::string::npos : jwt.find('.', first + 1);
    if (second == std::string::npos || jwt.find('.', second + 1) != std::string::npos || jwt.size() > 64 * 1024) {
        throw TokenRejected("malformed");
    }
    Parts p;
    p.header = decode_object(jwt.substr(0, first));
    p.claims = decode_object(jwt.substr(first + 1, second - first - 1));
    p.signed_part = jwt.substr(0, second);
    auto sig = base64url_decode(jwt.substr(second + 1));
    if (!sig || sig->empty()) throw TokenRejected("malformed");
    p.signature = std::move(*sig);
    return p;
}

std::string string_member(const json::object& o, const char* name) {
    const auto* v = o.if_contains(name);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string{};
}

std::optional<std::int64_t> number_member(const json::object& o, const char* name) {
    const auto* v = o.if_contains(name);
    if (v == nullptr) return std::nullopt;
    if (v->is_int64()) return v->as_int64();
    if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
    if (v->is_double()) return static_cast<std::int64_t>(v->as_double());
    return std::nullopt;
}

struct PkeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

// An RSA public key from the JWK's modulus and exponent; null when they are unusable.
Pkey rsa_key(const std::string& n_b64, const std::string& e_b64) {
    auto n_bytes = base64url_decode(n_b64);
    auto e_bytes = base64url_decode(e_b64);
    if (!n_bytes || !e_bytes || n_bytes->size() < 256 || e_bytes->empty()) return nullptr;  // at least 2048 bits
    auto bn = [](const std::string& b) {
        return BN_bin2bn(reinterpret_cast<const unsigned char*>(b.data()), static_cast<int>(b.size()), nullptr);
    };
    BIGNUM* n = bn(*n_bytes);
    BIGNUM* e = bn(*e_bytes);
    OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM* params = nullptr;
    EVP_PKEY_CTX* ctx = nullptr;
    EVP_PKEY* key = nullptr;
    if (n != nullptr && e != nullptr && bld != nullptr && OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) == 1 &&
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) == 1 && (params = OSSL_PARAM_BLD_to_param(bld)) != nullptr &&
        (ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr)) != nullptr && EVP_PKEY_fromdata_init(ctx) == 1) {
        if (EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1) key = nullptr;
    }
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_free(n);
    BN_free(e);
    return Pkey(key);
}

bool rs256_valid(EVP_PKEY* key, const std::string& data, const std::string& signature) {
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    bool ok = md != nullptr && EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, key) == 1 &&
              EVP_DigestVerify(md, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                               reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
    EVP_MD_CTX_free(md);
    return ok;
}

bool audience_includes(const json::object& claims, const std::string& client_id) {
    const auto* aud = claims.if_contains("aud");
    if (aud == nullptr) return false;
    if (aud->is_string()) return aud->as_string() == client_id;
    if (!aud->is_array()) return false;
    bool found = false;
    for (const auto& a : aud->as_array()) found = found || (a.is_string() && a.as_string() == client_id);
    // Several audiences: the token must say it was issued to us (azp).
    if (found && aud->as_array().size() > 1) return string_member(claims, "azp") == client_id;
    return found;
}

}  // namespace

std::string id_token_key_id(const std::string& jwt) { return string_member(split(jwt).header, "kid"); }

json::object verify_id_token(const std::string& jwt, const json::value& jwks, const IdTokenExpectations& expect) {
    auto parts = split(jwt);
    // Only RS256: "none", HMAC with a public key as secret and other algorithms are
    // refused before any key is looked at.
    if (string_member(parts.header, "alg") != "RS256") throw TokenRejected("algorithm");
    auto kid = string_member(parts.header, "kid");
    const auto* keys = jwks.is_object() ? jwks.as_object().if_contains("keys") : nullptr;
    if (keys == nullptr || !keys->is_array()) throw TokenRejected("unknown_key");
    bool candidate = false;
    bool verified = false;
    for (const auto& k : keys->as_array()) {
        if (!k.is_object()) continue;
        const auto& jwk = k.as_object();
        if (string_member(jwk, "kty") != "RSA") continue;
        if (!kid.empty() && string_member(jwk, "kid") != kid) continue;
        auto use = string_member(jwk, "use");
        if (!use.empty() && use != "sig") continue;
        auto alg = string_member(jwk, "alg");
        if (!alg.empty() && alg != "RS256") continue;
        auto key = rsa_key(string_member(jwk, "n"), string_member(jwk, "e"));
        if (!key) continue;
        candidate = true;
        if (rs256_valid(key.get(), parts.signed_part, parts.signature)) {
            verified = true;
            break;
        }
    }
    if (!candidate) throw TokenRejected("unknown_key");
    if (!verified) throw TokenRejected("signature");

    const auto& claims = parts.claims;
    if (string_member(claims, "iss") != expect.issuer) throw TokenRejected("issuer");
    if (!audience_includes(claims, expect.client_id)) throw TokenRejected("audience");
    auto exp = number_member(claims, "exp");
    if (!exp || *exp + expect.leeway_seconds < expect.now) throw TokenRejected("expired");
    auto iat = number_member(claims, "iat");
    if (!iat || *iat - expect.leeway_seconds > expect.now) throw TokenRejected("issued_in_future");
    if (expect.nonce.empty() || !same_secret(string_member(claims, "nonce"), expect.nonce)) {
        throw TokenRejected("nonce");
    }
    if (string_member(claims, "sub").empty()) throw TokenRejected("subject");
    return claims;
}

}  // namespace styrkort::auth
