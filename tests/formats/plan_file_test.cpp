#include "formats/plan_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "domain/errors.hpp"
#include "json/write.hpp"
#include "storage/database.hpp"
#include "support/test_database.hpp"

namespace styrkort::formats {
namespace {

using styrkort::testing::Backend;
using storage::Connection;

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::vector<std::string> shipped_plan_files() {
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(std::string(STYRKORT_SOURCE_DIR) + "/data")) {
        if (e.path().extension() == ".json") files.push_back(e.path().string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

// A small plan that uses every kind of item, a cross-plan cascade and non-ASCII text.
const char* small_plan = R"({
  "format": "styrkort-plan",
  "format_version": 1,
  "organisations": [
    {
      "key": "test-region",
      "name": "Testregionen",
      "kind": "region",
      "units": [
        {"key": "rf", "name": "Regionfullmäktige", "kind": "assembly", "parent": null, "valid_from": null, "valid_to": null},
        {"key": "rs", "name": "Regionstyrelsen", "kind": "board", "parent": "rf", "valid_from": null, "valid_to": null},
        {"key": "div-a", "name": "Division A", "kind": "division", "parent": "rs", "valid_from": "2025-01-01", "valid_to": null},
        {"key": "div-old", "name": "Gamla divisionen", "kind": "division", "parent": "rs", "valid_from": null, "valid_to": "2022-12-31"}
      ],
      "plans": [
        {
          "key": "p2025",
          "title": "Plan 2025–2027",
          "owner_unit": "rs",
          "first_year": 2025,
          "last_year": 2027,
          "status": "approved",
          "sections": [{"key": "vision", "title": "Vision", "level": 1, "body": "Bästa livet."}],
          "perspectives": [{"key": "medborgare", "name": "Medborgare"}],
          "goals": [{"key": "g1", "text": "God hälsa", "perspective": "medborgare", "aliases": ["God hälsa."]}],
          "assignments": [{"key": "u1", "title": "Utred", "kind": "directed", "given_by": "rf", "given_to": "rs", "owner": "RS", "goal": "g1"}],
          "development_areas": [{"key": "da1", "name": "Område", "priorities": ["Först"], "desired_effects": ["Bättre"]}],
          "missions": [{"key": "m1", "development_area": "da1", "unit": "div-a", "text": "Divisionens uppdrag"}],
          "success_factors": [{"key": "sf1", "name": "Faktor", "goal": "g1"}],
          "activities": [
            {"key": "a1", "name": "Aktivitet", "level": "division", "owner_unit": "div-a", "goals": ["g1"], "development_area": "da1", "sdgs": [3, 16]},
            {"key": "a2", "name": "Delaktivitet", "level": "unit", "owner_unit": "div-a", "parent": "a1"}
          ],
          "measures": [
            {"key": "s1", "kind": "steering", "number": "1", "name": "Antibiotika", "unit": "recept/1000 inv", "direction": "decrease",
             "source": "Concise", "reporting_points": ["da04", "da08", "ar"], "breakdowns": ["sex"], "footnotes": ["Fotnot"],
             "goal": "g1", "success_factor": "sf1",
             "targets": [
               {"kind": "baseline", "year": 2018, "value": 290},
               {"kind": "target", "year": 2025, "point": "da04", "sex": "K", "value": 270.5},
               {"kind": "target", "year": 2027, "qualitative": "decrease", "text": "Minska"}
             ]}
          ]
        },
        {
          "key": "p2026",
          "title": "Nästa plan",
          "owner_unit": "rs",
          "first_year": 2026,
          "last_year": 2026,
          "status": "draft",
          "activities": [{"key": "a1", "name": "Fortsättning", "level": "unit", "owner_unit": "div-a", "parent": "p2025:a1", "goals": ["p2025:g1"]}]
        }
      ]
    }
  ]
}
)";

class PlanFileTest : public ::testing::TestWithParam<Backend> {
protected:
    PlanFileTest() : test_db_(GetParam()), db_(test_db_.open()) {}

    ImportSummary import(const std::string& text, const std::string& name = "plan.json") {
        return db_->write([&](Connection& c) { return import_plans(c, text, name, {"test", ""}); });
    }
    std::string export_all(storage::Database& db, ExportSelection selection = {}) {
        return json_text::pretty(db.read([&](Connection& c) { return export_plans(c, selection); }));
    }
    std::int64_t rows(const std::string& table) {
        return db_->read([&](Connection& c) { return storage::as_int(c.query("SELECT COUNT(*) FROM " + table).at(0).at(0)); });
    }
    // The error an import fails with, or a test failure if it succeeds.
    InputError import_error(const std::string& text) {
        try {
            import(text, "bad.json");
        } catch (const InputError& e) {
            return e;
        }
        ADD_FAILURE() << "the import succeeded";
        return InputError("", {"", ""});
    }
    std::string replaced(const std::string& from, const std::string& to) {
        std::string text = small_plan;
        auto at = text.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        return text.replace(at, from.size(), to);
    }

    styrkort::testing::TestDatabase test_db_;
    std::unique_ptr<storage::Database> db_;
};

TEST_P(PlanFileTest, RoundTripIsByteIdentical) {
    auto summary = import(small_plan);
    EXPECT_EQ(summary.plans, (std::vector<std::string>{"p2025", "p2026"}));
    EXPECT_EQ(summary.units_created, 4);
    EXPECT_EQ(summary.items["targets"], 3);
    auto first = export_all(*db_);

    styrkort::testing::TestDatabase other(GetParam());
    auto db2 = other.open();
    db2->write([&](Connection& c) { import_plans(c, first, "first.json", {"test", ""}); });
    EXPECT_EQ(export_all(*db2), first);
    // The exporter writes the same fields the author wrote, in the documented order.
    EXPECT_NE(first.find("\"parent\": \"p2025:a1\""), std::string::npos);
    EXPECT_NE(first.find("\"value\": 270.5"), std::string::npos);
    EXPECT_NE(first.find("\"body\": \"Bästa livet.\""), std::string::npos);
}

TEST_P(PlanFileTest, SinglePlanExportCarriesTheOrgTreeOfItsPeriod) {
    import(small_plan);
    auto text = export_all(*db_, {std::nullopt, {"p2025"}});
    EXPECT_NE(text.find("\"div-a\""), std::string::npos);
    EXPECT_EQ(text.find("\"div-old\""), std::string::npos) << "a division closed in 2022 is not in the 2025 tree";
    EXPECT_EQ(text.find("\"p2026\""), std::string::npos);
    EXPECT_THROW(export_all(*db_, {std::nullopt, {"nope"}}), NotFound);
}

TEST_P(PlanFileTest, ErrorsNameFileLinePathAndChangeNothing) {
    auto e = import_error(replaced(R"("sex": "K")", R"("sex": "kvinnor")"));
    EXPECT_EQ(e.path(), "organisations[0].plans[0].measures[0].targets[1].sex");
    EXPECT_EQ(e.file(), "bad.json");
    ASSERT_TRUE(e.line());
    EXPECT_EQ(*e.line(), 40);
    EXPECT_NE(e.describe(Language::sv).find("bad.json:40: "), std::string::npos);
    for (const char* table : {"organisation", "org_unit", "plan", "goal", "measure", "measure_target", "audit_log"}) {
        EXPECT_EQ(rows(table), 0) << table;
    }
}

TEST_P(PlanFileTest, EveryKindOfBadInputIsRefused) {
    struct Case {
        std::string from, to, path, code;
    };
    std::vector<Case> cases = {
        {R"("goals": ["g1"], "development_area")", R"("goals": ["g9"], "development_area")",
         "organisations[0].plans[0].activities[0].goals[0]", "reference"},
        {R"("parent": "a1"})", R"("parent": "a3"})", "organisations[0].plans[0].activities[1].parent", "reference"},
        {R"("name": "Faktor")", R"("name": "Faktor", "namn": "x")", "organisations[0].plans[0].success_factors[0].namn",
         "unknown_field"},
        {R"("first_year": 2025)", R"("first_year": "2025")", "organisations[0].plans[0].first_year", "type"},
        {R"("title": "Vision", )", "", "organisations[0].plans[0].sections[0].title", "required"},
        {R"("sdgs": [3, 16])", R"("sdgs": [3, 18])", "organisations[0].plans[0].activities[0].sdgs[1]", "range"},
        {R"("valid_from": "2025-01-01")", R"("valid_from": "2025-02-30")", "organisations[0].units[2].valid_from", "date"},
        {R"("key": "p2026")", R"("key": "p2025")", "organisations[0].plans[1].key", "duplicate_key"},
        {R"("parent": "rf")", R"("parent": "div-a")", "organisations[0].units[1].parent", "reference"},
        {R"("format_version": 1)", R"("format_version": 2)", "format_version", "format"},
    };
    for (const auto& c : cases) {
        auto e = import_error(replaced(c.from, c.to));
        EXPECT_EQ(e.path(), c.path) << c.to;
        EXPECT_EQ(e.code(), c.code) << c.to;
        EXPECT_TRUE(e.line().has_value()) << c.to;
        EXPECT_EQ(rows("organisation"), 0) << c.to;
    }
}

TEST_P(PlanFileTest, SyntaxErrorsAreLocated) {
    auto e = import_error(replaced(R"("kind": "region",)", R"("kind": "region",,)"));
    EXPECT_EQ(e.code(), "json");
    EXPECT_EQ(e.line(), 8);
}

TEST_P(PlanFileTest, ImportingAPlanTwiceIsRefusedAndUnitsAreUpdatedNotDuplicated) {
    import(small_plan);
    auto e = import_error(small_plan);
    EXPECT_EQ(e.code(), "duplicate_key");
    EXPECT_EQ(rows("plan"), 2);
    // A file with only units updates the existing ones by key.
    auto units_only = std::string(small_plan);
    units_only = units_only.substr(0, units_only.find("\"plans\"")) + "\"plans\": []}]}";
    auto pos = units_only.find("\"Division A\"");
    units_only.replace(pos, 12, "\"Division Alfa\"");
    auto summary = import(units_only);
    EXPECT_EQ(summary.units_updated, 1);
    EXPECT_EQ(summary.units_created, 0);
    EXPECT_EQ(rows("org_unit"), 4);
}

TEST_P(PlanFileTest, ShippedPlansImportAndExportUnchanged) {
    auto files = shipped_plan_files();
    ASSERT_FALSE(files.empty());
    for (const auto& f : files) import(read(f), f);
    // Each shipped file is exactly what the exporter writes for its plan.
    for (const auto& f : files) {
        auto text = read(f);
        auto key_at = text.find("\"plans\": [");
        auto key = text.find("\"key\": \"", key_at) + 8;
        auto plan_key = text.substr(key, text.find('"', key) - key);
        EXPECT_EQ(export_all(*db_, {std::nullopt, {plan_key}}), text) << f;
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, PlanFileTest, styrkort::testing::backends(), styrkort::testing::backend_name);

}  // namespace
}  // namespace styrkort::formats
