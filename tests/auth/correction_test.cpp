// Closed reporting periods over HTTP, on both backends and Region Norrbotten's 2020
// plan: a reporter is refused, a planner of the unit corrects and the change is listed
// as a correction of the period; a delete that reaches into the closed period is
// refused whoever asks (docs/followup.md, docs/permissions.md).
#include <gtest/gtest.h>

#include "identity_support.hpp"

namespace styrkort::testing {
namespace {

using auth::Role;

constexpr const char* password = "Kallt-vatten-i-Lule-älv-7";
const std::string org_url = "/api/v1/organisations/region-norrbotten";

class CorrectionTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        server_ = std::make_unique<RunningServer>(GetParam());
        auto r = server_->send_json_text("POST", "/api/v1/import", read_text_file(data_file("norrbotten-2020-2022.json")));
        ASSERT_EQ(r.status, 201) << r.body;
        org_ = parse_json(server_->request("GET", org_url).body).at("id").as_int64();
        nara_ = id_by_key("units", "div-narsjukvard");
        auto lans = id_by_key("units", "div-lanssjukvard");
        make_user(*server_, "rapportor", password, {{org_, Role::reporter, nara_}});
        make_user(*server_, "planerare", password, {{org_, Role::reporter, nara_}, {org_, Role::planner, nara_}});
        make_user(*server_, "grannen", password, {{org_, Role::reporter, lans}, {org_, Role::planner, lans}});
        for (const char* user : {"rapportor", "planerare", "grannen"}) tokens_[user] = make_token(*server_, user);
    }
    Id id_by_key(const std::string& collection, const std::string& key) {
        auto page = parse_json(server_->request("GET", org_url + "/" + collection + "?key=" + key).body);
        return page.at("items").at(0).at("id").as_int64();
    }
    HttpResponse as(const std::string& user, const std::string& method, const std::string& url,
                    const json::value& body = nullptr) {
        HeaderList headers{{"Authorization", "Bearer " + tokens_.at(user)}, {"Content-Type", "application/json"}};
        return server_->request(method, url, body.is_null() ? "" : json::serialize(body), headers);
    }
    std::unique_ptr<RunningServer> server_;
    Id org_ = 0, nara_ = 0;
    std::map<std::string, std::string> tokens_;
};

TEST_P(CorrectionTest, AfterClosingOnlyAPlannerOfTheUnitCorrectsAndEachCorrectionIsListed) {
    auto r = as("rapportor", "POST", org_url + "/outcomes",
                json::object{{"measure_id", id_by_key("measures", "sm-27")}, {"unit_id", nara_}, {"year", 2021},
                             {"point", "ar"}, {"value", 280}});
    ASSERT_EQ(r.status, 201) << r.body;
    auto outcome = org_url + "/outcomes/" + std::to_string(parse_json(r.body).at("id").as_int64());
    r = server_->send_json("POST", org_url + "/reporting-periods",
                           json::object{{"year", 2021}, {"point", "ar"}, {"status", "closed"}});
    ASSERT_EQ(r.status, 201) << r.body;
    auto period = org_url + "/reporting-periods/" + std::to_string(parse_json(r.body).at("id").as_int64());

    auto before = dump_database(server_->database());
    r = as("rapportor", "PATCH", outcome, json::object{{"value", 270}});
    EXPECT_EQ(r.status, 409) << r.body;
    EXPECT_NE(error_of(r)["message"].as_string().find("2021 ar"), json::string::npos) << r.body;
    EXPECT_TRUE(same_database(before, dump_database(server_->database())));
    EXPECT_EQ(as("grannen", "PATCH", outcome, json::object{{"value", 270}}).status, 403);  // not their subtree
    // A period of the whole organisation is reopened by those holding a role over all of it.
    EXPECT_EQ(as("planerare", "PATCH", period, json::object{{"status", "open"}}).status, 403);

    r = as("planerare", "PATCH", outcome, json::object{{"value", 270}});
    ASSERT_EQ(r.status, 200) << r.body;
    r = as("rapportor", "GET", period + "/corrections");
    ASSERT_EQ(r.status, 200) << r.body;
    auto page = parse_json(r.body).as_object();
    ASSERT_EQ(page.at("total"), 1);
    const auto& c = page.at("items").at(0).as_object();
    EXPECT_EQ(c.at("actor"), "planerare");
    EXPECT_EQ(c.at("action"), "update");
    EXPECT_EQ(c.at("entity"), "outcome");
    EXPECT_EQ(c.at("before").at("value").to_number<double>(), 280);
    EXPECT_EQ(c.at("after").at("value").to_number<double>(), 270);
    EXPECT_EQ(page.at("period").at("status"), "closed");
    // The audit row it points to is the change's own.
    r = server_->request("GET", org_url + "/audit?entity=outcome&action=update");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(parse_json(r.body).at("items").at(0).at("id"), c.at("audit_id"));
    // Not members: no corrections.
    EXPECT_EQ(server_->anonymous_request("GET", period + "/corrections").status, 401);
}

TEST_P(CorrectionTest, DeletesReachingIntoAClosedPeriodAreRefusedNamingIt) {
    auto r = server_->send_json("POST", org_url + "/outcomes",
                                json::object{{"measure_id", id_by_key("measures", "sm-27")}, {"unit_id", nara_},
                                             {"year", 2021}, {"point", "da08"}, {"value", 280}});
    ASSERT_EQ(r.status, 201) << r.body;
    r = server_->send_json("POST", org_url + "/reporting-periods",
                           json::object{{"year", 2021}, {"point", "da08"}, {"status", "closed"}});
    ASSERT_EQ(r.status, 201) << r.body;
    // A draft of the plan, so that the frozen-plan rule (docs/workflow.md) does not answer first.
    server_->database().write([](storage::Connection& c) {
        c.execute("UPDATE plan SET status = 'draft' WHERE key = 'rs-plan-2020-2022'");
    });
    auto before = dump_database(server_->database());
    for (const auto& url : {org_url + "/measures/" + std::to_string(id_by_key("measures", "sm-27")),
                            org_url + "/units/" + std::to_string(nara_)}) {
        r = server_->request("DELETE", url);  // the installation's administrator: may correct, still refused
        EXPECT_EQ(r.status, 409) << url << ": " << r.body;
        EXPECT_NE(error_of(r)["message"].as_string().find("2021 da08"), json::string::npos) << r.body;
    }
    EXPECT_TRUE(same_database(before, dump_database(server_->database())));
}

INSTANTIATE_TEST_SUITE_P(Backends, CorrectionTest, backends(), backend_name);

}  // namespace
}  // namespace styrkort::testing
