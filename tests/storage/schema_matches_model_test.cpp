// The SQL schema is versioned by hand (src/storage/migrations) and the model is
// declared in src/domain/plan_model.cpp; this test keeps the two in step.
#include <gtest/gtest.h>

#include <set>

#include "domain/schema.hpp"
#include "storage/database.hpp"
#include "support/test_database.hpp"

namespace styrkort::storage {
namespace {

using styrkort::testing::Backend;

std::set<std::string> table_columns(Database& db, const std::string& table) {
    return db.read([&](Connection& c) {
        std::set<std::string> out;
        if (c.dialect() == Dialect::sqlite) {
            for (const auto& row : c.query("SELECT name FROM pragma_table_info(?)", {table})) out.insert(as_text(row[0]));
        } else {
            for (const auto& row : c.query("SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                                           "AND table_schema = current_schema()",
                                           {table})) {
                out.insert(as_text(row[0]));
            }
        }
        return out;
    });
}

class SchemaMatchesModel : public ::testing::TestWithParam<Backend> {};

TEST_P(SchemaMatchesModel, EveryEntityHasItsTableAndColumns) {
    styrkort::testing::TestDatabase test_db(GetParam());
    auto db = test_db.open();
    for (const auto& e : entities()) {
        std::set<std::string> expected{"id", "row_version"};  // row_version: migration 0013
        if (e.name != "organisation") expected.insert({"org_id", "position"});
        for (const auto& f : e.fields) {
            if (f.type == FieldType::ref_list) {
                EXPECT_EQ(table_columns(*db, e.link_table(f)),
                          (std::set<std::string>{"org_id", "owner_id", "ref_id", "position"}))
                    << e.link_table(f);
            } else {
                expected.insert(f.name);
            }
        }
        EXPECT_EQ(table_columns(*db, e.table), expected) << e.table;
    }
}

TEST_P(SchemaMatchesModel, EveryTenantTableCarriesTheOrganisationKey) {
    styrkort::testing::TestDatabase test_db(GetParam());
    auto db = test_db.open();
    for (const char* table : {"org_unit", "plan", "goal", "activity", "activity_goals", "measure", "measure_target", "audit_log"}) {
        EXPECT_TRUE(table_columns(*db, table).count("org_id")) << table;
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, SchemaMatchesModel, styrkort::testing::backends(), styrkort::testing::backend_name);

}  // namespace
}  // namespace styrkort::storage
