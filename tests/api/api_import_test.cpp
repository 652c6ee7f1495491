// Outcome imports over HTTP on both backends: as a job the client polls (success,
// failure with the rows named and the database unchanged, a foreign user's 404).
#include <gtest/gtest.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "api_test_support.hpp"
#include "identity_support.hpp"

namespace styrkort::testing {
namespace {

const std::string org_url = "/api/v1/organisations/region-norrbotten";
const std::string jobs_url = org_url + "/outcomes/import-jobs";
const std::string header = "plan;mått;enhet;år;tillfälle;kön;värde\n";

const std::string xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// An XLSX workbook whose first sheet holds `rows`; cells that parse as numbers are
// written as numbers, the rest as text.
std::string workbook(const std::vector<std::vector<std::string>>& rows) {
    std::string path = (std::filesystem::temp_directory_path() / "styrkort-api-XXXXXX").string();
    int fd = mkstemp(path.data());
    EXPECT_GE(fd, 0);
    close(fd);
    lxw_workbook* wb = workbook_new(path.c_str());
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Utfall");
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            const auto& text = rows[r][c];
            char* end = nullptr;
            double d = std::strtod(text.c_str(), &end);
            auto row = static_cast<lxw_row_t>(r);
            auto col = static_cast<lxw_col_t>(c);
            if (!text.empty() && end == text.c_str() + text.size()) worksheet_write_number(ws, row, col, d, nullptr);
            else if (!text.empty()) worksheet_write_string(ws, row, col, text.c_str(), nullptr);
        }
    }
    EXPECT_EQ(workbook_close(wb), LXW_NO_ERROR);
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    std::filesystem::remove(path);
    return bytes.str();
}

class ApiImportTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        server_ = std::make_unique<RunningServer>(GetParam());
        auto r = server_->send_json_text("POST", "/api/v1/import", read_text_file(data_file("norrbotten-2020-2022.json")));
        ASSERT_EQ(r.status, 201) << r.body;
        // The tests report antibiotic prescriptions (sm-27) by sex, which the plan does not.
        server_->database().write([](storage::Connection& c) {
            c.execute("UPDATE measure SET breakdowns = '[\"sex\"]' WHERE key = 'sm-27'");
        });
        org_ = parse_json(server_->request("GET", org_url).body).at("id").as_int64();
    }
    void TearDown() override { server_.reset(); }
    RunningServer& server() { return *server_; }

    HeaderList as(const std::string& token, const std::string& type = "text/csv; charset=utf-8") {
        HeaderList h{{"Content-Type", type}};
        if (!token.empty()) h.emplace_back("Authorization", "Bearer " + token);
        return h;
    }
    // Polls the job until it has finished (the worker runs it in the background).
    json::object wait_for(const std::string& url, const HeaderList& headers = {}) {
        for (int i = 0; i < 2000; ++i) {
            auto r = server().request("GET", url, "", headers);
            EXPECT_EQ(r.status, 200) << r.body;
            auto job = parse_json(r.body).as_object();
            auto state = job.at("state").as_string();
            if (state == "succeeded" || state == "failed") return job;
            EXPECT_TRUE(state == "queued" || state == "running") << r.body;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        ADD_FAILURE() << "the job did not finish";
        return {};
    }

    std::unique_ptr<RunningServer> server_;
    Id org_ = 0;
};

TEST_P(ApiImportTest, JobImportsAndCountsItsRows) {
    auto r = server().request("POST", jobs_url,
                              header + "rs-plan-2020-2022;sm-27;div-narsjukvard;2021;ÅR;total;280\n"
                                       "rs-plan-2020-2022;sm-27;div-lanssjukvard;2021;ÅR;total;260\n"
                                       "rs-plan-2020-2022;sm-27;div-lanssjukvard;2021;DÅ 04;K;\"12,5\"\n",
                              as(""));
    ASSERT_EQ(r.status, 202) << r.body;
    auto started = parse_json(r.body).as_object();
    EXPECT_EQ(started.at("state"), "queued");
    auto id = std::string(started.at("id").as_string());
    EXPECT_EQ(r.header("Location"), jobs_url + "/" + id);
    auto job = wait_for(r.header("Location"));
    EXPECT_EQ(job.at("id").as_string(), id);
    EXPECT_EQ(job.at("state"), "succeeded") << json::serialize(job);
    EXPECT_EQ(job.at("rows_total"), 3);
    EXPECT_EQ(job.at("rows_done"), 3);
    EXPECT_EQ(job.at("imported"), 3);
    EXPECT_TRUE(job.at("errors").as_array().empty());
    EXPECT_EQ(count_rows(server().database(), "outcome"), 3);
    // One audit record for the import.
    int imports = 0;
    for (const auto& row : audit_rows(server().database())) imports += row.action == "import" && row.entity == "outcome";
    EXPECT_EQ(imports, 1);
}

TEST_P(ApiImportTest, FailedJobNamesTheRowAndChangesNothing) {
    auto before = dump_database(server().database());
    auto r = server().request("POST", jobs_url + "?lang=en",
                              header + "rs-plan-2020-2022;sm-27;div-service;2021;ÅR;total;1\n"
                                       "rs-plan-2020-2022;sm-27;div-service;2021;ÅR;K;12 %\n",
                              as(""));
    ASSERT_EQ(r.status, 202) << r.body;
    auto job = wait_for(r.header("Location"));
    EXPECT_EQ(job.at("state"), "failed");
    EXPECT_TRUE(job.at("imported").is_null());
    ASSERT_EQ(job.at("errors").as_array().size(), 1u) << json::serialize(job);
    const auto& error = job.at("errors").at(0).as_object();
    EXPECT_EQ(error.at("row"), 3);
    EXPECT_EQ(error.at("column"), "value");
    EXPECT_NE(error.at("message").as_string().find("'12 %' är inget tal"), json::string::npos) << json::serialize(job);
    // In English when the reader asks for it.
    auto en = parse_json(server().request("GET", r.header("Location") + "?lang=en").body);
    EXPECT_NE(en.at("errors").at(0).at("message").as_string().find("is not a number"), json::string::npos);
    EXPECT_TRUE(same_database(before, dump_database(server().database())));

    // Not CSV: refused at once, no job.
    r = server().send_json("POST", jobs_url, json::object{{"value", 1}});
    EXPECT_EQ(r.status, 415) << r.body;
}

TEST_P(ApiImportTest, OnlyTheOwnerOrAnAdministratorReadsAJob) {
    const std::string password = "Rapport-från-Kiruna-2027";
    make_user(server(), "rapportor", password, {{org_, auth::Role::reporter, std::nullopt}});
    make_user(server(), "annan", password, {{org_, auth::Role::reporter, std::nullopt}});
    make_user(server(), "chef", password, {{org_, auth::Role::administrator, std::nullopt}});
    auto owner = make_token(server(), "rapportor");
    auto other = make_token(server(), "annan");
    auto admin = make_token(server(), "chef");
    auto r = server().request("POST", jobs_url, header + "rs-plan-2020-2022;sm-27;;2021;ÅR;;270\n", as(owner));
    ASSERT_EQ(r.status, 202) << r.body;
    auto url = r.header("Location");
    EXPECT_EQ(wait_for(url, as(owner)).at("state"), "succeeded");
    EXPECT_EQ(server().request("GET", url, "", as(admin)).status, 200);
    EXPECT_EQ(server().request("GET", url).status, 200);  // the installation's administrator
    auto foreign = server().request("GET", url, "", as(other));
    EXPECT_EQ(foreign.status, 404) << foreign.body;
    EXPECT_EQ(foreign.body.find("succeeded"), std::string::npos);
    EXPECT_EQ(server().anonymous_request("GET", url).status, 401);
    // An id that was never given out.
    EXPECT_EQ(server().request("GET", jobs_url + "/no-such-job").status, 404);
}

TEST_P(ApiImportTest, XlsxImportsAsAJobAndWithinTheRequest) {
    std::vector<std::string> head{"plan", "mått", "enhet", "år", "tillfälle", "kön", "värde"};
    auto r = server().request("POST", jobs_url,
                              workbook({head,
                                        {"rs-plan-2020-2022", "sm-27", "div-narsjukvard", "2021", "ÅR", "total", "280"},
                                        {"rs-plan-2020-2022", "sm-27", "div-lanssjukvard", "2021", "ÅR", "", "260,5"}}),
                              as("", xlsx_type));
    ASSERT_EQ(r.status, 202) << r.body;
    auto job = wait_for(r.header("Location"));
    EXPECT_EQ(job.at("state"), "succeeded") << json::serialize(job);
    EXPECT_EQ(job.at("rows_total"), 2);
    EXPECT_EQ(job.at("imported"), 2);
    EXPECT_EQ(count_rows(server().database(), "outcome"), 2);

    // A bad cell: the job names the row and the cell; nothing is written.
    auto before = dump_database(server().database());
    r = server().request("POST", jobs_url,
                         workbook({head,
                                   {"rs-plan-2020-2022", "sm-27", "div-service", "2021", "ÅR", "total", "1"},
                                   {"rs-plan-2020-2022", "sm-27", "div-service", "2021", "ÅR", "K", "tolv"}}),
                         as("", xlsx_type));
    ASSERT_EQ(r.status, 202) << r.body;
    job = wait_for(r.header("Location"));
    EXPECT_EQ(job.at("state"), "failed");
    EXPECT_EQ(job.at("errors").at(0).at("row"), 3);
    EXPECT_EQ(job.at("errors").at(0).at("column"), "value (G3)");
    EXPECT_NE(job.at("errors").at(0).at("message").as_string().find("XLSX:Utfall:3"), json::string::npos) << json::serialize(job);
    EXPECT_TRUE(same_database(before, dump_database(server().database())));

    // Within the request.
    r = server().request("POST", org_url + "/outcomes/import",
                         workbook({head, {"rs-plan-2020-2022", "sm-27", "div-service", "2022", "ÅR", "total", "1"}}),
                         as("", xlsx_type));
    EXPECT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(parse_json(r.body).at("rows"), 1);
}

// A reporter on a subtree imports the rows of that subtree; one row elsewhere (or of
// the organisation as a whole) refuses the whole file, naming the row and the unit.
TEST_P(ApiImportTest, ReporterOnASubtreeImportsOnlyThatSubtree) {
    auto unit_id = [&](const std::string& key) {
        return parse_json(server().request("GET", org_url + "/units?key=" + key).body).at("items").at(0).at("id").as_int64();
    };
    Id division = unit_id("div-narsjukvard");
    // A unit under the division, and one under that: the subtree is more than its root.
    auto made = server().send_json("POST", org_url + "/units",
                                   json::object{{"key", "hc-boden"}, {"name", "Hälsocentral Boden"}, {"kind", "area"},
                                                {"parent_id", division}});
    ASSERT_EQ(made.status, 201) << made.body;
    made = server().send_json("POST", org_url + "/units",
                              json::object{{"key", "hc-boden-bvc"}, {"name", "BVC Boden"}, {"kind", "unit"},
                                           {"parent_id", parse_json(made.body).at("id")}});
    ASSERT_EQ(made.status, 201) << made.body;
    const std::string child = "hc-boden-bvc";
    const std::string password = "Rapport-från-Boden-2027";
    make_user(server(), "enhet", password, {{org_, auth::Role::reporter, division}});
    auto token = make_token(server(), "enhet");
    const std::string url = org_url + "/outcomes/import";

    auto r = server().request("POST", url,
                              header + "rs-plan-2020-2022;sm-27;div-narsjukvard;2021;ÅR;total;280\n"
                                       "rs-plan-2020-2022;sm-27;div-lanssjukvard;2021;ÅR;total;260\n"
                                       "rs-plan-2020-2022;sm-27;div-service;2021;ÅR;total;250\n",
                              as(token));
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(error_of(r)["code"], "forbidden_unit");
    auto message = std::string(error_of(r)["message"].as_string());
    EXPECT_NE(message.find("CSV:3"), std::string::npos) << message;
    EXPECT_NE(message.find("'div-lanssjukvard'"), std::string::npos) << message;
    // Nothing imported; the refusal itself is in the audit log, as every refusal is.
    EXPECT_EQ(count_rows(server().database(), "outcome"), 0);
    EXPECT_EQ(audit_rows(server().database()).back().action, "denied");
    // Without a unit, a row is the organisation's as a whole: not within a subtree.
    r = server().request("POST", url, header + "rs-plan-2020-2022;sm-27;;2021;ÅR;total;270\n", as(token));
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(count_rows(server().database(), "outcome"), 0);
    // As a job: failed, with the row and the unit in its errors.
    auto before = dump_database(server().database());
    r = server().request("POST", jobs_url,
                         header + "rs-plan-2020-2022;sm-27;" + child + ";2021;ÅR;total;280\n"
                                  "rs-plan-2020-2022;sm-27;div-service;2021;ÅR;total;250\n",
                         as(token));
    ASSERT_EQ(r.status, 202) << r.body;
    auto job = wait_for(r.header("Location"), as(token));
    EXPECT_EQ(job.at("state"), "failed");
    EXPECT_EQ(job.at("errors").at(0).at("row"), 3);
    EXPECT_EQ(job.at("errors").at(0).at("column"), "unit");
    EXPECT_NE(job.at("errors").at(0).at("message").as_string().find("div-service"), json::string::npos);
    EXPECT_TRUE(same_database(before, dump_database(server().database())));

    // Every row inside the subtree (the division and a unit under it): imported.
    r = server().request("POST", url,
                         header + "rs-plan-2020-2022;sm-27;div-narsjukvard;2021;ÅR;total;280\n"
                                  "rs-plan-2020-2022;sm-27;" + child + ";2021;ÅR;total;275\n",
                         as(token));
    EXPECT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(count_rows(server().database(), "outcome"), 2);

    // Someone with another role only (a planner on the whole organisation) may not import.
    make_user(server(), "planerare", password, {{org_, auth::Role::planner, std::nullopt}});
    r = server().request("POST", url, header + "rs-plan-2020-2022;sm-27;div-narsjukvard;2022;ÅR;total;1\n",
                         as(make_token(server(), "planerare")));
    EXPECT_EQ(r.status, 403) << r.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiImportTest, backends(), backend_name);

}  // namespace
}  // namespace styrkort::testing
