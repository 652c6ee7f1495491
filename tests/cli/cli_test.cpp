// The styrkort command line, run as a separate process (the built binary,
// STYRKORT_BINARY) on a real database: SQLite and PostgreSQL (--postgres), with the
// shipped plan data. Exit status, standard output and standard error are what is
// checked, as a script calling styrkort would see them.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "json/write.hpp"
#include "support/test_database.hpp"

extern char** environ;

namespace styrkort::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + path);
}

const std::string data_dir = std::string(STYRKORT_SOURCE_DIR) + "/data";
const std::string shipped_file = data_dir + "/norrbotten-2025-2027.json";

// Every shipped plan file, in name order, and the key of the one plan each holds.
std::vector<std::pair<std::string, std::string>> shipped_plans() {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& entry : fs::directory_iterator(data_dir)) {
        if (entry.path().extension() != ".json") continue;
        auto doc = json::parse(read_text(entry.path().string()));
        const auto& plans = doc.at("organisations").at(0).at("plans").as_array();
        if (plans.size() != 1) throw std::runtime_error(entry.path().string() + " should hold exactly one plan");
        out.emplace_back(entry.path().string(), std::string(plans.at(0).at("key").as_string()));
    }
    std::sort(out.begin(), out.end());
    return out;
}

struct Result {
    int status = -1;  // exit status; -1 if it did not exit normally
    std::string out;
    std::string err;
};

// Runs the binary with `args`, standard output and error captured in files (no pipe
// can fill up), in a Swedish locale so that messages are the default language.
Result run_styrkort(const std::vector<std::string>& args, const std::string& dir) {
    std::vector<std::string> argv_text{STYRKORT_BINARY};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);

    std::vector<std::string> env_text;
    for (char** e = environ; *e != nullptr; ++e) {
        std::string entry(*e);
        if (entry.rfind("LC_ALL=", 0) == 0 || entry.rfind("LANG=", 0) == 0 || entry.rfind("STYRKORT_", 0) == 0) continue;
        env_text.push_back(entry);
    }
    env_text.emplace_back("LC_ALL=C.UTF-8");
    env_text.emplace_back("LANG=C.UTF-8");
    std::vector<char*> envp;
    for (auto& e : env_text) envp.push_back(e.data());
    envp.push_back(nullptr);

    const std::string out_path = dir + "/stdout.txt";
    const std::string err_path = dir + "/stderr.txt";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
    pid_t pid = 0;
    int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error(std::string("posix_spawn failed: ") + std::strerror(rc));
    int wstatus = 0;
    while (waitpid(pid, &wstatus, 0) < 0) {
        if (errno != EINTR) throw std::runtime_error("waitpid failed");
    }
    Result r;
    r.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
    r.out = read_text(out_path);
    r.err = read_text(err_path);
    return r;
}

std::string describe(const Result& r) {
    return "exit " + std::to_string(r.status) + "\nstdout: " + r.out.substr(0, 2000) + "\nstderr: " + r.err.substr(0, 2000);
}

class CliTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        dir_ = make_temp_dir();
        db_ = std::make_unique<TestDatabase>(GetParam());
    }
    void TearDown() override {
        db_.reset();
        fs::remove_all(dir_);
    }

    // styrkort <args> --db|--postgres <the test database>
    Result run(std::vector<std::string> args, const TestDatabase* db = nullptr) {
        for (const auto& a : (db ? db : db_.get())->cli_args()) args.push_back(a);
        return run_styrkort(args, dir_);
    }
    Result run_ok(std::vector<std::string> args, const TestDatabase* db = nullptr) {
        auto r = run(std::move(args), db);
        EXPECT_EQ(r.status, 0) << describe(r);
        return r;
    }
    std::string export_all(const TestDatabase* db = nullptr) {
        return run_ok({"export", "plan", "--all", "--format", "json"}, db).out;
    }
    std::string file(const std::string& name) const { return dir_ + "/" + name; }

    json::value run_json(std::vector<std::string> args) {
        auto r = run_ok(std::move(args));
        return json::parse(r.out);
    }

    std::string dir_;
    std::unique_ptr<TestDatabase> db_;
};

TEST_P(CliTest, ImportThenExportAllRoundTripsByteForByte) {
    ASSERT_FALSE(shipped_plans().empty());
    for (const auto& [path, key] : shipped_plans()) {
        auto r = run_ok({"import", path});
        EXPECT_NE(r.out.find(key), std::string::npos) << r.out;
    }
    auto first = export_all();
    ASSERT_FALSE(first.empty());
    write_text(file("all.json"), first);

    TestDatabase empty(GetParam());
    run_ok({"import", file("all.json")}, &empty);
    EXPECT_EQ(export_all(&empty), first);
}

TEST_P(CliTest, ExportOfEachPlanIsItsShippedFile) {
    // All shipped plans in one database: each plan's export is still its own file.
    for (const auto& [path, key] : shipped_plans()) run_ok({"import", path});
    for (const auto& [path, key] : shipped_plans()) {
        auto r = run_ok({"export", "plan", key});
        EXPECT_TRUE(r.out == read_text(path)) << "the export of " << key << " differs from " << path;
    }
    run_ok({"export", "plan", "rs-plan-2025-2027", "--org", "region-norrbotten", "--output", file("one.json")});
    EXPECT_TRUE(read_text(file("one.json")) == read_text(shipped_file));
}

TEST_P(CliTest, BrokenPlanFileExitsWith2NamingFileLineAndPathAndChangesNothing) {
    // Something already stored, to see that it stays as it is.
    run_ok({"create", "organisations", "--json", R"({"key": "annan-region", "name": "Annan region", "kind": "region"})"});
    auto before = export_all();

    // The shipped file with one value broken deep inside: the 41st activity's level.
    auto doc = json::parse(read_text(shipped_file));
    doc.at("organisations").at(0).at("plans").at(0).at("activities").at(40).as_object()["level"] = "galaxy";
    auto broken = json_text::pretty(doc);
    auto at = broken.find("\"level\": \"galaxy\"");
    ASSERT_NE(at, std::string::npos);
    int line = 1 + static_cast<int>(std::count(broken.begin(), broken.begin() + static_cast<long>(at), '\n'));
    write_text(file("broken.json"), broken);

    auto r = run({"import", file("broken.json")});
    EXPECT_EQ(r.status, 2) << describe(r);
    const std::string where = file("broken.json") + ":" + std::to_string(line) +
                              ": organisations[0].plans[0].activities[40].level: ";
    EXPECT_EQ(r.err.rfind(where, 0), 0u) << "expected to start with " << where << "\n" << describe(r);
    EXPECT_NE(r.err.find("måste vara en av board, division, area, unit"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_EQ(export_all(), before);
}

TEST_P(CliTest, MalformedPlanFileExitsWith2NamingTheLine) {
    write_text(file("bad.json"), "{\n  \"format\": \"styrkort-plan\",\n  \"format_version\": 1,,\n}\n");
    auto before = export_all();
    auto r = run({"import", file("bad.json")});
    EXPECT_EQ(r.status, 2) << describe(r);
    EXPECT_EQ(r.err.rfind(file("bad.json") + ":3: ", 0), 0u) << describe(r);
    EXPECT_EQ(export_all(), before);
}

TEST_P(CliTest, GoalsCreateGetListUpdateDelete) {
    run_ok({"import", shipped_file});
    const std::vector<std::string> org{"--org", "region-norrbotten"};
    auto with_org = [&](std::vector<std::string> args) {
        args.insert(args.end(), org.begin(), org.end());
        return args;
    };
    auto plans = run_json(with_org({"list", "plans", "--key", "rs-plan-2025-2027"}));
    ASSERT_EQ(plans.at("total"), 1) << plans;
    auto plan = plans.at("items").at(0).at("id").as_int64();
    auto goals_before = run_json(with_org({"list", "goals", "--plan_id", std::to_string(plan)})).at("total").as_int64();

    auto created = run_json(with_org({"create", "goals", "--json",
                                      R"({"plan_id": )" + std::to_string(plan) + R"(, "key": "cli-goal", "text": "Mål från kommandoraden"})"}));
    auto id = std::to_string(created.at("id").as_int64());
    EXPECT_EQ(created.at("text"), "Mål från kommandoraden");

    auto got = run_json(with_org({"get", "goals", id}));
    EXPECT_EQ(got, created);

    auto listed = run_json(with_org({"list", "goals", "--plan_id", std::to_string(plan)}));
    EXPECT_EQ(listed.at("total").as_int64(), goals_before + 1);
    auto by_key = run_json(with_org({"list", "goals", "--key", "cli-goal"}));
    ASSERT_EQ(by_key.at("total"), 1);
    EXPECT_EQ(by_key.at("items").at(0), created);

    write_text(file("patch.json"), R"({"text": "Ändrat mål"})");
    auto updated = run_json(with_org({"update", "goals", id, "--file", file("patch.json")}));
    EXPECT_EQ(updated.at("text"), "Ändrat mål");
    EXPECT_EQ(updated.at("key"), "cli-goal");
    EXPECT_EQ(run_json(with_org({"get", "goals", id})).at("text"), "Ändrat mål");

    auto deleted = run_ok(with_org({"delete", "goals", id}));
    EXPECT_TRUE(deleted.out.empty()) << deleted.out;
    auto gone = run(with_org({"get", "goals", id}));
    EXPECT_EQ(gone.status, 2) << describe(gone);
    EXPECT_NE(gone.err.find("finns inte"), std::string::npos) << gone.err;
}

TEST_P(CliTest, CreateWithBadInputExitsWith2AndChangesNothing) {
    run_ok({"import", shipped_file});
    auto before = export_all();
    auto r = run({"create", "goals", "--org", "region-norrbotten", "--json", R"({"key": "x", "text": "Mål"})"});
    EXPECT_EQ(r.status, 2) << describe(r);
    EXPECT_NE(r.err.find("plan_id: saknas"), std::string::npos) << describe(r);
    EXPECT_EQ(export_all(), before);
}

TEST_P(CliTest, ExportOfAnUnknownPlanExitsWith2) {
    run_ok({"import", shipped_file});
    auto r = run({"export", "plan", "no-such-plan"});
    EXPECT_EQ(r.status, 2) << describe(r);
    EXPECT_NE(r.err.find("no-such-plan"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty());
}

TEST_P(CliTest, UnknownCommandExitsWith2) {
    auto r = run_styrkort({"frobnicate"}, dir_);
    EXPECT_EQ(r.status, 2) << describe(r);
    EXPECT_NE(r.err.find("okänt kommando: frobnicate"), std::string::npos) << r.err;
}

TEST_P(CliTest, ExportEconomyAsXlsxAndCsv) {
    run_ok({"import", shipped_file});
    run_ok({"export", "economy", "--plan", "rs-plan-2025-2027", "--format", "xlsx", "--out", file("ekonomi.xlsx")});
    auto xlsx = read_text(file("ekonomi.xlsx"));
    ASSERT_GT(xlsx.size(), 1000u);
    EXPECT_EQ(xlsx.substr(0, 2), "PK") << "an XLSX file is a zip archive";
    auto csv = run_ok({"export", "economy", "--plan", "rs-plan-2025-2027", "--format", "csv"}).out;
    EXPECT_NE(csv.find("Ekonomisk ram 2025, mnkr\r\n"), std::string::npos) << csv.substr(0, 500);
    EXPECT_NE(csv.find("4696;Div Regiongemensamt;VO IT/MT-avd;Kritiskt larm Sunderby sjukhus;IT;2500;Äskad;Regionstyrelsen"),
              std::string::npos);
    auto bad = run({"export", "economy", "--plan", "rs-plan-2025-2027", "--format", "pdf", "--out", file("x.pdf")});
    EXPECT_EQ(bad.status, 2) << describe(bad);
    EXPECT_NE(bad.err.find("xlsx eller csv"), std::string::npos) << bad.err;
    auto unknown = run({"export", "economy", "--plan", "no-such-plan", "--format", "csv"});
    EXPECT_EQ(unknown.status, 2) << describe(unknown);
    EXPECT_FALSE(fs::exists(file("x.pdf")));
}

INSTANTIATE_TEST_SUITE_P(Cli, CliTest, backends(), backend_name);

}  // namespace
}  // namespace styrkort::testing

