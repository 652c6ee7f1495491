// Bad economy input in a plan file: each is refused with its place and reason, and the
// database is left as it was. On SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include "domain/errors.hpp"
#include "formats/plan_file.hpp"
#include "storage/database.hpp"
#include "support/test_database.hpp"

namespace styrkort::formats {
namespace {

using styrkort::testing::Backend;

const char* economy_plan = R"({
  "format": "styrkort-plan",
  "format_version": 1,
  "organisations": [{
    "key": "r", "name": "Regionen", "kind": "region",
    "units": [
      {"key": "rs", "name": "Regionstyrelsen", "kind": "board", "parent": null, "valid_from": null, "valid_to": null},
      {"key": "div-a", "name": "Division A", "kind": "division", "parent": "rs", "valid_from": null, "valid_to": null}
    ],
    "plans": [{
      "key": "p", "title": "Plan", "owner_unit": "rs", "first_year": 2025, "last_year": 2025, "status": "draft",
      "economy_tables": [
        {"key": "b5", "title": "Bilaga 5", "kind": "investment_request", "year": 2025, "amount_unit": "tkr", "decimals": 0},
        {"key": "ram", "title": "Ram", "kind": "net_cost_frame", "year": 2025, "amount_unit": "mnkr", "decimals": 1}
      ],
      "cost_frame_lines": [
        {"key": "a", "table": "ram", "label": "Division A", "unit": "div-a", "opening": -329400000, "stated_closing": -309900000}
      ],
      "investment_requests": [
        {"key": "4696", "table": "b5", "division": "Div A", "unit": "div-a", "name": "Kritiskt larm", "frame_type": "it", "amount": 2500000, "status": "requested"},
        {"key": "4697", "table": "b5", "division": "Div A", "unit": "div-a", "name": "Larm Kiruna", "frame_type": "mt", "amount": 1000000, "status": "approved"}
      ]
    }]
  }]
})";

class EconomyImportTest : public ::testing::TestWithParam<Backend> {
protected:
    EconomyImportTest() : test_db_(GetParam()), db_(test_db_.open()) {}

    std::string replaced(const std::string& from, const std::string& to) {
        std::string text = economy_plan;
        auto at = text.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        return text.replace(at, from.size(), to);
    }
    InputError import_error(const std::string& text) {
        try {
            db_->write([&](storage::Connection& c) { return import_plans(c, text, "bad.json", {"test", ""}); });
        } catch (const InputError& e) {
            return e;
        }
        ADD_FAILURE() << "the import succeeded";
        return InputError("", {"", ""});
    }
    std::int64_t rows(const std::string& table) {
        return db_->read([&](storage::Connection& c) { return storage::as_int(c.query("SELECT COUNT(*) FROM " + table).at(0).at(0)); });
    }

    styrkort::testing::TestDatabase test_db_;
    std::unique_ptr<storage::Database> db_;
};

TEST_P(EconomyImportTest, TheGoodFileImports) {
    auto summary = db_->write([&](storage::Connection& c) { return import_plans(c, economy_plan, "ok.json", {"test", ""}); });
    EXPECT_EQ(summary.items["investment_requests"], 2);
    EXPECT_EQ(rows("investment_request"), 2);
    EXPECT_EQ(rows("cost_frame_line"), 1);
}

TEST_P(EconomyImportTest, BadAmountsUnitsFrameTypesAndDuplicateIdsAreRefusedAndChangeNothing) {
    struct Case {
        std::string from, to, path, code;
    };
    const std::string request = "organisations[0].plans[0].investment_requests[";
    std::vector<Case> cases = {
        {R"("amount": 2500000)", R"("amount": 2500000.5)", request + "0].amount", "amount_decimals"},
        {R"("opening": -329400000)", R"("opening": -329.4)", "organisations[0].plans[0].cost_frame_lines[0].opening",
         "amount_decimals"},
        {R"("amount": 1000000)", R"("amount": "1 000 000")", request + "1].amount", "type"},
        {R"("unit": "div-a", "name": "Larm)", R"("unit": "div-b", "name": "Larm)", request + "1].unit", "reference"},
        {R"("frame_type": "mt")", R"("frame_type": "Datorer")", request + "1].frame_type", "choice"},
        {R"("key": "4697")", R"("key": "4696")", request + "1].key", "duplicate_key"},
        {R"("table": "b5", "division": "Div A", "unit": "div-a", "name": "Larm)",
         R"("table": "b9", "division": "Div A", "unit": "div-a", "name": "Larm)", request + "1].table", "reference"},
        {R"("amount_unit": "tkr")", R"("amount_unit": "kkr")", "organisations[0].plans[0].economy_tables[0].amount_unit",
         "choice"},
    };
    for (const auto& c : cases) {
        auto e = import_error(replaced(c.from, c.to));
        EXPECT_EQ(e.path(), c.path) << c.to;
        EXPECT_EQ(e.code(), c.code) << c.to;
        EXPECT_TRUE(e.line().has_value()) << c.to;
        EXPECT_FALSE(e.describe(Language::sv).empty());
        for (const char* table : {"organisation", "plan", "economy_table", "investment_request", "cost_frame_line"}) {
            EXPECT_EQ(rows(table), 0) << c.to << " left rows in " << table;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, EconomyImportTest, styrkort::testing::backends(), styrkort::testing::backend_name);

}  // namespace
}  // namespace styrkort::formats
