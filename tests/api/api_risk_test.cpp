// Risk assessment and internal control over HTTP on both backends, on Region
// Norrbotten's 2020 plan (docs/risk.md): bad input refused naming the field and changing
// nothing, the checker's finding for a risk without action, who writes what, control
// results followed up per reporting point with corrections after the period closes,
// and the register as CSV and XLSX.
#include <gtest/gtest.h>

#include "../auth/identity_support.hpp"

namespace styrkort::testing {
namespace {

using auth::Role;

constexpr const char* password = "Riskmatris-i-Boden-2026";
const std::string org_url = "/api/v1/organisations/region-norrbotten";

class RiskApiTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        server_ = std::make_unique<RunningServer>(GetParam());
        auto r = server_->send_json_text("POST", "/api/v1/import", read_text_file(data_file("norrbotten-2020-2022.json")));
        ASSERT_EQ(r.status, 201) << r.body;
        org_ = parse_json(server_->request("GET", org_url).body).at("id").as_int64();
        plan_ = id_by_key("plans", "rs-plan-2020-2022");
        nara_ = id_by_key("units", "div-narsjukvard");
        auto lans = id_by_key("units", "div-lanssjukvard");
        make_user(*server_, "planerare", password, {{org_, Role::planner, nara_}, {org_, Role::reporter, nara_}});
        make_user(*server_, "styrelseplanerare", password, {{org_, Role::board_planner, nara_}});
        make_user(*server_, "lasare", password, {{org_, Role::reader, std::nullopt}});
        make_user(*server_, "kontrollant", password, {{org_, Role::reader, std::nullopt}});
        make_user(*server_, "grannen", password, {{org_, Role::reporter, lans}, {org_, Role::planner, lans}});
        for (const char* user : {"planerare", "styrelseplanerare", "lasare", "kontrollant", "grannen"}) {
            tokens_[user] = make_token(*server_, user);
        }
    }
    Id id_by_key(const std::string& collection, const std::string& key) {
        auto page = parse_json(server_->request("GET", org_url + "/" + collection + "?key=" + key).body);
        return page.at("items").at(0).at("id").as_int64();
    }
    HttpResponse as(const std::string& user, const std::string& method, const std::string& url,
                    const json::value& body = nullptr) {
        HeaderList headers{{"Authorization", "Bearer " + tokens_.at(user)}, {"Content-Type", "application/json"}};
        return server_->request(method, url, body.is_null() ? "" : json::serialize(body), headers);
    }
    json::object risk_body(const std::string& key, std::int64_t p, std::int64_t c) {
        return {{"plan_id", plan_}, {"key", key}, {"title", "Risk " + key}, {"owner_unit_id", nara_},
                {"probability", p}, {"consequence", c}};
    }
    Id created(const HttpResponse& r) {
        EXPECT_EQ(r.status, 201) << r.body;
        return r.status == 201 ? parse_json(r.body).at("id").as_int64() : 0;
    }
    std::unique_ptr<RunningServer> server_;
    Id org_ = 0, plan_ = 0, nara_ = 0;
    std::map<std::string, std::string> tokens_;
};

TEST_P(RiskApiTest, BadInputIsRefusedNamingTheFieldAndChangesNothing) {
    // Another organisation with an activity of its own.
    auto other = create(*server_, entity("organisation"), 0, minimal_body(entity("organisation"), {}, "annan"));
    Id other_org = other.at("id").as_int64();
    auto chain = create_chain(*server_, "activity", other_org, "annan");
    Id risk = created(server_->send_json("POST", org_url + "/risks", risk_body("r-ok", 3, 3)));

    auto before = dump_database(server_->database());
    struct Case {
        json::object body;
        std::string collection, field;
    };
    auto bad_unit = risk_body("r-unit", 2, 2);
    bad_unit["owner_unit_id"] = 987654;
    std::vector<Case> cases{
        {risk_body("r-zero", 0, 2), "risks", "probability"},
        {risk_body("r-five", 5, 2), "risks", "probability"},
        {risk_body("r-cons", 2, 5), "risks", "consequence"},
        {bad_unit, "risks", "owner_unit_id"},
        {{{"plan_id", plan_}, {"key", "a-other"}, {"risk_id", risk}, {"kind", "activity"},
          {"activity_id", chain.ids.at("activity")}},
         "risk-actions", "activity_id"},
        {{{"plan_id", plan_}, {"key", "a-none"}, {"risk_id", risk}, {"kind", "control_point"}},
         "risk-actions", "control_point_id"},
    };
    for (const auto& c : cases) {
        auto r = server_->send_json("POST", org_url + "/" + c.collection, c.body);
        EXPECT_EQ(r.status, 422) << json::serialize(c.body) << ": " << r.body;
        EXPECT_EQ(error_of(r)["path"], json::value(c.field)) << r.body;
        EXPECT_FALSE(error_of(r)["message"].as_string().empty());
    }
    // In English on request.
    auto r = server_->request("POST", org_url + "/risks", json::serialize(risk_body("r-en", 0, 1)),
                              {{"Content-Type", "application/json"}, {"Accept-Language", "en"}});
    EXPECT_EQ(r.status, 422);
    EXPECT_NE(std::string(error_of(r)["message"].as_string()).find("must be between 1 and 4"), std::string::npos) << r.body;
    EXPECT_TRUE(same_database(before, dump_database(server_->database())));
}

TEST_P(RiskApiTest, ARiskRequiringActionIsAFindingUntilItLeadsToAnAction) {
    Id risk = created(server_->send_json("POST", org_url + "/risks", risk_body("r-ny", 3, 4)));
    auto check = [&] {
        auto r = server_->request("GET", org_url + "/plans/" + std::to_string(plan_) + "/check");
        EXPECT_EQ(r.status, 200) << r.body;
        std::vector<json::object> out;
        auto doc = parse_json(r.body);
        for (const auto& f : doc.at("findings").as_array()) {
            if (f.at("rule") == "risk.without_action" && f.at("item") == "r-ny") out.push_back(f.as_object());
        }
        return out;
    };
    auto found = check();
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].at("severity"), "error");
    EXPECT_NE(std::string(found[0].at("message").as_string()).find("= 12"), std::string::npos);
    Id assignment = parse_json(server_->request("GET", org_url + "/assignments?plan_id=" + std::to_string(plan_) + "&limit=1").body)
                        .at("items").at(0).at("id").as_int64();
    created(server_->send_json("POST", org_url + "/risk-actions",
                               json::object{{"plan_id", plan_}, {"key", "a-ny"}, {"risk_id", risk}, {"kind", "assignment"},
                                            {"assignment_id", assignment}}));
    EXPECT_TRUE(check().empty());
}

TEST_P(RiskApiTest, PlannersAndBoardPlannersOfTheSubtreeEditRisksReadersRead) {
    EXPECT_EQ(as("lasare", "POST", org_url + "/risks", risk_body("r-l", 1, 1)).status, 403);
    EXPECT_EQ(as("grannen", "POST", org_url + "/risks", risk_body("r-g", 1, 1)).status, 403);  // not their subtree
    Id risk = created(as("planerare", "POST", org_url + "/risks", risk_body("r-p", 2, 2)));
    auto url = org_url + "/risks/" + std::to_string(risk);
    auto r = as("styrelseplanerare", "PATCH", url, json::object{{"probability", 4}, {"consequence", 4}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(parse_json(r.body).at("probability"), 4);
    r = as("lasare", "GET", url);
    EXPECT_EQ(r.status, 200);
    // Every change audited, by whom.
    r = server_->request("GET", org_url + "/audit?entity=risk&action=update");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(parse_json(r.body).at("items").at(0).at("actor"), "styrelseplanerare");
}

TEST_P(RiskApiTest, ControlResultsAreReportedByTheNamedPersonAndCorrectedAfterCloseWithATrace) {
    Id icp = created(server_->send_json(
        "POST", org_url + "/internal-control-plans",
        json::object{{"plan_id", plan_}, {"key", "ikp-2020"}, {"year", 2020}, {"title", "Internkontrollplan 2020"}}));
    Id point = created(server_->send_json(
        "POST", org_url + "/control-points",
        json::object{{"plan_id", plan_}, {"key", "kp-1"}, {"internal_control_plan_id", icp}, {"process", "Inköp"},
                     {"control_step", "Avtalstrohet vid inköp"}, {"method", "Stickprov"}, {"unit_id", nara_},
                     {"performer_user", "kontrollant"}, {"reporting_points", json::array{"da04", "ar"}}}));
    json::object result{{"control_point_id", point}, {"year", 2020}, {"point", "da04"}, {"performed", "done"},
                        {"outcome", "deviation"}, {"comment", "Två av tio inköp utanför avtal"}};
    EXPECT_EQ(as("grannen", "POST", org_url + "/control-results", result).status, 403);
    EXPECT_EQ(as("lasare", "POST", org_url + "/control-results", result).status, 403);
    Id id = created(as("kontrollant", "POST", org_url + "/control-results", result));
    auto url = org_url + "/control-results/" + std::to_string(id);
    Id action = created(as("kontrollant", "POST", org_url + "/deviation-actions",
                           json::object{{"control_result_id", id}, {"description", "Utbilda beställare"},
                                        {"responsible", "Inköpschef"}, {"due_date", "2020-09-30"},
                                        {"action_status", "open"}}));
    auto r = as("kontrollant", "PATCH", org_url + "/deviation-actions/" + std::to_string(action),
                json::object{{"action_status", "closed"}});
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(error_of(r)["path"], "closed_date");

    r = server_->send_json("POST", org_url + "/reporting-periods",
                           json::object{{"year", 2020}, {"point", "da04"}, {"status", "closed"}});
    ASSERT_EQ(r.status, 201) << r.body;
    auto period = org_url + "/reporting-periods/" + std::to_string(parse_json(r.body).at("id").as_int64());
    auto before = dump_database(server_->database());
    r = as("kontrollant", "PATCH", url, json::object{{"outcome", "no_deviation"}});
    EXPECT_EQ(r.status, 409) << r.body;
    EXPECT_TRUE(same_database(before, dump_database(server_->database())));

    r = as("planerare", "PATCH", url, json::object{{"comment", "Rättat: tre av tio inköp utanför avtal"}});
    ASSERT_EQ(r.status, 200) << r.body;
    r = as("lasare", "GET", period + "/corrections");
    ASSERT_EQ(r.status, 200) << r.body;
    auto page = parse_json(r.body).as_object();
    ASSERT_EQ(page.at("total"), 1);
    const auto& c = page.at("items").at(0).as_object();
    EXPECT_EQ(c.at("entity"), "control_result");
    EXPECT_EQ(c.at("actor"), "planerare");
    EXPECT_EQ(c.at("before").at("comment"), "Två av tio inköp utanför avtal");
    EXPECT_EQ(c.at("after").at("comment"), "Rättat: tre av tio inköp utanför avtal");
    // The deviation's action is followed until closed, across periods.
    r = as("kontrollant", "PATCH", org_url + "/deviation-actions/" + std::to_string(action),
           json::object{{"action_status", "closed"}, {"closed_date", "2020-10-15"}});
    EXPECT_EQ(r.status, 200) << r.body;
}

TEST_P(RiskApiTest, TheRegisterAndInternalControlPlanDownloadAsCsvAndXlsx) {
    created(server_->send_json("POST", org_url + "/risks", risk_body("r-csv", 4, 3)));
    auto base = org_url + "/plans/" + std::to_string(plan_) + "/risks";
    auto r = server_->request("GET", base + "?format=csv");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_NE(r.body.find("Riskregister"), std::string::npos);
    EXPECT_NE(r.body.find("r-csv;Risk r-csv;"), std::string::npos) << r.body.substr(0, 2000);
    EXPECT_NE(r.body.find(";4;3;12;Kräver åtgärder"), std::string::npos) << r.body.substr(0, 2000);
    EXPECT_NE(r.body.find("Internkontrollplan"), std::string::npos);
    r = server_->request("GET", base);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body.substr(0, 2), "PK");
    EXPECT_EQ(server_->request("GET", base + "?format=pdf").status, 422);
}

INSTANTIATE_TEST_SUITE_P(Backends, RiskApiTest, backends(), backend_name);

}  // namespace
}  // namespace styrkort::testing
