// The economy export: CSV as Swedish spreadsheets read it, and XLSX opened by a real
// spreadsheet — headless LibreOffice Calc recalculates every formula on load and
// writes each sheet as CSV with raw values; every number and formula result must be
// exactly what Styrkort computes.
#include "formats/economy_export.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace styrkort::formats {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

json::object organisation_of(const std::string& file) {
    return json::parse(read(fs::path(STYRKORT_SOURCE_DIR) / "data" / file)).at("organisations").at(0).as_object();
}

// RFC 4180 with ',' as LibreOffice writes it.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().push_back(std::move(field));
            field.clear();
        } else if (c == '\n') {
            rows.back().push_back(std::move(field));
            field.clear();
            rows.emplace_back();
        } else if (c != '\r') {
            field += c;
        }
    }
    if (!field.empty() || !rows.back().empty()) rows.back().push_back(std::move(field));
    if (rows.back().empty()) rows.pop_back();
    return rows;
}

class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "styrkort-xlsx-XXXXXX").string();
        path_ = mkdtemp(pattern.data());
    }
    ~TempDir() { fs::remove_all(path_); }
    [[nodiscard]] const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

// Converts every sheet of `xlsx` to CSV with LibreOffice, in a profile of its own that
// recalculates all formulas when a file is loaded (never trusting cached results).
void libreoffice_to_csv(const fs::path& xlsx, const fs::path& out, bool as_shown = false) {
    auto profile = out / "profile";
    fs::create_directories(profile / "user");
    std::ofstream(profile / "user" / "registrymodifications.xcu")
        << R"(<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
)";
    // Filter options: ',' '"' UTF-8, line 1, …, raw values or as shown, all sheets (-1).
    std::string command = "soffice --headless --norestore -env:UserInstallation=file://" + profile.string() +
                          " --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true," +
                          (as_shown ? "true" : "false") + ",false,false,-1'"
                          " --outdir " + out.string() + " " + xlsx.string() + " >" + (out / "soffice.log").string() + " 2>&1";
    int status = std::system(command.c_str());
    ASSERT_EQ(status, 0) << "soffice failed (scripts/install-deps.sh --test installs libreoffice-calc-nogui): "
                         << read(out / "soffice.log");
}

std::string expected_text(const SheetCell& cell) {
    if (const auto* s = std::get_if<std::string>(&cell)) return *s;
    if (const auto* v = std::get_if<long long>(&cell)) return std::to_string(*v);
    if (const auto* f = std::get_if<SheetFormula>(&cell)) return std::to_string(f->value);
    return "";
}

class EconomyXlsx : public ::testing::TestWithParam<std::string> {};

TEST_P(EconomyXlsx, LibreOfficeComputesEveryFormulaToOurValue) {
    auto org = organisation_of(GetParam());
    auto plan_key = std::string(org.at("plans").at(0).at("key").as_string());
    auto sheets = economy_sheets(org, plan_key);
    ASSERT_FALSE(sheets.empty());
    TempDir dir;
    auto xlsx = dir.path() / "ekonomi.xlsx";
    std::ofstream(xlsx, std::ios::binary) << economy_xlsx(sheets);
    libreoffice_to_csv(xlsx, dir.path());
    int formulas = 0;
    for (const auto& s : sheets) {
        auto csv_path = dir.path() / ("ekonomi-" + s.name + ".csv");
        ASSERT_TRUE(fs::exists(csv_path)) << csv_path;
        auto rows = parse_csv(read(csv_path));
        ASSERT_GE(rows.size(), static_cast<std::size_t>(first_data_row - 1 + s.rows.size())) << s.name;
        EXPECT_EQ(rows[0][0], s.title);
        for (std::size_t c = 0; c < s.header.size(); ++c) EXPECT_EQ(rows[2][c], s.header[c]) << s.name;
        for (std::size_t r = 0; r < s.rows.size(); ++r) {
            const auto& got = rows[first_data_row - 1 + r];
            for (std::size_t c = 0; c < s.rows[r].size(); ++c) {
                std::string value = c < got.size() ? got[c] : "";
                EXPECT_EQ(value, expected_text(s.rows[r][c])) << s.name << " row " << first_data_row + r << " column " << c;
                if (std::holds_alternative<SheetFormula>(s.rows[r][c])) ++formulas;
            }
        }
    }
    EXPECT_GT(formulas, 20);
}

INSTANTIATE_TEST_SUITE_P(ShippedPlans, EconomyXlsx,
                         ::testing::Values("norrbotten-2025-2027.json", "norrbotten-2020-2022.json"),
                         [](const auto& info) { return info.param.substr(11, 4); });

// Spaces of any width (LibreOffice writes the sv-SE group separator U+202F) as ' '.
std::string plain_spaces(std::string s) {
    for (const char* wide : {"\u202f", "\u00a0"}) {
        for (auto at = s.find(wide); at != std::string::npos; at = s.find(wide)) s.replace(at, std::string(wide).size(), " ");
    }
    return s;
}

TEST(EconomyXlsxDisplay, AmountsAreShownInThePlansUnitWithSwedishSeparators) {
    auto org = organisation_of("norrbotten-2020-2022.json");
    TempDir dir;
    auto xlsx = dir.path() / "ekonomi.xlsx";
    std::ofstream(xlsx, std::ios::binary) << economy_xlsx(economy_sheets(org, "rs-plan-2020-2022"));
    libreoffice_to_csv(xlsx, dir.path(), true);
    auto text = plain_spaces(read(dir.path() / "ekonomi-preliminar-ekonomisk-ram-2020.csv"));
    EXPECT_NE(text.find("Länssjukvård,Division,,\"44,5\",\"7,2\",,\"0,5\",,\"2 195,3\""), std::string::npos) << text;
    EXPECT_NE(text.find("Summa Division,Division,,\"140,5\",\"-8,7\",,\"1,5\",,\"5 750,4\""), std::string::npos) << text;
}

TEST(EconomyCsv, SwedishSeparatorsAndPublishedUnits) {
    auto org = organisation_of("norrbotten-2020-2022.json");
    auto csv = economy_csv(economy_sheets(org, "rs-plan-2020-2022"));
    EXPECT_NE(csv.find("Preliminär ekonomisk ram 2020, mnkr\r\n"), std::string::npos);
    EXPECT_NE(csv.find("Service;Division;;15,3;-17,4;;0,8;;328,8\r\n"), std::string::npos) << csv;
    EXPECT_NE(csv.find("Summa Division;Division;;140,5;-8,7;;1,5;;5750,4\r\n"), std::string::npos) << csv;
    EXPECT_NE(csv.find("Folktandvård;1,0;;;;;1,4;0,08;0,05;;;2,53\r\n"), std::string::npos) << csv;
    EXPECT_NE(csv.find("\r\nMål en procent av skatt, bidrag och utjämning;86;87;90\r\n"), std::string::npos) << csv;
}

TEST(EconomySheets, RequestsCarryTheDecidingLevelAndUnknownPlansAreNotFound) {
    auto org = organisation_of("norrbotten-2025-2027.json");
    auto sheets = economy_sheets(org, "rs-plan-2025-2027");
    const Sheet* requests = nullptr;
    for (const auto& s : sheets) {
        if (s.name == "bilaga-5-inventarier-2025") requests = &s;
    }
    ASSERT_NE(requests, nullptr);
    ASSERT_EQ(requests->rows.size(), 212u);  // 211 requests and the sum
    EXPECT_EQ(std::get<std::string>(requests->rows[0][7]), "Regionstyrelsen");  // 4696: 2 500 tkr IT
    EXPECT_EQ(std::get<std::string>(requests->rows[1][7]), "Enligt gällande delegationsordning");  // 4697: 1 000 tkr
    EXPECT_EQ(std::get<SheetFormula>(requests->rows.back()[5]).value, 177'173'000);
    EXPECT_THROW(economy_sheets(org, "ingen-plan"), std::exception);
}

TEST(EconomySheets, KontrollerListsEveryEconomyFindingWithBothAmounts) {
    auto org = organisation_of("norrbotten-2020-2022.json");
    auto sheets = economy_sheets(org, "rs-plan-2020-2022");
    ASSERT_EQ(sheets.back().name, "Kontroller");
    const auto& rows = sheets.back().rows;
    ASSERT_EQ(sheets.back().header.size(), 9u);
    EXPECT_EQ(sheets.back().header[7], "Förklaras av avrundning");
    ASSERT_GT(rows.size(), 3u);
    bool investment_total = false, rounding = false;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        EXPECT_EQ(std::get<std::string>(rows[r][0]).rfind("economy.", 0), 0u);
        if (std::holds_alternative<SheetFormula>(rows[r][6])) {
            const auto& diff = std::get<SheetFormula>(rows[r][6]);
            EXPECT_EQ(diff.formula, "E" + std::to_string(first_data_row + r) + "-F" + std::to_string(first_data_row + r));
            EXPECT_EQ(diff.value, std::get<long long>(rows[r][4]) - std::get<long long>(rows[r][5]));
            rounding = rounding || std::get<std::string>(rows[r][7]) == "ja";
        }
        // Investeringsram 2020: "Totalt 267,1" is not the sum of its rows.
        auto message = std::get<std::string>(rows[r][8]);
        if (message.find("267,1") != std::string::npos && std::holds_alternative<long long>(rows[r][4])) {
            investment_total = investment_total || std::get<long long>(rows[r][4]) == 267'100'000;
        }
    }
    EXPECT_TRUE(investment_total);
    EXPECT_TRUE(rounding) << "the 2020 frame table's rounding differences are told as such";
}

TEST(EconomySheets, BudgetFollowUpDeviationsAreFormulasOfExactKronor) {
    auto org = json::parse(R"({"key": "o", "name": "O", "kind": "region",
      "units": [{"key": "div-a", "name": "Division A", "kind": "division", "parent": null, "valid_from": null, "valid_to": null}],
      "plans": [{"key": "p", "economy_tables": [
          {"key": "bu", "title": "Budgetuppföljning 2025", "kind": "budget_follow_up", "year": 2025, "amount_unit": "tkr", "decimals": 1}],
        "budget_follow_ups": [
          {"key": "a-da04", "table": "bu", "unit": "div-a", "year": 2025, "point": "da04", "budget": -100000000,
           "outcome": -34000000, "forecast": -103500500, "comment": null},
          {"key": "a-da08", "table": "bu", "unit": "div-a", "year": 2025, "point": "da08", "budget": -100000000,
           "outcome": null, "forecast": -99000000, "comment": null}]}]})").as_object();
    auto sheets = economy_sheets(org, "p");
    ASSERT_EQ(sheets.size(), 2u);
    EXPECT_EQ(sheets[1].name, "Kontroller");
    const auto& rows = sheets[0].rows;
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(std::get<std::string>(rows[0][0]), "Division A");
    EXPECT_EQ(std::get<std::string>(rows[0][2]), "DÅ 04");
    EXPECT_EQ(std::get<SheetFormula>(rows[0][6]).formula, "E4-D4");
    EXPECT_EQ(std::get<SheetFormula>(rows[0][6]).value, 66'000'000);
    EXPECT_EQ(std::get<SheetFormula>(rows[0][7]).value, -3'500'500);
    EXPECT_TRUE(std::holds_alternative<std::monostate>(rows[1][6])) << "no outcome, no deviation";
    EXPECT_EQ(std::get<SheetRatio>(rows[0][9]).per_mille, -35);  // prognos -3,5 %
    EXPECT_EQ(std::get<SheetRatio>(rows[0][9]).formula, "IF(D4=0,\"\",(F4-D4)/ABS(D4))");
    EXPECT_NE(economy_csv(sheets).find("Division A;2025;DÅ 08;-100000,0;;-99000,0;;1000,0;;1,0"), std::string::npos)
        << economy_csv(sheets);

    // LibreOffice computes the same deviations: kronor exactly, per cent to our rounding.
    TempDir dir;
    auto xlsx = dir.path() / "ekonomi.xlsx";
    std::ofstream(xlsx, std::ios::binary) << economy_xlsx(sheets);
    libreoffice_to_csv(xlsx, dir.path());
    auto csv = parse_csv(read(dir.path() / "ekonomi-bu.csv"));
    ASSERT_GE(csv.size(), 5u);
    EXPECT_EQ(csv[3][6], "66000000");
    EXPECT_EQ(csv[3][7], "-3500500");
    // LibreOffice writes a percentage cell's full value with a percent sign ("-3,5005%").
    auto per_mille = [](std::string shown) {
        std::string digits;
        for (char c : shown) {
            if (c == ',') digits += '.';
            else if ((c >= '0' && c <= '9') || c == '-' || c == '.') digits += c;
        }
        return std::stod(digits) * 10;
    };
    EXPECT_EQ(csv[3][9].back(), '%') << csv[3][9];
    EXPECT_NEAR(per_mille(csv[3][9]), -35.0, 0.5);  // ours is rounded to tenths of a per cent
    EXPECT_NEAR(per_mille(csv[4][9]), 10.0, 0.5);
}

}  // namespace
}  // namespace styrkort::formats
