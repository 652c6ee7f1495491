// The approval workflow end to end on a real server and both backends (docs/workflow.md):
// follow-up reports of Region Norrbotten's units through submit, return, reopen and
// approve, what the public then reads; the shipped approved plan frozen, a new version
// copied, changed, compared with the old one and approved in its place.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "../auth/identity_support.hpp"
#include "storage/workflow_store.hpp"

namespace styrkort::testing {
namespace {

const std::string org_url = "/api/v1/organisations/region-norrbotten";
constexpr const char* password = "Arbetsflöde-i-Luleå-2026";

class ApiWorkflowTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        server_ = std::make_unique<RunningServer>(GetParam());
        auto r = server_->send_json_text("POST", "/api/v1/import", read_text_file(data_file("norrbotten-2025-2027.json")));
        ASSERT_EQ(r.status, 201) << r.body;
        org_ = parse_json(server_->request("GET", org_url).body).at("id").as_int64();
        plan_ = id_by_key("plans", "rs-plan-2025-2027");
    }
    void TearDown() override { server_.reset(); }

    Id id_by_key(const std::string& collection, const std::string& key, const std::string& more = "") {
        auto r = server_->request("GET", org_url + "/" + collection + "?key=" + key + more);
        EXPECT_EQ(r.status, 200) << r.body;
        auto page = parse_json(r.body);
        if (page.at("total").as_int64() != 1) throw std::logic_error("no single " + collection + " " + key);
        return page.at("items").at(0).at("id").as_int64();
    }
    // A user with one role on one unit (nullopt: the whole organisation), and their token.
    std::string user(const std::string& name, std::vector<std::pair<auth::Role, std::optional<std::string>>> roles) {
        std::vector<Grant> grants;
        for (const auto& [role, unit] : roles) {
            grants.push_back({org_, role, unit ? std::optional<Id>(id_by_key("units", *unit)) : std::nullopt});
        }
        make_user(*server_, name, password, grants);
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
    HttpResponse admin(const std::string& method, const std::string& path, const json::value& body = nullptr) {
        return as(server_->admin_token(), method, path, body);
    }
    static std::string message(const HttpResponse& r) {
        auto e = error_of(r);
        return e.contains("message") ? std::string(e.at("message").as_string()) : std::string{};
    }
    std::vector<AuditRow> audit_since(std::size_t n) {
        auto rows = audit_rows(server_->database());
        return {rows.begin() + static_cast<std::ptrdiff_t>(std::min(n, rows.size())), rows.end()};
    }

    std::unique_ptr<RunningServer> server_;
    Id org_ = 0;
    Id plan_ = 0;
};

TEST_P(ApiWorkflowTest, AFollowUpReportGoesUpForApprovalAndOnlyTheApprovedIsPublic) {
    auto reporter = user("rut", {{auth::Role::reporter, "psykiatri-vuxenpsykiatri"}});
    auto head = user("chef", {{auth::Role::planner, "div-psykiatri"}});
    auto other = user("annan", {{auth::Role::planner, "div-nara"}});
    Id unit = id_by_key("units", "psykiatri-vuxenpsykiatri");
    Id goal = id_by_key("goals", "goal-1");

    auto created = as(reporter, "POST", "/followup-reports", json::object{{"unit_id", unit}, {"year", 2025}, {"point", "da04"}});
    ASSERT_EQ(created.status, 201) << created.body;
    auto report = parse_json(created.body);
    EXPECT_EQ(report.at("state"), "draft");
    auto id = std::to_string(report.at("id").as_int64());
    auto again = as(reporter, "POST", "/followup-reports", json::object{{"unit_id", unit}, {"year", 2025}, {"point", "da04"}});
    EXPECT_EQ(again.status, 409) << again.body;

    // Follow-up of the unit while the report is a draft: written, but not public.
    auto assessment = as(reporter, "POST", "/goal-assessments",
                         json::object{{"goal_id", goal}, {"unit_id", unit}, {"year", 2025}, {"point", "da04"},
                                      {"status", "partly_met"}, {"analysis", "Väntetiderna minskar men inte överallt."}});
    ASSERT_EQ(assessment.status, 201) << assessment.body;
    auto assessment_url = "/goal-assessments/" + std::to_string(parse_json(assessment.body).at("id").as_int64());
    EXPECT_EQ(parse_json(server_->anonymous_request("GET", org_url + "/goal-assessments").body).at("total"), 0);
    EXPECT_EQ(server_->anonymous_request("GET", org_url + assessment_url).status, 401);
    EXPECT_EQ(parse_json(server_->anonymous_request("GET", org_url + "/followup-reports").body).at("total"), 0);

    // Illegal transitions are 409 with the state named; the wrong role or level 403.
    auto early = as(head, "POST", "/followup-reports/" + id + "/approve");
    EXPECT_EQ(early.status, 409) << early.body;
    EXPECT_NE(message(early).find("utkast"), std::string::npos) << early.body;
    EXPECT_NE(message(early).find("Vuxenpsykiatri"), std::string::npos) << early.body;
    EXPECT_EQ(as(reporter, "POST", "/followup-reports/" + id + "/approve").status, 403);
    EXPECT_EQ(as(head, "POST", "/followup-reports/" + id + "/submit").status, 403);

    auto before = audit_rows(server_->database()).size();
    auto submitted = as(reporter, "POST", "/followup-reports/" + id + "/submit");
    ASSERT_EQ(submitted.status, 200) << submitted.body;
    EXPECT_EQ(parse_json(submitted.body).at("state"), "submitted");
    EXPECT_EQ(parse_json(submitted.body).at("submitted_by"), "rut");

    // Submitted: the unit's follow-up for the period is locked.
    auto locked = as(reporter, "PATCH", assessment_url, json::object{{"status", "met"}});
    EXPECT_EQ(locked.status, 409) << locked.body;
    EXPECT_NE(message(locked).find("inskickad"), std::string::npos) << locked.body;
    // Another period of the same unit is not.
    EXPECT_EQ(as(reporter, "POST", "/goal-assessments",
                 json::object{{"goal_id", goal}, {"unit_id", unit}, {"year", 2025}, {"point", "da08"}, {"status", "met"}})
                  .status,
              201);

    EXPECT_EQ(as(other, "POST", "/followup-reports/" + id + "/approve").status, 403);  // not the level above
    auto bare = as(head, "POST", "/followup-reports/" + id + "/return", json::object{{"comment", "  "}});
    EXPECT_EQ(bare.status, 422) << bare.body;
    EXPECT_EQ(error_of(bare).at("path"), "comment");
    auto returned = as(head, "POST", "/followup-reports/" + id + "/return",
                       json::object{{"comment", "Analysen saknar uppdelning på kvinnor och män."}});
    ASSERT_EQ(returned.status, 200) << returned.body;
    EXPECT_EQ(parse_json(returned.body).at("state"), "returned");
    EXPECT_EQ(parse_json(returned.body).at("comment"), "Analysen saknar uppdelning på kvinnor och män.");
    EXPECT_EQ(as(reporter, "POST", "/followup-reports/" + id + "/submit").status, 409);  // reopen first
    ASSERT_EQ(as(reporter, "POST", "/followup-reports/" + id + "/reopen").status, 200);
    ASSERT_EQ(as(reporter, "PATCH", assessment_url, json::object{{"analysis", "Kvinnor: 61 dagar, män: 58 dagar."}}).status, 200);
    ASSERT_EQ(as(reporter, "POST", "/followup-reports/" + id + "/submit").status, 200);
    auto approved = as(head, "POST", "/followup-reports/" + id + "/approve");
    ASSERT_EQ(approved.status, 200) << approved.body;
    EXPECT_EQ(parse_json(approved.body).at("state"), "approved");
    EXPECT_EQ(parse_json(approved.body).at("decided_by"), "chef");
    EXPECT_EQ(parse_json(approved.body).at("next_actions").as_array().size(), 0u);
    EXPECT_EQ(as(head, "POST", "/followup-reports/" + id + "/return", json::object{{"comment", "Nej"}}).status, 409);
    EXPECT_EQ(as(reporter, "PATCH", assessment_url, json::object{{"status", "met"}}).status, 409);
    // Nor can a CSV import of outcomes write the unit's approved period: all or nothing.
    // (The 2025 plan has no measures: one in a draft plan of the board.)
    auto draft = admin("POST", "/plans", json::object{{"key", "matt"}, {"title", "Mått"}, {"status", "draft"}, {"first_year", 2025},
                                                      {"last_year", 2027}, {"owner_unit_id", id_by_key("units", "regionstyrelsen")}});
    ASSERT_EQ(draft.status, 201) << draft.body;
    auto made = admin("POST", "/measures", json::object{{"plan_id", parse_json(draft.body).at("id")}, {"key", "vantetid"},
                                                        {"kind", "steering"}, {"name", "Väntetid"}});
    ASSERT_EQ(made.status, 201) << made.body;
    auto measure = parse_json(made.body).at("id").as_int64();
    auto csv = "measure_id;enhet;år;tillfälle;värde\n" + std::to_string(measure) + ";psykiatri-vuxenpsykiatri;2025;DÅ 08;12\n" +
               std::to_string(measure) + ";psykiatri-vuxenpsykiatri;2025;DÅ 04;12\n";
    auto imported = server_->request("POST", org_url + "/outcomes/import", csv, {{"Content-Type", "text/csv"}});
    EXPECT_EQ(imported.status, 422) << imported.body;
    EXPECT_EQ(error_of(imported).at("code"), "report_locked") << imported.body;
    EXPECT_EQ(parse_json(admin("GET", "/outcomes").body).at("total"), 0);

    // Every transition is in the audit log, in order, as the report's own rows.
    std::vector<std::string> actions;
    for (const auto& row : audit_since(before)) {
        if (row.entity == "followup_report") actions.push_back(row.action);
    }
    EXPECT_EQ(actions, (std::vector<std::string>{"submit", "return", "reopen", "submit", "approve"}));

    // Approved: the public reads the report and the unit's follow-up of that period, not the rest.
    auto pub = parse_json(server_->anonymous_request("GET", org_url + "/goal-assessments").body);
    ASSERT_EQ(pub.at("total"), 1) << pub;
    EXPECT_EQ(server_->anonymous_request("GET", org_url + assessment_url).status, 200);
    EXPECT_EQ(parse_json(server_->anonymous_request("GET", org_url + "/followup-reports").body).at("total"), 1);
    EXPECT_EQ(server_->anonymous_request("GET", org_url + "/followup-reports/" + id).status, 200);
    // Members read everything, the scorecard included.
    EXPECT_EQ(parse_json(as(head, "GET", "/goal-assessments").body).at("total"), 2);
    EXPECT_EQ(as(head, "GET", "/scorecard?unit=div-psykiatri&year=2025&point=da04").status, 200);
    EXPECT_EQ(server_->anonymous_request("GET", org_url + "/scorecard?unit=div-psykiatri&year=2025&point=da04").status, 401);
}

TEST_P(ApiWorkflowTest, NobodyApprovesTheirOwnSubmissionAndDraftReportsStayPrivate) {
    auto both = user("dubbel", {{auth::Role::reporter, "div-psykiatri"}, {auth::Role::planner, "div-psykiatri"}});
    Id unit = id_by_key("units", "psykiatri-vuxenpsykiatri");
    auto created = as(both, "POST", "/followup-reports", json::object{{"unit_id", unit}, {"year", 2025}, {"point", "ar"}});
    ASSERT_EQ(created.status, 201) << created.body;
    auto id = std::to_string(parse_json(created.body).at("id").as_int64());
    ASSERT_EQ(as(both, "POST", "/followup-reports/" + id + "/submit").status, 200);
    auto own = as(both, "POST", "/followup-reports/" + id + "/approve");
    EXPECT_EQ(own.status, 403) << own.body;
    EXPECT_NE(message(own).find("själv"), std::string::npos) << own.body;
    EXPECT_EQ(server_->anonymous_request("GET", org_url + "/followup-reports/" + id).status, 401);
    // A reporter elsewhere cannot start a report for this unit; bad input is named.
    auto elsewhere = user("nara", {{auth::Role::reporter, "div-nara"}});
    EXPECT_EQ(as(elsewhere, "POST", "/followup-reports", json::object{{"unit_id", unit}, {"year", 2025}, {"point", "da08"}}).status, 403);
    auto bad_point = as(both, "POST", "/followup-reports", json::object{{"unit_id", unit}, {"year", 2025}, {"point", "q3"}});
    EXPECT_EQ(bad_point.status, 422);
    EXPECT_EQ(error_of(bad_point).at("path"), "point");
    EXPECT_EQ(as(both, "GET", "/followup-reports?state=finished").status, 422);
    EXPECT_EQ(parse_json(as(both, "GET", "/followup-reports?state=submitted&unit_id=" + std::to_string(unit)).body).at("total"), 1);
}

TEST_P(ApiWorkflowTest, AUnitWithASubmittedReportIsKeptAndOneWithADraftIsDeleted) {
    auto reporter = user("rapportor", {{auth::Role::reporter, "div-psykiatri"}});
    auto make_unit = [&](const std::string& key) {
        auto r = admin("POST", "/units", json::object{{"key", key}, {"name", "Enhet " + key}, {"kind", "unit"},
                                                      {"parent_id", id_by_key("units", "div-psykiatri")}});
        EXPECT_EQ(r.status, 201) << r.body;
        auto unit = parse_json(r.body).at("id").as_int64();
        auto report = as(reporter, "POST", "/followup-reports", json::object{{"unit_id", unit}, {"year", 2025}, {"point", "da04"}});
        EXPECT_EQ(report.status, 201) << report.body;
        return std::pair{std::to_string(unit), std::to_string(parse_json(report.body).at("id").as_int64())};
    };
    auto [sent_unit, sent_report] = make_unit("skickad");
    ASSERT_EQ(as(reporter, "POST", "/followup-reports/" + sent_report + "/submit").status, 200);
    auto kept = admin("DELETE", "/units/" + sent_unit);
    EXPECT_EQ(kept.status, 409) << kept.body;
    EXPECT_NE(message(kept).find("uppföljningsrapport (2025 da04)"), std::string::npos) << kept.body;
    EXPECT_EQ(admin("GET", "/units/" + sent_unit).status, 200);
    EXPECT_EQ(admin("GET", "/followup-reports/" + sent_report).status, 200);

    auto [draft_unit, draft_report] = make_unit("utkast");
    EXPECT_EQ(admin("DELETE", "/units/" + draft_unit).status, 204);
    EXPECT_EQ(admin("GET", "/followup-reports/" + draft_report).status, 404);
}

TEST_P(ApiWorkflowTest, TheShippedApprovedPlanIsFrozenButUnitsWriteTheirOwnActivities) {
    Id goal = id_by_key("goals", "goal-1");
    auto refused = admin("PATCH", "/goals/" + std::to_string(goal), json::object{{"text", "Ändrat mål"}});
    EXPECT_EQ(refused.status, 409) << refused.body;
    EXPECT_NE(message(refused).find("rs-plan-2025-2027"), std::string::npos) << refused.body;
    EXPECT_NE(message(refused).find("/versions"), std::string::npos) << refused.body;
    EXPECT_EQ(admin("PATCH", "/plans/" + std::to_string(plan_), json::object{{"title", "Ny titel"}}).status, 409);
    EXPECT_EQ(admin("DELETE", "/goals/" + std::to_string(goal)).status, 409);
    EXPECT_EQ(admin("POST", "/goals", json::object{{"plan_id", plan_}, {"key", "goal-10"}, {"text", "Ett tionde mål"}}).status, 409);
    EXPECT_EQ(admin("DELETE", "/plans/" + std::to_string(plan_)).status, 409);
    EXPECT_EQ(admin("PATCH", "/plans/" + std::to_string(plan_), json::object{{"status", "draft"}}).status, 409);

    // A unit's own activity under a division's activity is the unit's plan: open.
    Id parent = id_by_key("activities", "psykiatri-01");
    Id unit = id_by_key("units", "psykiatri-vuxenpsykiatri");
    auto own = admin("POST", "/activities",
                     json::object{{"plan_id", plan_}, {"key", "vuxenpsykiatri-01"}, {"name", "Stegvis vård i öppenvården"},
                                  {"level", "unit"}, {"owner_unit_id", unit}, {"parent_id", parent}});
    EXPECT_EQ(own.status, 201) << own.body;
    auto division = admin("POST", "/activities",
                          json::object{{"plan_id", plan_}, {"key", "psykiatri-99"}, {"name", "Ny divisionsaktivitet"},
                                       {"level", "division"}, {"owner_unit_id", id_by_key("units", "div-psykiatri")}});
    EXPECT_EQ(division.status, 409) << division.body;
    auto promote = admin("PATCH", "/activities/" + std::to_string(parse_json(own.body).at("id").as_int64()),
                         json::object{{"level", "division"}});
    EXPECT_EQ(promote.status, 409) << promote.body;
}

TEST_P(ApiWorkflowTest, ANewVersionIsCopiedChangedComparedAndApprovedInPlaceOfTheOld) {
    auto planner = user("planerare", {{auth::Role::planner, "regionstyrelsen"}});
    auto assembly = user("fullmakt", {{auth::Role::planner, "regionfullmaktige"}});
    auto reader = user("politiker", {{auth::Role::reader, std::nullopt}});
    auto old_url = "/plans/" + std::to_string(plan_);
    EXPECT_EQ(as(reader, "POST", old_url + "/versions").status, 403);

    auto before = audit_rows(server_->database()).size();
    auto made = as(planner, "POST", old_url + "/versions");
    ASSERT_EQ(made.status, 201) << made.body;
    auto answer = parse_json(made.body);
    Id v2 = answer.at("plan").at("id").as_int64();
    auto new_url = "/plans/" + std::to_string(v2);
    EXPECT_EQ(answer.at("plan").at("key"), "rs-plan-2025-2027-v2");
    EXPECT_EQ(answer.at("plan").at("status"), "draft");
    EXPECT_EQ(answer.at("plan").at("version"), "2");
    EXPECT_EQ(answer.at("version").at("number"), 2);
    EXPECT_EQ(answer.at("version").at("previous_plan_id"), plan_);
    auto rows = audit_since(before);
    ASSERT_EQ(rows.size(), 1u);  // one audited change: the new version
    EXPECT_EQ(rows[0].action, "new_version");
    EXPECT_EQ(rows[0].entity_id, v2);

    // The whole content is copied, and references inside it point into the copy.
    for (const char* collection : {"goals", "activities", "missions", "sections", "development-areas", "cost-frame-lines", "investment-requests"}) {
        auto count = [&](Id plan) {
            return parse_json(admin("GET", std::string("/") + collection + "?plan_id=" + std::to_string(plan)).body).at("total").as_int64();
        };
        EXPECT_GT(count(plan_), 0) << collection;
        EXPECT_EQ(count(v2), count(plan_)) << collection;
    }
    auto new_goals = parse_json(admin("GET", "/goals?plan_id=" + std::to_string(v2)).body).at("items").as_array();
    std::set<Id> new_goal_ids;
    for (const auto& g : new_goals) new_goal_ids.insert(g.at("id").as_int64());
    auto new_activities = parse_json(admin("GET", "/activities?plan_id=" + std::to_string(v2)).body).at("items").as_array();
    ASSERT_EQ(new_activities.size(), 55u);
    for (const auto& a : new_activities) {
        for (const auto& g : a.at("goal_ids").as_array()) EXPECT_TRUE(new_goal_ids.count(g.as_int64())) << a;
    }
    EXPECT_EQ(as(planner, "POST", old_url + "/versions").status, 409);  // one new version at a time
    EXPECT_EQ(as(planner, "POST", new_url + "/versions").status, 409);  // a draft is changed directly

    // Change the draft: one goal reworded, one added.
    Id goal1 = id_by_key("goals", "goal-1", "&plan_id=" + std::to_string(v2));
    auto old_text = parse_json(admin("GET", "/goals/" + std::to_string(goal1)).body).at("text");
    ASSERT_EQ(as(planner, "PATCH", "/goals/" + std::to_string(goal1), json::object{{"text", "Nöjda invånare i hela länet"}}).status, 200);
    ASSERT_EQ(as(planner, "POST", "/goals", json::object{{"plan_id", v2}, {"key", "goal-10"}, {"text", "Ett tionde mål"}}).status, 201);

    auto compared = as(reader, "GET", old_url + "/compare?with=" + std::to_string(v2));
    ASSERT_EQ(compared.status, 200) << compared.body;
    auto diff = parse_json(compared.body);
    EXPECT_EQ(diff.at("summary").at("added"), 1) << diff.at("summary");
    EXPECT_EQ(diff.at("summary").at("changed"), 1) << diff.at("summary");
    EXPECT_EQ(diff.at("summary").at("removed"), 0) << diff.at("summary");
    const auto& goals = diff.at("collections").at("goals");
    EXPECT_EQ(goals.at("added").at(0).at("key"), "goal-10");
    EXPECT_EQ(goals.at("changed").at(0).at("key"), "goal-1");
    const auto& field = goals.at("changed").at(0).at("fields").at(0);
    EXPECT_EQ(field.at("field"), "text");
    EXPECT_EQ(field.at("before"), old_text);
    EXPECT_EQ(field.at("after"), "Nöjda invånare i hela länet");
    EXPECT_EQ(diff.at("from").at("number"), 1);
    EXPECT_EQ(diff.at("to").at("number"), 2);
    EXPECT_EQ(as(reader, "GET", old_url + "/compare").status, 422);
    EXPECT_EQ(as(reader, "GET", old_url + "/compare?with=" + std::to_string(plan_)).status, 200);

    // Submitted, it is frozen too; approved by the level above, it replaces the old one.
    ASSERT_EQ(as(planner, "POST", new_url + "/submit").status, 200);
    auto frozen = as(planner, "PATCH", "/goals/" + std::to_string(goal1), json::object{{"text", "Sent ändrat"}});
    EXPECT_EQ(frozen.status, 409);
    EXPECT_NE(message(frozen).find("withdraw"), std::string::npos) << frozen.body;
    EXPECT_EQ(as(planner, "POST", new_url + "/approve").status, 403);  // own submission, and not the level above
    EXPECT_EQ(server_->anonymous_request("GET", org_url + new_url).status, 401);  // not public before approval
    auto approved = as(assembly, "POST", new_url + "/approve");
    ASSERT_EQ(approved.status, 200) << approved.body;
    EXPECT_EQ(parse_json(approved.body).at("plan").at("status"), "approved");
    EXPECT_FALSE(parse_json(approved.body).at("plan").at("approved_date").is_null());
    EXPECT_EQ(parse_json(admin("GET", old_url).body).at("status"), "archived");
    EXPECT_EQ(server_->anonymous_request("GET", org_url + new_url).status, 200);
    EXPECT_EQ(server_->anonymous_request("GET", org_url + old_url).status, 200);  // archived versions stay public
    auto versions = parse_json(as(reader, "GET", new_url + "/versions").body).at("items").as_array();
    ASSERT_EQ(versions.size(), 2u);
    EXPECT_EQ(versions[0].at("status"), "archived");
    EXPECT_EQ(versions[1].at("number"), 2);
    EXPECT_EQ(as(planner, "POST", old_url + "/versions").status, 409);  // archived: start from the newest
}

// A region that amends its plan in June keeps its DÅ 04 follow-up: approving the new
// version carries the follow-up of the old one to the items they became (docs/workflow.md).
TEST_P(ApiWorkflowTest, ApprovingANewVersionCarriesTheFollowUpOfTheOld) {
    auto planner = user("planerare", {{auth::Role::planner, "regionstyrelsen"}});
    auto assembly = user("fullmakt", {{auth::Role::planner, "regionfullmaktige"}});
    auto reporter = user("rapportor", {{auth::Role::reporter, "div-nara"}});
    Id nara = id_by_key("units", "div-nara");
    auto old_plan = "&plan_id=" + std::to_string(plan_);
    auto activity = [&](const std::string& key, Id plan) {
        return id_by_key("activities", key, "&plan_id=" + std::to_string(plan));
    };
    auto report = [&](Id activity_id, const std::string& status, const std::string& comment) {
        auto r = as(reporter, "POST", "/activity-reports",
                    json::object{{"activity_id", activity_id}, {"year", 2025}, {"point", "da04"}, {"status", status},
                                 {"comment", comment}});
        ASSERT_EQ(r.status, 201) << r.body;
    };
    // DÅ 04 on the approved 2025 plan.
    report(activity("nara-01", plan_), "in_progress", "Arbetet med väntetiderna har börjat.");
    report(activity("nara-02", plan_), "done", "Klart i mars.");
    report(activity("nara-03", plan_), "delayed", "Försenat av rekryteringsläget.");
    auto assessed = as(reporter, "POST", "/goal-assessments",
                       json::object{{"goal_id", id_by_key("goals", "goal-1", old_plan)}, {"unit_id", nara}, {"year", 2025},
                                    {"point", "da04"}, {"status", "partly_met"}, {"analysis", "Delvis uppfyllt."}});
    ASSERT_EQ(assessed.status, 201) << assessed.body;

    // In June: a new version. One activity edited, one removed.
    auto made = as(planner, "POST", "/plans/" + std::to_string(plan_) + "/versions");
    ASSERT_EQ(made.status, 201) << made.body;
    Id v2 = parse_json(made.body).at("plan").at("id").as_int64();
    auto new_url = "/plans/" + std::to_string(v2);
    ASSERT_EQ(as(planner, "PATCH", "/activities/" + std::to_string(activity("nara-01", v2)),
                 json::object{{"name", "Kortare väntetider i hela Nära"}}).status, 200);
    auto removed = as(planner, "DELETE", "/activities/" + std::to_string(activity("nara-02", v2)));
    ASSERT_EQ(removed.status, 204) << removed.body;
    // Meanwhile the old version, still in force, gets more of DÅ 04; the unit's report is approved.
    report(activity("nara-04", plan_), "not_started", "Startar i höst.");
    auto created = as(reporter, "POST", "/followup-reports", json::object{{"unit_id", nara}, {"year", 2025}, {"point", "da04"}});
    ASSERT_EQ(created.status, 201) << created.body;
    auto report_url = "/followup-reports/" + std::to_string(parse_json(created.body).at("id").as_int64());
    ASSERT_EQ(as(reporter, "POST", report_url + "/submit").status, 200);
    ASSERT_EQ(admin("POST", report_url + "/approve").status, 200);
    // Before approval the draft has none of it.
    EXPECT_EQ(parse_json(admin("GET", "/activity-reports?activity_id=" + std::to_string(activity("nara-01", v2))).body).at("total"), 0);

    ASSERT_EQ(as(planner, "POST", new_url + "/submit").status, 200);
    auto before = audit_rows(server_->database()).size();
    auto approved = as(assembly, "POST", new_url + "/approve");
    ASSERT_EQ(approved.status, 200) << approved.body;
    auto carried = parse_json(approved.body).at("carried_followup");
    EXPECT_EQ(carried.at("carried").at("activity_reports"), 3) << carried;  // nara-01, -03, -04
    EXPECT_EQ(carried.at("carried").at("goal_assessments"), 1) << carried;
    EXPECT_EQ(carried.at("left_on_previous").at("activity_reports"), 1) << carried;  // nara-02, removed
    EXPECT_EQ(carried.at("from_plan_id"), plan_);
    // Audited: the approval and the carried batch, in the same transaction.
    auto rows = audit_since(before);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].action, "approve");
    EXPECT_EQ(rows[1].action, "carry_followup");
    EXPECT_EQ(rows[1].entity, "plan");
    EXPECT_EQ(rows[1].entity_id, v2);

    // The scorecard of the plan in force now is the new version's, with the DÅ 04 statuses.
    auto card = as(reporter, "GET", "/scorecard?unit=div-nara&year=2025&point=da04");
    ASSERT_EQ(card.status, 200) << card.body;
    std::map<std::string, json::value> statuses;
    std::set<Id> shown_ids;
    auto collect = [](const json::value& scorecard, std::map<std::string, json::value>& out, std::set<Id>& ids) {
        for (const auto& g : scorecard.at("goals").as_array()) {
            for (const auto& a : g.at("activities").as_array()) {
                out[std::string(a.at("key").as_string())] = a.at("status");
                ids.insert(a.at("id").as_int64());
            }
        }
    };
    auto card_json = parse_json(card.body);
    collect(card_json, statuses, shown_ids);
    EXPECT_EQ(statuses["nara-01"], "in_progress");
    EXPECT_EQ(statuses["nara-03"], "delayed");
    EXPECT_EQ(statuses["nara-04"], "not_started");
    EXPECT_FALSE(statuses.contains("nara-02"));
    EXPECT_TRUE(shown_ids.contains(activity("nara-01", v2)));
    EXPECT_FALSE(shown_ids.contains(activity("nara-01", plan_)));  // the archived version is not counted twice
    bool assessment_shown = false;
    for (const auto& g : card_json.at("goals").as_array()) {
        if (g.at("key") == "goal-1" && g.at("assessment").is_object()) {
            assessment_shown = g.at("assessment").at("status") == "partly_met";
        }
    }
    EXPECT_TRUE(assessment_shown) << card.body;
    auto edited = parse_json(admin("GET", "/activity-reports?activity_id=" + std::to_string(activity("nara-01", v2))).body);
    ASSERT_EQ(edited.at("total"), 1);
    EXPECT_EQ(edited.at("items").at(0).at("comment"), "Arbetet med väntetiderna har börjat.");

    // The removed activity's follow-up stays on the archived version, which is left intact.
    auto old_card = parse_json(as(reporter, "GET", "/scorecard?unit=div-nara&year=2025&point=da04&plan=" + std::to_string(plan_)).body);
    std::map<std::string, json::value> old_statuses;
    std::set<Id> old_ids;
    collect(old_card, old_statuses, old_ids);
    EXPECT_EQ(old_statuses["nara-02"], "done");
    EXPECT_EQ(old_statuses["nara-01"], "in_progress");
    auto kept = server_->anonymous_request("GET", org_url + "/activity-reports?activity_id=" + std::to_string(activity("nara-02", plan_)));
    ASSERT_EQ(kept.status, 200) << kept.body;
    EXPECT_EQ(parse_json(kept.body).at("total"), 1);  // public: archived plan, approved report

    // The report's state goes with it: approved, so public and locked in the new version too.
    auto carried_report = parse_json(
        server_->anonymous_request("GET", org_url + "/activity-reports?activity_id=" + std::to_string(activity("nara-03", v2))).body);
    ASSERT_EQ(carried_report.at("total"), 1);
    auto locked = as(reporter, "PATCH", "/activity-reports/" + std::to_string(carried_report.at("items").at(0).at("id").as_int64()),
                     json::object{{"status", "done"}});
    EXPECT_EQ(locked.status, 409) << locked.body;
}

// What else is carried: outcomes (also of a closed period, without becoming corrections),
// the new version's own record kept where both have one, the budget figures reported
// since, and open content added to the old version after the copy.
TEST_P(ApiWorkflowTest, OutcomesBudgetFiguresAndLateContentAreCarriedToo) {
    auto planner = user("planerare", {{auth::Role::planner, "regionstyrelsen"}});
    auto assembly = user("fullmakt", {{auth::Role::planner, "regionfullmaktige"}});
    Id nara = id_by_key("units", "div-nara");
    auto created_id = [&](const HttpResponse& r) {
        EXPECT_EQ(r.status, 201) << r.body;
        return parse_json(r.body).at("id").as_int64();
    };
    Id p1 = created_id(admin("POST", "/plans", json::object{{"key", "uppf"}, {"title", "Uppföljning"}, {"status", "draft"},
                                                           {"first_year", 2025}, {"last_year", 2027},
                                                           {"owner_unit_id", id_by_key("units", "regionstyrelsen")}}));
    Id waits = created_id(admin("POST", "/measures", json::object{{"plan_id", p1}, {"key", "vantetid"}, {"kind", "steering"},
                                                                 {"name", "Väntetid"}, {"breakdowns", json::array{"sex"}}}));
    Id visits = created_id(admin("POST", "/measures", json::object{{"plan_id", p1}, {"key", "besok"}, {"kind", "steering"}, {"name", "Besök"}}));
    Id division = created_id(admin("POST", "/activities", json::object{{"plan_id", p1}, {"key", "div-akt"}, {"name", "Divisionens aktivitet"},
                                                                     {"level", "division"}, {"owner_unit_id", nara}}));
    Id table = created_id(admin("POST", "/economy-tables", json::object{{"plan_id", p1}, {"key", "budget"}, {"title", "Budgetuppföljning"},
                                                                       {"kind", "budget_follow_up"}, {"year", 2025},
                                                                       {"amount_unit", "tkr"}, {"decimals", 0}}));
    Id line = created_id(admin("POST", "/budget-follow-ups", json::object{{"plan_id", p1}, {"key", "nara-da04"}, {"table_id", table},
                                                                         {"unit_id", nara}, {"year", 2025}, {"point", "da04"},
                                                                         {"budget", 1000000}}));
    auto url = [](Id plan) { return "/plans/" + std::to_string(plan); };
    ASSERT_EQ(as(planner, "POST", url(p1) + "/submit").status, 200);
    ASSERT_EQ(as(assembly, "POST", url(p1) + "/approve").status, 200);

    auto outcome = [&](Id measure, const json::value& sex, const std::string& point, double value) {
        return created_id(admin("POST", "/outcomes", json::object{{"measure_id", measure}, {"unit_id", nara}, {"year", 2025},
                                                                  {"point", point}, {"sex", sex}, {"value", value}}));
    };
    outcome(waits, "K", "da04", 40);
    outcome(waits, "M", "da04", 42);
    outcome(visits, nullptr, "da04", 100);
    outcome(visits, nullptr, "da08", 120);
    Id period = created_id(admin("POST", "/reporting-periods", json::object{{"year", 2025}, {"point", "da04"}, {"status", "closed"}}));
    auto corrections = [&] {
        return parse_json(admin("GET", "/reporting-periods/" + std::to_string(period) + "/corrections").body).at("total").as_int64();
    };
    auto corrections_before = corrections();

    auto made = as(planner, "POST", url(p1) + "/versions");
    ASSERT_EQ(made.status, 201) << made.body;
    Id p2 = parse_json(made.body).at("plan").at("id").as_int64();
    auto in = [&](const std::string& collection, const std::string& key, Id plan) {
        return id_by_key(collection, key, "&plan_id=" + std::to_string(plan));
    };
    // The new version decides a new budget, and has its own DÅ 08 visits already.
    ASSERT_EQ(admin("PATCH", "/budget-follow-ups/" + std::to_string(in("budget-follow-ups", "nara-da04", p2)),
                    json::object{{"budget", 1200000}}).status, 200);
    outcome(in("measures", "besok", p2), nullptr, "da08", 121);
    // Meanwhile on the version in force: budget figures reported, a DÅ 08 line added, and
    // an area writes its own activity under the division's, and reports on it.
    ASSERT_EQ(admin("PATCH", "/budget-follow-ups/" + std::to_string(line),
                    json::object{{"outcome", 400000}, {"forecast", 1100000}, {"comment", "Lägre kostnader för hyrläkare."}}).status, 200);
    created_id(admin("POST", "/budget-follow-ups", json::object{{"plan_id", p1}, {"key", "nara-da08"}, {"table_id", table},
                                                               {"unit_id", nara}, {"year", 2025}, {"point", "da08"}, {"budget", 900000}}));
    Id area = created_id(admin("POST", "/activities", json::object{{"plan_id", p1}, {"key", "omr-akt"}, {"name", "Områdets aktivitet"},
                                                                 {"level", "area"}, {"parent_id", division},
                                                                 {"owner_unit_id", id_by_key("units", "nara-primarvard-lulea-boden")}}));
    created_id(admin("POST", "/activity-reports", json::object{{"activity_id", area}, {"year", 2025}, {"point", "da08"}, {"status", "in_progress"}}));

    ASSERT_EQ(as(planner, "POST", url(p2) + "/submit").status, 200);
    auto approved = as(assembly, "POST", url(p2) + "/approve");
    ASSERT_EQ(approved.status, 200) << approved.body;
    auto carried = parse_json(approved.body).at("carried_followup");
    EXPECT_EQ(carried.at("carried").at("outcomes"), 3) << carried;
    EXPECT_EQ(carried.at("kept_own").at("outcomes"), 1) << carried;
    EXPECT_EQ(carried.at("carried").at("activities"), 1) << carried;
    EXPECT_EQ(carried.at("carried").at("activity_reports"), 1) << carried;
    EXPECT_EQ(carried.at("carried").at("budget_follow_ups"), 1) << carried;
    EXPECT_EQ(carried.at("updated").at("budget_follow_ups"), 1) << carried;

    // Outcomes of the closed DÅ 04 are in the new version, and no correction was recorded.
    auto waits2 = parse_json(admin("GET", "/outcomes?measure_id=" + std::to_string(in("measures", "vantetid", p2)) + "&sex=K").body);
    ASSERT_EQ(waits2.at("total"), 1);
    EXPECT_EQ(waits2.at("items").at(0).at("value").to_number<double>(), 40);
    EXPECT_EQ(corrections(), corrections_before);
    auto visits2 = parse_json(admin("GET", "/outcomes?measure_id=" + std::to_string(in("measures", "besok", p2)) + "&point=da08").body);
    ASSERT_EQ(visits2.at("total"), 1);
    EXPECT_EQ(visits2.at("items").at(0).at("value").to_number<double>(), 121);  // the new version's own
    // The budget as decided in the new version, with the figures reported since.
    auto line2 = parse_json(admin("GET", "/budget-follow-ups/" + std::to_string(in("budget-follow-ups", "nara-da04", p2))).body);
    EXPECT_EQ(line2.at("budget"), 1200000);
    EXPECT_EQ(line2.at("outcome"), 400000);
    EXPECT_EQ(line2.at("forecast"), 1100000);
    EXPECT_EQ(line2.at("comment"), "Lägre kostnader för hyrläkare.");
    EXPECT_EQ(parse_json(admin("GET", "/budget-follow-ups/" + std::to_string(in("budget-follow-ups", "nara-da08", p2))).body).at("table_id"),
              in("economy-tables", "budget", p2));
    // The area's activity hangs under the division's activity of the new version, with its report.
    Id area2 = in("activities", "omr-akt", p2);
    EXPECT_EQ(parse_json(admin("GET", "/activities/" + std::to_string(area2)).body).at("parent_id"), in("activities", "div-akt", p2));
    EXPECT_EQ(parse_json(admin("GET", "/activity-reports?activity_id=" + std::to_string(area2)).body).at("total"), 1);
    // The archived version is untouched.
    EXPECT_EQ(parse_json(admin("GET", "/outcomes?measure_id=" + std::to_string(visits)).body).at("total"), 2);
    EXPECT_EQ(parse_json(admin("GET", "/budget-follow-ups/" + std::to_string(line)).body).at("budget"), 1000000);
}

TEST_P(ApiWorkflowTest, APlansStatusChangesOnlyThroughTheWorkflow) {
    auto planner = user("planerare", {{auth::Role::planner, "regionstyrelsen"}});
    Id rs = id_by_key("units", "regionstyrelsen");
    json::object body{{"key", "ny-plan"}, {"title", "Ny plan"}, {"owner_unit_id", rs}, {"first_year", 2026},
                      {"last_year", 2028}, {"status", "approved"}};
    auto r = as(planner, "POST", "/plans", body);
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(error_of(r).at("code"), "workflow");
    body["status"] = "draft";
    auto made = as(planner, "POST", "/plans", body);
    ASSERT_EQ(made.status, 201) << made.body;
    auto url = "/plans/" + std::to_string(parse_json(made.body).at("id").as_int64());
    auto patched = as(planner, "PATCH", url, json::object{{"status", "approved"}});
    EXPECT_EQ(patched.status, 422) << patched.body;
    EXPECT_NE(message(patched).find("/submit"), std::string::npos);
    EXPECT_EQ(as(planner, "PATCH", url, json::object{{"title", "Ny plan 2026–2028"}}).status, 200);
    // The operator may register a plan decided elsewhere, as an import does.
    body["key"] = "beslutad-plan";
    body["status"] = "approved";
    EXPECT_EQ(admin("POST", "/plans", body).status, 201);
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiWorkflowTest, backends(), backend_name);

}  // namespace
}  // namespace styrkort::testing
