// OWASP ASVS 5.0 level 2 requirements that docs/security.md cites this file for: the
// Argon2id parameters, the __Host- cookies under TLS, read-scope tokens refused at the
// gate, and no secrets in the access log. Real server, both backends.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "auth/crypto.hpp"
#include "identity_support.hpp"

namespace styrkort::testing {
namespace {

using auth::Role;

constexpr const char* good_password = "Kallt-vatten-i-Lule-älv-7";

std::string set_cookie_named(const HttpResponse& r, const std::string& name) {
    for (const auto& [n, v] : r.headers) {
        if (v.rfind(name + "=", 0) == 0) return v;
    }
    return {};
}

// OWASP's Password Storage Cheat Sheet: Argon2id with at least m = 19 MiB, t = 2, p = 1.
TEST(SecurityArgon2, ParametersAreAtLeastOwaspsMinimum) {
    auto h = auth::hash_password(good_password);
    std::smatch m;
    ASSERT_TRUE(std::regex_search(h, m, std::regex(R"(^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$)"))) << h;
    EXPECT_GE(std::stol(m[1]), 19 * 1024) << "memory in KiB";
    EXPECT_GE(std::stol(m[2]), 2) << "iterations";
    EXPECT_GE(std::stol(m[3]), 1) << "parallelism";
    EXPECT_FALSE(auth::password_needs_rehash(h));
}

class SecurityTest : public ::testing::TestWithParam<Backend> {};

TEST_P(SecurityTest, UnderTlsTheCookiesAreHostPrefixedAndAPlainOneIsNotAccepted) {
    RunningServer s(GetParam(), {}, auth::AuthConfig{.secure_cookies = true});
    make_user(s, "anna", good_password, {});
    auto session = login(s, "anna", good_password);
    ASSERT_EQ(session.login_response.status, 200);
    auto cookie = set_cookie_named(session.login_response, "__Host-styrkort_session");
    ASSERT_FALSE(cookie.empty()) << "the session cookie is __Host-styrkort_session";
    for (const char* flag : {"; Secure", "; HttpOnly", "; SameSite=Strict", "; Path=/"}) {
        EXPECT_NE(cookie.find(flag), std::string::npos) << flag << " in " << cookie;
    }
    EXPECT_EQ(cookie.find("Domain"), std::string::npos) << "__Host- cookies have no Domain";
    auto csrf = set_cookie_named(session.login_response, "__Host-styrkort_csrf");
    EXPECT_NE(csrf.find("; Secure"), std::string::npos);
    EXPECT_EQ(csrf.find("HttpOnly"), std::string::npos) << "the app reads the CSRF cookie";
    EXPECT_TRUE(set_cookie_named(session.login_response, "styrkort_session").empty());

    auto secret = cookie.substr(cookie.find('=') + 1, cookie.find(';') - cookie.find('=') - 1);
    EXPECT_EQ(s.anonymous_request("GET", "/api/v1/auth/me", "", {{"Cookie", "__Host-styrkort_session=" + secret}}).status, 200);
    // The same secret under the unprefixed name (as a sibling host or a plain-http page
    // could plant it) is not a session here.
    EXPECT_EQ(s.anonymous_request("GET", "/api/v1/auth/me", "", {{"Cookie", "styrkort_session=" + secret}}).status, 401);

    // Plain http:// (the embedded default on localhost): no prefix, since __Host-
    // needs Secure and a Secure cookie needs TLS.
    RunningServer plain(GetParam());
    make_user(plain, "anna", good_password, {});
    auto over_http = login(plain, "anna", good_password);
    EXPECT_FALSE(set_cookie_named(over_http.login_response, "styrkort_session").empty());
    EXPECT_TRUE(set_cookie_named(over_http.login_response, "__Host-styrkort_session").empty());
}

TEST_P(SecurityTest, AReadScopeTokenIsRefusedEveryChangeAtTheGate) {
    RunningServer s(GetParam());
    make_user(s, "anna", good_password, {});
    auto token = make_token(s, "anna", "read");
    HeaderList bearer{{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
    EXPECT_EQ(s.anonymous_request("GET", "/api/v1/auth/me", "", bearer).status, 200);
    auto out = s.anonymous_request("POST", "/api/v1/auth/logout", "", bearer);
    EXPECT_EQ(out.status, 403);
    EXPECT_EQ(error_of(out).at("code"), "read_only_token");
}

TEST_P(SecurityTest, NoSecretInTheAccessLog) {
    std::ostringstream log;
    http::ServerConfig config;
    config.access_log = &log;
    RunningServer s(GetParam(), config);
    make_user(s, "anna", good_password, {});
    auto session = login(s, "anna", good_password);
    ASSERT_EQ(session.login_response.status, 200);
    auto token = make_token(s, "anna");
    s.anonymous_request("GET", "/api/v1/auth/me", "", session_headers(session));
    s.anonymous_request("GET", "/api/v1/auth/me", "", {{"Authorization", "Bearer " + token}});
    s.anonymous_request("GET", "/api/v1/auth/oidc/callback?code=kod-hemlig-123&state=tillstand-hemligt-456");
    s.anonymous_request("POST", "/api/v1/auth/password", R"({"current_password":")" + std::string(good_password) +
                        R"(","new_password":"Nytt-hemligt-lösen-99"})", session_headers(session));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    auto text = log.str();
    ASSERT_NE(text.find("/api/v1/auth/me"), std::string::npos) << "the log is written";
    for (const std::string& secret : {std::string(good_password), std::string("Nytt-hemligt-lösen-99"), token,
                                      session.cookie.substr(session.cookie.find('=') + 1), session.csrf,
                                      std::string("kod-hemlig-123"), std::string("tillstand-hemligt-456")}) {
        EXPECT_EQ(text.find(secret), std::string::npos) << "a secret in the access log: " << secret;
    }
}

// ASVS 16.4.2/16.4.3: the audit chain's head, to be recorded elsewhere (docs/audit.md).
TEST_P(SecurityTest, TheAuditHeadNamesTheChainsLastEntryAndMovesWithEachChange) {
    RunningServer s(GetParam());
    auto org = create(s, entity("organisation"), 0, minimal_body(entity("organisation"), {}, "kedja")).at("id").as_int64();
    std::string url = "/api/v1/organisations/" + std::to_string(org) + "/audit/head";
    auto before = parse_json(s.request("GET", url).body).as_object();
    create(s, entity("unit"), org, json::object{{"key", "rs"}, {"name", "RS"}, {"kind", "board"}});
    auto after = parse_json(s.request("GET", url).body).as_object();
    EXPECT_EQ(after.at("count").as_int64(), before.at("count").as_int64() + 1);
    EXPECT_NE(after.at("hash"), before.at("hash"));
    EXPECT_EQ(after.at("hash").as_string().size(), 64u);
    auto last = s.database().read([&](storage::Connection& c) {
        return c.query("SELECT id, hash, at FROM audit_log WHERE org_id = ? ORDER BY seq DESC LIMIT 1", {org});
    });
    EXPECT_EQ(after.at("id").as_int64(), storage::as_int(last.at(0)[0]));
    EXPECT_EQ(after.at("hash").as_string(), storage::as_text(last.at(0)[1]));
    EXPECT_EQ(after.at("time").as_string(), storage::as_text(last.at(0)[2]));
    // Administrators of the organisation only.
    EXPECT_EQ(s.anonymous_request("GET", url).status, 401);
}

INSTANTIATE_TEST_SUITE_P(Backends, SecurityTest, backends(), backend_name);

}  // namespace
}  // namespace styrkort::testing
