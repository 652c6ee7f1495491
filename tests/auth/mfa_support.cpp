#include "mfa_support.hpp"

#include <gtest/gtest.h>

#include "auth/crypto.hpp"
#include "auth/mfa_service.hpp"
#include "auth/totp.hpp"

namespace styrkort::testing {

HeaderList json_session(const Session& s) {
    auto h = session_headers(s);
    h.emplace_back("Content-Type", "application/json");
    return h;
}

std::int64_t last_step(RunningServer& s, Id user) {
    return s.database().read([&](storage::Connection& c) {
        return storage::as_int(c.query("SELECT last_step FROM user_totp WHERE user_id = ?", {user}).at(0).at(0));
    });
}
std::string next_code(RunningServer& s, Id user, const std::string& key) {
    return auth::hotp(key, static_cast<std::uint64_t>(last_step(s, user) + 1));
}

Enrolled enrol(RunningServer& s, const Session& session) {
    auto begun = s.anonymous_request("POST", "/api/v1/auth/mfa/totp", "{}", json_session(session));
    EXPECT_EQ(begun.status, 200) << begun.body;
    auto b = parse_json(begun.body).as_object();
    std::string secret(b.at("secret").as_string());
    EXPECT_GE(secret.size(), 32u);  // ≥ 160 bits in base32
    EXPECT_NE(std::string(b.at("otpauth_uri").as_string()).find("otpauth://totp/Styrkort:"), std::string::npos);
    EXPECT_EQ(std::string(b.at("qr_svg").as_string()).rfind("<svg", 0), 0u);
    Enrolled e{auth::base32_decode(secret).value(), {}};
    EXPECT_EQ(e.key.size(), 20u);
    auto code = auth::totp(e.key, auth::unix_now());
    auto confirmed = s.anonymous_request("POST", "/api/v1/auth/mfa/totp/confirm",
                                         json::serialize(json::object{{"code", code}}), json_session(session));
    EXPECT_EQ(confirmed.status, 200) << confirmed.body;
    auto answer = parse_json(confirmed.body);
    for (const auto& c : answer.at("recovery_codes").as_array()) e.recovery.emplace_back(c.as_string());
    EXPECT_EQ(e.recovery.size(), 10u);
    return e;
}

HttpResponse second_step(RunningServer& s, const std::string& challenge, const std::string& code) {
    return s.anonymous_request("POST", "/api/v1/auth/login/mfa",
                               json::serialize(json::object{{"mfa_challenge", challenge}, {"code", code}}),
                               {{"Content-Type", "application/json"}});
}

std::string challenge_of(const Session& first) {
    EXPECT_EQ(first.login_response.status, 202) << first.login_response.body;
    EXPECT_TRUE(first.cookie.empty()) << "no session before the second factor";
    return std::string(parse_json(first.login_response.body).at("mfa_challenge").as_string());
}

}  // namespace styrkort::testing
