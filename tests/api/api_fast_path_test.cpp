// The HTTP fast path (api/fast_path.cpp, docs/scale-out.md "The HTTP fast path and
// revalidation") on both backends: a cached scorecard answered on the I/O thread must
// make every check the gate and the handler make, now, and nothing it serves may be
// stale; and ETag / If-None-Match answer 304 only for the very bytes the client holds.
// Each test first proves that the request it is about is answered by the fast path
// (Api::answer_at_once has an answer), so that the checks after it test that path.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "api_test_support.hpp"
#include "storage/tenant_scope.hpp"
#include "../auth/identity_support.hpp"

namespace styrkort::testing {
namespace {

const std::string org_url = "/api/v1/organisations/region-norrbotten";
const std::string card_url = org_url + "/scorecard?unit=div-narsjukvard&year=2021&point=ar";
const std::string password = "Kalix-älv-i-tertial-7";

class ApiFastPathTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        server_ = std::make_unique<RunningServer>(GetParam());
        auto r = server_->send_json_text("POST", "/api/v1/import", read_text_file(data_file("norrbotten-2020-2022.json")));
        ASSERT_EQ(r.status, 201) << r.body;
        auto org = parse_json(server_->request("GET", org_url).body).at("id").as_int64();
        auto other_org = create(*server_, entity("organisation"), 0, minimal_body(entity("organisation"), {}, "annan"))
                             .at("id")
                             .as_int64();
        make_user(*server_, "lasare", password, {{org, auth::Role::reader, std::nullopt}});
        make_user(*server_, "utomstaende", password, {{other_org, auth::Role::administrator, std::nullopt}});
        reader_ = make_token(*server_, "lasare", "read");
        outsider_ = make_token(*server_, "utomstaende", "write");
    }
    void TearDown() override { server_.reset(); }

    static HeaderList bearer(const std::string& token, HeaderList more = {}) {
        more.emplace_back("Authorization", "Bearer " + token);
        return more;
    }
    // The request as the server hands it to the API: for asking the fast path directly.
    static http::Request request_of(const std::string& target, const std::string& token, HeaderList more = {}) {
        http::Request r;
        r.method = "GET";
        r.target = target;
        auto q = target.find('?');
        r.path = target.substr(0, q);
        if (q != std::string::npos) {
            std::string rest = target.substr(q + 1);
            for (std::size_t pos = 0; pos <= rest.size();) {
                auto end = rest.find('&', pos);
                if (end == std::string::npos) end = rest.size();
                auto pair = rest.substr(pos, end - pos);
                auto eq = pair.find('=');
                r.query[pair.substr(0, eq)] = eq == std::string::npos ? "" : pair.substr(eq + 1);
                pos = end + 1;
            }
        }
        r.headers["authorization"] = "Bearer " + token;
        for (auto& [name, value] : more) {
            std::string lower = name;
            for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            r.headers[lower] = value;
        }
        r.remote_address = "127.0.0.1";
        return r;
    }
    bool answered_at_once(const std::string& token, HeaderList more = {}) {
        return server_->api().answer_at_once(request_of(card_url, token, std::move(more))).has_value();
    }
    // Warms the cache through the usual way and checks that the fast path now answers.
    HttpResponse warm(const std::string& token) {
        auto first = server_->request("GET", card_url, {}, bearer(token));
        EXPECT_EQ(first.status, 200) << first.body;
        EXPECT_TRUE(answered_at_once(token)) << "the cached scorecard is not answered by the fast path";
        return first;
    }
    // A value the scorecard shows, changed through `through` (another app server).
    static void change_outcome(RunningServer& through, double value) {
        auto ids = [&](const std::string& collection, const std::string& key) {
            auto r = through.request("GET", org_url + "/" + collection + "?key=" + key);
            return parse_json(r.body).at("items").at(0).at("id").as_int64();
        };
        auto r = through.send_json("POST", org_url + "/outcomes",
                                   json::object{{"measure_id", ids("measures", "sm-27")},
                                                {"unit_id", ids("units", "div-narsjukvard")},
                                                {"year", 2021},
                                                {"point", "ar"},
                                                {"sex", "total"},
                                                {"value", value}});
        ASSERT_EQ(r.status, 201) << r.body;
    }
    static std::optional<double> sm27(const std::string& body) {
        auto card = parse_json(body);
        for (const auto& g : card.at("goals").as_array()) {
            for (const auto& m : g.at("measures").as_array()) {
                if (m.at("key").as_string() == "sm-27" && !m.at("value").is_null()) return m.at("value").to_number<double>();
            }
        }
        return std::nullopt;
    }

    RunningServer& server() { return *server_; }
    std::unique_ptr<RunningServer> server_;
    std::string reader_;
    std::string outsider_;
};

TEST_P(ApiFastPathTest, CachedAnswerIsTheSameBytesWithTheSameHeaders) {
    auto computed = warm(reader_);
    auto cached = server().request("GET", card_url, {}, bearer(reader_));
    ASSERT_EQ(cached.status, 200) << cached.body;
    EXPECT_EQ(cached.body, computed.body);
    for (const char* name : {"Content-Type", "Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options",
                             "Referrer-Policy", "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy",
                             "Permissions-Policy", "Cache-Control", "ETag"}) {
        EXPECT_TRUE(cached.has_header(name)) << name;
        EXPECT_EQ(cached.header(name), computed.header(name)) << name;
    }
    EXPECT_EQ(cached.header("Cache-Control"), "no-store");
}

TEST_P(ApiFastPathTest, RevokedExpiredOrDisabledTokenIsRefusedAtOnceEvenWithAWarmCache) {
    warm(reader_);
    // Revoked through another app server on the same database.
    RunningServer other(server().test_database());
    auto revoke = [&](const std::string& sql) {
        storage::SystemScope scope(storage::SystemWork::operator_cli);  // as `styrkort user token --revoke`
        other.database().write([&](storage::Connection& c) { c.execute(sql); });
    };
    revoke("UPDATE api_token SET revoked_at = '2026-01-01T00:00:00Z' WHERE user_id = (SELECT id FROM app_user WHERE username = 'lasare')");
    EXPECT_FALSE(answered_at_once(reader_));
    EXPECT_EQ(server().request("GET", card_url, {}, bearer(reader_)).status, 401);

    auto expiring = make_token(server(), "lasare", "read");
    warm(expiring);
    revoke("UPDATE api_token SET expires_at = '2001-01-01T00:00:00Z' WHERE revoked_at IS NULL AND user_id = (SELECT id FROM app_user WHERE username = 'lasare')");
    EXPECT_FALSE(answered_at_once(expiring));
    EXPECT_EQ(server().request("GET", card_url, {}, bearer(expiring)).status, 401);

    auto of_disabled = make_token(server(), "lasare", "read");
    warm(of_disabled);
    revoke("UPDATE app_user SET disabled = 1 WHERE username = 'lasare'");
    EXPECT_FALSE(answered_at_once(of_disabled));
    EXPECT_EQ(server().request("GET", card_url, {}, bearer(of_disabled)).status, 401);
}

TEST_P(ApiFastPathTest, NoOneOutsideTheOrganisationGetsTheCachedScorecard) {
    warm(reader_);
    // A user of another organisation, even its administrator: refused (and the refusal audited).
    EXPECT_FALSE(answered_at_once(outsider_));
    auto denied_before = count_rows(server().database(), "audit_log");
    auto r = server().request("GET", card_url, {}, bearer(outsider_));
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(r.body.find("goals"), std::string::npos);
    EXPECT_EQ(count_rows(server().database(), "audit_log"), denied_before + 1);
    // Nor anyone without a token, or with a made-up one.
    EXPECT_EQ(server().anonymous_request("GET", card_url).status, 401);
    EXPECT_FALSE(answered_at_once("not-a-token"));
    EXPECT_EQ(server().request("GET", card_url, {}, bearer("not-a-token")).status, 401);
    // A role taken away (through another server) counts at once, cache or not.
    RunningServer other(server().test_database());
    storage::SystemScope scope(storage::SystemWork::operator_cli);  // as `styrkort user role ... revoke`
    other.database().write([](storage::Connection& c) {
        c.execute("DELETE FROM role_assignment WHERE user_id = (SELECT id FROM app_user WHERE username = 'lasare')");
    });
    EXPECT_FALSE(answered_at_once(reader_));
    EXPECT_EQ(server().request("GET", card_url, {}, bearer(reader_)).status, 403);
}

TEST_P(ApiFastPathTest, AWriteThroughAnotherServerMakesTheNextAnswerNew) {
    auto before = warm(reader_);
    RunningServer other(server().test_database());
    change_outcome(other, 123);
    EXPECT_FALSE(answered_at_once(reader_)) << "served from the cache after a write through another server";
    auto after = server().request("GET", card_url, {}, bearer(reader_));
    ASSERT_EQ(after.status, 200) << after.body;
    EXPECT_EQ(sm27(after.body), 123);
    EXPECT_NE(after.header("ETag"), before.header("ETag"));
    EXPECT_TRUE(answered_at_once(reader_));  // the new answer is cached in turn
}

TEST_P(ApiFastPathTest, NotModifiedOnlyWhenTheTagMatches) {
    auto first = warm(reader_);
    auto tag = first.header("ETag");
    ASSERT_FALSE(tag.empty());
    // The fast path and the usual way agree: 304, no body, the same headers.
    auto at_once = server().api().answer_at_once(request_of(card_url, reader_, {{"If-None-Match", tag}}));
    ASSERT_TRUE(at_once.has_value());
    EXPECT_EQ(at_once->status, 304);
    EXPECT_TRUE(at_once->body.empty());
    auto not_modified = server().request("GET", card_url, {}, bearer(reader_, {{"If-None-Match", tag}}));
    EXPECT_EQ(not_modified.status, 304);
    EXPECT_TRUE(not_modified.body.empty());
    EXPECT_EQ(not_modified.header("ETag"), tag);
    EXPECT_EQ(not_modified.header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(not_modified.header("Cache-Control"), "no-store");
    EXPECT_EQ(server().request("GET", card_url, {}, bearer(reader_, {{"If-None-Match", "W/" + tag}})).status, 304);
    EXPECT_EQ(server().request("GET", card_url, {}, bearer(reader_, {{"If-None-Match", "\"x\", " + tag}})).status, 304);
    // Another tag, or none: the whole answer.
    auto other_tag = server().request("GET", card_url, {}, bearer(reader_, {{"If-None-Match", "\"sk-0\""}}));
    EXPECT_EQ(other_tag.status, 200);
    EXPECT_EQ(other_tag.body, first.body);
    // The tag is not a key to the answer: someone who may not see it is refused as before.
    EXPECT_EQ(server().request("GET", card_url, {}, bearer(outsider_, {{"If-None-Match", tag}})).status, 403);
    // After a change the old tag no longer matches.
    change_outcome(server(), 77);
    auto changed = server().request("GET", card_url, {}, bearer(reader_, {{"If-None-Match", tag}}));
    EXPECT_EQ(changed.status, 200);
    EXPECT_EQ(sm27(changed.body), 77);
    EXPECT_NE(changed.header("ETag"), tag);
    // Other GETs revalidate the same way, through the usual path (lists of units, activities).
    auto units = server().request("GET", org_url + "/units", {}, bearer(reader_));
    ASSERT_EQ(units.status, 200);
    auto units_tag = units.header("ETag");
    EXPECT_EQ(server().request("GET", org_url + "/units", {}, bearer(reader_, {{"If-None-Match", units_tag}})).status, 304);
    ASSERT_EQ(server().send_json("POST", org_url + "/units",
                                 json::object{{"key", "ny-enhet"}, {"name", "Ny enhet"}, {"kind", "unit"}})
                  .status,
              201);
    EXPECT_EQ(server().request("GET", org_url + "/units", {}, bearer(reader_, {{"If-None-Match", units_tag}})).status, 200);
}

TEST_P(ApiFastPathTest, DeclinesRatherThanWaitWhenEveryConnectionIsBusy) {
    warm(reader_);
    // Every reader connection held by slow work (e.g. scorecards being computed): the I/O
    // thread must not wait for one (it would stall every connection it serves).
    auto& db = server().database();
    std::mutex mutex;
    std::condition_variable cv;
    bool release = false;
    int holding = 0;
    std::vector<std::thread> holders;
    for (unsigned i = 0; i < db.config().pool_size; ++i) {
        holders.emplace_back([&] {
            storage::SystemScope scope(storage::SystemWork::operator_cli);
            db.read([&](storage::Connection&) {
                std::unique_lock lock(mutex);
                ++holding;
                cv.notify_all();
                cv.wait(lock, [&] { return release; });
                return 0;
            });
        });
    }
    {
        std::unique_lock lock(mutex);
        ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return holding == static_cast<int>(db.config().pool_size); }));
    }
    EXPECT_FALSE(answered_at_once(reader_));  // declined at once (a wait would hang here)
    {
        std::lock_guard lock(mutex);
        release = true;
    }
    cv.notify_all();
    for (auto& t : holders) t.join();
    EXPECT_TRUE(answered_at_once(reader_));
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiFastPathTest, backends(), backend_name);

}  // namespace
}  // namespace styrkort::testing
