// TOTP required of administrators, enforced (docs/security.md "Required of
// administrators"), on both backends: an administrator who must use TOTP and signed in
// without it gets a session that may only enrol — every route of the OpenAPI document
// outside the enrolment set answers 403 with the reason, the enrolment routes answer;
// sessions open when the requirement is switched on are limited at once; the limit is
// lifted by enrolling and signing in again with the code; other roles, other
// organisations, single sign-on sessions and API tokens are not limited; the refusals
// are audited.
#include <gtest/gtest.h>

#include <set>

#include "api/mfa_gate.hpp"
#include "auth/identity_store.hpp"
#include "auth/mfa_store.hpp"
#include "auth/totp.hpp"
#include "identity_support.hpp"
#include "mfa_support.hpp"

namespace styrkort::testing {
namespace {

using auth::Role;
constexpr const char* password = "Krav-på-koden-2026!";

void require(RunningServer& s, Id org, bool on) {
    s.database().write([&](storage::Connection& c) { auth::MfaStore(c).set_admin_mfa_required(org, on); });
}

HttpResponse get(RunningServer& s, const std::string& url, const Session& session) {
    return s.anonymous_request("GET", url, "", session_headers(session));
}

std::string code_of(const HttpResponse& r) {
    auto body = parse_json(r.body);
    if (!body.is_object() || !body.as_object().contains("error")) return {};
    return std::string(body.at("error").at("code").as_string());
}

std::string audit_url(Id org) { return "/api/v1/organisations/" + std::to_string(org) + "/audit"; }

// A second sign-in with the code: the new session.
Session signed_in_with_code(RunningServer& s, const std::string& name, Id user, const Enrolled& e) {
    auto first = login(s, name, password);
    auto second = second_step(s, challenge_of(first), next_code(s, user, e.key));
    EXPECT_EQ(second.status, 200) << second.body;
    Session out;
    out.login_response = second;
    for (const auto& [header, value] : second.headers) {
        if (strcasecmp(header.c_str(), "set-cookie") != 0) continue;
        if (value.rfind("styrkort_session=", 0) == 0) out.cookie = value.substr(0, value.find(';'));
    }
    out.csrf = std::string(parse_json(second.body).at("csrf_token").as_string());
    return out;
}

// What a session owing its second factor may use besides the open routes, written here
// and not taken from the gate, so that a route added to the gate's set fails this test
// until it is added here too (docs/security.md "Required of administrators").
const std::set<std::string> enrolment_operations{"me",     "getMfa",       "beginTotpEnrolment", "confirmTotpEnrolment",
                                                 "logout", "listSessions", "revokeSession"};

class MfaEnforcementTest : public ::testing::TestWithParam<Backend> {};

TEST(MfaGate, TheEnrolmentSetIsExactlyTheDocumentedOne) {
    EXPECT_EQ(api::operations_before_second_factor(), enrolment_operations);
}

// Every route of the document, as an administrator who must enrol: refused unless it is
// open or one of the enrolment set; the enrolment set answers.
TEST_P(MfaEnforcementTest, AnAdministratorWhoMustEnrolMayOnlyEnrolOnEveryRouteOfTheDocument) {
    RunningServer s(GetParam());
    Id org = create_chain(s, "organisation", 0, "krav").ids.at("organisation");
    Id admin_id = make_user(s, "krav-admin", password, {{org, Role::administrator, std::nullopt}});
    require(s, org, true);
    auto admin = login(s, "krav-admin", password);
    ASSERT_EQ(admin.login_response.status, 200) << admin.login_response.body;
    EXPECT_TRUE(parse_json(admin.login_response.body).at("mfa_enrolment_required").as_bool());

    auto doc = parse_json(s.request("GET", "/api/v1/openapi.json").body).as_object();
    const auto& routes = s.api().router().routes();
    int refused = 0, usable = 0;
    std::set<std::string> usable_ops;
    for (const auto& [path, item] : doc.at("paths").as_object()) {
        for (const auto& [method_lc, op] : item.as_object()) {
            std::string method(method_lc);
            for (auto& ch : method) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
            if (method == "PARAMETERS") continue;
            const api::Route* route = nullptr;
            for (const auto& r : routes) {
                if (r.method == method && r.pattern == path) route = &r;
            }
            ASSERT_NE(route, nullptr) << method << " " << path;
            if (route->operation_id == "logout") continue;  // tried last: it ends the session
            std::string url(path);
            for (std::size_t at; (at = url.find('{')) != std::string::npos;) {
                auto name = url.substr(at + 1, url.find('}', at) - at - 1);
                url.replace(at, name.size() + 2, name == "org" ? std::to_string(org) : "999999");
            }
            auto headers = json_session(admin);
            headers.emplace_back("If-Match", "*");
            auto r = s.anonymous_request(method, url, method == "GET" || method == "DELETE" ? "" : "{}", headers);
            bool before_factor = route->access == api::Access::open || enrolment_operations.count(route->operation_id) != 0;
            if (before_factor) {
                ++usable;
                usable_ops.insert(route->operation_id);
                EXPECT_FALSE(r.status == 403 || r.status == 401)
                    << method << " " << url << " must answer before the second factor -> " << r.status << " " << r.body;
            } else {
                ++refused;
                EXPECT_EQ(r.status, 403) << method << " " << url << " -> " << r.body.substr(0, 200);
                EXPECT_EQ(code_of(r), "mfa_enrolment_required") << method << " " << url << " -> " << r.body.substr(0, 200);
            }
        }
    }
    std::cout << "[ mfa gate ] " << refused << " routes refused, " << usable << " usable before enrolment\n";
    EXPECT_EQ(refused + usable + 1, static_cast<int>(routes.size())) << "every route tried (sign-out below)";
    EXPECT_GT(refused, 250);
    for (const char* op : {"me", "getMfa", "beginTotpEnrolment", "confirmTotpEnrolment", "listSessions", "login"}) {
        EXPECT_TRUE(usable_ops.count(op)) << op;
    }
    // The words: Swedish first, English on request; the refusal is in the audit log.
    auto sv = get(s, audit_url(org), admin);
    EXPECT_NE(sv.body.find("tvåstegsverifiering krävs"), std::string::npos) << sv.body;
    auto en_headers = session_headers(admin);
    en_headers.emplace_back("Accept-Language", "en");
    auto en = s.anonymous_request("GET", audit_url(org), "", en_headers);
    EXPECT_NE(en.body.find("two-step verification is required"), std::string::npos) << en.body;
    auto denials = s.database().read([&](storage::Connection& c) {
        return storage::as_int(c.query("SELECT COUNT(*) FROM audit_log WHERE action = 'denied' AND actor = 'krav-admin' "
                                       "AND after LIKE '%mfa_enrolment_required%'")
                                   .at(0)
                                   .at(0));
    });
    EXPECT_GE(denials, refused);
    auto signed_in_row = s.database().read([&](storage::Connection& c) {
        return c.query("SELECT after FROM audit_log WHERE action = 'login' AND entity_id = ?", {admin_id});
    });
    ASSERT_EQ(signed_in_row.size(), 1u);
    EXPECT_NE(storage::as_text(signed_in_row[0][0]).find("mfa_enrolment_required"), std::string::npos);

    // Enrolling works in this session; the session stays limited; signing in again
    // asks for the code, and that session may do what an administrator may.
    auto e = enrol(s, admin);
    EXPECT_EQ(get(s, audit_url(org), admin).status, 403);
    auto logout = s.anonymous_request("POST", "/api/v1/auth/logout", "{}", json_session(admin));
    EXPECT_EQ(logout.status, 204) << logout.body;
    auto again = signed_in_with_code(s, "krav-admin", admin_id, e);
    EXPECT_FALSE(parse_json(again.login_response.body).as_object().contains("mfa_enrolment_required"));
    EXPECT_EQ(get(s, audit_url(org), again).status, 200);
    EXPECT_EQ(get(s, "/api/v1/organisations/" + std::to_string(org) + "/audit/head", again).status, 200);
    auto plans = s.anonymous_request("POST", "/api/v1/organisations/" + std::to_string(org) + "/units",
                                     R"({"key": "ny", "name": "Ny enhet", "kind": "division"})", json_session(again));
    EXPECT_EQ(plans.status, 201) << plans.body;
}

TEST_P(MfaEnforcementTest, SessionsOpenWhenTheRequirementIsSwitchedOnAreLimitedAtOnce) {
    RunningServer s(GetParam());
    Id org = create_chain(s, "organisation", 0, "byte").ids.at("organisation");
    Id admin_id = make_user(s, "byte-admin", password, {{org, Role::administrator, std::nullopt}});
    auto admin = login(s, "byte-admin", password);
    ASSERT_EQ(get(s, audit_url(org), admin).status, 200);

    require(s, org, true);
    auto refused = get(s, audit_url(org), admin);
    EXPECT_EQ(refused.status, 403);
    EXPECT_EQ(code_of(refused), "mfa_enrolment_required");
    auto me = parse_json(get(s, "/api/v1/auth/me", admin).body);
    EXPECT_TRUE(me.at("mfa_enrolment_required").as_bool());

    // Enrolled now, but this session was signed in with the password alone.
    auto e = enrol(s, admin);
    refused = get(s, audit_url(org), admin);
    EXPECT_EQ(refused.status, 403);
    EXPECT_EQ(code_of(refused), "mfa_sign_in_required");
    EXPECT_TRUE(parse_json(get(s, "/api/v1/auth/me", admin).body).at("mfa_sign_in_required").as_bool());
    // Neither the password change nor turning TOTP off is open to such a session.
    EXPECT_EQ(s.anonymous_request("POST", "/api/v1/auth/mfa/totp/disable", R"({"password": "x"})", json_session(admin)).status,
              403);
    EXPECT_EQ(s.anonymous_request("POST", "/api/v1/auth/password",
                                  R"({"current_password": "x", "new_password": "y"})", json_session(admin))
                  .status,
              403);

    auto with_code = signed_in_with_code(s, "byte-admin", admin_id, e);
    EXPECT_EQ(get(s, audit_url(org), with_code).status, 200);

    // Turning the requirement off lifts the limit of the password-only session (it was
    // never revoked); on again limits it again. The session with the code is never limited.
    require(s, org, false);
    EXPECT_EQ(get(s, audit_url(org), admin).status, 200);
    require(s, org, true);
    EXPECT_EQ(code_of(get(s, audit_url(org), admin)), "mfa_sign_in_required");
    EXPECT_EQ(get(s, audit_url(org), with_code).status, 200);

    // A password change in a session with the code: the new session is as good.
    auto changed = s.anonymous_request("POST", "/api/v1/auth/password",
                                       R"({"current_password": "Krav-på-koden-2026!", "new_password": "Ett-nytt-lösen-2026?"})",
                                       json_session(with_code));
    ASSERT_EQ(changed.status, 200) << changed.body;
    EXPECT_FALSE(parse_json(changed.body).as_object().contains("mfa_sign_in_required"));
    Session renewed;
    for (const auto& [header, value] : changed.headers) {
        if (strcasecmp(header.c_str(), "set-cookie") == 0 && value.rfind("styrkort_session=", 0) == 0) {
            renewed.cookie = value.substr(0, value.find(';'));
        }
    }
    renewed.csrf = std::string(parse_json(changed.body).at("csrf_token").as_string());
    EXPECT_EQ(get(s, audit_url(org), renewed).status, 200);

    // The administrator who reset their own second factor away is asked to enrol again.
    s.database().write([&](storage::Connection& c) { auth::MfaStore(c).remove_totp(admin_id); });
    EXPECT_EQ(code_of(get(s, audit_url(org), renewed)), "mfa_enrolment_required");
}

TEST_P(MfaEnforcementTest, OtherRolesOrganisationsSingleSignOnAndTokensAreNotLimited) {
    RunningServer s(GetParam());
    Id org = create_chain(s, "organisation", 0, "roll").ids.at("organisation");
    Id other = create_chain(s, "organisation", 0, "fri").ids.at("organisation");
    Id unit = create_chain(s, "unit", org, "roll").ids.at("unit");
    make_user(s, "roll-reader", password, {{org, Role::reader, std::nullopt}});
    make_user(s, "roll-planner", password, {{org, Role::planner, std::nullopt}});
    make_user(s, "roll-controller", password, {{org, Role::controller, std::nullopt}});
    make_user(s, "fri-admin", password, {{other, Role::administrator, std::nullopt}});
    make_user(s, "roll-unit-admin", password, {{org, Role::administrator, unit}});
    Id sso_id = make_user(s, "roll-sso-admin", password, {{org, Role::administrator, std::nullopt}});
    make_user(s, "roll-token-admin", password, {{org, Role::administrator, std::nullopt}});
    auto token = make_token(s, "roll-token-admin");
    require(s, org, true);

    std::string plans = "/api/v1/organisations/" + std::to_string(org) + "/plans";
    for (const char* name : {"roll-reader", "roll-planner", "roll-controller"}) {
        auto session = login(s, name, password);
        EXPECT_FALSE(parse_json(session.login_response.body).as_object().contains("mfa_enrolment_required")) << name;
        EXPECT_EQ(get(s, plans, session).status, 200) << name;
    }
    EXPECT_EQ(get(s, audit_url(other), login(s, "fri-admin", password)).status, 200);
    // An administrator of a subtree counts as an administrator.
    auto unit_admin = login(s, "roll-unit-admin", password);
    EXPECT_EQ(code_of(get(s, plans, unit_admin)), "mfa_enrolment_required");

    // Single sign-on: the identity provider's second factor counts.
    auto sso = s.database().write([&](storage::Connection& c) {
        auth::IdentityStore store(c);
        return store.create_session(*store.user_by_id(sso_id), "127.0.0.1", "identity_provider");
    });
    Session sso_session{"styrkort_session=" + sso.secret, sso.csrf_token, {}};
    EXPECT_EQ(get(s, audit_url(org), sso_session).status, 200);
    // API tokens are made only by the operator (styrkort user token): not limited.
    auto by_token = s.anonymous_request("GET", audit_url(org), "", {{"Authorization", "Bearer " + token}});
    EXPECT_EQ(by_token.status, 200) << by_token.body;

    // The installation's setting requires it of every administrator, in any organisation.
    require(s, auth::installation, true);
    auto fri = login(s, "fri-admin", password);
    EXPECT_EQ(code_of(get(s, audit_url(other), fri)), "mfa_enrolment_required");
    EXPECT_EQ(get(s, plans, login(s, "roll-reader", password)).status, 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, MfaEnforcementTest, backends(), backend_name);

}  // namespace
}  // namespace styrkort::testing
