// ID token verification (auth/id_token.hpp) with tokens signed here by real RSA keys
// (OpenSSL): what a provider signs passes; every forgery and every wrong claim is
// refused with its reason. And the claim-to-role mapping of single sign-on.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <memory>

#include "auth/crypto.hpp"
#include "auth/id_token.hpp"
#include "auth/oidc.hpp"
#include "auth/oidc_settings.hpp"

namespace styrkort::auth {
namespace {

namespace json = boost::json;

struct Key {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey{EVP_RSA_gen(2048), &EVP_PKEY_free};

    std::string param(const char* name) const {
        BIGNUM* bn = nullptr;
        EVP_PKEY_get_bn_param(pkey.get(), name, &bn);
        std::string bytes(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
        BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
        BN_free(bn);
        return base64url(bytes);
    }
    json::object jwk(const std::string& kid) const {
        return {{"kty", "RSA"}, {"kid", kid}, {"use", "sig"}, {"alg", "RS256"},
                {"n", param(OSSL_PKEY_PARAM_RSA_N)}, {"e", param(OSSL_PKEY_PARAM_RSA_E)}};
    }
    std::string sign(const std::string& data) const {
        EVP_MD_CTX* md = EVP_MD_CTX_new();
        std::size_t length = 0;
        EVP_DigestSignInit(md, nullptr, EVP_sha256(), nullptr, pkey.get());
        EVP_DigestSign(md, nullptr, &length, reinterpret_cast<const unsigned char*>(data.data()), data.size());
        std::string sig(length, '\0');
        EVP_DigestSign(md, reinterpret_cast<unsigned char*>(sig.data()), &length,
                       reinterpret_cast<const unsigned char*>(data.data()), data.size());
        EVP_MD_CTX_free(md);
        sig.resize(length);
        return sig;
    }
};

const std::int64_t now = 1'790'000'000;

json::object good_claims() {
    return {{"iss", "https://idp.region.se"}, {"sub", "19121212-1212"}, {"aud", "styrkort"},
            {"exp", now + 300}, {"iat", now - 5}, {"nonce", "n-0S6_WzA2Mj"}};
}

std::string token(const Key& key, const json::object& claims, json::object header = {{"alg", "RS256"}, {"kid", "k1"}}) {
    auto part = base64url(json::serialize(header)) + "." + base64url(json::serialize(claims));
    return part + "." + base64url(key.sign(part));
}

class IdTokenTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        provider_key = new Key();
        attacker_key = new Key();
    }
    static void TearDownTestSuite() {
        delete provider_key;
        delete attacker_key;
    }
    json::value jwks() const { return json::object{{"keys", json::array{provider_key->jwk("k1")}}}; }
    IdTokenExpectations expect() const { return {"https://idp.region.se", "styrkort", "n-0S6_WzA2Mj", now}; }
    std::string refused(const std::string& jwt) const {
        try {
            verify_id_token(jwt, jwks(), expect());
        } catch (const TokenRejected& e) {
            return e.reason();
        }
        return "accepted";
    }
    static Key* provider_key;
    static Key* attacker_key;
};
Key* IdTokenTest::provider_key = nullptr;
Key* IdTokenTest::attacker_key = nullptr;

TEST_F(IdTokenTest, ATokenSignedByTheProvidersKeyWithTheRightClaimsPasses) {
    auto claims = verify_id_token(token(*provider_key, good_claims()), jwks(), expect());
    EXPECT_EQ(claims.at("sub"), "19121212-1212");
    EXPECT_EQ(id_token_key_id(token(*provider_key, good_claims())), "k1");
    // Several audiences are fine when the token says it was issued to us.
    auto c = good_claims();
    c["aud"] = json::array{"styrkort", "annan-tjanst"};
    c["azp"] = "styrkort";
    EXPECT_EQ(refused(token(*provider_key, c)), "accepted");
}

TEST_F(IdTokenTest, ForgedSignaturesAndAlgorithmsAreRefused) {
    EXPECT_EQ(refused(token(*attacker_key, good_claims())), "signature");
    // Claims changed after signing.
    auto good = token(*provider_key, good_claims());
    auto changed = good_claims();
    changed["sub"] = "someone-else";
    auto first = good.find('.');
    auto second = good.find('.', first + 1);
    EXPECT_EQ(refused(good.substr(0, first + 1) + base64url(json::serialize(changed)) + good.substr(second)), "signature");
    // alg none, and HMAC keyed with something public.
    auto header_none = base64url(json::serialize(json::object{{"alg", "none"}}));
    EXPECT_EQ(refused(header_none + "." + base64url(json::serialize(good_claims())) + ".AA"), "algorithm");
    EXPECT_EQ(refused(token(*provider_key, good_claims(), {{"alg", "HS256"}, {"kid", "k1"}})), "algorithm");
    // A key the provider does not publish.
    EXPECT_EQ(refused(token(*provider_key, good_claims(), {{"alg", "RS256"}, {"kid", "k2"}})), "unknown_key");
    for (const char* bad : {"", "abc", "a.b", "a.b.c.d", "!!.??.##"}) EXPECT_EQ(refused(bad), "malformed") << bad;
}

TEST_F(IdTokenTest, WrongIssuerAudienceTimesAndNonceAreRefused) {
    auto with = [&](const char* name, json::value v) {
        auto c = good_claims();
        if (v.is_null()) {
            c.erase(name);
        } else {
            c[name] = v;
        }
        return refused(token(*provider_key, c));
    };
    EXPECT_EQ(with("iss", "https://elak.example"), "issuer");
    EXPECT_EQ(with("aud", "en-annan-klient"), "audience");
    EXPECT_EQ(with("aud", json::array{"styrkort", "annan"}), "audience");  // no azp
    EXPECT_EQ(with("exp", now - 61), "expired");
    EXPECT_EQ(with("exp", nullptr), "expired");
    EXPECT_EQ(with("exp", now - 30), "accepted");  // within the allowed clock skew
    EXPECT_EQ(with("iat", now + 120), "issued_in_future");
    EXPECT_EQ(with("nonce", "en-annan-nonce"), "nonce");
    EXPECT_EQ(with("nonce", nullptr), "nonce");
    EXPECT_EQ(with("sub", ""), "subject");
}

TEST(OidcRoleMapping, ClaimEntriesAndMappedGroupsGiveRolesAndNothingElse) {
    OidcSettings s;
    auto roles = roles_from_claims(s, {"planner@div-psykiatri", "reader", "superuser", "planner@", "administratör"});
    ASSERT_EQ(roles.size(), 2u);
    EXPECT_EQ(roles[0].role, "planner");
    EXPECT_EQ(roles[0].unit_key, "div-psykiatri");
    EXPECT_EQ(roles[1].role, "reader");
    EXPECT_EQ(roles[1].unit_key, "");
    // With a map, only mapped group names count, and each may give several roles.
    s.role_map["SE2321000233-styrkort-planerare"] = {"planner@SE2321000233-E123", "reader"};
    roles = roles_from_claims(s, {"SE2321000233-styrkort-planerare", "planner@div-psykiatri"});
    ASSERT_EQ(roles.size(), 2u);
    EXPECT_EQ(roles[0].unit_key, "SE2321000233-E123");
    EXPECT_TRUE(roles_from_claims(s, {}).empty());
}

TEST(OidcHelpers, PkceAndUrlEncoding) {
    // RFC 7636 appendix B: the S256 challenge of the example verifier.
    EXPECT_EQ(base64url(sha256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    EXPECT_EQ(url_encode("a b&c=d/é~"), "a%20b%26c%3Dd%2F%C3%A9~");
    EXPECT_EQ(base64url_decode(base64url("åäö\x01")), std::optional<std::string>("åäö\x01"));
    EXPECT_FALSE(base64url_decode("inte base64!"));
}

}  // namespace
}  // namespace styrkort::auth
