// Outcomes from CSV on both backends, against Region Norrbotten's 2020 plan: Swedish
// and international files import; a bad row anywhere names file, line, column and why,
// and leaves the database exactly as it was.
#include <boost/json/parse.hpp>
#include "formats/outcome_csv.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/errors.hpp"
#include "formats/csv_reader.hpp"
#include "formats/hashing_stream.hpp"
#include "formats/plan_file.hpp"
#include "storage/database.hpp"
#include "support/test_database.hpp"

namespace styrkort::formats {
namespace {

using styrkort::testing::Backend;
using storage::Connection;

TEST(ParseDecimal, SwedishAndInternational) {
    EXPECT_DOUBLE_EQ(*parse_decimal("12,5"), 12.5);
    EXPECT_DOUBLE_EQ(*parse_decimal("12.5"), 12.5);
    EXPECT_DOUBLE_EQ(*parse_decimal("-3"), -3);
    EXPECT_DOUBLE_EQ(*parse_decimal("1 234,5"), 1234.5);
    EXPECT_DOUBLE_EQ(*parse_decimal("1\xC2\xA0" "234,5"), 1234.5);  // no-break space
    EXPECT_DOUBLE_EQ(*parse_decimal("\xE2\x88\x92" "2,5"), -2.5);    // U+2212 minus
    EXPECT_FALSE(parse_decimal(""));
    EXPECT_FALSE(parse_decimal("1.234,5"));
    EXPECT_FALSE(parse_decimal("12 %"));
    EXPECT_FALSE(parse_decimal("abc"));
    EXPECT_FALSE(parse_decimal("1e400"));
}

TEST(CsvReader, QuotesSeparatorsAndLineBreaks) {
    std::istringstream in("\xEF\xBB\xBF" "a;b;c\r\n1;\"x;\"\"y\"\"\";3\r\n\r\n4;\"two\nlines\";6\n");
    CsvReader csv(in, "f.csv");
    EXPECT_EQ(*csv.next(), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(csv.separator(), ';');
    EXPECT_EQ(*csv.next(), (std::vector<std::string>{"1", "x;\"y\"", "3"}));
    EXPECT_EQ(csv.line(), 2);
    EXPECT_EQ(*csv.next(), (std::vector<std::string>{"4", "two\nlines", "6"}));
    EXPECT_EQ(csv.line(), 4);
    EXPECT_FALSE(csv.next());
}

class OutcomeCsvTest : public ::testing::TestWithParam<Backend> {
protected:
    OutcomeCsvTest() : test_db_(GetParam()), db_(test_db_.open()) {
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
    OutcomeImportSummary import(const std::string& csv, const std::string& file = "utfall.csv") {
        std::istringstream in(csv);
        return db_->write([&](Connection& c) { return import_outcomes(c, org_, in, file, actor_); });
    }
    std::string dump() {
        return db_->read([](Connection& c) {
            std::string out;
            for (const auto& r : c.query("SELECT measure_id, unit_id, year, point, sex, value, status, source FROM outcome "
                                         "ORDER BY id")) {
                for (const auto& v : r) {
                    out += storage::is_null(v) ? "NULL" : std::holds_alternative<double>(v) ? std::to_string(std::get<double>(v))
                           : std::holds_alternative<std::int64_t>(v) ? std::to_string(std::get<std::int64_t>(v)) : storage::as_text(v);
                    out += '|';
                }
                out += '\n';
            }
            out += std::to_string(storage::as_int(c.query("SELECT COUNT(*) FROM audit_log").at(0).at(0)));
            return out;
        });
    }
    // Imports a bad file: expects an InputError whose message names all of `parts`, and
    // the database unchanged.
    void expect_refused(const std::string& csv, const std::vector<std::string>& parts) {
        auto before = dump();
        try {
            import(csv);
            ADD_FAILURE() << "accepted:\n" << csv;
        } catch (const InputError& e) {
            auto sv = e.describe(Language::sv);
            auto en = e.describe(Language::en);
            for (const auto& p : parts) EXPECT_NE(sv.find(p), std::string::npos) << sv << " lacks " << p;
            EXPECT_NE(sv, en);
        }
        EXPECT_EQ(dump(), before);
    }

    testing::TestDatabase test_db_;
    std::unique_ptr<storage::Database> db_;
    storage::Actor actor_{"tester", ""};
    storage::Id org_ = 0;
};

const std::string swedish_header = "plan;mått;enhet;år;tillfälle;kön;värde;status;källa\n";

TEST_P(OutcomeCsvTest, SwedishFileWithDecimalCommaImports) {
    auto s = import(swedish_header +
                    "rs-plan-2020-2022;sm-27;div-narsjukvard;2021;DÅ 04;K;280,5;preliminär;E-hälsomyndigheten\n"
                    "rs-plan-2020-2022;sm-27;div-narsjukvard;2021;DÅ 04;M;\"1 260,25\";;E-hälsomyndigheten\n"
                    "rs-plan-2020-2022;sm-27;;2021;ÅR;;270;slutligt;\n");
    EXPECT_EQ(s.rows, 3);
    auto rows = db_->read([](Connection& c) {
        return c.query("SELECT point, sex, value, status, unit_id FROM outcome ORDER BY id");
    });
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(storage::as_text(rows[0][0]), "da04");
    EXPECT_EQ(storage::as_text(rows[0][1]), "K");
    EXPECT_DOUBLE_EQ(std::get<double>(rows[0][2]), 280.5);
    EXPECT_EQ(storage::as_text(rows[0][3]), "preliminary");
    EXPECT_DOUBLE_EQ(std::get<double>(rows[1][2]), 1260.25);
    EXPECT_EQ(storage::as_text(rows[2][0]), "ar");
    EXPECT_TRUE(storage::is_null(rows[2][1]));
    EXPECT_EQ(storage::as_text(rows[2][3]), "final");
    EXPECT_TRUE(storage::is_null(rows[2][4]));
    // One audit row for the import.
    auto audit = db_->read([](Connection& c) {
        return c.query("SELECT action, entity, after FROM audit_log WHERE entity = 'outcome'");
    });
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_NE(storage::as_text(audit[0][2]).find("\"rows\":3"), std::string::npos);
}

// Texts arrive exactly as the file has them, whatever the backend's way of moving rows
// (PostgreSQL streams them with COPY, whose text format has escapes of its own), and
// values keep every digit.
TEST_P(OutcomeCsvTest, TextsAndValuesArriveExactly) {
    const std::string note = "back\\slash \\N tab\there\nnew line\rcarriage return å ä ö";
    auto s = import("plan;mått;år;tillfälle;värde;källa;anmärkning\n"
                    "rs-plan-2020-2022;sm-27;2021;ÅR;0,1;\\N;\"" + note + "\"\n"
                    "rs-plan-2020-2022;sm-27;2022;ÅR;123456789,123456;NULL;\n");
    EXPECT_EQ(s.rows, 2);
    auto rows = db_->read([](Connection& c) { return c.query("SELECT value, source, note FROM outcome ORDER BY year"); });
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(std::get<double>(rows[0][0]), 0.1);
    EXPECT_EQ(storage::as_text(rows[0][1]), "\\N");
    EXPECT_EQ(storage::as_text(rows[0][2]), note);
    EXPECT_EQ(std::get<double>(rows[1][0]), 123456789.123456);
    EXPECT_EQ(storage::as_text(rows[1][1]), "NULL");
    EXPECT_TRUE(storage::is_null(rows[1][2]));
}

TEST_P(OutcomeCsvTest, CommaSeparatedFileWithDecimalPointImports) {
    auto s = import("plan,measure,unit,year,point,sex,value\n"
                    "rs-plan-2020-2022,sm-27,div-lanssjukvard,2021,ar,total,261.5\n"
                    "rs-plan-2020-2022,sm-27,div-lanssjukvard,2021,ar,K,\"262,5\"\r\n");
    EXPECT_EQ(s.rows, 2);
}

TEST_P(OutcomeCsvTest, BadRowsNameFileLineColumnAndChangeNothing) {
    import(swedish_header + "rs-plan-2020-2022;sm-27;;2020;ar;;290;;\n");
    const std::string good = "rs-plan-2020-2022;sm-27;div-narsjukvard;2021;da04;K;1;;\n";
    expect_refused(swedish_header + good + "rs-plan-2020-2022;sm-27;div-narsjukvard;2021;da04;M;tolv;;\n",
                   {"utfall.csv:3", "value", "'tolv' är inget tal"});
    expect_refused(swedish_header + good + "rs-plan-2020-2022;sm-99;div-narsjukvard;2021;da04;M;1;;\n",
                   {"utfall.csv:3", "measure", "sm-99"});
    expect_refused(swedish_header + good + "rs-plan-2020-2022;sm-27;ingen-enhet;2021;da04;M;1;;\n",
                   {"utfall.csv:3", "unit", "ingen-enhet"});
    expect_refused(swedish_header + good + "rs-plan-2020-2022;sm-27;div-narsjukvard;20x1;da04;M;1;;\n",
                   {"utfall.csv:3", "year"});
    expect_refused(swedish_header + good + "rs-plan-2020-2022;sm-27;div-narsjukvard;2021;q3;M;1;;\n",
                   {"utfall.csv:3", "point", "'q3'"});
    expect_refused(swedish_header + good + "rs-plan-2020-2022;sm-27;div-narsjukvard;2021;da04;X;1;;\n",
                   {"utfall.csv:3", "sex"});
    expect_refused(swedish_header + good + "rs-plan-2020-2022;sm-27;div-narsjukvard;2021;da04;M;;;\n",
                   {"utfall.csv:3", "value", "saknas"});
    expect_refused(swedish_header + good + "rs-plan-2020-2022;sm-27;div-narsjukvard;2021;da04;M;1\n",
                   {"utfall.csv:3", "7 fält"});
    // Breakdowns the measure does not declare: sm-14 has no sex split, nothing here a municipality.
    expect_refused(swedish_header + good + "rs-plan-2020-2022;sm-14;div-narsjukvard;2021;da04;K;90;;\n",
                   {"utfall.csv:3", "sex", "redovisas inte per kön"});
    expect_refused("plan;mått;år;tillfälle;kön;kommun;värde\nrs-plan-2020-2022;sm-27;2021;ar;K;;1\n"
                   "rs-plan-2020-2022;sm-27;2021;ar;total;Luleå;1\n",
                   {"utfall.csv:3", "municipality", "redovisas inte per kommun"});
    // The same outcome twice in the file, and one that is already stored.
    expect_refused(swedish_header + good + good, {"utfall.csv:3", "finns redan"});
    expect_refused(swedish_header + good + "rs-plan-2020-2022;sm-27;;2020;ar;;290;;\n", {"utfall.csv:3", "finns redan"});
    expect_refused("plan;mått;år;tillfälle\nx;y;2021;ar\n", {"utfall.csv:1", "value", "saknas"});
    expect_refused("plan;mått;år;tillfälle;värde;färg\n", {"utfall.csv:1", "färg", "okänd kolumn"});
    expect_refused("", {"utfall.csv:1", "tom"});
    expect_refused(swedish_header + good + "rs-plan-2020-2022;sm-27;div-narsjukvard;2021;da04;M;\"1\n", {"utfall.csv:3", "citattecknet"});
}

// Rows are written in batches of a few hundred: a duplicate is still found and named
// by its own line, whether it repeats a row of an earlier batch or of its own.
TEST_P(OutcomeCsvTest, DuplicatesAcrossBatchesNameTheirLine) {
    std::string many = swedish_header;
    for (int year = 1990; year < 2190; ++year) {
        for (const char* point : {"da04", "da08"}) {
            many += "rs-plan-2020-2022;sm-27;div-narsjukvard;" + std::to_string(year) + ";" + point + ";K;1;;\n";
        }
    }
    // 400 data rows (lines 2-401); line 402 repeats line 3 (1990 DÅ 08), far back in an earlier batch.
    expect_refused(many + "rs-plan-2020-2022;sm-27;div-narsjukvard;1990;DÅ 08;kvinnor;2;;\n", {"utfall.csv:402", "finns redan"});
    // Line 300 repeats line 299 in the same batch.
    std::string near = swedish_header;
    int line = 1;
    for (int year = 1900; year < 2200 && line < 298; ++year, ++line) {
        near += "rs-plan-2020-2022;sm-27;;" + std::to_string(year) + ";ar;;1;;\n";
    }
    near += "rs-plan-2020-2022;sm-27;;2199;ar;M;1;;\nrs-plan-2020-2022;sm-27;;2199;ar;män;1;;\n";
    expect_refused(near, {"utfall.csv:300", "finns redan"});
    auto s = import(many);
    EXPECT_EQ(s.rows, 400);
    EXPECT_EQ(db_->read([](Connection& c) { return storage::as_int(c.query("SELECT COUNT(*) FROM outcome").at(0).at(0)); }), 400);
}

// The audit record of an import names the file, the count and the file's SHA-256.
TEST_P(OutcomeCsvTest, AuditRecordCarriesTheChecksum) {
    import(swedish_header + "rs-plan-2020-2022;sm-27;;2021;ar;;270;;\n");
    auto after = db_->read([](Connection& c) {
        return storage::as_text(c.query("SELECT after FROM audit_log WHERE entity = 'outcome'").at(0).at(0));
    });
    // sha256 of exactly those bytes (printf '...' | sha256sum).
    EXPECT_NE(after.find("\"sha256\":\"" + sha256_hex(swedish_header + "rs-plan-2020-2022;sm-27;;2021;ar;;270;;\n") + "\""),
              std::string::npos) << after;
    EXPECT_NE(after.find("\"file\":\"utfall.csv\""), std::string::npos) << after;
}

// The audit's first_id is the id of the outcome of the file's first data row, also when
// other outcomes are stored before and the file fills several batches (SQLite learns the
// batch's ids without RETURNING, PostgreSQL writes each batch by COPY).
TEST_P(OutcomeCsvTest, AuditFirstIdIsTheFirstRowsOutcome) {
    import(swedish_header + "rs-plan-2020-2022;sm-27;;2020;ar;;290;;\n");
    std::string many = swedish_header;
    for (int year = 1990; year < 2190; ++year) {
        for (const char* point : {"da04", "da08"}) {
            many += "rs-plan-2020-2022;sm-27;div-narsjukvard;" + std::to_string(year) + ";" + point + ";K;1;;\n";
        }
    }
    EXPECT_EQ(import(many, "many.csv").rows, 400);
    db_->read([&](Connection& c) {
        auto first = storage::as_int(c.query("SELECT id FROM outcome WHERE year = 1990 AND point = 'da04'").at(0).at(0));
        auto after = storage::as_text(c.query("SELECT after FROM audit_log WHERE entity = 'outcome' AND after LIKE ?",
                                              {std::string("%many.csv%")}).at(0).at(0));
        auto audit = boost::json::parse(after).as_object();
        EXPECT_EQ(audit.at("first_id").to_number<std::int64_t>(), first) << after;
        EXPECT_EQ(audit.at("rows").to_number<std::int64_t>(), 400) << after;
        // Every row of the file is stored, in the file's order.
        auto ids = c.query("SELECT min(id), max(id), count(*) FROM outcome WHERE unit_id IS NOT NULL").at(0);
        EXPECT_EQ(storage::as_int(ids[0]), first);
        EXPECT_EQ(storage::as_int(ids[2]), 400);
        auto last = storage::as_int(c.query("SELECT id FROM outcome WHERE year = 2189 AND point = 'da08'").at(0).at(0));
        EXPECT_EQ(storage::as_int(ids[1]), last);
    });
}

TEST_P(OutcomeCsvTest, ClosedPeriodIsRefused) {
    db_->write([&](Connection& c) {
        c.execute("INSERT INTO reporting_period (org_id, year, point, status, position) VALUES (?, 2021, 'da08', 'closed', 0)",
                  {org_});
    });
    expect_refused(swedish_header + "rs-plan-2020-2022;sm-27;;2021;da04;;1;;\n"
                                    "rs-plan-2020-2022;sm-27;;2021;DÅ 08;;1;;\n",
                   {"utfall.csv:3", "2021 da08", "stängd"});
}

INSTANTIATE_TEST_SUITE_P(Backends, OutcomeCsvTest, styrkort::testing::backends(), styrkort::testing::backend_name);

}  // namespace
}  // namespace styrkort::formats
