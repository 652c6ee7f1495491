// styrkort completeness and styrkort period open|close as a script would run them
// (docs/reporting-round.md), on both backends with the shipped 2025 plan: the table,
// JSON and spreadsheets, the refusal to close with the list, the forced close, and
// errors that name what is wrong.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "process.hpp"
#include "support/test_database.hpp"

namespace styrkort::testing {
namespace {

namespace json = boost::json;

class ReportingRoundCliTest : public ProcessTest {
protected:
    ProcessResult run(std::vector<std::string> args) {
        for (const auto& a : db_->cli_args()) args.push_back(a);
        return run_styrkort(args, dir_);
    }
    ProcessResult run_ok(std::vector<std::string> args) {
        auto r = run(std::move(args));
        EXPECT_EQ(r.status, 0) << describe(r);
        return r;
    }
    std::string period() {
        run_ok({"import", std::string(STYRKORT_SOURCE_DIR) + "/data/norrbotten-2025-2027.json"});
        auto r = run_ok({"create", "reporting-periods", "--org", "region-norrbotten", "--json",
                         R"({"year": 2025, "point": "da04", "status": "open", "deadline": "2025-05-15"})"});
        return std::to_string(json::parse(r.out).at("id").as_int64());
    }
};

TEST_P(ReportingRoundCliTest, TableJsonAndSpreadsheets) {
    auto id = period();
    auto table = run_ok({"completeness", "--period", id, "--unit", "div-nara"});
    EXPECT_NE(table.out.find("Fullständighet 2025 da04, sista dag 2025-05-15"), std::string::npos) << table.out;
    EXPECT_NE(table.out.find("Nära"), std::string::npos) << table.out;
    EXPECT_NE(table.out.find("0/12 0%"), std::string::npos) << table.out;  // activities: none of twelve reported
    EXPECT_NE(table.out.find("inget att rapportera"), std::string::npos) << table.out;
    EXPECT_NE(table.out.find("0 av 1 enheter klara"), std::string::npos) << table.out;

    auto doc = json::parse(run_ok({"completeness", "--period", id, "--unit", "div-nara", "--json"}).out);
    EXPECT_EQ(doc.at("unit").at("key"), "div-nara");
    EXPECT_EQ(doc.at("totals").at("activities").at("required"), 12);

    auto xlsx = dir_ + "/fullstandighet.xlsx";
    run_ok({"completeness", "--period", id, "--unit", "div-nara", "--format", "xlsx", "--out", xlsx});
    EXPECT_EQ(read_text(xlsx).substr(0, 2), "PK");
    auto csv = run_ok({"completeness", "--period", id, "--format", "csv", "--out", "-"});
    EXPECT_NE(csv.out.find("Saknas"), std::string::npos);
}

TEST_P(ReportingRoundCliTest, ErrorsNameWhatIsWrong) {
    auto id = period();
    auto unknown = run({"completeness", "--period", "999999"});
    EXPECT_EQ(unknown.status, 2) << describe(unknown);
    EXPECT_NE(unknown.err.find("rapporteringsperiod 999999 finns inte"), std::string::npos) << unknown.err;
    auto unit = run({"completeness", "--period", id, "--unit", "finns-inte"});
    EXPECT_EQ(unit.status, 2);
    EXPECT_NE(unit.err.find("finns-inte"), std::string::npos) << unit.err;
    auto missing = run({"completeness"});
    EXPECT_EQ(missing.status, 2);
    EXPECT_NE(missing.err.find("--period"), std::string::npos) << missing.err;
    auto format = run({"completeness", "--period", id, "--format", "pdf"});
    EXPECT_EQ(format.status, 2);
    EXPECT_NE(format.err.find("--format"), std::string::npos) << format.err;
    EXPECT_EQ(run({"period", "stäng", id}).status, 2);
}

TEST_P(ReportingRoundCliTest, CloseIsRefusedWithTheListThenForced) {
    auto id = period();
    auto refused = run({"period", "close", id, "--org", "region-norrbotten"});
    EXPECT_EQ(refused.status, 2) << describe(refused);
    EXPECT_NE(refused.err.find("har inte lämnat in"), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find("div-nara  Nära  (ej påbörjad)"), std::string::npos) << refused.err;
    auto still = json::parse(run_ok({"get", "reporting-periods", id, "--org", "region-norrbotten"}).out);
    EXPECT_EQ(still.at("status"), "open");

    auto forced = json::parse(run_ok({"period", "close", id, "--force", "--comment", "Tertialet stängs"}).out);
    EXPECT_TRUE(forced.at("forced").as_bool());
    EXPECT_EQ(forced.at("period").at("status"), "closed");
    auto opened = json::parse(run_ok({"period", "open", id}).out);
    EXPECT_EQ(opened.at("period").at("status"), "open");
    run_ok({"audit", "verify"});
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportingRoundCliTest, backends(), backend_name);

}  // namespace
}  // namespace styrkort::testing
