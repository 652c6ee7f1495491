// TOTP (src/auth/totp.cpp) against the RFCs' own test vectors: RFC 6238 appendix B
// (SHA-1, eight digits, the 20-byte ASCII key "12345678901234567890") and RFC 4226
// appendix D (HOTP, six digits); base32 against RFC 4648 section 10; the ±1 step
// window and the refusal of a step already used.
#include <gtest/gtest.h>

#include "auth/crypto.hpp"
#include "auth/totp.hpp"

namespace styrkort::auth {
namespace {

const std::string rfc_key = "12345678901234567890";

TEST(Totp, Rfc6238AppendixBSha1Vectors) {
    struct Vector {
        std::int64_t time;
        const char* code;
    };
    for (const auto& v : {Vector{59, "94287082"}, Vector{1111111109, "07081804"}, Vector{1111111111, "14050471"},
                          Vector{1234567890, "89005924"}, Vector{2000000000, "69279037"},
                          Vector{20000000000, "65353130"}}) {
        EXPECT_EQ(totp(rfc_key, v.time, 8), v.code) << "T = " << v.time;
    }
    EXPECT_EQ(totp_step(59), 1);
    EXPECT_EQ(totp_step(20000000000), 666666666);
}

TEST(Totp, Rfc4226AppendixDHotpVectors) {
    const char* codes[] = {"755224", "287082", "359152", "969429", "338314",
                           "254676", "287922", "162583", "399871", "520489"};
    for (std::uint64_t i = 0; i < 10; ++i) EXPECT_EQ(hotp(rfc_key, i), codes[i]) << "count " << i;
}

TEST(Totp, Base32Rfc4648Vectors) {
    EXPECT_EQ(base32_encode(""), "");
    EXPECT_EQ(base32_encode("f"), "MY");
    EXPECT_EQ(base32_encode("fo"), "MZXQ");
    EXPECT_EQ(base32_encode("foo"), "MZXW6");
    EXPECT_EQ(base32_encode("foob"), "MZXW6YQ");
    EXPECT_EQ(base32_encode("fooba"), "MZXW6YTB");
    EXPECT_EQ(base32_encode("foobar"), "MZXW6YTBOI");
    EXPECT_EQ(base32_decode("MZXW6YTBOI").value(), "foobar");
    EXPECT_EQ(base32_decode("mzxw 6ytb oi======").value(), "foobar");
    EXPECT_FALSE(base32_decode("MZXW1").has_value());  // 1 is not in the alphabet
    EXPECT_EQ(base32_encode(rfc_key), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

TEST(Totp, AcceptsOneStepEitherSideOnceEach) {
    std::int64_t now = 1111111111;  // step 37037037
    std::int64_t step = totp_step(now);
    auto at = [&](std::int64_t s) { return hotp(rfc_key, static_cast<std::uint64_t>(s)); };
    EXPECT_EQ(match_totp(rfc_key, at(step), now, std::nullopt), step);
    EXPECT_EQ(match_totp(rfc_key, at(step - 1), now, std::nullopt), step - 1);
    EXPECT_EQ(match_totp(rfc_key, at(step + 1), now, std::nullopt), step + 1);
    EXPECT_FALSE(match_totp(rfc_key, at(step - 2), now, std::nullopt));
    EXPECT_FALSE(match_totp(rfc_key, at(step + 2), now, std::nullopt));
    // Used once: the same step again, or an older one, is refused.
    EXPECT_FALSE(match_totp(rfc_key, at(step), now, step));
    EXPECT_FALSE(match_totp(rfc_key, at(step - 1), now, step));
    EXPECT_EQ(match_totp(rfc_key, at(step + 1), now, step), step + 1);
    // As apps show it, with a space; nothing else.
    auto code = at(step);
    EXPECT_EQ(match_totp(rfc_key, code.substr(0, 3) + " " + code.substr(3), now, std::nullopt), step);
    EXPECT_FALSE(match_totp(rfc_key, "", now, std::nullopt));
    EXPECT_FALSE(match_totp(rfc_key, code + "0", now, std::nullopt));
    EXPECT_FALSE(match_totp(rfc_key, "abcdef", now, std::nullopt));
}

TEST(Totp, OtpauthUriNamesTheAccountAndSecret) {
    EXPECT_EQ(otpauth_uri("Styrkort", "anna.berg@region", rfc_key),
              "otpauth://totp/Styrkort:anna.berg%40region?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Styrkort"
              "&algorithm=SHA1&digits=6&period=30");
}

// The secret at rest (STYRKORT_TOTP_KEY_FILE): sealed with the key, opened only with it;
// without a key, kept as it is (and read back either way).
TEST(Totp, SecretsAreSealedWithTheKeyAndOpenedOnlyWithIt) {
    std::string key(32, 'k'), other(32, 'o');
    auto sealed = seal_secret(rfc_key, key);
    EXPECT_EQ(sealed.rfind("sb1:", 0), 0u);
    EXPECT_EQ(sealed.find(base64url(rfc_key)), std::string::npos);
    EXPECT_NE(seal_secret(rfc_key, key), sealed) << "a fresh nonce each time";
    EXPECT_EQ(open_secret(sealed, key).value(), rfc_key);
    EXPECT_FALSE(open_secret(sealed, other).has_value());
    EXPECT_FALSE(open_secret(sealed, "").has_value());
    auto tampered = sealed;
    tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
    EXPECT_FALSE(open_secret(tampered, key).has_value());
    EXPECT_EQ(open_secret(seal_secret(rfc_key, ""), "").value(), rfc_key);
    EXPECT_EQ(open_secret(seal_secret(rfc_key, ""), key).value(), rfc_key) << "secrets stored before a key was set";
}

}  // namespace
}  // namespace styrkort::auth
