// The Kolada routes on a real server and both backends, every answer checked against
// the OpenAPI document: the KPI search, linking a measure (versions, unknown KPI), and
// the comparison of sm-57 (target "I nivå med riket" for 2022, direction decrease) with
// the nation, the regions and a group; Kolada's values never among the outcomes.
#include <gtest/gtest.h>

#include "api_test_support.hpp"
#include "formats/kolada_import.hpp"

namespace styrkort::testing {
namespace {

const std::string org_url = "/api/v1/organisations/region-norrbotten";
const std::string pages_dir = std::string(STYRKORT_SOURCE_DIR) + "/tests/kolada/pages/";

class KoladaApiTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        server_ = std::make_unique<RunningServer>(GetParam());
        auto r = server_->send_json_text("POST", "/api/v1/import", read_text_file(data_file("norrbotten-2020-2022.json")));
        ASSERT_EQ(r.status, 201) << r.body;
        outcomes_before_ = count("SELECT COUNT(*) FROM outcome");
        auto pages = formats::kolada::read_page_files(
            {pages_dir + "v3_kpi_N00945,N60007,U07414.json", pages_dir + "v3_municipality_0000,0021,0022,0023,0024,0025,2580.json",
             pages_dir + "municipality_groups.json",
             pages_dir + "v3_data_kpi_N00945,N60007,U07414_municipality_0000,0021,0022,0023,0024,0025,2580_year_2021,2022,2023.json"});
        server_->database().write([&](storage::Connection& c) {
            auto org = storage::as_int(c.query("SELECT id FROM organisation WHERE key = 'region-norrbotten'").at(0).at(0));
            formats::kolada::import_pages(c, org, pages, {"test", ""});
        });
        auto list = parse_json(server_->request("GET", org_url + "/measures?key=sm-57").body);
        measure_ = list.at("items").at(0).at("id").as_int64();
    }
    std::int64_t count(const std::string& sql) {
        return server_->database().read([&](storage::Connection& c) { return storage::as_int(c.query(sql).at(0).at(0)); });
    }
    std::string measure_url() const { return org_url + "/measures/" + std::to_string(measure_); }

    std::unique_ptr<RunningServer> server_;
    Id measure_ = 0;
    std::int64_t outcomes_before_ = 0;
};

TEST_P(KoladaApiTest, SearchTheImportedCatalogue) {
    auto r = server_->request("GET", org_url + "/kolada/kpis?q=f%C3%B6rtroende");
    ASSERT_EQ(r.status, 200) << r.body;
    auto items = parse_json(r.body).at("items").as_array();
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].at("id"), "N00945");
    EXPECT_EQ(parse_json(server_->request("GET", org_url + "/kolada/kpis?q=n6").body).at("items").as_array().size(), 1u);
    EXPECT_EQ(parse_json(server_->request("GET", org_url + "/kolada/kpis?q=100%25").body).at("items").as_array().size(), 0u);
    EXPECT_EQ(server_->request("GET", org_url + "/kolada/kpis?limit=0").status, 422);
    EXPECT_EQ(server_->request("GET", org_url + "/kolada/kpis?x=1").status, 422);
}

TEST_P(KoladaApiTest, LinkThenCompareWithTheNationAndTheRegions) {
    EXPECT_EQ(server_->request("GET", measure_url() + "/kolada-comparison").status, 404);
    auto unknown = server_->send_json("PUT", measure_url() + "/kolada-link", json::object{{"kpi", "X1"}});
    EXPECT_EQ(unknown.status, 422);
    EXPECT_EQ(error_of(unknown).at("code"), "unknown_kpi");
    auto linked = server_->send_json("PUT", measure_url() + "/kolada-link", json::object{{"kpi", "N00945"}, {"group", "G0001"}});
    ASSERT_EQ(linked.status, 200) << linked.body;
    EXPECT_EQ(parse_json(linked.body).at("municipality"), "0025");
    EXPECT_EQ(parse_json(linked.body).at("row_version"), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE entity = 'measure_kolada_link'"), 1);

    auto r = server_->request("GET", measure_url() + "/kolada-comparison");
    ASSERT_EQ(r.status, 200) << r.body;
    auto doc = parse_json(r.body).as_object();
    EXPECT_EQ(doc.at("raw").at("source"), "Källa: Kolada");
    EXPECT_EQ(std::string(doc.at("figures").at("source").as_string()).find("Kolada"), std::string::npos);
    EXPECT_EQ(doc.at("group").at("members").as_array().size(), 4u);
    bool found = false;
    for (const auto& f : doc.at("figures").at("periods").as_array()) {
        if (f.at("period") != 2023 || f.at("gender") != "K") continue;
        found = true;
        EXPECT_EQ(f.at("rank"), 3);  // decrease: 29,8 and 27,0 are lower than 30,9
        EXPECT_EQ(f.at("ranked"), 5);
        EXPECT_DOUBLE_EQ(f.at("percentile").to_number<double>(), 50.0);
        EXPECT_NEAR(f.at("difference_to_nation").to_number<double>(), 0.9, 1e-9);
        EXPECT_NEAR(f.at("group_mean").to_number<double>(), (33.2 + 27.0 + 32.0 + 30.9) / 4, 1e-9);
    }
    EXPECT_TRUE(found);
    EXPECT_EQ(doc.at("figures").at("trend").at("K").at("word"), "rising");
    std::map<std::string, std::string> national;
    for (const auto& n : doc.at("national_level").as_array()) {
        EXPECT_EQ(n.at("period"), 2022);
        national[std::string(n.at("gender").as_string())] = std::string(n.at("status").as_string());
    }
    EXPECT_EQ(national, (std::map<std::string, std::string>{{"K", "no_data"}, {"M", "met"}, {"T", "met"}}));
    EXPECT_EQ(server_->request("GET", measure_url() + "/kolada-comparison?group=G9").status, 422);
    // Kolada's values are their own data: not one of them became an outcome.
    EXPECT_EQ(count("SELECT COUNT(*) FROM outcome"), outcomes_before_);

    // Versions: a stale one is refused, the one read is accepted.
    auto stale = server_->request("PUT", measure_url() + "/kolada-link", R"({"kpi": "N60007"})",
                                  {{"Content-Type", "application/json"}, {"If-Match", "\"7\""}});
    EXPECT_EQ(stale.status, 409) << stale.body;
    auto changed = server_->request("PUT", measure_url() + "/kolada-link", R"({"kpi": "N60007"})",
                                    {{"Content-Type", "application/json"}, {"If-Match", "\"1\""}});
    ASSERT_EQ(changed.status, 200) << changed.body;
    EXPECT_EQ(parse_json(changed.body).at("row_version"), 2);
    EXPECT_EQ(server_->request("DELETE", measure_url() + "/kolada-link", "", {{"If-Match", "\"1\""}}).status, 409);
    EXPECT_EQ(server_->request("DELETE", measure_url() + "/kolada-link", "", {{"If-Match", "\"2\""}}).status, 204);
    EXPECT_EQ(server_->request("GET", measure_url() + "/kolada-link").status, 404);
    EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE entity = 'measure_kolada_link'"), 3);
}

// A new version of the plan keeps the measure's link: the copy of sm-57 compares as before.
TEST_P(KoladaApiTest, ANewPlanVersionKeepsTheLink) {
    auto linked = server_->send_json("PUT", measure_url() + "/kolada-link", json::object{{"kpi", "N00945"}, {"group", "G0001"}});
    ASSERT_EQ(linked.status, 200) << linked.body;
    auto plan = parse_json(server_->request("GET", measure_url()).body).at("plan_id").as_int64();
    auto made = server_->request("POST", org_url + "/plans/" + std::to_string(plan) + "/versions");
    ASSERT_EQ(made.status, 201) << made.body;
    auto new_plan = parse_json(made.body).at("plan").at("id").as_int64();
    auto list = parse_json(server_->request("GET", org_url + "/measures?key=sm-57&plan_id=" + std::to_string(new_plan)).body);
    ASSERT_EQ(list.at("items").as_array().size(), 1u);
    auto copy = list.at("items").at(0).at("id").as_int64();
    ASSERT_NE(copy, measure_);
    auto link = server_->request("GET", org_url + "/measures/" + std::to_string(copy) + "/kolada-link");
    ASSERT_EQ(link.status, 200) << link.body;
    EXPECT_EQ(parse_json(link.body).at("kpi"), "N00945");
    EXPECT_EQ(parse_json(link.body).at("group"), "G0001");
    EXPECT_EQ(server_->request("GET", org_url + "/measures/" + std::to_string(copy) + "/kolada-comparison").status, 200);
}

TEST_P(KoladaApiTest, OnlyMembersRead) {
    auto r = server_->anonymous_request("GET", org_url + "/kolada/kpis?q=N0");
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(server_->anonymous_request("GET", measure_url() + "/kolada-comparison").status, 401);
}

INSTANTIATE_TEST_SUITE_P(Backends, KoladaApiTest, backends(), backend_name);

}  // namespace
}  // namespace styrkort::testing
