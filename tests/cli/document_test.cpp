// styrkort document plan|followup run as a process on a real database (SQLite and
// PostgreSQL) with the shipped Norrbotten plans: the PDF is read back with poppler
// (pdftotext, pdfinfo, pdffonts, pdftoppm), the DOCX opened and converted by headless
// LibreOffice. What the document must contain is read from the database (the plan's
// export), not listed here. Page images go to build/screenshots/ for a person to look at.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <regex>

#include "domain/economy/amounts.hpp"
#include "process.hpp"
#include "support/test_database.hpp"

namespace styrkort::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

const std::string org = "region-norrbotten";
const std::string screenshots = std::string(STYRKORT_SOURCE_DIR) + "/build/screenshots";

std::string squeeze(const std::string& text) {
    std::string out;
    for (char c : text) {
        bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
        if (space) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

// Runs a tool of the test machine on files the test made; its output in `log`.
int tool(const std::string& command, const std::string& log) {
    return std::system((command + " >" + log + " 2>&1").c_str());
}

class DocumentTest : public ProcessTest {
protected:
    void SetUp() override {
        ProcessTest::SetUp();
        for (const auto& f : {"norrbotten-2020-2022.json", "norrbotten-2025-2027.json"}) {
            run_ok({"import", std::string(STYRKORT_SOURCE_DIR) + "/data/" + f});
        }
    }
    ProcessResult run(std::vector<std::string> args) {
        for (const auto& a : db_->cli_args()) args.push_back(a);
        return run_styrkort(args, dir_);
    }
    ProcessResult run_ok(std::vector<std::string> args) {
        auto r = run(std::move(args));
        EXPECT_EQ(r.status, 0) << describe(r);
        return r;
    }
    std::string file(const std::string& name) const { return dir_ + "/" + name; }
    json::object plan_of(const std::string& key) {
        auto doc = json::parse(run_ok({"export", "plan", key, "--org", org, "--format", "json"}).out);
        return doc.at("organisations").at(0).at("plans").at(0).as_object();
    }
    std::string pdf_text(const std::string& pdf) {
        EXPECT_EQ(tool("pdftotext -raw " + pdf + " " + pdf + ".txt", file("pdftotext.log")), 0) << read_text(file("pdftotext.log"));
        return squeeze(read_text(pdf + ".txt"));
    }
    std::string pdf_info(const std::string& command, const std::string& pdf) {
        EXPECT_EQ(tool(command + " " + pdf, file("info.txt")), 0);
        return read_text(file("info.txt"));
    }
};

// Everything a reader looks for in the plan, read from the plan as stored.
void expect_plan_content(const json::object& plan, const std::string& text) {
    auto norm = [](const std::string& t) { return squeeze(t); };
    int checked = 0;
    for (const auto& a : plan.at("activities").as_array()) {
        auto name = norm(std::string(a.at("name").as_string()));
        EXPECT_NE(text.find(name), std::string::npos) << "activity missing: " << name;
        ++checked;
    }
    for (const auto& m : plan.at("measures").as_array()) {
        auto name = norm(std::string(m.at("name").as_string()));
        EXPECT_NE(text.find(name), std::string::npos) << "measure missing: " << name;
        ++checked;
    }
    for (const auto& t : plan.at("economy_totals").as_array()) {
        const json::object* table = nullptr;
        for (const auto& e : plan.at("economy_tables").as_array()) {
            if (e.at("key") == t.at("table")) table = &e.as_object();
        }
        ASSERT_NE(table, nullptr);
        auto amount = economy::format_amount(t.at("amount").as_int64(), std::string(table->at("amount_unit").as_string()),
                                             static_cast<int>(table->at("decimals").as_int64()));
        EXPECT_NE(text.find(norm(amount)), std::string::npos) << "stated total missing: " << amount << " (" << t.at("key") << ")";
        ++checked;
    }
    EXPECT_GT(checked, 50);
}

// The risk section, read from the plan as stored: every risk and control point, the
// matrix's thresholds and labels, the count of risks at or above the action threshold
// (counted here from the data), and the example marked as an example.
int expect_risk_content(const json::object& plan, const std::string& text) {
    int checked = 0;
    bool example = false;
    for (const auto& r : plan.at("risks").as_array()) {
        auto title = squeeze(std::string(r.at("title").as_string()));
        EXPECT_NE(text.find(title), std::string::npos) << "risk missing: " << title;
        example = example || r.at("origin") == "example";
        ++checked;
    }
    for (const auto& p : plan.at("control_points").as_array()) {
        auto step = squeeze(std::string(p.at("control_step").as_string()));
        EXPECT_NE(text.find(step), std::string::npos) << "control point missing: " << step;
        ++checked;
    }
    if (checked == 0) return 0;
    int threshold = 9;
    for (const auto& m : plan.at("risk_matrices").as_array()) {
        threshold = static_cast<int>(m.at("action_threshold").as_int64());
        for (const auto* f : {"below_label", "at_or_above_label"}) {
            EXPECT_NE(text.find(squeeze(std::string(m.at(f).as_string()))), std::string::npos) << f;
        }
        for (const auto* f : {"probability_labels", "consequence_labels"}) {
            for (const auto& l : m.at(f).as_array()) EXPECT_NE(text.find(std::string(l.as_string())), std::string::npos) << l;
        }
    }
    int at_or_above = 0;
    for (const auto& r : plan.at("risks").as_array()) {
        if (r.at("probability").as_int64() * r.at("consequence").as_int64() >= threshold) ++at_or_above;
    }
    EXPECT_NE(text.find(std::to_string(at_or_above) + " risker med värde " + std::to_string(threshold) + " eller mer före åtgärder"),
              std::string::npos);
    EXPECT_NE(text.find("Värde 16 (åtgärd)"), std::string::npos) << "the value and the action zone written in the cell";
    if (example) EXPECT_NE(text.find("Exempel: riskbedömningen är ett exempel"), std::string::npos);
    return checked;
}

TEST_P(DocumentTest, BothPlansAsPdfHoldEveryActivityMeasureAndStatedTotalOnTaggedA4Pages) {
    fs::create_directories(screenshots);
    for (const std::string key : {"rs-plan-2020-2022", "rs-plan-2025-2027"}) {
        auto pdf = file(key + ".pdf");
        run_ok({"document", "plan", key, "--org", org, "--format", "pdf", "--out", pdf});
        auto text = pdf_text(pdf);
        auto plan = plan_of(key);
        expect_plan_content(plan, text);
        // The 2020 plan carries the example risk assessment and internal control plan.
        if (key == "rs-plan-2020-2022") EXPECT_GT(expect_risk_content(plan, text), 5);
        EXPECT_NE(text.find(squeeze(std::string(plan.at("title").as_string()))), std::string::npos);
        EXPECT_NE(text.find("Sida 1 ("), std::string::npos);
        EXPECT_EQ(text.find("UTKAST"), std::string::npos) << "an approved plan is no draft";

        auto info = pdf_info("pdfinfo", pdf);
        EXPECT_NE(info.find("Tagged:          yes"), std::string::npos) << info;
        EXPECT_NE(info.find("A4"), std::string::npos) << info;
        std::smatch pages;
        ASSERT_TRUE(std::regex_search(info, pages, std::regex("Pages:\\s+(\\d+)"))) << info;
        int count = std::stoi(pages[1]);
        EXPECT_GT(count, 5);
        EXPECT_NE(text.find("Sida " + std::to_string(count) + " (" + std::to_string(count) + ")"), std::string::npos);
        auto fonts = pdf_info("pdffonts", pdf);
        EXPECT_EQ(fonts.find(" no "), std::string::npos) << "every font embedded:\n" << fonts;
        auto outline = pdf_info("pdfinfo -struct", pdf);  // the tagged structure tree
        EXPECT_NE(outline.find("Table"), std::string::npos);

        // Every page renders; the first two and the economy pages kept for a person.
        auto prefix = file(key + "-page");
        ASSERT_EQ(tool("pdftoppm -r 40 -png " + pdf + " " + prefix, file("pdftoppm.log")), 0) << read_text(file("pdftoppm.log"));
        int rendered = 0;
        for (const auto& e : fs::directory_iterator(dir_)) {
            if (e.path().filename().string().rfind(key + "-page", 0) == 0) ++rendered;
        }
        EXPECT_EQ(rendered, count);
        ASSERT_EQ(tool("pdftoppm -r 70 -png -f 1 -l 2 " + pdf + " " + screenshots + "/document-" + key, file("shot.log")), 0);
        // The page of the first economy table: where its caption stands in the text.
        int economy_page = 0;
        auto first_table = std::string(plan.at("economy_tables").at(0).at("title").as_string());
        for (int p = 1; p <= count && economy_page == 0; ++p) {
            tool("pdftotext -raw -f " + std::to_string(p) + " -l " + std::to_string(p) + " " + pdf + " " + file("page.txt"), file("p.log"));
            if (squeeze(read_text(file("page.txt"))).find(squeeze(first_table)) != std::string::npos) economy_page = p;
        }
        ASSERT_GT(economy_page, 0) << first_table;
        auto p = std::to_string(economy_page);
        EXPECT_EQ(tool("pdftoppm -r 70 -png -f " + p + " -l " + p + " " + pdf + " " + screenshots + "/document-" + key + "-economy",
                       file("shot.log")), 0);
    }
}

TEST_P(DocumentTest, TheSameInputsGiveTheSameBytes) {
    for (const std::string format : {"pdf", "docx", "html"}) {
        auto a = file("a." + format), b = file("b." + format);
        run_ok({"document", "plan", "rs-plan-2025-2027", "--format", format, "--out", a});
        run_ok({"document", "plan", "rs-plan-2025-2027", "--format", format, "--out", b});
        auto first = read_text(a);
        EXPECT_GT(first.size(), 10000u);
        EXPECT_TRUE(first == read_text(b)) << format << " differs between two runs";
    }
    // The dates come from the data: no approved date, so the plan's first day.
    auto info = pdf_info("pdfinfo", file("a.pdf"));
    EXPECT_NE(info.find("CreationDate:    Wed Jan  1 00:00:00 2025"), std::string::npos) << info;
}

TEST_P(DocumentTest, DocxHasRealHeadingsAndTablesAndLibreOfficeConvertsIt) {
    auto docx = file("plan.docx");
    run_ok({"document", "plan", "rs-plan-2020-2022", "--format", "docx", "--out", docx});
    ASSERT_EQ(tool("unzip -o " + docx + " word/document.xml -d " + file("unzipped"), file("unzip.log")), 0) << read_text(file("unzip.log"));
    auto xml = read_text(file("unzipped/word/document.xml"));
    EXPECT_NE(xml.find("<w:pStyle w:val=\"Heading1\" />"), std::string::npos);
    EXPECT_NE(xml.find("<w:tbl>"), std::string::npos);
    EXPECT_NE(xml.find("TOC \\o"), std::string::npos) << "an updatable table of contents";
    // LibreOffice opens it: as text in document order (every name and total), and as a PDF.
    auto soffice = [&](const std::string& to) {
        return tool("soffice --headless --norestore -env:UserInstallation=file://" + file("lo-profile") + " --convert-to '" + to +
                        "' --outdir " + file("lo") + " " + docx,
                    file("soffice.log"));
    };
    ASSERT_EQ(soffice("txt:Text (encoded):UTF8"), 0) << read_text(file("soffice.log"));
    expect_plan_content(plan_of("rs-plan-2020-2022"), squeeze(read_text(file("lo/plan.txt"))));
    ASSERT_EQ(soffice("pdf"), 0) << read_text(file("soffice.log"));
    auto info = pdf_info("pdfinfo", file("lo/plan.pdf"));
    EXPECT_NE(info.find("Pages:"), std::string::npos) << info;
}

TEST_P(DocumentTest, ADraftSaysUtkastOnEveryPage) {
    run_ok({"plan", "new-version", "rs-plan-2025-2027", "--org", org});
    auto pdf = file("draft.pdf");
    run_ok({"document", "plan", "rs-plan-2025-2027-v2", "--org", org, "--format", "pdf", "--out", pdf});
    auto info = pdf_info("pdfinfo", pdf);
    std::smatch pages;
    ASSERT_TRUE(std::regex_search(info, pages, std::regex("Pages:\\s+(\\d+)")));
    int count = std::stoi(pages[1]);
    for (int p = 1; p <= count; ++p) {
        tool("pdftotext -f " + std::to_string(p) + " -l " + std::to_string(p) + " " + pdf + " " + file("page.txt"), file("p.log"));
        EXPECT_NE(read_text(file("page.txt")).find("UTKAST"), std::string::npos) << "page " << p;
    }
}

TEST_P(DocumentTest, FollowupReportShowsAssessmentsOutcomesByActivityAndTheCheck) {
    auto id_of = [&](const std::string& collection, const std::string& key) {
        auto page = json::parse(run_ok({"list", collection, "--org", org, "--key", key}).out);
        return page.at("items").at(0).at("id").as_int64();
    };
    auto plan = id_of("plans", "rs-plan-2020-2022");
    auto unit = id_of("units", "regiondirektoren");
    auto measures = json::parse(run_ok({"list", "measures", "--org", org, "--plan_id", std::to_string(plan), "--limit", "500"}).out);
    const json::object* by_sex = nullptr;  // the first measure followed up by sex and under a goal
    for (const auto& m : measures.at("items").as_array()) {
        const auto& b = m.at("breakdowns").as_array();
        if (!by_sex && !m.at("goal_id").is_null() && std::find(b.begin(), b.end(), json::value("sex")) != b.end()) by_sex = &m.as_object();
    }
    ASSERT_NE(by_sex, nullptr);
    const auto& measure = *by_sex;
    auto goal = measure.at("goal_id").as_int64();
    for (const auto& [sex, value] : std::vector<std::pair<std::string, int>>{{"K", 31}, {"M", 17}, {"total", 24}}) {
        run_ok({"create", "outcomes", "--org", org, "--json",
                json::serialize(json::object{{"measure_id", measure.at("id")}, {"unit_id", unit}, {"year", 2021},
                                             {"point", "ar"}, {"sex", sex}, {"value", value}})});
    }
    run_ok({"create", "goal-assessments", "--org", org, "--json",
            json::serialize(json::object{{"goal_id", goal}, {"unit_id", unit}, {"year", 2021}, {"point", "ar"},
                                         {"status", "partly_met"}, {"analysis", "Utsläppen minskar långsammare än planerat (< 5 %) & kostar mer."}})});
    auto out = file("uppfoljning.pdf");
    run_ok({"document", "followup", "--plan", "rs-plan-2020-2022", "--unit", "regiondirektoren", "--year", "2021", "--point",
            "ar", "--org", org, "--format", "pdf", "--out", out});
    auto text = pdf_text(out);
    EXPECT_NE(text.find("Uppföljning ÅR 2021"), std::string::npos);
    EXPECT_NE(text.find("Utsläppen minskar långsammare än planerat (< 5 %) & kostar mer."), std::string::npos) << "the analysis, as text";
    EXPECT_NE(text.find("Delvis uppfyllt"), std::string::npos);
    EXPECT_NE(text.find(squeeze(std::string(measure.at("name").as_string()))), std::string::npos);
    EXPECT_NE(text.find("31"), std::string::npos);
    EXPECT_NE(text.find("Kontroller av planen"), std::string::npos);
    EXPECT_NE(text.find("Budgetuppföljning"), std::string::npos);
    EXPECT_NE(text.find("UTKAST"), std::string::npos) << "no approved report for the period";
    fs::create_directories(screenshots);
    EXPECT_EQ(tool("pdftoppm -r 70 -png -f 1 -l 2 " + out + " " + screenshots + "/document-followup", file("shot.log")), 0);
    // Reproducible: the period's end is the date, the same bytes again.
    auto again = file("again.pdf");
    run_ok({"document", "followup", "--plan", "rs-plan-2020-2022", "--unit", "regiondirektoren", "--year", "2021", "--point",
            "ar", "--format", "pdf", "--out", again});
    EXPECT_TRUE(read_text(out) == read_text(again));
    EXPECT_NE(pdf_info("pdfinfo", out).find("Dec 31 00:00:00 2021"), std::string::npos);
}

TEST_P(DocumentTest, FollowupReportShowsTheSubtreesControlResultsWithDeviationActions) {
    auto id_of = [&](const std::string& collection, const std::string& key) {
        auto page = json::parse(run_ok({"list", collection, "--org", org, "--key", key}).out);
        return page.at("items").at(0).at("id").as_int64();
    };
    auto result = [&](const std::string& point_key, const std::string& outcome, const std::string& comment) {
        auto created = json::parse(run_ok({"create", "control-results", "--org", org, "--json",
                                           json::serialize(json::object{{"control_point_id", id_of("control-points", point_key)},
                                                                        {"year", 2020}, {"point", "da08"}, {"performed", "done"},
                                                                        {"outcome", outcome}, {"comment", comment}})}).out);
        return created.at("id").as_int64();
    };
    // Kontrollpunkt 01 is performed by Service, 02 by HR (under the director's staff).
    auto deviation = result("kontrollpunkt-exempel-01", "deviation", "Tre av tjugo inköp gjordes utanför avtal.");
    result("kontrollpunkt-exempel-02", "no_deviation", "Lönerna stämmer med besluten.");
    run_ok({"create", "deviation-actions", "--org", org, "--json",
            json::serialize(json::object{{"control_result_id", deviation}, {"description", "Utbilda beställarna i avtalstrohet"},
                                         {"responsible", "Inköpschef"}, {"due_date", "2020-11-30"}, {"action_status", "open"}})});
    auto points = json::parse(run_ok({"export", "plan", "rs-plan-2020-2022", "--org", org, "--format", "json"}).out)
                      .at("organisations").at(0).at("plans").at(0).at("control_points").as_array();
    auto step_of = [&](const std::string& key) {
        for (const auto& p : points) {
            if (p.at("key").as_string() == key) return squeeze(std::string(p.at("control_step").as_string()));
        }
        return std::string("?");
    };
    auto out = file("service.pdf");
    run_ok({"document", "followup", "--plan", "rs-plan-2020-2022", "--unit", "div-service", "--year", "2020", "--point", "da08",
            "--org", org, "--format", "pdf", "--out", out});
    auto text = pdf_text(out);
    auto control = text.find("Intern kontroll");
    ASSERT_NE(control, std::string::npos);
    EXPECT_LT(control, text.find("Kontroller av planen")) << "before the check's findings";
    EXPECT_NE(text.find(step_of("kontrollpunkt-exempel-01")), std::string::npos);
    EXPECT_NE(text.find("Tre av tjugo inköp gjordes utanför avtal."), std::string::npos);
    EXPECT_NE(text.find("Avvikelse"), std::string::npos);
    EXPECT_NE(text.find("Utbilda beställarna i avtalstrohet"), std::string::npos);
    EXPECT_NE(text.find("Inköpschef"), std::string::npos);
    EXPECT_NE(text.find("2020-11-30"), std::string::npos);
    EXPECT_NE(text.find("Öppen"), std::string::npos);
    EXPECT_EQ(text.find("Lönerna stämmer med besluten."), std::string::npos) << "HR is not under Service";

    // The director's report covers both, and another period none.
    run_ok({"document", "followup", "--plan", "rs-plan-2020-2022", "--unit", "regiondirektoren", "--year", "2020", "--point",
            "da08", "--org", org, "--format", "html", "--out", file("rd.html")});
    auto html = squeeze(read_text(file("rd.html")));
    EXPECT_NE(html.find("Lönerna stämmer med besluten."), std::string::npos);
    EXPECT_NE(html.find("Ingen avvikelse"), std::string::npos);
    EXPECT_NE(html.find("Tre av tjugo inköp gjordes utanför avtal."), std::string::npos);
    run_ok({"document", "followup", "--plan", "rs-plan-2020-2022", "--unit", "regiondirektoren", "--year", "2020", "--point",
            "da04", "--org", org, "--format", "html", "--out", file("da04.html")});
    EXPECT_NE(read_text(file("da04.html")).find("Inget kontrollresultat är rapporterat"), std::string::npos);
}

TEST_P(DocumentTest, BadInputIsNamedAndWritesNoFile) {
    struct Case {
        std::vector<std::string> args;
        std::string says;
    };
    auto out = file("never.pdf");
    std::vector<Case> cases = {
        {{"document", "plan", "no-such-plan", "--format", "pdf"}, "no-such-plan"},
        {{"document", "plan", "rs-plan-2025-2027", "--format", "odt"}, "--format"},
        {{"document", "followup", "--plan", "rs-plan-2020-2022", "--unit", "regiondirektoren", "--year", "2021", "--point", "q3",
          "--format", "pdf"}, "point"},
        {{"document", "followup", "--plan", "rs-plan-2020-2022", "--unit", "no-such-unit", "--year", "2021", "--point", "ar",
          "--format", "pdf"}, "no-such-unit"},
        {{"document", "followup", "--plan", "rs-plan-2020-2022", "--unit", "regiondirektoren", "--year", "tjugo", "--point", "ar",
          "--format", "pdf"}, "--year"},
        {{"document", "followup", "--plan", "no-such-plan", "--unit", "regiondirektoren", "--year", "2021", "--point", "ar",
          "--format", "pdf"}, "no-such-plan"},
    };
    for (auto& c : cases) {
        c.args.insert(c.args.end(), {"--out", out});
        auto r = run(c.args);
        EXPECT_EQ(r.status, 2) << describe(r);
        EXPECT_NE(r.err.find(c.says), std::string::npos) << describe(r);
        EXPECT_FALSE(fs::exists(out)) << c.says;
        EXPECT_FALSE(fs::exists(out + ".part")) << c.says;
    }
    // A renderer that is not there: a clear message, status 1, no file.
    std::vector<std::string> args{"document", "plan", "rs-plan-2025-2027", "--format", "pdf", "--out", out};
    for (const auto& a : db_->cli_args()) args.push_back(a);
    StyrkortProcess process(args, dir_, {"STYRKORT_CHROMIUM=/nonexistent/chromium"});
    auto r = process.wait();
    EXPECT_EQ(r.status, 1) << describe(r);
    EXPECT_NE(r.err.find("chromium"), std::string::npos) << describe(r);
    EXPECT_FALSE(fs::exists(out));
}

INSTANTIATE_TEST_SUITE_P(Documents, DocumentTest, backends(), backend_name);

}  // namespace
}  // namespace styrkort::testing
