// Economy over the API on both backends, with Region Norrbotten's 2025 plan: the
// computed read-only fields (a frame line's closing frame, a budget follow-up's
// deviations) are in every answer, are ignored when sent back, and never reach the
// plan file, which still exports exactly as before.
#include <gtest/gtest.h>

#include "api_test_support.hpp"

namespace styrkort::testing {
namespace {

const std::string org_url = "/api/v1/organisations/region-norrbotten";

class ApiEconomyTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        server_ = std::make_unique<RunningServer>(GetParam());
        auto r = server_->send_json_text("POST", "/api/v1/import", read_text_file(data_file("norrbotten-2025-2027.json")));
        ASSERT_EQ(r.status, 201) << r.body;
    }
    RunningServer& server() { return *server_; }
    static std::optional<long long> amount(const json::object& o, const char* name) {
        const auto& v = o.at(name);
        return v.is_null() ? std::nullopt : std::optional<long long>(v.as_int64());
    }
    std::unique_ptr<RunningServer> server_;
};

TEST_P(ApiEconomyTest, CostFrameLinesCarryTheComputedClosingFrame) {
    auto r = server().request("GET", org_url + "/cost-frame-lines?limit=5000");
    ASSERT_EQ(r.status, 200) << r.body;
    int with_opening = 0;
    auto page = parse_json(r.body);
    for (const auto& item : page.at("items").as_array()) {
        const auto& line = item.as_object();
        long long expected = 0;
        bool any = false;
        for (const char* c : {"opening", "wage_price_index", "increase", "reduction", "reallocation"}) {
            if (auto v = amount(line, c)) {
                expected += *v;
                any = true;
            }
        }
        if (!any) {
            EXPECT_TRUE(line.at("closing").is_null());
            continue;
        }
        ++with_opening;
        EXPECT_EQ(line.at("closing").as_int64(), expected) << line.at("label").as_string();
    }
    EXPECT_GT(with_opening, 5);
}

TEST_P(ApiEconomyTest, ClosingIsReadOnlyAndStaysOutOfThePlanFile) {
    // Frame lines are plan content and the shipped plan is approved, hence frozen
    // (docs/workflow.md): this test edits a draft of it.
    server().database().write([](storage::Connection& c) {
        c.execute("UPDATE plan SET status = 'draft' WHERE key = 'rs-plan-2025-2027'");
    });
    auto export_before = server().request("GET", "/api/v1/export").body;
    EXPECT_EQ(export_before.find("\"closing\":"), std::string::npos) << "only stated_closing is in the file";
    auto list = parse_json(server().request("GET", org_url + "/cost-frame-lines?limit=1").body);
    auto line = list.at("items").at(0).as_object();
    auto url = org_url + "/cost-frame-lines/" + std::to_string(line.at("id").as_int64());
    // Sent back as read, with a closing that disagrees: ignored, the stored fields decide.
    auto closing = line.at("closing");
    line["closing"] = 1;
    auto r = server().send_json("PUT", url, line);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(parse_json(r.body).at("closing"), closing);
    r = server().send_json("PATCH", url, json::object{{"closing", 5}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(parse_json(r.body).at("closing"), closing);
    EXPECT_EQ(server().request("GET", "/api/v1/export").body, export_before);
}

TEST_P(ApiEconomyTest, BudgetFollowUpAnswersWithDeviationsInKronorAndPerCent) {
    auto plan = parse_json(server().request("GET", org_url + "/plans?key=rs-plan-2025-2027").body).at("items").at(0);
    auto plan_id = plan.at("id").as_int64();
    auto r = server().send_json("POST", org_url + "/economy-tables",
                                json::object{{"plan_id", plan_id}, {"key", "bu-2025"}, {"title", "Budgetuppföljning 2025"},
                                             {"kind", "budget_follow_up"}, {"year", 2025}, {"amount_unit", "tkr"},
                                             {"decimals", 1}});
    ASSERT_EQ(r.status, 201) << r.body;
    auto table = parse_json(r.body).at("id").as_int64();
    auto unit = parse_json(server().request("GET", org_url + "/units?limit=1").body).at("items").at(0).at("id").as_int64();
    r = server().send_json("POST", org_url + "/budget-follow-ups",
                           json::object{{"plan_id", plan_id}, {"key", "da04"}, {"table_id", table}, {"unit_id", unit},
                                        {"year", 2025}, {"point", "da04"}, {"budget", -100'000'000},
                                        {"outcome", -34'000'000}, {"forecast", -103'500'500}});
    ASSERT_EQ(r.status, 201) << r.body;
    auto rec = parse_json(r.body).as_object();
    EXPECT_EQ(rec.at("outcome_deviation"), 66'000'000);
    EXPECT_EQ(rec.at("forecast_deviation"), -3'500'500);
    EXPECT_DOUBLE_EQ(rec.at("forecast_deviation_percent").to_number<double>(), -3.5);
    EXPECT_DOUBLE_EQ(rec.at("outcome_deviation_percent").to_number<double>(), 66.0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiEconomyTest, backends(), backend_name);

}  // namespace
}  // namespace styrkort::testing
