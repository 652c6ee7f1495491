// The second factor over HTTP, on both backends (docs/security.md "Tvåstegsverifiering"):
// enrolment and its confirmation, sign-in that needs the code and creates the session
// only after it, a wrong code, a replayed code, a recovery code accepted once only,
// wrong codes locking the account like wrong passwords, disabling, new recovery codes,
// an administrator's reset, and what an API token may not do. Codes are computed here
// from the secret the server showed, with the same RFC 6238 function.
#include <gtest/gtest.h>

#include "auth/crypto.hpp"
#include "auth/mfa_service.hpp"
#include "auth/mfa_store.hpp"
#include "auth/totp.hpp"
#include "identity_support.hpp"
#include "mfa_support.hpp"

namespace styrkort::testing {
namespace {

constexpr const char* password = "Tvåstegs-prov-2026!";

std::string session_cookie(const HttpResponse& r) {
    for (const auto& [name, value] : r.headers) {
        if (strcasecmp(name.c_str(), "set-cookie") == 0 && value.rfind("styrkort_session=", 0) == 0) {
            return value.substr(0, value.find(';'));
        }
    }
    return {};
}

std::int64_t sessions_of(RunningServer& s, Id user) {
    return s.database().read([&](storage::Connection& c) {
        return storage::as_int(c.query("SELECT COUNT(*) FROM user_session WHERE user_id = ?", {user}).at(0).at(0));
    });
}

// Every audit row (the installation's too: these users are the installation's).
struct Logged {
    std::string actor, action, after;
};
std::vector<Logged> logged(RunningServer& s) {
    return s.database().read([&](storage::Connection& c) {
        std::vector<Logged> out;
        for (const auto& r : c.query("SELECT actor, action, after FROM audit_log ORDER BY id")) {
            out.push_back({storage::as_text(r[0]), storage::as_text(r[1]), storage::is_null(r[2]) ? "" : storage::as_text(r[2])});
        }
        return out;
    });
}

class MfaTest : public ::testing::TestWithParam<Backend> {};

TEST_P(MfaTest, EnrolConfirmThenSignInNeedsTheCodeOnceOnly) {
    RunningServer s(GetParam());
    Id user = make_user(s, "totp-anna", password, {{0, auth::Role::reader, std::nullopt}});
    auto first = login(s, "totp-anna", password);
    ASSERT_EQ(first.login_response.status, 200);

    // Before confirming, TOTP is pending and sign-in does not ask for it; a wrong
    // confirming code changes nothing.
    auto begun = s.anonymous_request("POST", "/api/v1/auth/mfa/totp", "{}", json_session(first));
    ASSERT_EQ(begun.status, 200) << begun.body;
    auto wrong = s.anonymous_request("POST", "/api/v1/auth/mfa/totp/confirm", R"({"code": "000000"})", json_session(first));
    EXPECT_EQ(wrong.status, 422) << wrong.body;
    EXPECT_EQ(error_of(wrong).at("path").as_string(), "code");
    auto status = parse_json(s.anonymous_request("GET", "/api/v1/auth/mfa", "", session_headers(first)).body).as_object();
    EXPECT_FALSE(status.at("totp_enabled").as_bool());
    EXPECT_TRUE(status.at("totp_pending").as_bool());
    EXPECT_EQ(login(s, "totp-anna", password).login_response.status, 200);

    auto e = enrol(s, first);
    status = parse_json(s.anonymous_request("GET", "/api/v1/auth/mfa", "", session_headers(first)).body).as_object();
    EXPECT_TRUE(status.at("totp_enabled").as_bool());
    EXPECT_EQ(status.at("recovery_codes_left").as_int64(), 10);
    // The secret is never shown again: a second enrolment is refused while TOTP is on.
    EXPECT_EQ(s.anonymous_request("POST", "/api/v1/auth/mfa/totp", "{}", json_session(first)).status, 409);
    // Neither the secret nor a recovery code is in the audit log.
    for (const auto& row : logged(s)) {
        EXPECT_EQ(row.after.find(auth::base32_encode(e.key)), std::string::npos);
        EXPECT_EQ(row.after.find(e.recovery[0]), std::string::npos);
    }

    // Password right: 202 and a challenge, no session (none created in the database either).
    auto sessions_before = sessions_of(s, user);
    auto challenge = challenge_of(login(s, "totp-anna", password));
    EXPECT_EQ(sessions_of(s, user), sessions_before);
    // A wrong code: 401, in Swedish, no session.
    auto refused = second_step(s, challenge, auth::hotp(e.key, static_cast<std::uint64_t>(last_step(s, user) + 40)));
    EXPECT_EQ(refused.status, 401) << refused.body;
    EXPECT_EQ(error_of(refused).at("message").as_string(), "fel kod");
    EXPECT_TRUE(session_cookie(refused).empty());
    // The confirming code again (already used): refused as a replay.
    auto replay = second_step(s, challenge, auth::hotp(e.key, static_cast<std::uint64_t>(last_step(s, user))));
    EXPECT_EQ(replay.status, 401);
    EXPECT_NE(std::string(error_of(replay).at("message").as_string()).find("redan använts"), std::string::npos) << replay.body;
    // The next code: signed in, a new session.
    auto code = next_code(s, user, e.key);
    auto ok = second_step(s, challenge, code);
    ASSERT_EQ(ok.status, 200) << ok.body;
    auto cookie = session_cookie(ok);
    ASSERT_FALSE(cookie.empty());
    EXPECT_EQ(sessions_of(s, user), sessions_before + 1);
    EXPECT_EQ(s.anonymous_request("GET", "/api/v1/auth/me", "", {{"Cookie", cookie}}).status, 200);
    // The challenge is used up, and the same code on a new challenge is a replay.
    EXPECT_EQ(second_step(s, challenge, code).status, 401);
    auto again = challenge_of(login(s, "totp-anna", password));
    auto replayed = second_step(s, again, code);
    EXPECT_EQ(replayed.status, 401);
    EXPECT_NE(std::string(error_of(replayed).at("message").as_string()).find("redan använts"), std::string::npos);
    // An unknown challenge is refused whatever the code.
    EXPECT_EQ(second_step(s, "no-such-challenge", code).status, 401);

    // A recovery code signs in once, and only once.
    auto rec = second_step(s, again, e.recovery[3]);
    ASSERT_EQ(rec.status, 200) << rec.body;
    auto third = challenge_of(login(s, "totp-anna", password));
    EXPECT_EQ(second_step(s, third, e.recovery[3]).status, 401);
    // Typed in upper case without the dash: the same code.
    auto typed = e.recovery[4];
    typed.erase(5, 1);
    for (auto& ch : typed) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    EXPECT_EQ(second_step(s, third, typed).status, 200);
    status = parse_json(s.anonymous_request("GET", "/api/v1/auth/mfa", "", session_headers(first)).body).as_object();
    EXPECT_EQ(status.at("recovery_codes_left").as_int64(), 8);
    // Every sign-in and refusal is in the audit log.
    int logins = 0;
    for (const auto& row : logged(s)) {
        if (row.action == "login" && row.after.find("second_factor") != std::string::npos) ++logins;
    }
    EXPECT_EQ(logins, 3);
    int refused_codes = 0;
    for (const auto& row : logged(s)) {
        if (row.action == "login_failed" && (row.after.find("wrong_second_factor") != std::string::npos ||
                                             row.after.find("replayed_code") != std::string::npos)) {
            ++refused_codes;
        }
    }
    EXPECT_GE(refused_codes, 4);
}

TEST_P(MfaTest, WrongCodesLockTheAccountLikeWrongPasswords) {
    RunningServer s(GetParam());
    Id user = make_user(s, "totp-bo", password, {{0, auth::Role::reader, std::nullopt}});
    auto session = login(s, "totp-bo", password);
    auto e = enrol(s, session);
    auto challenge = challenge_of(login(s, "totp-bo", password));
    auto bad = auth::hotp(e.key, static_cast<std::uint64_t>(last_step(s, user) + 50));
    for (int i = 0; i < 5; ++i) EXPECT_EQ(second_step(s, challenge, bad).status, 401) << i;
    // Five wrong codes: the challenge is spent, and the account is locked — the right
    // password now gets 429, as after five wrong passwords.
    EXPECT_EQ(second_step(s, challenge, next_code(s, user, e.key)).status, 401);
    auto locked = login(s, "totp-bo", password);
    EXPECT_EQ(locked.login_response.status, 429) << locked.login_response.body;
    // Password sign-ins do not reset the count between codes: a right password followed
    // by a wrong code still counts (no endless guessing four codes at a time).
    s.database().write([&](storage::Connection& c) {
        c.execute("UPDATE app_user SET locked_until = NULL, failed_logins = 3 WHERE id = ?", {user});
    });
    auto next = challenge_of(login(s, "totp-bo", password));
    EXPECT_EQ(second_step(s, next, bad).status, 401);
    auto counted = s.database().read([&](storage::Connection& c) {
        return storage::as_int(c.query("SELECT failed_logins FROM app_user WHERE id = ?", {user}).at(0).at(0));
    });
    EXPECT_EQ(counted, 4);
}

TEST_P(MfaTest, DisableNewRecoveryCodesAndTokensMayNot) {
    RunningServer s(GetParam());
    Id user = make_user(s, "totp-cia", password, {{0, auth::Role::reader, std::nullopt}});
    auto session = login(s, "totp-cia", password);
    auto e = enrol(s, session);
    // An API token may read the status but not change the second factor.
    auto token = make_token(s, "totp-cia");
    HeaderList bearer{{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
    EXPECT_EQ(s.anonymous_request("GET", "/api/v1/auth/mfa", "", bearer).status, 200);
    EXPECT_EQ(s.anonymous_request("POST", "/api/v1/auth/mfa/totp/disable", R"({"password": "x"})", bearer).status, 403);
    // Without the CSRF token: refused.
    auto no_csrf = session_headers(session, false);
    no_csrf.emplace_back("Content-Type", "application/json");
    EXPECT_EQ(s.anonymous_request("POST", "/api/v1/auth/mfa/totp/disable",
                                  json::serialize(json::object{{"password", password}}), no_csrf).status, 403);

    // New recovery codes with the password: the old ones stop working.
    auto fresh = s.anonymous_request("POST", "/api/v1/auth/mfa/recovery-codes",
                                     json::serialize(json::object{{"password", password}}), json_session(session));
    ASSERT_EQ(fresh.status, 200) << fresh.body;
    auto fresh_answer = parse_json(fresh.body);
    std::string new_code(fresh_answer.at("recovery_codes").at(0).as_string());
    EXPECT_EQ(second_step(s, challenge_of(login(s, "totp-cia", password)), e.recovery[0]).status, 401);
    EXPECT_EQ(second_step(s, challenge_of(login(s, "totp-cia", password)), new_code).status, 200);

    // Disabling needs a right code or password.
    auto wrong = s.anonymous_request("POST", "/api/v1/auth/mfa/totp/disable", R"({"password": "fel-lösenord"})",
                                     json_session(session));
    EXPECT_EQ(wrong.status, 422);
    EXPECT_EQ(s.anonymous_request("POST", "/api/v1/auth/mfa/totp/disable", "{}", json_session(session)).status, 422);
    auto off = s.anonymous_request("POST", "/api/v1/auth/mfa/totp/disable",
                                   json::serialize(json::object{{"code", next_code(s, user, e.key)}}), json_session(session));
    ASSERT_EQ(off.status, 204) << off.body;
    EXPECT_EQ(login(s, "totp-cia", password).login_response.status, 200);
    EXPECT_EQ(s.anonymous_request("POST", "/api/v1/auth/mfa/totp/disable",
                                  json::serialize(json::object{{"password", password}}), json_session(session)).status,
              409);
}

TEST_P(MfaTest, AdministratorResetsAUsersSecondFactor) {
    RunningServer s(GetParam());
    auto chain = create_chain(s, "organisation", 0, "mfa");
    Id org = chain.ids.at("organisation");
    Id user = make_user(s, "totp-dan", password, {{org, auth::Role::reader, std::nullopt}});
    make_user(s, "org-admin", password, {{org, auth::Role::administrator, std::nullopt}});
    make_user(s, "reader-2", password, {{org, auth::Role::reader, std::nullopt}});
    auto session = login(s, "totp-dan", password);
    enrol(s, session);
    auto url = "/api/v1/organisations/" + std::to_string(org) + "/users/" + std::to_string(user) + "/mfa/reset";
    HeaderList reader{{"Authorization", "Bearer " + make_token(s, "reader-2")}, {"Content-Type", "application/json"}};
    EXPECT_EQ(s.anonymous_request("POST", url, "{}", reader).status, 403);
    HeaderList admin{{"Authorization", "Bearer " + make_token(s, "org-admin")}, {"Content-Type", "application/json"}};
    auto r = s.anonymous_request("POST", url, "{}", admin);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(parse_json(r.body).at("had_totp").as_bool());
    EXPECT_EQ(login(s, "totp-dan", password).login_response.status, 200);
    auto rows = logged(s);
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(rows.back().action, "login");
    bool reset = false;
    for (const auto& row : rows) reset = reset || (row.action == "totp_reset" && row.actor == "org-admin");
    EXPECT_TRUE(reset);
    // A user of another organisation: not found for this administrator.
    Id stranger = make_user(s, "stranger", password, {{0, auth::Role::reader, std::nullopt}});
    auto other = "/api/v1/organisations/" + std::to_string(org) + "/users/" + std::to_string(stranger) + "/mfa/reset";
    EXPECT_EQ(s.anonymous_request("POST", other, "{}", admin).status, 404);
}

TEST_P(MfaTest, OrganisationRequiringTotpAsksAdministratorsToEnrol) {
    RunningServer s(GetParam());
    auto chain = create_chain(s, "organisation", 0, "krav");
    Id org = chain.ids.at("organisation");
    make_user(s, "krav-admin", password, {{org, auth::Role::administrator, std::nullopt}});
    make_user(s, "krav-reader", password, {{org, auth::Role::reader, std::nullopt}});
    EXPECT_FALSE(parse_json(login(s, "krav-admin", password).login_response.body).as_object().contains("mfa_enrolment_required"));
    s.database().write([&](storage::Connection& c) { auth::MfaStore(c).set_admin_mfa_required(org, true); });
    auto admin = login(s, "krav-admin", password);
    ASSERT_EQ(admin.login_response.status, 200);
    EXPECT_TRUE(parse_json(admin.login_response.body).at("mfa_enrolment_required").as_bool());
    auto status = parse_json(s.anonymous_request("GET", "/api/v1/auth/mfa", "", session_headers(admin)).body);
    EXPECT_TRUE(status.at("required").as_bool());
    EXPECT_FALSE(parse_json(login(s, "krav-reader", password).login_response.body).as_object().contains("mfa_enrolment_required"));
    enrol(s, admin);
    EXPECT_EQ(login(s, "krav-admin", password).login_response.status, 202);
}

TEST_P(MfaTest, WithAKeyTheSecretIsSealedAtRest) {
    auth::AuthConfig config;
    config.totp_key = std::string(32, '\x5a');
    RunningServer s(GetParam(), {}, config);
    Id user = make_user(s, "totp-eva", password, {{0, auth::Role::reader, std::nullopt}});
    auto e = enrol(s, login(s, "totp-eva", password));
    auto stored = s.database().read([&](storage::Connection& c) {
        return storage::as_text(c.query("SELECT secret FROM user_totp WHERE user_id = ?", {user}).at(0).at(0));
    });
    EXPECT_EQ(stored.rfind("sb1:", 0), 0u);
    EXPECT_EQ(stored.find(auth::base64url(e.key)), std::string::npos);
    auto challenge = challenge_of(login(s, "totp-eva", password));
    EXPECT_EQ(second_step(s, challenge, next_code(s, user, e.key)).status, 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, MfaTest, backends(), backend_name);

}  // namespace
}  // namespace styrkort::testing
