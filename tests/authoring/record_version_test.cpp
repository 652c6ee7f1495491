// Record versions on a real server and both backends (issue 18, docs/authoring.md):
// every record carries row_version and its ETag; a change from an older version is
// refused with 409, the record as it is now and what changed, in Swedish, and changes
// nothing; eight clients changing one record at once never lose an update.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "../auth/identity_support.hpp"
#include "api_test_support.hpp"

namespace styrkort::testing {
namespace {

class RecordVersionTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        server_ = std::make_unique<RunningServer>(GetParam());
        chain_ = create_chain(*server_, "development_area", 0, "v");
        org_ = chain_.ids.at("organisation");
        area_ = chain_.ids.at("development_area");
        url_ = item_url(entity("development_area"), org_, area_);
    }
    HttpResponse patch(const json::object& body, const std::string& if_match = "") {
        HeaderList h{{"Content-Type", "application/json"}};
        if (!if_match.empty()) h.emplace_back("If-Match", if_match);
        return server_->request("PATCH", url_, json::serialize(body), h);
    }
    json::object stored() { return parse_json(server_->request("GET", url_).body).as_object(); }

    std::unique_ptr<RunningServer> server_;
    Chain chain_;
    Id org_ = 0;
    Id area_ = 0;
    std::string url_;
};

TEST_P(RecordVersionTest, ARecordIsReadWithItsVersionAndEveryChangeRaisesIt) {
    auto r = server_->request("GET", url_);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(parse_json(r.body).at("row_version").as_int64(), 1);
    EXPECT_EQ(r.header("ETag"), "\"1\"");

    auto changed = patch({{"name", "Andra namnet"}}, "\"1\"");
    ASSERT_EQ(changed.status, 200) << changed.body;
    EXPECT_EQ(parse_json(changed.body).at("row_version").as_int64(), 2);
    EXPECT_EQ(changed.header("ETag"), "\"2\"");

    // Without a version (a script with a token) the change is made as before; still raised.
    auto unversioned = patch({{"name", "Tredje namnet"}});
    ASSERT_EQ(unversioned.status, 200) << unversioned.body;
    EXPECT_EQ(parse_json(unversioned.body).at("row_version").as_int64(), 3);
    // The field in the body works as If-Match does.
    auto by_field = patch({{"name", "Fjärde"}, {"row_version", 3}});
    ASSERT_EQ(by_field.status, 200) << by_field.body;
    EXPECT_EQ(stored().at("row_version").as_int64(), 4);
}

TEST_P(RecordVersionTest, AStaleChangeIsRefusedWithTheRecordAsItIsAndWhatChanged) {
    ASSERT_EQ(patch({{"name", "Ändrat av Anna"}, {"priorities", json::array{"Ny prioritering"}}}, "\"1\"").status, 200);
    auto before = dump_database(server_->database());

    auto stale = patch({{"description", "Bertils text"}}, "\"1\"");
    ASSERT_EQ(stale.status, 409) << stale.body;
    auto err = error_of(stale);
    EXPECT_EQ(err.at("code").as_string(), "stale_version");
    std::string message(err.at("message").as_string());
    EXPECT_NE(message.find("har ändrats av någon annan"), std::string::npos) << message;
    EXPECT_NE(message.find("Namn"), std::string::npos) << message;
    EXPECT_NE(message.find("Prioriteringar"), std::string::npos) << message;
    EXPECT_EQ(err.at("current").at("row_version").as_int64(), 2);
    EXPECT_EQ(err.at("current").at("name").as_string(), "Ändrat av Anna");
    std::set<std::string> fields;
    for (const auto& f : err.at("changed_fields").as_array()) fields.insert(std::string(f.at("field").as_string()));
    EXPECT_EQ(fields, (std::set<std::string>{"name", "priorities"}));
    EXPECT_TRUE(same_database(before, dump_database(server_->database())));

    // The same in English, a stale PUT and a stale DELETE: all leave everything as it was.
    HeaderList en{{"Content-Type", "application/json"}, {"If-Match", "\"1\""}, {"Accept-Language", "en"}};
    auto english = server_->request("PATCH", url_, R"({"name":"x"})", en);
    EXPECT_EQ(english.status, 409);
    EXPECT_NE(std::string(error_of(english).at("message").as_string()).find("changed by someone else"),
              std::string::npos);
    auto body = stored();
    body["name"] = "Bertil";
    body["row_version"] = 1;
    EXPECT_EQ(server_->send_json("PUT", url_, body).status, 409);
    EXPECT_EQ(server_->request("DELETE", url_, "", {{"If-Match", "\"1\""}}).status, 409);
    EXPECT_TRUE(same_database(before, dump_database(server_->database())));

    EXPECT_EQ(server_->request("DELETE", url_, "", {{"If-Match", "\"2\""}}).status, 204);
    auto gone = patch({{"name", "x"}}, "\"2\"");
    EXPECT_EQ(gone.status, 404) << gone.body;
}

TEST_P(RecordVersionTest, BadVersionsAreRefusedNamingWhere) {
    auto before = dump_database(server_->database());
    auto bad_header = patch({{"name", "x"}}, "version-one");
    EXPECT_EQ(bad_header.status, 422);
    EXPECT_EQ(error_of(bad_header).at("path").as_string(), "If-Match");
    auto bad_field = patch({{"name", "x"}, {"row_version", "ett"}});
    EXPECT_EQ(bad_field.status, 422);
    EXPECT_EQ(error_of(bad_field).at("path").as_string(), "row_version");
    auto disagree = patch({{"name", "x"}, {"row_version", 2}}, "\"1\"");
    EXPECT_EQ(disagree.status, 422);
    EXPECT_TRUE(same_database(before, dump_database(server_->database())));
}

TEST_P(RecordVersionTest, ABrowserSessionMustSayWhichVersionItChanges) {
    make_user(*server_, "planerare", "Versioner-i-Kiruna-2026", {{org_, auth::Role::planner, std::nullopt}});
    auto session = login(*server_, "planerare", "Versioner-i-Kiruna-2026");
    auto h = session_headers(session);
    h.emplace_back("Content-Type", "application/json");
    auto missing = server_->anonymous_request("PATCH", url_, R"({"name":"Utan version"})", h);
    EXPECT_EQ(missing.status, 428) << missing.body;
    EXPECT_EQ(error_of(missing).at("path").as_string(), "If-Match");
    EXPECT_EQ(stored().at("row_version").as_int64(), 1);
    h.emplace_back("If-Match", "\"1\"");
    EXPECT_EQ(server_->anonymous_request("PATCH", url_, R"({"name":"Med version"})", h).status, 200);
}

// Eight clients read the record, change it from the version read and retry on 409:
// each round exactly one wins, and every client's addition is there at the end.
TEST_P(RecordVersionTest, EightClientsOnOneRecordLoseNoUpdate) {
    constexpr int clients = 8;
    constexpr int additions = 3;
    for (int round = 0; round < 3; ++round) {
        auto version = stored().at("row_version").as_int64();
        std::atomic<int> won{0}, refused{0}, other{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < clients; ++i) {
            threads.emplace_back([&, i] {
                auto r = patch({{"description", "runda " + std::to_string(round) + " klient " + std::to_string(i)}},
                               "\"" + std::to_string(version) + "\"");
                (r.status == 200 ? won : r.status == 409 ? refused : other)++;
            });
        }
        for (auto& t : threads) t.join();
        EXPECT_EQ(won.load(), 1) << "round " << round;
        EXPECT_EQ(refused.load(), clients - 1) << "round " << round;
        EXPECT_EQ(other.load(), 0);
        EXPECT_EQ(stored().at("row_version").as_int64(), version + 1);
    }

    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int i = 0; i < clients; ++i) {
        threads.emplace_back([&, i] {
            for (int k = 0; k < additions; ++k) {
                for (int attempt = 0;; ++attempt) {
                    auto read = server_->request("GET", url_);
                    if (read.status != 200) {
                        ADD_FAILURE() << read.status << " " << read.body;
                        ++failures;
                        return;
                    }
                    auto current = parse_json(read.body).as_object();
                    auto list = current.at("priorities").as_array();
                    list.push_back(json::value("klient " + std::to_string(i) + " nr " + std::to_string(k)));
                    auto r = patch({{"priorities", list}}, "\"" + std::to_string(current.at("row_version").as_int64()) + "\"");
                    if (r.status == 200) break;
                    if (r.status != 409 || attempt > 200) {
                        ADD_FAILURE() << r.status << " " << r.body;
                        ++failures;
                        return;
                    }
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
    std::set<std::string> seen;
    auto last = stored();
    for (const auto& p : last.at("priorities").as_array()) seen.insert(std::string(p.as_string()));
    EXPECT_EQ(seen.size(), static_cast<std::size_t>(clients * additions));
}

INSTANTIATE_TEST_SUITE_P(Backends, RecordVersionTest, backends(), backend_name);

}  // namespace
}  // namespace styrkort::testing
