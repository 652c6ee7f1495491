// Outcomes from XLSX on both backends: workbooks written here with libxlsxwriter (as
// a spreadsheet would write them: numbers as numbers, texts shared or inline, empty
// cells left out), against Region Norrbotten's 2020 plan. A bad cell names the sheet,
// row and cell, and leaves the database as it was.
#include "formats/outcome_xlsx.hpp"

#include <gtest/gtest.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <variant>

#include "domain/errors.hpp"
#include "formats/hashing_stream.hpp"
#include "formats/plan_file.hpp"
#include "storage/database.hpp"
#include "support/test_database.hpp"

namespace styrkort::formats {
namespace {

using styrkort::testing::Backend;
using storage::Connection;
using Cell = std::variant<std::monostate, double, std::string>;

// The bytes of a workbook whose first sheet holds `rows` (and a second sheet that
// must be ignored). `inline_strings` writes texts in the cells instead of the shared table.
std::string workbook(const std::vector<std::vector<Cell>>& rows, bool inline_strings = false) {
    std::string path = (std::filesystem::temp_directory_path() / "styrkort-outcomes-XXXXXX").string();
    int fd = mkstemp(path.data());
    EXPECT_GE(fd, 0);
    close(fd);
    lxw_workbook_options options{};
    options.constant_memory = inline_strings ? LXW_TRUE : LXW_FALSE;
    lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Blad1");
    workbook_add_worksheet(wb, "Anteckningar");
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            const auto& cell = rows[r][c];
            auto row = static_cast<lxw_row_t>(r);
            auto col = static_cast<lxw_col_t>(c);
            if (const auto* d = std::get_if<double>(&cell)) worksheet_write_number(ws, row, col, *d, nullptr);
            if (const auto* s = std::get_if<std::string>(&cell)) worksheet_write_string(ws, row, col, s->c_str(), nullptr);
        }
    }
    EXPECT_EQ(workbook_close(wb), LXW_NO_ERROR);
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    std::filesystem::remove(path);
    return bytes.str();
}

const std::vector<Cell> header{std::string("plan"), std::string("mått"), std::string("enhet"), std::string("år"),
                               std::string("tillfälle"), std::string("kön"), std::string("värde")};

std::vector<Cell> row(const std::string& unit, double year, const std::string& point, const std::string& sex, Cell value) {
    return {std::string("rs-plan-2020-2022"), std::string("sm-27"), unit.empty() ? Cell{} : Cell{unit}, year,
            std::string(point), sex.empty() ? Cell{} : Cell{sex}, std::move(value)};
}

class OutcomeXlsxTest : public ::testing::TestWithParam<Backend> {
protected:
    OutcomeXlsxTest() : test_db_(GetParam()), db_(test_db_.open()) {
        std::ifstream in(std::string(STYRKORT_SOURCE_DIR) + "/data/norrbotten-2020-2022.json", std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        db_->write([&](Connection& c) {
            import_plans(c, text.str(), "norrbotten-2020-2022.json", actor_);
            // The tests report antibiotic prescriptions (sm-27) by sex, which the plan does not.
            c.execute("UPDATE measure SET breakdowns = '[\"sex\"]' WHERE key = 'sm-27'");
        });
        org_ = db_->read([](Connection& c) { return storage::as_int(c.query("SELECT id FROM organisation").at(0).at(0)); });
    }
    OutcomeImportSummary import(const std::string& bytes) {
        auto sheet = XlsxSheetReader::open_bytes(bytes, "utfall.xlsx");
        return db_->write([&](Connection& c) { return import_outcomes_xlsx(c, org_, sheet, sha256_hex(bytes), actor_); });
    }
    std::string dump() {
        return db_->read([](Connection& c) {
            std::string out;
            for (const auto& r : c.query("SELECT measure_id, unit_id, year, point, sex, value FROM outcome ORDER BY id")) {
                for (const auto& v : r) out += storage::is_null(v) ? "NULL|" : std::holds_alternative<std::string>(v) ? storage::as_text(v) + "|" : std::to_string(storage::as_int(v)) + "|";
                out += '\n';
            }
            return out + std::to_string(storage::as_int(c.query("SELECT COUNT(*) FROM audit_log").at(0).at(0)));
        });
    }
    void expect_refused(const std::string& bytes, const std::vector<std::string>& parts) {
        auto before = dump();
        try {
            import(bytes);
            ADD_FAILURE() << "accepted";
        } catch (const InputError& e) {
            auto sv = e.describe(Language::sv);
            for (const auto& p : parts) EXPECT_NE(sv.find(p), std::string::npos) << sv << " lacks " << p;
        }
        EXPECT_EQ(dump(), before);
    }

    testing::TestDatabase test_db_;
    std::unique_ptr<storage::Database> db_;
    storage::Actor actor_{"tester", ""};
    storage::Id org_ = 0;
};

TEST_P(OutcomeXlsxTest, NumbersAndTextsWithDecimalCommaImport) {
    for (bool inline_strings : {false, true}) {
        SCOPED_TRACE(inline_strings ? "inline strings" : "shared strings");
        db_->write([](Connection& c) { c.execute("DELETE FROM outcome"); });
        auto s = import(workbook({header,
                                  row("div-narsjukvard", 2021, "DÅ 04", "K", 280.5),
                                  {},  // an empty row between: skipped
                                  row("div-narsjukvard", 2021, "DÅ 04", "M", std::string("1 260,25")),
                                  row("", 2021, "ÅR", "", 0.001)},
                                 inline_strings));
        EXPECT_EQ(s.rows, 3);
        auto rows = db_->read([](Connection& c) { return c.query("SELECT point, sex, value, unit_id, year FROM outcome ORDER BY id"); });
        ASSERT_EQ(rows.size(), 3u);
        EXPECT_EQ(storage::as_text(rows[0][0]), "da04");
        EXPECT_DOUBLE_EQ(std::get<double>(rows[0][2]), 280.5);
        EXPECT_EQ(storage::as_int(rows[0][4]), 2021);
        EXPECT_DOUBLE_EQ(std::get<double>(rows[1][2]), 1260.25);
        EXPECT_TRUE(storage::is_null(rows[2][1]));
        EXPECT_TRUE(storage::is_null(rows[2][3]));
        EXPECT_DOUBLE_EQ(std::get<double>(rows[2][2]), 0.001);
    }
}

TEST_P(OutcomeXlsxTest, BadCellsNameSheetRowAndCell) {
    auto good = row("div-narsjukvard", 2021, "da04", "K", 1.0);
    expect_refused(workbook({header, good, row("div-narsjukvard", 2021, "da04", "M", std::string("tolv"))}),
                   {"utfall.xlsx:Blad1:3", "value (G3)", "'tolv' är inget tal"});
    expect_refused(workbook({header, good, row("ingen-enhet", 2021, "da04", "M", 1.0)}),
                   {"utfall.xlsx:Blad1:3", "unit (C3)", "ingen-enhet"});
    expect_refused(workbook({header, good, row("div-narsjukvard", 2021.5, "da04", "M", 1.0)}),
                   {"utfall.xlsx:Blad1:3", "year (D3)", "2021.5"});
    expect_refused(workbook({header, good, row("div-narsjukvard", 2021, "da04", "M", Cell{})}),
                   {"utfall.xlsx:Blad1:3", "value (G3)", "saknas"});
    expect_refused(workbook({header, good, good}), {"utfall.xlsx:Blad1:3", "finns redan"});
    // A cell right of the header's last column.
    auto wide = good;
    wide.push_back(std::string("extra"));
    expect_refused(workbook({header, good, wide}), {"utfall.xlsx:Blad1:3", "8 fält"});
    expect_refused(workbook({{std::string("plan"), std::string("färg")}}), {"utfall.xlsx:Blad1:1", "färg (B1)", "okänd kolumn"});
    expect_refused(workbook({}), {"utfall.xlsx:Blad1:1", "tomt"});
    expect_refused("plan;mått\n", {"utfall.xlsx", "ingen läsbar XLSX"});
    auto broken = workbook({header, good});
    expect_refused(broken.substr(0, broken.size() / 2), {"utfall.xlsx", "ingen läsbar XLSX"});
}

TEST(XlsxColumns, LettersAndIndexes) {
    EXPECT_EQ(*column_index("A1"), 0);
    EXPECT_EQ(*column_index("G3"), 6);
    EXPECT_EQ(*column_index("AB12"), 27);
    EXPECT_FALSE(column_index("12"));
    EXPECT_EQ(column_letters(0), "A");
    EXPECT_EQ(column_letters(25), "Z");
    EXPECT_EQ(column_letters(27), "AB");
}

INSTANTIATE_TEST_SUITE_P(Backends, OutcomeXlsxTest, styrkort::testing::backends(), styrkort::testing::backend_name);

}  // namespace
}  // namespace styrkort::formats
