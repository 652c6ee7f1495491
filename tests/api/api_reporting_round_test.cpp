// The reporting round over HTTP on a real server and both backends
// (docs/reporting-round.md): completeness of Region Norrbotten's 2025 plan as JSON, XLSX
// and CSV; opening and closing a period, the refusal with its list and the forced close;
// each role's to-do; and bad input answered with the parameter named and nothing changed.
#include <gtest/gtest.h>

#include "../auth/identity_support.hpp"
#include "storage/workflow_store.hpp"

namespace styrkort::testing {
namespace {

const std::string org_url = "/api/v1/organisations/region-norrbotten";
constexpr const char* password = "Rapportomgång-i-Piteå-2026";

class ApiReportingRoundTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        server_ = std::make_unique<RunningServer>(GetParam());
        auto r = server_->send_json_text("POST", "/api/v1/import", read_text_file(data_file("norrbotten-2025-2027.json")));
        ASSERT_EQ(r.status, 201) << r.body;
        org_ = parse_json(server_->request("GET", org_url).body).at("id").as_int64();
        auto p = server_->send_json("POST", org_url + "/reporting-periods",
                                    json::object{{"year", 2025}, {"point", "da04"}, {"status", "open"}, {"deadline", "2025-05-15"}});
        ASSERT_EQ(p.status, 201) << p.body;
        period_ = std::to_string(parse_json(p.body).at("id").as_int64());
    }
    void TearDown() override { server_.reset(); }

    Id id_by_key(const std::string& collection, const std::string& key) {
        auto page = parse_json(server_->request("GET", org_url + "/" + collection + "?key=" + key).body);
        if (page.at("total").as_int64() != 1) throw std::logic_error("no single " + collection + " " + key);
        return page.at("items").at(0).at("id").as_int64();
    }
    std::string user(const std::string& name, auth::Role role, std::optional<std::string> unit) {
        make_user(*server_, name, password, {{org_, role, unit ? std::optional<Id>(id_by_key("units", *unit)) : std::nullopt}});
        return make_token(*server_, name);
    }
    HttpResponse as(const std::string& token, const std::string& method, const std::string& path,
                    const json::value& body = nullptr) {
        HeaderList h{{"Authorization", "Bearer " + token}};
        std::string text;
        if (!body.is_null()) {
            h.emplace_back("Content-Type", "application/json");
            text = json::serialize(body);
        }
        return server_->anonymous_request(method, org_url + path, text, h);
    }
    json::value completeness(const std::string& query = "?unit=regionstyrelsen") {
        auto r = server_->request("GET", org_url + "/reporting-periods/" + period_ + "/completeness" + query);
        EXPECT_EQ(r.status, 200) << r.body;
        return parse_json(r.body);
    }
    static const json::object& unit_in(const json::value& c, const std::string& key) {
        for (const auto& u : c.at("units").as_array()) {
            if (u.at("key").as_string() == key) return u.as_object();
        }
        throw std::logic_error("no unit " + key);
    }
    std::string period_status() {
        return std::string(parse_json(server_->request("GET", org_url + "/reporting-periods/" + period_).body).at("status").as_string());
    }

    std::unique_ptr<RunningServer> server_;
    Id org_ = 0;
    std::string period_;
};

TEST_P(ApiReportingRoundTest, CompletenessCountsTheDivisionsActivitiesAndFollowsAReport) {
    auto before = completeness();
    const auto& nara = unit_in(before, "div-nara");
    // Nära owns 12 of the plan's division activities; none is reported yet.
    EXPECT_EQ(nara.at("parts").at("activities").at("required"), 12);
    EXPECT_EQ(nara.at("parts").at("activities").at("done"), 0);
    EXPECT_EQ(nara.at("parts").at("activities").at("percent"), 0);
    EXPECT_EQ(nara.at("parts").at("activities").at("missing").as_array().size(), 12U);
    EXPECT_EQ(nara.at("report_state"), "none");
    // The 2025 plan has no measures: nobody owes one, and a unit that owes nothing says so.
    EXPECT_EQ(before.at("totals").at("measures").at("required"), 0);
    EXPECT_TRUE(before.at("totals").at("measures").at("percent").is_null());
    const auto& primary = unit_in(before, "nara-primarvard-kiruna");
    EXPECT_TRUE(primary.at("nothing_to_report").as_bool());
    EXPECT_TRUE(primary.at("overall").at("percent").is_null());
    // The board owns the plan and assesses its goals.
    EXPECT_GT(unit_in(before, "regionstyrelsen").at("parts").at("assessments").at("required").as_int64(), 0);

    auto activity = parse_json(server_->request("GET", org_url + "/activities?owner_unit_id=" +
                                                           std::to_string(id_by_key("units", "div-nara")) + "&limit=1")
                                   .body)
                        .at("items")
                        .at(0);
    auto rep = server_->send_json("POST", org_url + "/activity-reports",
                                  json::object{{"activity_id", activity.at("id")}, {"year", 2025}, {"point", "da04"}, {"status", "delayed"}});
    ASSERT_EQ(rep.status, 201) << rep.body;
    auto after = completeness("?unit=div-nara");
    EXPECT_EQ(after.at("unit").at("key"), "div-nara");
    const auto& nara_after = unit_in(after, "div-nara");
    EXPECT_EQ(nara_after.at("parts").at("activities").at("done"), 1);
    EXPECT_EQ(nara_after.at("parts").at("activities").at("percent"), 8);  // 1 of 12, rounded down
    EXPECT_EQ(nara_after.at("parts").at("activities").at("by_status").at("delayed"), 1);
    // Counts only: the lists are left out, the figures stay.
    auto counts = completeness("?unit=div-nara&missing=false");
    EXPECT_FALSE(unit_in(counts, "div-nara").at("parts").at("activities").as_object().contains("missing"));
    EXPECT_EQ(unit_in(counts, "div-nara").at("parts").at("activities").at("done"), 1);
}

TEST_P(ApiReportingRoundTest, CompletenessAsSpreadsheets) {
    auto xlsx = server_->request("GET", org_url + "/reporting-periods/" + period_ + "/completeness?unit=div-nara&format=xlsx");
    ASSERT_EQ(xlsx.status, 200) << xlsx.body;
    EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
    auto csv = server_->request("GET", org_url + "/reporting-periods/" + period_ + "/completeness?unit=div-nara&format=csv");
    ASSERT_EQ(csv.status, 200) << csv.body;
    EXPECT_NE(csv.body.find("Fullständighet 2025 da04"), std::string::npos) << csv.body.substr(0, 300);
    EXPECT_NE(csv.body.find("Nära"), std::string::npos);
    EXPECT_NE(csv.body.find("inget att rapportera"), std::string::npos);
    EXPECT_NE(csv.body.find("Saknas"), std::string::npos);
    auto english = server_->request("GET", org_url + "/reporting-periods/" + period_ + "/completeness?unit=div-nara&format=csv&lang=en");
    EXPECT_NE(english.body.find("nothing to report"), std::string::npos);
}

TEST_P(ApiReportingRoundTest, BadInputIsNamedAndChangesNothing) {
    auto before = dump_database(server_->database());
    auto base = org_url + "/reporting-periods/";
    auto unknown = server_->request("GET", base + "999999/completeness");
    EXPECT_EQ(unknown.status, 404) << unknown.body;
    EXPECT_NE(error_of(unknown).at("message").as_string().find("999999"), std::string::npos);
    EXPECT_EQ(server_->request("GET", base + "abc/completeness").status, 404);
    auto unit = server_->request("GET", base + period_ + "/completeness?unit=finns-inte");
    EXPECT_EQ(unit.status, 404) << unit.body;
    EXPECT_NE(error_of(unit).at("message").as_string().find("finns-inte"), std::string::npos);
    auto format = server_->request("GET", base + period_ + "/completeness?format=pdf");
    EXPECT_EQ(format.status, 422);
    EXPECT_EQ(error_of(format).at("path"), "format");
    EXPECT_EQ(error_of(server_->request("GET", base + period_ + "/completeness?missing=kanske")).at("path"), "missing");
    EXPECT_EQ(server_->send_json("POST", base + "999999/close", json::object{}).status, 404);
    EXPECT_EQ(server_->send_json("POST", base + "999999/open", json::object{}).status, 404);
    auto force = server_->send_json("POST", base + period_ + "/close", json::object{{"force", "ja"}});
    EXPECT_EQ(force.status, 422);
    EXPECT_EQ(error_of(force).at("path"), "force");
    EXPECT_EQ(error_of(server_->send_json("POST", base + period_ + "/close", json::object{{"tvinga", true}})).at("path"), "tvinga");
    EXPECT_EQ(error_of(server_->request("GET", org_url + "/me/todo?period=x")).at("path"), "period");
    EXPECT_EQ(server_->request("GET", org_url + "/me/todo?period=999999").status, 404);
    EXPECT_TRUE(same_database(before, dump_database(server_->database())));
}

TEST_P(ApiReportingRoundTest, ClosingIsRefusedWithTheListUntilForcedByAnAdministrator) {
    auto planner = user("planera", auth::Role::planner, std::nullopt);
    auto division_planner = user("divplan", auth::Role::planner, "div-nara");
    auto admin = user("adm", auth::Role::administrator, std::nullopt);
    // Only reports submitted or approved count: one division submits.
    server_->database().write([&](storage::Connection& c) {
        storage::WorkflowStore(c).put_report(org_, id_by_key("units", "div-psykiatri"), 2025, "da04", workflow::State::submitted, "rut");
        storage::WorkflowStore(c).put_report(org_, id_by_key("units", "div-nara"), 2025, "da04", workflow::State::returned, "nils");
        return 0;
    });
    // Refusals for want of a role are audited as denials (docs/audit.md); nothing else changes.
    EXPECT_EQ(as(division_planner, "POST", "/reporting-periods/" + period_ + "/close", json::object{}).status, 403);
    auto before = dump_database(server_->database());
    auto refused = as(planner, "POST", "/reporting-periods/" + period_ + "/close", json::object{});
    ASSERT_EQ(refused.status, 409) << refused.body;
    auto error = error_of(refused);
    EXPECT_EQ(error.at("code"), "unsubmitted_reports");
    std::map<std::string, std::string> listed;
    for (const auto& r : error.at("reports").as_array()) listed[std::string(r.at("key").as_string())] = std::string(r.at("state").as_string());
    EXPECT_EQ(listed.at("div-nara"), "returned");
    EXPECT_EQ(listed.at("regionstyrelsen"), "none");
    EXPECT_FALSE(listed.contains("div-psykiatri"));          // submitted
    EXPECT_FALSE(listed.contains("nara-primarvard-kiruna"));  // nothing to report
    EXPECT_NE(error.at("message").as_string().find("enheter"), std::string::npos);
    EXPECT_TRUE(same_database(before, dump_database(server_->database())));  // the refusal changed nothing
    // A planner may not force.
    EXPECT_EQ(as(planner, "POST", "/reporting-periods/" + period_ + "/close", json::object{{"force", true}}).status, 403);
    EXPECT_EQ(period_status(), "open");

    auto audit_before = audit_rows(server_->database()).size();
    auto forced = as(admin, "POST", "/reporting-periods/" + period_ + "/close", json::object{{"force", true}, {"comment", "Tertialet stängs"}});
    ASSERT_EQ(forced.status, 200) << forced.body;
    auto closed = parse_json(forced.body);
    EXPECT_TRUE(closed.at("forced").as_bool());
    EXPECT_EQ(closed.at("period").at("status"), "closed");
    EXPECT_EQ(period_status(), "closed");
    auto audit = audit_rows(server_->database());
    ASSERT_EQ(audit.size(), audit_before + 1);
    EXPECT_EQ(audit.back().action, "force_close");
    EXPECT_EQ(audit.back().entity, "reporting_period");
    // Closed is closed: again is 409. Opening it again is audited.
    EXPECT_EQ(as(admin, "POST", "/reporting-periods/" + period_ + "/close", json::object{}).status, 409);
    auto opened = as(planner, "POST", "/reporting-periods/" + period_ + "/open", json::object{});
    ASSERT_EQ(opened.status, 200) << opened.body;
    EXPECT_FALSE(parse_json(opened.body).at("already_open").as_bool());
    EXPECT_EQ(period_status(), "open");
    EXPECT_EQ(audit_rows(server_->database()).back().action, "open");
}

TEST_P(ApiReportingRoundTest, ClosingWithEveryReportSubmittedNeedsNoForce) {
    // A subtree: every unit that owes something submits (here through the store).
    auto all = completeness("?unit=regionfullmaktige&missing=false");
    server_->database().write([&](storage::Connection& c) {
        for (const auto& u : all.at("units").as_array()) {
            if (u.at("parts").at("report").at("required").as_int64() > 0) {
                storage::WorkflowStore(c).put_report(org_, u.at("id").as_int64(), 2025, "da04", workflow::State::approved, "rut");
            }
        }
        return 0;
    });
    auto planner = user("planera", auth::Role::planner, std::nullopt);
    auto closed = as(planner, "POST", "/reporting-periods/" + period_ + "/close", json::object{});
    ASSERT_EQ(closed.status, 200) << closed.body;
    EXPECT_FALSE(parse_json(closed.body).at("forced").as_bool());
    EXPECT_EQ(audit_rows(server_->database()).back().action, "close");
}

// A unit activity added to the old version after the new one replaced it is carried to the
// version in force when the period opens, once (docs/reporting-round.md).
TEST_P(ApiReportingRoundTest, OpeningCarriesLateOpenContentToTheVersionInForce) {
    auto planner = user("planerare", auth::Role::planner, "regionstyrelsen");
    auto assembly = user("fullmakt", auth::Role::planner, "regionfullmaktige");
    Id old_plan = id_by_key("plans", "rs-plan-2025-2027");
    auto made = as(planner, "POST", "/plans/" + std::to_string(old_plan) + "/versions");
    ASSERT_EQ(made.status, 201) << made.body;
    auto v2 = parse_json(made.body).at("plan");
    auto v2_url = "/plans/" + std::to_string(v2.at("id").as_int64());
    ASSERT_EQ(as(planner, "POST", v2_url + "/submit").status, 200);
    ASSERT_EQ(as(assembly, "POST", v2_url + "/approve").status, 200);

    // Late: an area activity of Nära, added to the archived version (open content may be).
    auto late = server_->send_json("POST", org_url + "/activities",
                                   json::object{{"plan_id", old_plan}, {"key", "nara-sent"}, {"name", "Sent tillagd aktivitet"},
                                                {"level", "area"}, {"owner_unit_id", id_by_key("units", "div-nara")}});
    ASSERT_EQ(late.status, 201) << late.body;
    auto in_force = [&] {
        return parse_json(server_->request("GET", org_url + "/activities?key=nara-sent&plan_id=" +
                                                      std::to_string(v2.at("id").as_int64())).body)
            .at("total")
            .as_int64();
    };
    EXPECT_EQ(in_force(), 0);
    auto opened = as(planner, "POST", "/reporting-periods/" + period_ + "/open", json::object{});
    // A planner over a subtree may not: the whole organisation's planner or administrator.
    EXPECT_EQ(opened.status, 403) << opened.body;
    auto whole = user("helaplan", auth::Role::planner, std::nullopt);
    opened = as(whole, "POST", "/reporting-periods/" + period_ + "/open", json::object{});
    ASSERT_EQ(opened.status, 200) << opened.body;
    auto answer = parse_json(opened.body);
    EXPECT_TRUE(answer.at("already_open").as_bool());
    auto key = std::string(v2.at("key").as_string());
    EXPECT_EQ(answer.at("carried").at(key).at("carried").at("activities"), 1) << opened.body;
    EXPECT_EQ(in_force(), 1);
    EXPECT_EQ(audit_rows(server_->database()).back().action, "open");
    // Opening again carries nothing twice.
    auto again = parse_json(as(whole, "POST", "/reporting-periods/" + period_ + "/open", json::object{}).body);
    EXPECT_FALSE(again.at("carried").at(key).at("carried").as_object().contains("activities")) << json::serialize(again);
    EXPECT_EQ(in_force(), 1);
    // The new unit activity is now owed in the period.
    auto c = completeness("?unit=div-nara");
    EXPECT_EQ(unit_in(c, "div-nara").at("parts").at("activities").at("required"), 13);
}

TEST_P(ApiReportingRoundTest, EachRoleSeesItsOwnToDo) {
    auto reporter = user("rita", auth::Role::reporter, "div-nara");
    auto approver = user("petra", auth::Role::planner, "regiondirektoren");
    auto controller = user("karin", auth::Role::controller, "div-psykiatri");
    auto politician = user("politiker", auth::Role::reader, std::nullopt);
    server_->database().write([&](storage::Connection& c) {
        storage::WorkflowStore(c).put_report(org_, id_by_key("units", "div-funktion"), 2025, "da04", workflow::State::submitted, "rut");
        return 0;
    });

    auto mine = parse_json(as(reporter, "GET", "/me/todo").body);
    EXPECT_EQ(mine.at("period").at("deadline"), "2025-05-15");
    EXPECT_TRUE(mine.at("approver").is_null());
    EXPECT_TRUE(mine.at("controller").is_null());
    EXPECT_TRUE(mine.at("scorecard").is_null());
    ASSERT_EQ(mine.at("reporter").at("units").as_array().size(), 1U);  // div-nara; its units owe nothing
    EXPECT_EQ(mine.at("reporter").at("units").at(0).at("key"), "div-nara");
    EXPECT_EQ(mine.at("reporter").at("units").at(0).at("parts").at("activities").at("required"), 12);

    auto decide = parse_json(as(approver, "GET", "/me/todo").body);
    EXPECT_TRUE(decide.at("reporter").is_null());
    ASSERT_EQ(decide.at("approver").at("reports").as_array().size(), 1U);  // div-funktion's parent is regiondirektören
    EXPECT_EQ(decide.at("approver").at("reports").at(0).at("unit").at("key"), "div-funktion");

    auto control = parse_json(as(controller, "GET", "/me/todo").body);
    ASSERT_EQ(control.at("controller").at("subtrees").as_array().size(), 1U);
    EXPECT_EQ(control.at("controller").at("subtrees").at(0).at("unit").at("key"), "div-psykiatri");
    EXPECT_GT(control.at("controller").at("subtrees").at(0).at("totals").at("activities").at("required").as_int64(), 0);
    EXPECT_TRUE(control.at("controller").at("findings").is_array());

    auto board = parse_json(as(politician, "GET", "/me/todo").body);
    EXPECT_TRUE(board.at("reporter").is_null());
    ASSERT_FALSE(board.at("scorecard").is_null());
    EXPECT_EQ(board.at("scorecard").at("unit").at("key"), "regionfullmaktige");
    EXPECT_FALSE(board.at("scorecard").at("goals").as_array().empty());

    // Not a member: 403; not signed in: 401.
    EXPECT_EQ(server_->anonymous_request("GET", org_url + "/me/todo").status, 401);
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiReportingRoundTest, backends(), backend_name);

}  // namespace
}  // namespace styrkort::testing
