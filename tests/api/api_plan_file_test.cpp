// The plan file over HTTP: POST /api/v1/import and GET /api/v1/export with the
// shipped plan data, the lossless round trip, and an import that fails deep inside the
// file storing nothing at all.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "api_test_support.hpp"
#include "json/write.hpp"

namespace styrkort::testing {
namespace {

// Every shipped plan file, in name order (load order of `styrkort serve`).
std::vector<std::string> shipped_plan_files() {
    std::vector<std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(STYRKORT_SOURCE_DIR) + "/data")) {
        if (entry.path().extension() == ".json") out.push_back(entry.path().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

// 1-based line of the first occurrence of `needle`.
int line_of(const std::string& text, const std::string& needle) {
    auto at = text.find(needle);
    if (at == std::string::npos) throw std::logic_error("not in the text: " + needle);
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

class ApiPlanFileTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override { server_ = std::make_unique<RunningServer>(GetParam()); }
    void TearDown() override { server_.reset(); }
    RunningServer& server() { return *server_; }

    static HttpResponse import(RunningServer& s, const std::string& text) { return s.send_json_text("POST", "/api/v1/import", text); }
    static std::string export_all(RunningServer& s) {
        auto r = s.request("GET", "/api/v1/export");
        EXPECT_EQ(r.status, 200) << r.body;
        return r.body;
    }

private:
    std::unique_ptr<RunningServer> server_;
};

TEST_P(ApiPlanFileTest, ImportOfTheShippedPlansAnswers201WithASummary) {
    const auto text = read_text_file(data_file("norrbotten-2025-2027.json"));
    auto r = import(server(), text);
    ASSERT_EQ(r.status, 201) << r.body;
    auto summary = parse_json(r.body);
    EXPECT_EQ(summary.at("organisations_created"), 1);
    EXPECT_EQ(summary.at("plans"), json::array{"rs-plan-2025-2027"});

    // The summary's counts are what the file holds, and what is now stored.
    auto file = parse_json(text);
    const auto& plan = file.at("organisations").at(0).at("plans").at(0);
    EXPECT_EQ(summary.at("units_created").as_int64(),
              static_cast<std::int64_t>(file.at("organisations").at(0).at("units").as_array().size()));
    EXPECT_EQ(summary.at("items").at("activities").as_int64(),
              static_cast<std::int64_t>(plan.at("activities").as_array().size()));
    EXPECT_EQ(count_rows(server().database(), "activity"),
              static_cast<std::int64_t>(plan.at("activities").as_array().size()));
}

TEST_P(ApiPlanFileTest, ExportIsTheImportedFile) {
    ASSERT_FALSE(shipped_plan_files().empty());
    for (const auto& path : shipped_plan_files()) {
        RunningServer fresh(GetParam());
        const auto text = read_text_file(path);
        ASSERT_EQ(import(fresh, text).status, 201) << path;
        auto exported = export_all(fresh);
        // The API answers compactly; written as a plan file it is the shipped file, byte for byte.
        EXPECT_TRUE(json_text::pretty(parse_json(exported)) == text) << "the export differs from " << path;
    }
}

TEST_P(ApiPlanFileTest, EveryShippedFileRoundTripsThroughAnEmptyDatabase) {
    for (const auto& path : shipped_plan_files()) {
        SCOPED_TRACE(path);
        auto r = import(server(), read_text_file(path));
        ASSERT_EQ(r.status, 201) << r.body;
    }
    auto first = export_all(server());

    RunningServer empty(GetParam());
    auto r = import(empty, first);
    ASSERT_EQ(r.status, 201) << r.body;
    auto second = export_all(empty);
    EXPECT_EQ(second, first);
}

TEST_P(ApiPlanFileTest, ExportOfOnePlanHoldsThatPlan) {
    ASSERT_EQ(import(server(), read_text_file(data_file("norrbotten-2025-2027.json"))).status, 201);
    auto plans = parse_json(server().request("GET", "/api/v1/organisations/region-norrbotten/plans?key=rs-plan-2025-2027").body);
    ASSERT_EQ(plans.at("total"), 1);
    auto id = plans.at("items").at(0).at("id").as_int64();
    auto r = server().request("GET", "/api/v1/organisations/region-norrbotten/plans/" + std::to_string(id) + "/export");
    ASSERT_EQ(r.status, 200) << r.body;
    auto doc = parse_json(r.body);
    ASSERT_EQ(doc.at("organisations").as_array().size(), 1u);
    EXPECT_EQ(doc.at("organisations").at(0).at("plans").at(0).at("key"), "rs-plan-2025-2027");

    auto missing = server().request("GET", "/api/v1/organisations/region-norrbotten/plans/999999/export");
    EXPECT_EQ(missing.status, 404) << missing.body;
}

TEST_P(ApiPlanFileTest, TheImportedPlanIsFrozenAndDeletingItsNewVersionDeletesEverythingInItButNotTheUnits) {
    ASSERT_EQ(import(server(), read_text_file(data_file("norrbotten-2025-2027.json"))).status, 201);
    auto units = count_rows(server().database(), "org_unit");
    auto plans = parse_json(server().request("GET", "/api/v1/organisations/region-norrbotten/plans").body);
    ASSERT_EQ(plans.at("total"), 1);
    auto id = plans.at("items").at(0).at("id").as_int64();
    // The shipped plan is approved, so frozen (docs/workflow.md): it cannot be deleted.
    auto base = "/api/v1/organisations/region-norrbotten/plans/";
    auto frozen = server().request("DELETE", base + std::to_string(id));
    EXPECT_EQ(frozen.status, 409) << frozen.body;
    // Its new version is a draft copy of everything in it; deleting that deletes all of the copy.
    std::map<std::string, std::int64_t> before;
    for (const auto& e : entities()) before[e.table] = count_rows(server().database(), e.table);
    before["activity_goals"] = count_rows(server().database(), "activity_goals");
    auto version = server().send_json("POST", base + std::to_string(id) + "/versions", json::object{});
    ASSERT_EQ(version.status, 201) << version.body;
    EXPECT_EQ(count_rows(server().database(), "activity"), 2 * before["activity"]);
    auto r = server().request("DELETE", base + std::to_string(parse_json(version.body).at("plan").at("id").as_int64()));
    ASSERT_EQ(r.status, 204) << r.body;
    for (const auto& [table, n] : before) EXPECT_EQ(count_rows(server().database(), table), n) << table;
    EXPECT_EQ(count_rows(server().database(), "plan_version"), 0);
    EXPECT_EQ(count_rows(server().database(), "org_unit"), units);
}

TEST_P(ApiPlanFileTest, ImportingAPlanThatExistsIs422AndChangesNothing) {
    const auto text = read_text_file(data_file("norrbotten-2025-2027.json"));
    ASSERT_EQ(import(server(), text).status, 201);
    auto before = dump_database(server().database());
    auto r = import(server(), text);
    EXPECT_EQ(r.status, 422) << r.body;
    auto error = error_of(r);
    EXPECT_EQ(error["code"], "duplicate_key");
    EXPECT_EQ(error["path"], "organisations[0].plans[0].key");
    EXPECT_TRUE(same_database(before, dump_database(server().database())));
}

TEST_P(ApiPlanFileTest, ErrorDeepInsideTheFileIs422WithPathAndLineAndStoresNothing) {
    auto doc = parse_json(read_text_file(data_file("norrbotten-2025-2027.json")));
    auto& activities = doc.at("organisations").at(0).at("plans").at(0).at("activities").as_array();
    ASSERT_GE(activities.size(), 30u);
    activities.at(29).as_object()["goals"] = json::array{"no-such-goal"};
    const auto text = json_text::pretty(doc);
    auto before = dump_database(server().database());

    auto r = import(server(), text);
    EXPECT_EQ(r.status, 422) << r.body;
    auto error = error_of(r);
    EXPECT_EQ(error["code"], "reference");
    EXPECT_EQ(error["path"], "organisations[0].plans[0].activities[29].goals[0]");
    EXPECT_EQ(error["line"], line_of(text, "\"no-such-goal\""));
    EXPECT_EQ(count_rows(server().database(), "organisation"), 0);
    EXPECT_TRUE(same_database(before, dump_database(server().database())));
}

TEST_P(ApiPlanFileTest, ImportOfMalformedJsonIs400WithTheLine) {
    auto r = import(server(), "{\n  \"format\": \"styrkort-plan\",\n  \"format_version\": 1,\n  \"organisations\": [\n}\n");
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(error_of(r)["code"], "json");
    EXPECT_EQ(error_of(r)["line"], 5);
    EXPECT_EQ(count_rows(server().database(), "organisation"), 0);
}

TEST_P(ApiPlanFileTest, ImportAddsAuditRowsAndExportAddsNone) {
    ASSERT_EQ(import(server(), read_text_file(data_file("norrbotten-2025-2027.json"))).status, 201);
    auto rows = audit_rows(server().database());
    ASSERT_FALSE(rows.empty());
    for (const auto& row : rows) EXPECT_EQ(row.action, "import") << row.entity;
    EXPECT_EQ(std::count_if(rows.begin(), rows.end(), [](const AuditRow& a) { return a.entity == "plan"; }), 1);
    export_all(server());
    EXPECT_EQ(audit_rows(server().database()).size(), rows.size());
}

TEST_P(ApiPlanFileTest, EconomyExportAsXlsxAndCsv) {
    ASSERT_EQ(import(server(), read_text_file(data_file("norrbotten-2020-2022.json"))).status, 201);
    const std::string base = "/api/v1/organisations/region-norrbotten/plans/";
    auto plans = parse_json(server().request("GET", "/api/v1/organisations/region-norrbotten/plans").body);
    auto id = std::to_string(plans.at("items").at(0).at("id").as_int64());
    auto xlsx = server().request("GET", base + id + "/economy");
    ASSERT_EQ(xlsx.status, 200) << xlsx.body;
    EXPECT_EQ(xlsx.header("Content-Type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_NE(xlsx.header("Content-Disposition").find("rs-plan-2020-2022-ekonomi.xlsx"), std::string::npos);
    EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
    auto csv = server().request("GET", base + id + "/economy?format=csv");
    ASSERT_EQ(csv.status, 200) << csv.body;
    EXPECT_NE(csv.header("Content-Type").find("text/csv"), std::string::npos);
    EXPECT_NE(csv.body.find("Länsteknik;2,0;;;21,9;;;;;;;23,9"), std::string::npos) << csv.body;
    auto bad = server().request("GET", base + id + "/economy?format=pdf");
    EXPECT_EQ(bad.status, 422) << bad.body;
    EXPECT_EQ(parse_json(bad.body).at("error").at("path"), "format");
    EXPECT_EQ(server().request("GET", base + "999999/economy").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Api, ApiPlanFileTest, backends(), backend_name);

}  // namespace
}  // namespace styrkort::testing
