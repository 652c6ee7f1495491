// POST /organisations/{org}/batch on a real server and both backends (issue 18,
// docs/authoring.md): several changes on several collections in one transaction, later
// ones naming records earlier ones created; a refusal anywhere leaves nothing and names
// the change, the field and why; versions are checked as on the single routes.
#include <gtest/gtest.h>

#include "../auth/identity_support.hpp"
#include "api_test_support.hpp"

namespace styrkort::testing {
namespace {

class BatchTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        server_ = std::make_unique<RunningServer>(GetParam());
        chain_ = create_chain(*server_, "measure", 0, "b");
        org_ = chain_.ids.at("organisation");
        url_ = "/api/v1/organisations/" + std::to_string(org_) + "/batch";
    }
    HttpResponse batch(const json::array& changes, HeaderList headers = {}) {
        headers.emplace_back("Content-Type", "application/json");
        return server_->request("POST", url_, json::serialize(json::object{{"changes", changes}}), headers);
    }
    json::object get(const std::string& collection, Id id) {
        return parse_json(server_->request("GET", "/api/v1/organisations/" + std::to_string(org_) + "/" + collection + "/" +
                                                      std::to_string(id))
                              .body)
            .as_object();
    }
    // A new development area, a measure in it with a baseline and a target, a division
    // activity under the area and a unit activity under that: one planner's action.
    json::array new_area(const std::string& key) {
        Id plan = chain_.ids.at("plan");
        Id unit = chain_.ids.at("unit");
        json::object ref_area{{"$ref", "area"}};
        json::object ref_measure{{"$ref", "measure"}};
        return json::array{
            json::object{{"action", "create"}, {"collection", "development-areas"}, {"ref", "area"},
                         {"record", {{"plan_id", plan}, {"key", key}, {"name", "Jämlik vård"},
                                     {"priorities", json::array{"Minska skillnaderna"}}}}},
            json::object{{"action", "create"}, {"collection", "measures"}, {"ref", "measure"},
                         {"record", {{"plan_id", plan}, {"key", key + "-matt"}, {"kind", "steering"},
                                     {"name", "Andel nöjda patienter"}, {"development_area_id", ref_area}}}},
            json::object{{"action", "create"}, {"collection", "targets"},
                         {"record", {{"measure_id", ref_measure}, {"kind", "baseline"}, {"year", 2024}, {"sex", "K"}, {"value", 61.5}}}},
            json::object{{"action", "create"}, {"collection", "targets"},
                         {"record", {{"measure_id", ref_measure}, {"kind", "target"}, {"year", 2026}, {"qualitative", "increase"}}}},
            json::object{{"action", "create"}, {"collection", "activities"}, {"ref", "division-activity"},
                         {"record", {{"plan_id", plan}, {"key", key + "-div"}, {"name", "Divisionens aktivitet"},
                                     {"level", "division"}, {"owner_unit_id", unit}, {"development_area_id", ref_area},
                                     {"goal_ids", json::array{chain_.ids.at("goal")}}}}},
            json::object{{"action", "create"}, {"collection", "activities"},
                         {"record", {{"plan_id", plan}, {"key", key + "-enhet"}, {"name", "Enhetens aktivitet"},
                                     {"level", "unit"}, {"owner_unit_id", unit},
                                     {"parent_id", {{"$ref", "division-activity"}}}}}}};
    }

    std::unique_ptr<RunningServer> server_;
    Chain chain_;
    Id org_ = 0;
    std::string url_;
};

TEST_P(BatchTest, OneActionOfManyChangesIsStoredAndAuditedWhole) {
    auto audited = audit_rows(server_->database()).size();
    auto r = batch(new_area("jamlik"));
    ASSERT_EQ(r.status, 200) << r.body;
    auto answer = parse_json(r.body);
    const auto& results = answer.at("results").as_array();
    ASSERT_EQ(results.size(), 6u);
    Id area = results[0].at("id").as_int64();
    Id measure = results[1].at("id").as_int64();
    EXPECT_EQ(results[0].at("ref").as_string(), "area");
    EXPECT_EQ(get("measures", measure).at("development_area_id").as_int64(), area);
    EXPECT_EQ(results[2].at("record").at("measure_id").as_int64(), measure);
    Id division = results[4].at("id").as_int64();
    EXPECT_EQ(get("activities", results[5].at("id").as_int64()).at("parent_id").as_int64(), division);
    auto rows = audit_rows(server_->database());
    ASSERT_EQ(rows.size(), audited + 6);
    for (std::size_t i = audited; i < rows.size(); ++i) EXPECT_EQ(rows[i].action, "create");
    EXPECT_EQ(rows[audited].entity, "development_area");
    EXPECT_EQ(rows.back().entity, "activity");

    // Change two of them and delete a third, from the versions read.
    auto changes = json::array{
        json::object{{"action", "update"}, {"collection", "measures"}, {"id", measure}, {"row_version", 1},
                     {"record", {{"name", "Andel nöjda patienter, K och M"}}}},
        json::object{{"action", "delete"}, {"collection", "targets"}, {"id", results[3].at("id")}, {"row_version", 1}},
        json::object{{"action", "update"}, {"collection", "development-areas"}, {"id", area}, {"row_version", 1},
                     {"record", {{"desired_effects", json::array{"Jämlik hälsa"}}}}}};
    auto second = batch(changes);
    ASSERT_EQ(second.status, 200) << second.body;
    EXPECT_EQ(get("measures", measure).at("row_version").as_int64(), 2);
    EXPECT_EQ(get("development-areas", area).at("desired_effects").at(0).as_string(), "Jämlik hälsa");
    // The same again is stale: nothing of it is made.
    auto before = dump_database(server_->database());
    auto stale = batch(changes);
    EXPECT_EQ(stale.status, 409) << stale.body;
    EXPECT_TRUE(same_database(before, dump_database(server_->database())));
}

TEST_P(BatchTest, ABadChangeInTheMiddleLeavesNothingAndIsNamed) {
    auto before = dump_database(server_->database());
    auto changes = new_area("halvt");
    changes[2].as_object()["record"].as_object()["year"] = "tjugo";
    auto r = batch(changes);
    ASSERT_EQ(r.status, 422) << r.body;
    auto err = error_of(r);
    EXPECT_EQ(err.at("path").as_string(), "changes[2].record.year");
    EXPECT_NE(std::string(err.at("message").as_string()).find("heltal"), std::string::npos) << err;
    EXPECT_TRUE(same_database(before, dump_database(server_->database())));

    // A rule only the database knows (a duplicate key) in the last change: the same.
    changes = new_area("dubbel");
    changes[5].as_object()["record"].as_object()["key"] = "dubbel-div";
    r = batch(changes);
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(error_of(r).at("path").as_string(), "changes[5].record.key");
    EXPECT_TRUE(same_database(before, dump_database(server_->database())));

    // A reference to a name no earlier change made.
    changes = new_area("ref");
    changes.erase(changes.begin());
    r = batch(changes);
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(error_of(r).at("path").as_string(), "changes[0].record.development_area_id");
    EXPECT_TRUE(same_database(before, dump_database(server_->database())));

    // A stale version in the middle: 409 naming the change, the rest undone.
    Id measure = chain_.ids.at("measure");
    changes = new_area("versioner");
    changes.insert(changes.begin() + 2, json::object{{"action", "update"}, {"collection", "measures"}, {"id", measure},
                                                     {"row_version", 7}, {"record", {{"name", "Gammal"}}}});
    r = batch(changes);
    ASSERT_EQ(r.status, 409) << r.body;
    EXPECT_EQ(error_of(r).at("code").as_string(), "stale_version");
    EXPECT_EQ(std::string(error_of(r).at("message").as_string()).rfind("Ändring 2: ", 0), 0u) << r.body;
    EXPECT_TRUE(same_database(before, dump_database(server_->database())));

    // Shape errors of a change itself.
    for (const auto& [change, path] : std::vector<std::pair<json::object, std::string>>{
             {{{"action", "move"}, {"collection", "measures"}, {"id", measure}}, "changes[0].action"},
             {{{"action", "delete"}, {"collection", "organisations"}, {"id", org_}}, "changes[0].collection"},
             {{{"action", "update"}, {"collection", "measures"}, {"record", json::object{}}}, "changes[0].id"},
             {{{"action", "create"}, {"collection", "measures"}}, "changes[0].record"},
             {{{"action", "create"}, {"collection", "measures"}, {"colour", 1}}, "changes[0].colour"}}) {
        r = batch(json::array{change});
        EXPECT_EQ(r.status, 422) << r.body;
        EXPECT_EQ(error_of(r).at("path").as_string(), path) << r.body;
    }
    EXPECT_TRUE(same_database(before, dump_database(server_->database())));
}

TEST_P(BatchTest, EveryChangeIsCheckedAgainstTheRolesOfWhoSendsIt) {
    make_user(*server_, "lasare", "Läsa-men-inte-skriva-2026", {{org_, auth::Role::reader, std::nullopt}});
    auto token = make_token(*server_, "lasare");
    auto areas = count_rows(server_->database(), "development_area");
    auto activities = count_rows(server_->database(), "activity");
    auto r = batch(new_area("obehorig"), {{"Authorization", "Bearer " + token}});
    EXPECT_EQ(r.status, 403) << r.body;
    // Nothing of it stored (the refusal itself is in the audit log, as every denial is).
    EXPECT_EQ(count_rows(server_->database(), "development_area"), areas);
    EXPECT_EQ(count_rows(server_->database(), "activity"), activities);

    // A browser session names the versions of what it changes.
    make_user(*server_, "planerare", "Planera-i-Lulea-2026",
              {{org_, auth::Role::planner, std::nullopt}, {org_, auth::Role::board_planner, std::nullopt}});
    auto session = login(*server_, "planerare", "Planera-i-Lulea-2026");
    auto h = session_headers(session);
    h.emplace_back("Content-Type", "application/json");
    auto unversioned = json::array{json::object{{"action", "update"}, {"collection", "measures"},
                                                {"id", chain_.ids.at("measure")}, {"record", {{"name", "x"}}}}};
    r = server_->anonymous_request("POST", url_, json::serialize(json::object{{"changes", unversioned}}), h);
    EXPECT_EQ(r.status, 428) << r.body;
    EXPECT_EQ(error_of(r).at("path").as_string(), "changes[0].row_version");
    r = server_->anonymous_request("POST", url_, json::serialize(json::object{{"changes", new_area("sessionen")}}), h);
    EXPECT_EQ(r.status, 200) << r.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, BatchTest, backends(), backend_name);

}  // namespace
}  // namespace styrkort::testing
