// The import of stored v3 pages on both backends: the whole chain of next_url pages,
// null values, all three genders, a deleted row; idempotent; a newer publication
// replaces values with their history kept; bad input changes nothing.
#include "formats/kolada_import.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "domain/errors.hpp"
#include "storage/database.hpp"
#include "storage/kolada_store.hpp"
#include "support/test_database.hpp"

namespace styrkort::formats::kolada {
namespace {

using styrkort::testing::Backend;
using storage::Connection;
namespace fs = std::filesystem;

const std::string pages_dir = std::string(STYRKORT_SOURCE_DIR) + "/tests/kolada/pages/";
const std::string bad_dir = std::string(STYRKORT_SOURCE_DIR) + "/tests/kolada/bad/";
const std::string data_first =
    pages_dir + "v3_data_kpi_N00945,N60007,U07414_municipality_0000,0021,0022,0023,0024,0025,2580_year_2021,2022,2023.json";
const std::string kpi_first = pages_dir + "v3_kpi_N00945,N60007,U07414.json";
const std::string municipalities = pages_dir + "v3_municipality_0000,0021,0022,0023,0024,0025,2580.json";
const std::string groups = pages_dir + "municipality_groups.json";

class KoladaImportTest : public ::testing::TestWithParam<Backend> {
protected:
    KoladaImportTest() : test_db_(GetParam()), db_(test_db_.open()) {
        org_ = db_->write([](Connection& c) {
            return storage::as_int(c.query("INSERT INTO organisation (key, name, kind) VALUES "
                                           "('region-norrbotten', 'Region Norrbotten', 'region') RETURNING id")
                                       .at(0)
                                       .at(0));
        });
    }
    ImportSummary import(const std::vector<std::string>& files) {
        auto pages = read_page_files(files);
        return db_->write([&](Connection& c) { return import_pages(c, org_, pages, {"test", ""}); });
    }
    // Every stored Kolada row and the audit count, as text: "nothing changed" is this unchanged.
    std::string dump() {
        return db_->read([&](Connection& c) {
            std::string out;
            for (const char* sql :
                 {"SELECT id, title, row_version FROM kolada_kpi ORDER BY id",
                  "SELECT id, title, type, row_version FROM kolada_municipality ORDER BY id",
                  "SELECT group_id, municipality_id FROM kolada_municipality_group_member ORDER BY 1, 2",
                  "SELECT kpi_id, municipality_id, period, gender, value, count, status, row_version FROM kolada_value "
                  "ORDER BY 1, 2, 3, 4",
                  "SELECT kpi_id, municipality_id, period, gender, value, reason FROM kolada_value_history ORDER BY 1, 2, 3, 4, 6",
                  "SELECT COUNT(*) FROM audit_log"}) {
                for (const auto& row : c.query(sql)) {
                    for (const auto& v : row) {
                        if (storage::is_null(v)) out += "null";
                        else if (std::holds_alternative<double>(v)) out += std::to_string(std::get<double>(v));
                        else if (std::holds_alternative<std::int64_t>(v)) out += std::to_string(std::get<std::int64_t>(v));
                        else out += storage::as_text(v);
                        out += '|';
                    }
                    out += '\n';
                }
            }
            return out;
        });
    }
    std::int64_t count(const std::string& sql) {
        return db_->read([&](Connection& c) { return storage::as_int(c.query(sql).at(0).at(0)); });
    }
    InputError refusal(const std::vector<std::string>& files) {
        try {
            import(files);
        } catch (const InputError& e) {
            return e;
        }
        ADD_FAILURE() << "the import was accepted";
        return InputError("", {"", ""});
    }

    testing::TestDatabase test_db_;
    std::unique_ptr<storage::Database> db_;
    std::int64_t org_ = 0;
};

TEST_P(KoladaImportTest, FollowsEveryNextUrlAndStoresAllGendersAndNulls) {
    auto s = import({kpi_first, municipalities, groups, data_first});
    EXPECT_EQ(s.pages, 7);  // 2 KPI pages, municipalities, groups, 3 data pages
    EXPECT_EQ(s.kpis_added, 3);
    EXPECT_EQ(s.municipalities_added, 7);
    EXPECT_EQ(s.groups_added, 1);
    // N00945: 6 × 3 years × T/K/M; N60007: two values (the third was deleted on page 3).
    EXPECT_EQ(s.values_added, 56);
    EXPECT_EQ(count("SELECT COUNT(*) FROM kolada_value"), 56);
    EXPECT_EQ(count("SELECT COUNT(*) FROM kolada_value WHERE kpi_id = 'N60007' AND municipality_id = '0022'"), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM kolada_value WHERE value IS NULL"), 1);
    auto values = db_->read([&](Connection& c) { return storage::kolada::values(c, org_, "N00945", {"0025"}, 2022); });
    ASSERT_EQ(values.size(), 3u);
    EXPECT_EQ(values[0].gender, "K");
    EXPECT_FALSE(values[0].value);
    EXPECT_EQ(values[0].status, "Saknas");
    EXPECT_EQ(values[0].count, 0);
    EXPECT_EQ(values[1].gender, "M");
    EXPECT_DOUBLE_EQ(*values[1].value, 29.4);
    EXPECT_DOUBLE_EQ(*values[2].value, 29.0);  // T
    EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE entity = 'kolada'"), 1);
    auto members = db_->read([&](Connection& c) { return storage::kolada::group_members(c, org_, "G0001"); });
    ASSERT_TRUE(members);
    EXPECT_EQ(members->size(), 4u);
}

TEST_P(KoladaImportTest, TheSameFilesTwiceChangeNothing) {
    import({kpi_first, municipalities, groups, data_first});
    auto before = dump();
    auto s = import({kpi_first, municipalities, groups, data_first});
    EXPECT_FALSE(s.changed_anything());
    EXPECT_EQ(s.values_unchanged, 56);
    EXPECT_EQ(dump(), before);
    // A page named twice (and reached again through next_url) is read once.
    auto pages = read_page_files({data_first, data_first});
    EXPECT_EQ(pages.size(), 3u);
}

TEST_P(KoladaImportTest, ANewerPublicationReplacesValuesAndKeepsTheirHistory) {
    import({kpi_first, municipalities, groups, data_first});
    auto s = import({pages_dir + "revised_2023.json"});
    EXPECT_EQ(s.values_replaced, 2);  // T and M of Norrbotten 2023; K is the same
    EXPECT_EQ(s.values_unchanged, 1);
    EXPECT_EQ(s.values_deleted, 3);  // Gävleborg 2021, every gender
    EXPECT_EQ(s.values_added, 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM kolada_value"), 54);
    EXPECT_EQ(count("SELECT COUNT(*) FROM kolada_value_history WHERE reason = 'replaced'"), 2);
    EXPECT_EQ(count("SELECT COUNT(*) FROM kolada_value_history WHERE reason = 'deleted'"), 3);
    EXPECT_EQ(count("SELECT row_version FROM kolada_value WHERE kpi_id = 'N00945' AND municipality_id = '0025' "
                    "AND period = 2023 AND gender = 'T'"),
              2);
    auto old = db_->read([](Connection& c) {
        return c.query("SELECT value FROM kolada_value_history WHERE municipality_id = '0025' AND gender = 'T'");
    });
    ASSERT_EQ(old.size(), 1u);
    EXPECT_DOUBLE_EQ(std::get<double>(old[0][0]), 31.3);
    // Again: nothing more.
    auto before = dump();
    EXPECT_FALSE(import({pages_dir + "revised_2023.json"}).changed_anything());
    EXPECT_EQ(dump(), before);
}

TEST_P(KoladaImportTest, BadInputNamesFileAndPathAndChangesNothing) {
    import({kpi_first, municipalities});
    auto before = dump();

    auto unknown = refusal({bad_dir + "unknown_kpi.json"});
    EXPECT_EQ(unknown.code(), "unknown_kpi");
    EXPECT_EQ(unknown.path(), "values[1].kpi");
    EXPECT_EQ(unknown.file(), bad_dir + "unknown_kpi.json");
    EXPECT_TRUE(unknown.line().has_value());

    auto missing = refusal({bad_dir + "missing_next.json"});
    EXPECT_EQ(missing.code(), "missing_page");
    EXPECT_EQ(missing.path(), "next_url");
    EXPECT_NE(missing.describe(Language::sv).find("v3_data_kpi_N00945_municipality_0025_year_2019_page=2_per_page=1.json"),
              std::string::npos);

    // A bad file after good ones: the good ones are not imported either.
    auto json = refusal({data_first, bad_dir + "not_json.json"});
    EXPECT_EQ(json.file(), bad_dir + "not_json.json");
    auto shape = refusal({groups, bad_dir + "wrong_shape.json"});
    EXPECT_EQ(shape.path(), "values");
    auto absent = refusal({pages_dir + "no_such_file.json"});
    EXPECT_EQ(absent.code(), "file");
    EXPECT_EQ(dump(), before);
}

TEST_P(KoladaImportTest, ValuesOfAKpiAlreadyInTheCatalogue) {
    import({kpi_first});
    auto s = import({pages_dir + "revised_2023.json"});
    EXPECT_EQ(s.values_added, 4);
    EXPECT_EQ(s.values_deleted, 0);  // nothing of Gävleborg was stored
}

INSTANTIATE_TEST_SUITE_P(Backends, KoladaImportTest, styrkort::testing::backends(), styrkort::testing::backend_name);

}  // namespace
}  // namespace styrkort::formats::kolada
