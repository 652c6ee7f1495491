// Sign-in, sessions, CSRF, lockout, API tokens, security headers, public reading and
// the append-only audit log, against a real server on both backends.
#include <gtest/gtest.h>

#include <set>

#include "auth/crypto.hpp"
#include "domain/auth/password_policy.hpp"
#include "domain/errors.hpp"
#include "identity_support.hpp"
#include "storage/clock.hpp"
#include "storage/record_store.hpp"

namespace styrkort::testing {
namespace {

using auth::Role;

constexpr const char* good_password = "Kallt-vatten-i-Lule-älv-7";

class IdentityTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        server_ = std::make_unique<RunningServer>(GetParam());
        org_ = create(server(), entity("organisation"), 0, minimal_body(entity("organisation"), {}, "id")).at("id").as_int64();
        root_ = create(server(), entity("unit"), org_, json::object{{"key", "rs"}, {"name", "RS"}, {"kind", "board"}})
                    .at("id")
                    .as_int64();
    }
    RunningServer& server() { return *server_; }
    std::string goals_url() { return "/api/v1/organisations/" + std::to_string(org_) + "/units"; }
    std::string units_url() { return "/api/v1/organisations/" + std::to_string(org_) + "/units"; }
    std::string new_unit(const std::string& key) {
        return json::serialize(json::object{{"key", key}, {"name", "Enhet"}, {"kind", "unit"}, {"parent_id", root_}});
    }
    std::unique_ptr<RunningServer> server_;
    Id org_ = 0;
    Id root_ = 0;
};

TEST_P(IdentityTest, LoginSetsAHardenedSessionCookieAndMeAnswers) {
    make_user(server(), "anna", good_password, {{org_, Role::administrator, std::nullopt}});
    auto s = login(server(), "anna", good_password);
    ASSERT_EQ(s.login_response.status, 200) << s.login_response.body;
    std::string set_cookie;
    for (const auto& [n, v] : s.login_response.headers) {
        if (v.rfind("styrkort_session=", 0) == 0) set_cookie = v;
    }
    EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos);
    EXPECT_NE(set_cookie.find("Path=/"), std::string::npos);
    auto me = server().anonymous_request("GET", "/api/v1/auth/me", "", session_headers(s));
    ASSERT_EQ(me.status, 200);
    EXPECT_EQ(parse_json(me.body).at("user").at("username"), "anna");
    EXPECT_EQ(server().anonymous_request("GET", "/api/v1/auth/me").status, 401);
}

TEST_P(IdentityTest, WrongPasswordAndUnknownUserGetTheSameAnswer) {
    make_user(server(), "anna", good_password, {});
    auto wrong = login(server(), "anna", "Inte-rätt-lösenord-1");
    auto unknown = login(server(), "ingen-alls", "Inte-rätt-lösenord-1");
    EXPECT_EQ(wrong.login_response.status, 401);
    EXPECT_EQ(unknown.login_response.status, 401);
    EXPECT_EQ(wrong.login_response.body, unknown.login_response.body);
    EXPECT_TRUE(wrong.cookie.empty());
}

TEST_P(IdentityTest, SessionIsRotatedOnLoginSoAPlantedIdIsUseless) {
    make_user(server(), "anna", good_password, {{org_, Role::administrator, std::nullopt}});
    // An attacker plants a session id of their choosing in the victim's browser.
    HeaderList planted{{"Cookie", "styrkort_session=attacker-chosen-value"}};
    auto s = login(server(), "anna", good_password, planted);
    ASSERT_EQ(s.login_response.status, 200);
    EXPECT_NE(s.cookie, "styrkort_session=attacker-chosen-value");
    EXPECT_EQ(server().anonymous_request("GET", "/api/v1/auth/me", "", planted).status, 401);
    // Two logins give two different sessions, also when the browser still sends the
    // first session's cookie (signing in again needs no CSRF token, but is checked
    // for its Origin).
    auto again = login(server(), "anna", good_password, {{"Cookie", s.cookie}});
    ASSERT_EQ(again.login_response.status, 200) << again.login_response.body;
    EXPECT_NE(again.cookie, s.cookie);
    EXPECT_EQ(login(server(), "anna", good_password, {{"Origin", "https://elak.example"}}).login_response.status, 403);
    // The stored value is a digest, not the cookie's secret.
    auto secret = s.cookie.substr(std::string("styrkort_session=").size());
    auto stored = server().database().read([&](storage::Connection& c) {
        return c.query("SELECT COUNT(*) FROM user_session WHERE token_hash = ?", {secret});
    });
    EXPECT_EQ(storage::as_int(stored[0][0]), 0);
}

TEST_P(IdentityTest, CookieMutationsNeedTheCsrfTokenAndTheSameOrigin) {
    make_user(server(), "anna", good_password, {{org_, Role::administrator, std::nullopt}});
    auto s = login(server(), "anna", good_password);
    auto before = dump_database(server().database());
    auto h = session_headers(s, false);
    h.emplace_back("Content-Type", "application/json");
    auto r = server().anonymous_request("POST", units_url(), new_unit("u1"), h);
    EXPECT_EQ(r.status, 403);
    EXPECT_EQ(error_of(r).at("code"), "csrf");
    auto wrong = session_headers(s, false);
    wrong.emplace_back("X-CSRF-Token", s.csrf + "x");
    wrong.emplace_back("Content-Type", "application/json");
    EXPECT_EQ(server().anonymous_request("POST", units_url(), new_unit("u1"), wrong).status, 403);
    auto cross = session_headers(s);
    cross.emplace_back("Origin", "https://elak.example");
    cross.emplace_back("Content-Type", "application/json");
    auto c = server().anonymous_request("POST", units_url(), new_unit("u1"), cross);
    EXPECT_EQ(c.status, 403);
    EXPECT_EQ(error_of(c).at("code"), "cross_origin");
    EXPECT_EQ(count_rows(server().database(), "org_unit"), 1);
    auto ok = session_headers(s);
    ok.emplace_back("Origin", "http://127.0.0.1:" + std::to_string(server().port()));
    ok.emplace_back("Content-Type", "application/json");
    EXPECT_EQ(server().anonymous_request("POST", units_url(), new_unit("u1"), ok).status, 201);
}

TEST_P(IdentityTest, LogoutAndPasswordChangeRevokeSessions) {
    make_user(server(), "anna", good_password, {{org_, Role::administrator, std::nullopt}});
    auto first = login(server(), "anna", good_password);
    auto second = login(server(), "anna", good_password);
    auto out = server().anonymous_request("POST", "/api/v1/auth/logout", "", session_headers(first));
    EXPECT_EQ(out.status, 204);
    EXPECT_EQ(server().anonymous_request("GET", "/api/v1/auth/me", "", session_headers(first)).status, 401);
    EXPECT_EQ(server().anonymous_request("GET", "/api/v1/auth/me", "", session_headers(second)).status, 200);

    auto h = session_headers(second);
    h.emplace_back("Content-Type", "application/json");
    auto weak = server().anonymous_request(
        "POST", "/api/v1/auth/password",
        json::serialize(json::object{{"current_password", good_password}, {"new_password", "Sommar2024!"}}), h);
    EXPECT_EQ(weak.status, 422);
    EXPECT_EQ(error_of(weak).at("code"), "weak_password");
    auto changed = server().anonymous_request(
        "POST", "/api/v1/auth/password",
        json::serialize(json::object{{"current_password", good_password}, {"new_password", "Ny-fjällvandring-2027"}}), h);
    ASSERT_EQ(changed.status, 200) << changed.body;
    EXPECT_EQ(server().anonymous_request("GET", "/api/v1/auth/me", "", session_headers(second)).status, 401);
    EXPECT_EQ(login(server(), "anna", good_password).login_response.status, 401);
    EXPECT_EQ(login(server(), "anna", "Ny-fjällvandring-2027").login_response.status, 200);
}

// ASVS 7.5.2: a user sees their open sessions and ends any of them; another user's
// session is not theirs to see or end (404), and ending one is audited.
TEST_P(IdentityTest, UsersListAndEndTheirOwnSessionsOnly) {
    make_user(server(), "anna", good_password, {});
    make_user(server(), "bertil", good_password, {});
    auto first = login(server(), "anna", good_password);
    auto second = login(server(), "anna", good_password);
    auto bertils = login(server(), "bertil", good_password);
    auto sessions_of = [&](const Session& s) {
        auto r = server().anonymous_request("GET", "/api/v1/auth/sessions", "", session_headers(s));
        EXPECT_EQ(r.status, 200) << r.body;
        EXPECT_EQ(r.body.find(s.cookie.substr(s.cookie.find('=') + 1)), std::string::npos) << "a secret is listed";
        return parse_json(r.body).at("items").as_array();
    };
    auto current_id = [&](const Session& s) {
        for (const auto& item : sessions_of(s)) {
            if (item.at("current").as_bool()) return item.at("id").as_int64();
        }
        ADD_FAILURE() << "no session is marked current";
        return std::int64_t{0};
    };
    auto listed = sessions_of(first);
    ASSERT_EQ(listed.size(), 2u);
    EXPECT_NE(listed[0].at("current").as_bool(), listed[1].at("current").as_bool());
    EXPECT_EQ(listed[0].at("remote"), "127.0.0.1");
    auto first_id = current_id(first), second_id = current_id(second), bertils_id = current_id(bertils);
    auto end = [&](const Session& as, std::int64_t id) {
        return server().anonymous_request("DELETE", "/api/v1/auth/sessions/" + std::to_string(id), "", session_headers(as));
    };
    auto me = [&](const Session& s) {
        return server().anonymous_request("GET", "/api/v1/auth/me", "", session_headers(s)).status;
    };

    EXPECT_EQ(end(first, bertils_id).status, 404) << "another user's session";
    EXPECT_EQ(me(bertils), 200);
    EXPECT_EQ(end(first, 999999).status, 404);
    EXPECT_EQ(server().anonymous_request("DELETE", "/api/v1/auth/sessions/" + std::to_string(second_id), "",
                                         session_headers(first, false)).status,
              403) << "without the CSRF token";
    EXPECT_EQ(server().anonymous_request("DELETE", "/api/v1/auth/sessions/" + std::to_string(second_id)).status, 401);

    EXPECT_EQ(end(first, second_id).status, 204);
    EXPECT_EQ(me(second), 401) << "the ended session still works";
    EXPECT_EQ(me(first), 200);
    EXPECT_EQ(sessions_of(first).size(), 1u);
    EXPECT_EQ(end(first, second_id).status, 404) << "ended twice";

    auto last = end(first, first_id);  // the one asking: its cookies are cleared too
    EXPECT_EQ(last.status, 204);
    bool cleared = false;
    for (const auto& [n, v] : last.headers) {
        if (n == "Set-Cookie" && v.rfind("styrkort_session=;", 0) == 0) cleared = v.find("Max-Age=0") != std::string::npos;
    }
    EXPECT_TRUE(cleared);
    EXPECT_EQ(me(first), 401);
    auto audited = server().database().read([&](storage::Connection& c) {
        return storage::as_int(
            c.query("SELECT COUNT(*) FROM audit_log WHERE action = 'revoke_session' AND actor = 'anna'").at(0).at(0));
    });
    EXPECT_EQ(audited, 2);
}

TEST_P(IdentityTest, RepeatedFailuresLockTheAccountEvenForTheRightPassword) {
    make_user(server(), "anna", good_password, {});
    for (int i = 0; i < 5; ++i) EXPECT_EQ(login(server(), "anna", "Fel-lösenord-nummer-" + std::to_string(i)).login_response.status, 401);
    auto locked = login(server(), "anna", good_password);
    EXPECT_EQ(locked.login_response.status, 429);
    EXPECT_TRUE(locked.cookie.empty());
    auto rows = server().database().read([](storage::Connection& c) {
        return c.query("SELECT COUNT(*) FROM audit_log WHERE action = 'login_failed'");
    });
    EXPECT_EQ(storage::as_int(rows[0][0]), 6);
}

TEST_P(IdentityTest, ManyFailuresFromOneAddressAreRateLimited) {
    for (int i = 0; i < 20; ++i) login(server(), "gissad-" + std::to_string(i), "Fel-lösenord-igen-1");
    make_user(server(), "anna", good_password, {});
    EXPECT_EQ(login(server(), "anna", good_password).login_response.status, 429);
}

TEST_P(IdentityTest, BehindATrustedProxyTheForwardedClientIsAuditedAndRateLimited) {
    RunningServer proxied(GetParam(), {}, auth::AuthConfig{.trusted_proxies = {"127.0.0.1"}});
    make_user(proxied, "anna", good_password, {});
    for (int i = 0; i < 20; ++i) {
        login(proxied, "gissad-" + std::to_string(i), "Fel-lösenord-igen-1", {{"X-Forwarded-For", "198.51.100.7, 203.0.113.9"}});
    }
    // The attacker's address is blocked; another client behind the same proxy is not.
    EXPECT_EQ(login(proxied, "anna", good_password, {{"X-Forwarded-For", "203.0.113.9"}}).login_response.status, 429);
    EXPECT_EQ(login(proxied, "anna", good_password, {{"X-Forwarded-For", "192.0.2.44"}}).login_response.status, 200);
    auto remotes = proxied.database().read([](storage::Connection& c) {
        return c.query("SELECT DISTINCT remote FROM audit_log WHERE action LIKE 'login%' ORDER BY remote");
    });
    ASSERT_EQ(remotes.size(), 2u);
    EXPECT_EQ(storage::as_text(remotes[0][0]), "192.0.2.44");
    EXPECT_EQ(storage::as_text(remotes[1][0]), "203.0.113.9");
    // Without trust the header is ignored.
    EXPECT_EQ(login(server(), "ingen", "Fel-lösenord-igen-1", {{"X-Forwarded-For", "192.0.2.1"}}).login_response.status, 401);
    auto plain = server().database().read([](storage::Connection& c) {
        return c.query("SELECT remote FROM audit_log WHERE action = 'login_failed'");
    });
    ASSERT_EQ(plain.size(), 1u);
    EXPECT_EQ(storage::as_text(plain[0][0]), "127.0.0.1");
}

TEST_P(IdentityTest, TokensAreScopedRevocableAndStoredHashed) {
    make_user(server(), "bot", good_password, {{org_, Role::administrator, std::nullopt}});
    auto reader = make_token(server(), "bot", "read");
    auto writer = make_token(server(), "bot", "write");
    HeaderList r{{"Authorization", "Bearer " + reader}, {"Content-Type", "application/json"}};
    HeaderList w{{"Authorization", "Bearer " + writer}, {"Content-Type", "application/json"}};
    EXPECT_EQ(server().anonymous_request("GET", units_url(), "", r).status, 200);
    auto refused = server().anonymous_request("POST", units_url(), new_unit("u2"), r);
    EXPECT_EQ(refused.status, 403);
    EXPECT_EQ(error_of(refused).at("code"), "read_only_token");
    EXPECT_EQ(server().anonymous_request("POST", units_url(), new_unit("u2"), w).status, 201);
    auto stored = server().database().read([&](storage::Connection& c) {
        return c.query("SELECT COUNT(*) FROM api_token WHERE token_hash = ?", {auth::secret_digest(writer)});
    });
    EXPECT_EQ(storage::as_int(stored[0][0]), 1);
    server().database().write([](storage::Connection& c) { c.execute("UPDATE api_token SET revoked_at = '2026-01-01T00:00:00.000Z'"); });
    EXPECT_EQ(server().anonymous_request("GET", units_url(), "", w).status, 401);
    EXPECT_EQ(server().anonymous_request("GET", units_url(), "", {{"Authorization", "Bearer sk_made-up"}}).status, 401);
}

TEST_P(IdentityTest, ExpiredTokensAndIdleSessionsAreRefused) {
    make_user(server(), "anna", good_password, {{org_, Role::administrator, std::nullopt}});
    auto t = make_token(server(), "anna");
    auto s = login(server(), "anna", good_password);
    server().database().write([](storage::Connection& c) {
        c.execute("UPDATE api_token SET expires_at = '2020-01-01T00:00:00.000Z'");
        c.execute("UPDATE user_session SET last_seen_at = '2020-01-01T00:00:00.000Z'");
    });
    EXPECT_EQ(server().anonymous_request("GET", "/api/v1/auth/me", "", {{"Authorization", "Bearer " + t}}).status, 401);
    EXPECT_EQ(server().anonymous_request("GET", "/api/v1/auth/me", "", session_headers(s)).status, 401);
}

TEST_P(IdentityTest, SessionsEndAfterTheAbsoluteTimeoutEvenWhileInUse) {
    make_user(server(), "anna", good_password, {{org_, Role::administrator, std::nullopt}});
    auto s = login(server(), "anna", good_password);
    ASSERT_EQ(server().anonymous_request("GET", "/api/v1/auth/me", "", session_headers(s)).status, 200);
    // Used a moment ago (not idle), but begun 13 hours ago: past the 12-hour limit.
    server().database().write([](storage::Connection& c) {
        c.execute("UPDATE user_session SET created_at = ?", {utc_iso_from_now(-std::chrono::hours(13))});
    });
    EXPECT_EQ(server().anonymous_request("GET", "/api/v1/auth/me", "", session_headers(s)).status, 401);
    auto revoked = server().database().read([](storage::Connection& c) {
        return c.query("SELECT COUNT(*) FROM user_session WHERE revoked_at IS NOT NULL");
    });
    EXPECT_EQ(storage::as_int(revoked[0][0]), 1);
    // Eleven hours is within the limit.
    auto fresh = login(server(), "anna", good_password);
    server().database().write([&](storage::Connection& c) {
        c.execute("UPDATE user_session SET created_at = ? WHERE revoked_at IS NULL", {utc_iso_from_now(-std::chrono::hours(11))});
    });
    EXPECT_EQ(server().anonymous_request("GET", "/api/v1/auth/me", "", session_headers(fresh)).status, 200);
}

std::string session_set_cookie(const HttpResponse& r) {
    for (const auto& [n, v] : r.headers) {
        if (v.rfind("styrkort_session=", 0) == 0 || v.rfind("__Host-styrkort_session=", 0) == 0) return v;
    }
    return {};
}

TEST_P(IdentityTest, CookiesAreSecureUnderTlsAndBehindATrustedProxySayingHttps) {
    // Plain HTTP: no Secure flag (the browser would not send the cookie back), no HSTS.
    make_user(server(), "anna", good_password, {});
    auto plain = login(server(), "anna", good_password);
    EXPECT_EQ(session_set_cookie(plain.login_response).find("; Secure"), std::string::npos);
    EXPECT_FALSE(plain.login_response.has_header("Strict-Transport-Security"));
    // X-Forwarded-Proto from a client that is not a trusted proxy changes nothing.
    auto spoofed = login(server(), "anna", good_password, {{"X-Forwarded-Proto", "https"}});
    EXPECT_EQ(session_set_cookie(spoofed.login_response).find("; Secure"), std::string::npos);

    RunningServer proxied(GetParam(), {}, auth::AuthConfig{.trusted_proxies = {"127.0.0.1"}});
    make_user(proxied, "anna", good_password, {});
    auto via_tls = login(proxied, "anna", good_password, {{"X-Forwarded-Proto", "https"}});
    ASSERT_EQ(via_tls.login_response.status, 200);
    EXPECT_NE(session_set_cookie(via_tls.login_response).find("; Secure"), std::string::npos);
    EXPECT_EQ(session_set_cookie(via_tls.login_response).rfind("__Host-", 0), 0u) << "TLS: the __Host- prefix";
    EXPECT_TRUE(via_tls.login_response.has_header("Strict-Transport-Security"));
    auto via_http = login(proxied, "anna", good_password, {{"X-Forwarded-Proto", "http"}});
    EXPECT_EQ(session_set_cookie(via_http.login_response).find("; Secure"), std::string::npos);

    RunningServer configured(GetParam(), {}, auth::AuthConfig{.secure_cookies = true});
    make_user(configured, "anna", good_password, {});
    auto always = login(configured, "anna", good_password);
    EXPECT_NE(session_set_cookie(always.login_response).find("; Secure"), std::string::npos);
    EXPECT_TRUE(always.login_response.has_header("Strict-Transport-Security"));
}

TEST_P(IdentityTest, EveryResponseCarriesTheSecurityHeaders) {
    for (const auto& target : {"/healthz", "/api/v1/organisations", "/api/v1/nothing-here", "/api/v1/auth/me"}) {
        auto r = server().anonymous_request("GET", target);
        EXPECT_EQ(r.header("Content-Security-Policy").find("script-src 'self'") != std::string::npos, true) << target;
        EXPECT_EQ(r.header("Content-Security-Policy").find("unsafe-inline"), std::string::npos) << target;
        EXPECT_NE(r.header("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos) << target;
        EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff") << target;
        EXPECT_EQ(r.header("Referrer-Policy"), "no-referrer") << target;
    }
    // Also on what the HTTP server answers by itself, before any route.
    auto bad = server().anonymous_request("GET", "/api/v1/%zz");
    EXPECT_EQ(bad.header("X-Content-Type-Options"), "nosniff");
}

TEST_P(IdentityTest, ThePublicReadsApprovedPlansOnlyAndNotWhenTheOrganisationSaysNo) {
    auto plan = [&](const std::string& key, const std::string& status) {
        return create(server(), entity("plan"), org_,
                      json::object{{"key", key}, {"title", "Plan " + key}, {"owner_unit_id", root_}, {"first_year", 2025},
                                   {"last_year", 2027}, {"status", status}})
            .at("id")
            .as_int64();
    };
    Id approved = plan("godkand", "approved");
    Id draft = plan("utkast", "draft");
    auto plans = "/api/v1/organisations/" + std::to_string(org_) + "/plans";
    auto list = parse_json(server().anonymous_request("GET", plans).body);
    ASSERT_EQ(list.at("total").as_int64(), 1);
    EXPECT_EQ(list.at("items").at(0).at("id").as_int64(), approved);
    EXPECT_EQ(server().anonymous_request("GET", plans + "/" + std::to_string(approved)).status, 200);
    EXPECT_EQ(server().anonymous_request("GET", plans + "/" + std::to_string(draft)).status, 401);
    EXPECT_EQ(server().anonymous_request("GET", plans + "/" + std::to_string(draft) + "/export").status, 401);
    EXPECT_EQ(server().anonymous_request("GET", "/api/v1/organisations/" + std::to_string(org_) + "/audit").status, 401);
    // Bilaga 5 of an approved plan is public, whatever the decision on each request. (The
    // approved plan is frozen: its Bilaga 5 is written while it is a draft.)
    auto set_status = [&](const char* status) {
        server().database().write([&](storage::Connection& c) {
            c.execute("UPDATE plan SET status = ? WHERE id = ?", {std::string(status), approved});
        });
    };
    set_status("draft");
    auto table = create(server(), entity("economy_table"), org_,
                        json::object{{"plan_id", approved}, {"key", "bilaga-5"}, {"title", "Bilaga 5"}, {"kind", "investment_request"},
                                     {"year", 2025}, {"amount_unit", "tkr"}, {"decimals", 0}});
    create(server(), entity("investment_request"), org_,
           json::object{{"plan_id", approved}, {"key", "4696"}, {"table_id", table.at("id")}, {"division", "Div"},
                        {"name", "Larm"}, {"frame_type", "it"}, {"amount", 2500000}, {"status", "requested"}});
    set_status("approved");
    auto requests = parse_json(server().anonymous_request("GET", "/api/v1/organisations/" + std::to_string(org_) +
                                                                     "/investment-requests").body);
    EXPECT_EQ(requests.at("total").as_int64(), 1);
    server().database().write([&](storage::Connection& c) { auth::IdentityStore(c).set_public_read(org_, false); });
    EXPECT_EQ(server().anonymous_request("GET", plans).status, 401);
    EXPECT_EQ(server().anonymous_request("GET", plans + "/" + std::to_string(approved)).status, 401);
}

TEST_P(IdentityTest, PublicListsAreFilteredByTheDatabaseExactlyAsTheRecordRuleSays) {
    for (const char* file : {"norrbotten-2025-2027.json", "norrbotten-2020-2022.json"}) {
        ASSERT_EQ(server().send_json_text("POST", "/api/v1/import", read_text_file(data_file(file))).status, 201) << file;
    }
    // One plan back to draft: nothing under it is public any more.
    server().database().write([](storage::Connection& c) {
        c.execute("UPDATE plan SET status = 'draft' WHERE key = ?", {std::string("rs-plan-2020-2022")});
    });
    Id org = *server().database().read([](storage::Connection& c) {
        return storage::RecordStore(c).id_by_key(entity("organisation"), 0, {}, "region-norrbotten");
    });
    int in_sql = 0, mixed = 0;
    for (const auto& e : entities()) {
        if (storage::is_tenant(e)) continue;
        auto condition = auth::published_condition(e);
        if (!condition) continue;
        ++in_sql;
        server().database().read([&](storage::Connection& c) {
            storage::RecordStore store(c);
            std::set<Id> by_rule, by_sql;
            auto all = store.all(e, org);
            for (const auto& r : all) {
                if (auth::is_published(c, e, org, r)) by_rule.insert(r.at("id").as_int64());
            }
            storage::ListQuery q;
            q.limit = INT64_MAX;
            q.condition = *condition;
            for (const auto& r : store.list(e, org, q)) by_sql.insert(r.at("id").as_int64());
            EXPECT_EQ(by_sql, by_rule) << e.name;
            EXPECT_EQ(store.count(e, org, q), static_cast<std::int64_t>(by_rule.size())) << e.name;
            if (!by_rule.empty() && by_rule.size() < all.size()) ++mixed;
        });
    }
    EXPECT_GT(in_sql, 20);  // nearly every entity is filtered by the database
    EXPECT_GT(mixed, 5);    // and the data has published and unpublished records of many
    // Over HTTP the public sees the approved plan's goals only, paged and counted.
    auto goals = "/api/v1/organisations/region-norrbotten/goals";
    auto all_goals = parse_json(server().request("GET", std::string(goals) + "?limit=5000").body).at("total").as_int64();
    auto page = parse_json(server().anonymous_request("GET", std::string(goals) + "?limit=2&offset=1").body);
    auto published = page.at("total").as_int64();
    EXPECT_GT(published, 0);
    EXPECT_LT(published, all_goals);
    EXPECT_EQ(page.at("items").as_array().size(), 2u);
}

TEST_P(IdentityTest, AuditLogRecordsTheRealUserAndRefusalsAndAdminsFilterIt) {
    make_user(server(), "anna", good_password, {{org_, Role::administrator, std::nullopt}});
    make_user(server(), "lasare", good_password, {{org_, Role::reader, std::nullopt}});
    auto anna = make_token(server(), "anna");
    auto reader = make_token(server(), "lasare");
    ASSERT_EQ(server().anonymous_request("POST", units_url(), new_unit("u3"),
                                         {{"Authorization", "Bearer " + anna}, {"Content-Type", "application/json"}})
                  .status,
              201);
    EXPECT_EQ(server().anonymous_request("POST", units_url(), new_unit("u4"),
                                         {{"Authorization", "Bearer " + reader}, {"Content-Type", "application/json"}})
                  .status,
              403);
    auto audit = "/api/v1/organisations/" + std::to_string(org_) + "/audit";
    EXPECT_EQ(server().anonymous_request("GET", audit, "", {{"Authorization", "Bearer " + reader}}).status, 403);
    auto by_anna = parse_json(server().anonymous_request("GET", audit + "?user=anna", "", {{"Authorization", "Bearer " + anna}}).body);
    ASSERT_EQ(by_anna.at("items").as_array().size(), 1u);
    EXPECT_EQ(by_anna.at("items").at(0).at("action"), "create");
    EXPECT_EQ(by_anna.at("items").at(0).at("entity"), "unit");
    EXPECT_EQ(by_anna.at("items").at(0).at("remote"), "127.0.0.1");
    auto denied = parse_json(server().request("GET", audit + "?user=lasare&action=denied").body);
    ASSERT_EQ(denied.at("items").as_array().size(), 2u);  // the create and the audit read
    auto csv = server().request("GET", audit + "?format=csv&entity=unit&from=2000-01-01&to=2999-12-31");
    EXPECT_EQ(csv.status, 200);
    EXPECT_EQ(csv.header("Content-Type").rfind("text/csv", 0), 0u);
    EXPECT_NE(csv.body.find("anna"), std::string::npos);
    EXPECT_EQ(server().request("GET", audit + "?from=yesterday").status, 422);
}

TEST_P(IdentityTest, TheDatabaseRefusesToChangeOrDeleteAuditRows) {
    ASSERT_GT(count_rows(server().database(), "audit_log"), 0);
    auto before = dump_database(server().database());
    EXPECT_ANY_THROW(server().database().write([](storage::Connection& c) { c.execute("UPDATE audit_log SET actor = 'someone else'"); }));
    EXPECT_ANY_THROW(server().database().write([](storage::Connection& c) { c.execute("DELETE FROM audit_log"); }));
    if (GetParam() == Backend::postgres) {
        EXPECT_ANY_THROW(server().database().write([](storage::Connection& c) { c.execute("TRUNCATE audit_log"); }));
    }
    EXPECT_TRUE(same_database(before, dump_database(server().database())));
    // No route of the API changes or deletes audit records.
    for (const auto& route : server().api().router().routes()) {
        if (route.pattern.find("audit") != std::string::npos) {
            EXPECT_EQ(route.method, "GET") << route.pattern;
        }
    }
    auto audit = "/api/v1/organisations/" + std::to_string(org_) + "/audit";
    EXPECT_EQ(server().request("DELETE", audit).status, 405);
}

INSTANTIATE_TEST_SUITE_P(Backends, IdentityTest, backends(), backend_name);

TEST(PasswordPolicy, RefusesShortCommonAndOwnNamePasswords) {
    auto refused = [](const std::string& pw, const std::string& user = "anna") {
        try {
            auth::check_password(pw, user, {"region-norrbotten"});
        } catch (const InputError& e) {
            return e.code() == "weak_password";
        }
        return false;
    };
    EXPECT_TRUE(refused("kort-1"));
    EXPECT_TRUE(refused("Password2024!"));
    EXPECT_TRUE(refused("Sommar!!2025##"));
    EXPECT_TRUE(refused("aaaaaaaaaaaaaaaa"));
    EXPECT_TRUE(refused("abcdefghijklmnop"));
    EXPECT_TRUE(refused("123456789012"));
    EXPECT_TRUE(refused("anna-är-bäst-2026", "anna"));
    EXPECT_TRUE(refused("Region-Norrbotten-1!"));
    EXPECT_FALSE(refused("Kallt-vatten-i-Lule-älv-7"));
    EXPECT_FALSE(refused("korrekt häst batteri häftklammer"));
}

TEST(PasswordHash, IsArgon2idAndVerifies) {
    auto h = auth::hash_password("Kallt-vatten-i-Lule-älv-7");
    EXPECT_EQ(h.rfind("$argon2id$", 0), 0u);
    EXPECT_TRUE(auth::verify_password(h, "Kallt-vatten-i-Lule-älv-7"));
    EXPECT_FALSE(auth::verify_password(h, "Kallt-vatten-i-Lule-älv-8"));
    EXPECT_NE(auth::hash_password("Kallt-vatten-i-Lule-älv-7"), h);  // salted
}

}  // namespace
}  // namespace styrkort::testing
