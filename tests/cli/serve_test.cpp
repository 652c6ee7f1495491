// `styrkort serve` as an operator runs it: a separate process on a real database. A new
// database opens with the shipped plans; --port 0 prints the port it got; SIGTERM stops
// it cleanly; and what it answered as saved survives a SIGKILL.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <csignal>
#include <filesystem>
#include <regex>

#include "http_client.hpp"
#include "process.hpp"
#include "support/test_database.hpp"

namespace styrkort::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

const std::string data_dir = std::string(STYRKORT_SOURCE_DIR) + "/data";
const std::string plans_url = "/api/v1/organisations/region-norrbotten/plans";

// The key of every plan in the shipped files, sorted.
std::vector<std::string> shipped_plan_keys() {
    std::vector<std::string> keys;
    for (const auto& entry : fs::directory_iterator(data_dir)) {
        if (entry.path().extension() != ".json") continue;
        auto doc = json::parse(read_text(entry.path().string()));
        for (const auto& plan : doc.at("organisations").at(0).at("plans").as_array()) {
            keys.emplace_back(plan.at("key").as_string());
        }
    }
    std::sort(keys.begin(), keys.end());
    return keys;
}

std::vector<std::string> keys_of(const json::value& list) {
    std::vector<std::string> keys;
    for (const auto& item : list.at("items").as_array()) keys.emplace_back(item.at("key").as_string());
    std::sort(keys.begin(), keys.end());
    return keys;
}

// A running `styrkort serve --port 0` and the port it printed.
class Server {
public:
    Server(const TestDatabase& db, const std::string& dir) {
        std::vector<std::string> args{"serve", "--port", "0", "--quiet"};
        for (const auto& a : db.cli_args()) args.push_back(a);
        process_ = std::make_unique<StyrkortProcess>(args, dir);
        auto err = process_->wait_for_error_output("Styrkort listening on", 120s);
        if (!err) throw std::runtime_error("serve did not start:\n" + describe(process_->wait(5s)));
        std::smatch m;
        if (!std::regex_search(*err, m, std::regex(R"(listening on http://127\.0\.0\.1:(\d+)/)"))) {
            throw std::runtime_error("no port in: " + *err);
        }
        port_ = static_cast<std::uint16_t>(std::stoi(m[1]));
    }
    [[nodiscard]] HttpClient client() const { return HttpClient(port_); }
    StyrkortProcess& process() { return *process_; }

private:
    std::unique_ptr<StyrkortProcess> process_;
    std::uint16_t port_ = 0;
};

using ServeTest = ProcessTest;

TEST_P(ServeTest, ANewDatabaseOpensWithEveryShippedPlan) {
    Server server(*db_, dir_);
    auto health = server.client().request("GET", "/healthz");
    EXPECT_EQ(health.status, 200) << health.body;

    auto plans = server.client().request("GET", plans_url);
    ASSERT_EQ(plans.status, 200) << plans.body;
    auto keys = keys_of(json::parse(plans.body));
    EXPECT_EQ(keys, shipped_plan_keys());
    EXPECT_EQ(keys.size(), 2U);

    auto activities = server.client().request("GET", "/api/v1/organisations/region-norrbotten/activities?limit=1");
    ASSERT_EQ(activities.status, 200) << activities.body;
    EXPECT_EQ(json::parse(activities.body).at("total").as_int64(), 55 + 4);  // 2025 plan + 2020 plan
}

TEST_P(ServeTest, SigtermStopsTheServerWithStatusZero) {
    Server server(*db_, dir_);
    ASSERT_EQ(server.client().request("GET", "/healthz").status, 200);
    server.process().send_signal(SIGTERM);
    auto result = server.process().wait(60s);
    EXPECT_EQ(result.status, 0) << describe(result);
    EXPECT_NE(result.err.find("Styrkort stopped"), std::string::npos) << describe(result);
}

TEST_P(ServeTest, WhatWasAnsweredAsSavedSurvivesSigkillAndARestartLoadsNothingTwice) {
    std::string created;
    {
        Server server(*db_, dir_);
        auto r = server.client().request(
            "POST", "/api/v1/organisations/region-norrbotten/units",
            R"({"key":"kill-test","name":"Enhet som överlever","kind":"unit"})",
            {{"Content-Type", "application/json"}});
        ASSERT_EQ(r.status, 201) << r.body;
        created = std::string(json::parse(r.body).at("key").as_string());
        server.process().send_signal(SIGKILL);
        auto result = server.process().wait(60s);
        EXPECT_EQ(result.signal, SIGKILL) << describe(result);
    }
    Server again(*db_, dir_);
    auto unit = again.client().request("GET", "/api/v1/organisations/region-norrbotten/units?key=kill-test");
    ASSERT_EQ(unit.status, 200) << unit.body;
    EXPECT_EQ(keys_of(json::parse(unit.body)), std::vector<std::string>{created});

    auto plans = again.client().request("GET", plans_url);
    EXPECT_EQ(keys_of(json::parse(plans.body)), shipped_plan_keys());
}

TEST(ServeOptionsTest, BadOptionsExitWith2NamingTheOptionAndCreateNoDatabase) {
    auto dir = make_temp_dir();
    for (const auto& [option, value] : std::vector<std::pair<std::string, std::string>>{
             {"--port", "99999"}, {"--port", "80x"}, {"--workers", "0"}, {"--workers", "many"}}) {
        auto result = run_styrkort({"serve", option, value, "--db", dir + "/new.db"}, dir);
        EXPECT_EQ(result.status, 2) << option << " " << value << "\n" << describe(result);
        EXPECT_NE(result.err.find(option + ": måste vara ett heltal"), std::string::npos) << describe(result);
        EXPECT_FALSE(fs::exists(dir + "/new.db")) << option << " " << value;
    }
    fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Serve, ServeTest, backends(), backend_name);

}  // namespace
}  // namespace styrkort::testing
