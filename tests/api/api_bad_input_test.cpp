// Bad input over HTTP, one case per test: the status, the JSON error's code and path,
// and that the database is exactly as it was before (a full dump of every table,
// including the audit log, compared before and after).
#include <gtest/gtest.h>

#include "api_test_support.hpp"

namespace styrkort::testing {
namespace {

class ApiBadInputTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override { start(http::ServerConfig{}); }
    void TearDown() override { server_.reset(); }

    // Two organisations: "region-a" with a unit, a plan, a perspective and a goal, and
    // "region-b" with a unit and a plan of its own.
    void start(http::ServerConfig config) {
        server_.reset();
        server_ = std::make_unique<RunningServer>(GetParam(), config);
        org_a_ = make_org("region-a");
        unit_a_ = make(org_a_, "unit", {{"key", "rs"}, {"name", "Regionstyrelsen"}, {"kind", "board"}});
        plan_a_ = make(org_a_, "plan", plan_body(unit_a_, "plan-a"));
        perspective_a_ = make(org_a_, "perspective", {{"plan_id", plan_a_}, {"key", "medborgare"}, {"name", "Medborgare"}});
        goal_a_ = make(org_a_, "goal", {{"plan_id", plan_a_}, {"key", "g1"}, {"text", "Ett mål"}});
        org_b_ = make_org("region-b");
        unit_b_ = make(org_b_, "unit", {{"key", "rs"}, {"name", "Regionstyrelsen B"}, {"kind", "board"}});
        plan_b_ = make(org_b_, "plan", plan_body(unit_b_, "plan-b"));
        perspective_b_ = make(org_b_, "perspective", {{"plan_id", plan_b_}, {"key", "medborgare"}, {"name", "Medborgare"}});
        before_ = dump_database(server_->database());
    }

    static json::object plan_body(Id unit, const std::string& key) {
        // A draft: an approved plan is frozen (docs/workflow.md), and these tests change it.
        return {{"key", key}, {"title", "Plan"}, {"owner_unit_id", unit}, {"first_year", 2025}, {"last_year", 2027},
                {"status", "draft"}};
    }
    Id make_org(const std::string& key) {
        return create(*server_, entity("organisation"), 0, {{"key", key}, {"name", key}, {"kind", "region"}})
            .at("id")
            .as_int64();
    }
    Id make(Id org, const std::string& name, const json::object& body) {
        return create(*server_, entity(name), org, body).at("id").as_int64();
    }

    std::string url(const std::string& collection) { return "/api/v1/organisations/region-a/" + collection; }
    json::object goal(json::object fields) {
        json::object body{{"plan_id", plan_a_}, {"key", "g2"}, {"text", "Ett nytt mål"}};
        for (auto& [k, v] : fields) body[k] = v;
        return body;
    }

    // The one assertion every test here ends with.
    void expect_database_unchanged() { EXPECT_TRUE(same_database(before_, dump_database(server_->database()))); }
    void expect_error(const HttpResponse& r, int status, const std::string& code, const std::string& path) {
        EXPECT_EQ(r.status, status) << r.body;
        EXPECT_EQ(r.header("content-type").rfind("application/json", 0), 0u) << r.header("content-type");
        auto error = error_of(r);
        EXPECT_EQ(error["code"], json::value(code)) << r.body;
        if (path.empty()) {
            EXPECT_FALSE(error.contains("path")) << r.body;
        } else {
            EXPECT_EQ(error["path"], json::value(path)) << r.body;
        }
        EXPECT_TRUE(error["message"].is_string()) << r.body;
    }

    std::unique_ptr<RunningServer> server_;
    Id org_a_ = 0, unit_a_ = 0, plan_a_ = 0, perspective_a_ = 0, goal_a_ = 0;
    Id org_b_ = 0, unit_b_ = 0, plan_b_ = 0, perspective_b_ = 0;
    std::string before_;
};

TEST_P(ApiBadInputTest, MalformedJsonIs400WithTheLine) {
    auto r = server_->send_json_text("POST", url("goals"), "{\n  \"key\": \"g2\",\n  \"text\": ,\n}");
    expect_error(r, 400, "json", "");
    EXPECT_EQ(error_of(r)["line"], 3) << r.body;
    expect_database_unchanged();
}

TEST_P(ApiBadInputTest, WrongTypeIs422AtThePath) {
    auto r = server_->send_json("POST", url("goals"), goal({{"text", 42}}));
    expect_error(r, 422, "type", "text");
    expect_database_unchanged();
}

TEST_P(ApiBadInputTest, WrongTypeInAListIs422AtTheElement) {
    auto r = server_->send_json("POST", url("goals"), goal({{"aliases", {"ett", 2}}}));
    expect_error(r, 422, "type", "aliases[1]");
    expect_database_unchanged();
}

TEST_P(ApiBadInputTest, UnknownFieldIs422) {
    auto r = server_->send_json("POST", url("goals"), goal({{"colour", "blå"}}));
    expect_error(r, 422, "unknown_field", "colour");
    expect_database_unchanged();
}

TEST_P(ApiBadInputTest, MissingRequiredFieldIs422) {
    auto body = goal({});
    body.erase("text");
    auto r = server_->send_json("POST", url("goals"), body);
    expect_error(r, 422, "required", "text");
    expect_database_unchanged();
}

TEST_P(ApiBadInputTest, ReferenceToNoRecordIs422) {
    auto r = server_->send_json("POST", url("goals"), goal({{"perspective_id", 999999}}));
    expect_error(r, 422, "reference", "perspective_id");
    expect_database_unchanged();
}

TEST_P(ApiBadInputTest, ReferenceIntoAnotherOrganisationIs422) {
    // Ids that exist, but in region-b: a tenant may not point into another.
    auto r = server_->send_json("POST", url("goals"), goal({{"perspective_id", perspective_b_}}));
    expect_error(r, 422, "reference", "perspective_id");
    auto owner = server_->send_json("PATCH", url("plans") + "/" + std::to_string(plan_a_),
                                    json::object{{"owner_unit_id", unit_b_}});
    expect_error(owner, 422, "reference", "owner_unit_id");
    auto parent = server_->send_json("POST", url("goals"), goal({{"plan_id", plan_b_}}));
    expect_error(parent, 422, "reference", "plan_id");
    expect_database_unchanged();
}

TEST_P(ApiBadInputTest, ReferenceInAListIntoAnotherOrganisationIs422) {
    Id goal_b = create(*server_, entity("goal"), org_b_, {{"plan_id", plan_b_}, {"key", "gb"}, {"text", "Mål i B"}})
                    .at("id")
                    .as_int64();
    before_ = dump_database(server_->database());
    auto r = server_->send_json("POST", url("activities"),
                                json::object{{"plan_id", plan_a_}, {"key", "a1"}, {"name", "Aktivitet"},
                                             {"level", "board"}, {"goal_ids", {goal_a_, goal_b}}});
    expect_error(r, 422, "reference", "goal_ids[1]");
    expect_database_unchanged();
}

TEST_P(ApiBadInputTest, DuplicateKeyIs422) {
    auto r = server_->send_json("POST", url("goals"), goal({{"key", "g1"}}));
    expect_error(r, 422, "duplicate_key", "key");
    auto org = server_->send_json("POST", "/api/v1/organisations",
                                  json::object{{"key", "region-b"}, {"name", "Dubblett"}, {"kind", "region"}});
    expect_error(org, 422, "duplicate_key", "key");
    expect_database_unchanged();
}

TEST_P(ApiBadInputTest, SameKeyInAnotherPlanIsAllowed) {
    // The counterpart of DuplicateKeyIs422: keys of plan items are unique per plan.
    auto r = server_->send_json("POST", "/api/v1/organisations/region-b/goals",
                                json::object{{"plan_id", plan_b_}, {"key", "g1"}, {"text", "Samma nyckel"}});
    EXPECT_EQ(r.status, 201) << r.body;
}

TEST_P(ApiBadInputTest, BadEnumValueIs422) {
    auto r = server_->send_json("PATCH", url("plans") + "/" + std::to_string(plan_a_),
                                json::object{{"status", "finished"}});
    expect_error(r, 422, "choice", "status");
    expect_database_unchanged();
}

TEST_P(ApiBadInputTest, ImpossibleDateIs422) {
    auto r = server_->send_json("PATCH", url("units") + "/" + std::to_string(unit_a_),
                                json::object{{"valid_from", "2025-02-30"}});
    expect_error(r, 422, "date", "valid_from");
    expect_database_unchanged();
}

TEST_P(ApiBadInputTest, RuleAcrossFieldsIs422) {
    auto r = server_->send_json("PATCH", url("plans") + "/" + std::to_string(plan_a_),
                                json::object{{"first_year", 2028}});
    expect_error(r, 422, "order", "last_year");
    expect_database_unchanged();
}

TEST_P(ApiBadInputTest, ReadOnlyIdCannotBeChanged) {
    auto r = server_->send_json("PATCH", url("goals") + "/" + std::to_string(goal_a_),
                                json::object{{"id", goal_a_ + 1000}});
    expect_error(r, 422, "read_only", "id");
    expect_database_unchanged();
}

TEST_P(ApiBadInputTest, BodyThatIsNotJsonMediaTypeIs415) {
    auto r = server_->request("POST", url("goals"), json::serialize(goal({})), {{"Content-Type", "text/plain"}});
    expect_error(r, 415, "unsupported_media_type", "");
    auto none = server_->request("POST", url("goals"), json::serialize(goal({})));
    expect_error(none, 415, "unsupported_media_type", "");
    expect_database_unchanged();
}

TEST_P(ApiBadInputTest, OversizeBodyIs413) {
    http::ServerConfig small;
    small.max_body_bytes = 1024;
    start(small);
    auto r = server_->send_json("POST", url("goals"), goal({{"description", std::string(4000, 'x')}}));
    expect_error(r, 413, "payload_too_large", "");
    // Just under the limit is accepted: the limit is the body size, not something else.
    auto fits = server_->send_json("POST", url("goals"), goal({{"description", std::string(800, 'x')}}));
    EXPECT_EQ(fits.status, 201) << fits.body;
}

TEST_P(ApiBadInputTest, InvalidUtf8InAJsonStringIs400) {
    auto r = server_->send_json_text("POST", url("goals"), "{\"plan_id\": " + std::to_string(plan_a_) +
                                                          ", \"key\": \"g2\", \"text\": \"M\xe5l\"}");
    expect_error(r, 400, "json", "");
    expect_database_unchanged();
}

TEST_P(ApiBadInputTest, BadPercentEncodingInThePathIs400) {
    for (const std::string target : {"/api/v1/organisations/%FF/goals", "/api/v1/organisations/region-a/goals/%zz",
                                     "/api/v1/organisations/%C3%28", "/api/v1/organisations/region%00-a"}) {
        auto r = server_->request("GET", target);
        EXPECT_EQ(r.status, 400) << target << ": " << r.body;
        EXPECT_EQ(error_of(r)["code"], "bad_request") << target;
    }
    auto post = server_->send_json("POST", "/api/v1/organisations/%FF/goals", goal({}));
    EXPECT_EQ(post.status, 400) << post.body;
    expect_database_unchanged();
}

TEST_P(ApiBadInputTest, DuplicateMemberInJsonIs400) {
    auto r = server_->send_json_text("POST", url("goals"),
                                     "{\"plan_id\": " + std::to_string(plan_a_) +
                                         ", \"key\": \"g2\",\n \"text\": \"Ett\",\n \"text\": \"Två\"}");
    expect_error(r, 400, "json", "");
    EXPECT_EQ(error_of(r)["line"], 3) << r.body;
    expect_database_unchanged();
}

TEST_P(ApiBadInputTest, NulCharacterInATextIsRefused) {
    // JSON can carry U+0000, but it is no part of a plan's text and PostgreSQL cannot
    // store it in TEXT: the API must refuse it as bad input, on both backends alike.
    auto r = server_->send_json_text("POST", url("goals"),
                                     "{\"plan_id\": " + std::to_string(plan_a_) +
                                         ", \"key\": \"g2\", \"text\": \"M\\u0000l\"}");
    expect_error(r, 422, "invalid", "text");
    expect_database_unchanged();
}

TEST_P(ApiBadInputTest, UnknownRouteIs404) {
    for (const std::string target : {"/api/v1/nothing", "/api/v1/organisations/region-a/no-such-collection",
                                     "/api/v2/organisations", "/"}) {
        auto r = server_->request("GET", target);
        EXPECT_EQ(r.status, 404) << target << ": " << r.body;
        EXPECT_EQ(error_of(r)["code"], "not_found") << target;
    }
}

TEST_P(ApiBadInputTest, NonNumericIdIs404) {
    auto r = server_->request("GET", url("goals") + "/abc");
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(error_of(r)["code"], "not_found");
}

TEST_P(ApiBadInputTest, WrongMethodIs405WithAllow) {
    auto r = server_->request("DELETE", "/api/v1/organisations");
    EXPECT_EQ(r.status, 405) << r.body;
    EXPECT_EQ(error_of(r)["code"], "method_not_allowed");
    EXPECT_EQ(r.header("allow"), "GET, POST");

    auto item = server_->send_json("POST", url("goals") + "/" + std::to_string(goal_a_), goal({}));
    EXPECT_EQ(item.status, 405) << item.body;
    EXPECT_EQ(item.header("allow"), "GET, PUT, PATCH, DELETE");
    expect_database_unchanged();
}

TEST_P(ApiBadInputTest, MessagesAreSwedishByDefaultAndEnglishOnRequest) {
    auto body = goal({});
    body.erase("text");
    auto sv = server_->send_json("POST", url("goals"), body);
    auto en = server_->send_json("POST", url("goals") + "?lang=en", body);
    auto en_header = server_->send_json_text("POST", url("goals"), json::serialize(body), {{"Accept-Language", "en-GB,en;q=0.8"}});
    ASSERT_EQ(sv.status, 422);
    ASSERT_EQ(en.status, 422);
    std::string sv_message(error_of(sv)["message"].as_string());
    std::string en_message(error_of(en)["message"].as_string());
    EXPECT_NE(sv_message.find("saknas"), std::string::npos) << sv_message;
    EXPECT_NE(en_message.find("is required"), std::string::npos) << en_message;
    EXPECT_EQ(error_of(en_header)["message"], json::value(en_message));

    // A message with Swedish letters, and its English counterpart.
    auto not_found_sv = server_->request("GET", "/api/v1/nothing");
    auto not_found_en = server_->request("GET", "/api/v1/nothing?lang=en");
    EXPECT_EQ(error_of(not_found_sv)["message"], "ingen sådan adress");
    EXPECT_EQ(error_of(not_found_en)["message"], "no such resource");
    expect_database_unchanged();
}

TEST_P(ApiBadInputTest, EconomyAmountsFrameTypesUnitsAndRequestIdsAreChecked) {
    Id table = make(org_a_, "economy_table", {{"plan_id", plan_a_}, {"key", "bilaga-5"}, {"title", "Bilaga 5"},
                                              {"kind", "investment_request"}, {"year", 2025}, {"amount_unit", "tkr"},
                                              {"decimals", 0}});
    json::object request{{"plan_id", plan_a_}, {"key", "4696"}, {"table_id", table}, {"division", "Div"},
                         {"unit_id", unit_a_}, {"name", "Kritiskt larm"}, {"frame_type", "it"}, {"amount", 2'500'000},
                         {"status", "requested"}};
    make(org_a_, "investment_request", request);
    before_ = dump_database(server_->database());
    auto with = [&](const char* field, json::value v) {
        auto body = request;
        body["key"] = "4697";
        body[field] = std::move(v);
        return body;
    };
    expect_error(server_->send_json("POST", url("investment-requests"), with("amount", 2500.5)), 422, "amount_decimals", "amount");
    expect_error(server_->send_json("POST", url("investment-requests"), with("amount", "2 500")), 422, "type", "amount");
    expect_error(server_->send_json("POST", url("investment-requests"), with("frame_type", "Datorer")), 422, "choice", "frame_type");
    expect_error(server_->send_json("POST", url("investment-requests"), with("unit_id", unit_b_)), 422, "reference", "unit_id");
    expect_error(server_->send_json("POST", url("investment-requests"), with("key", "4696")), 422, "duplicate_key", "key");
    expect_database_unchanged();
}

INSTANTIATE_TEST_SUITE_P(Api, ApiBadInputTest, backends(), backend_name);

}  // namespace
}  // namespace styrkort::testing
