// The REST API end to end: http::Server with api::Api on a real database (SQLite and
// PostgreSQL), requests over a real socket. CRUD is tested for every entity of the
// plan model from the catalogue, so an entity added to the model is tested too.
#include <gtest/gtest.h>

#include "api_test_support.hpp"

namespace styrkort::testing {
namespace {

// --- CRUD for every entity ----------------------------------------------------------

using EntityParam = std::tuple<Backend, std::string>;

std::vector<std::string> entity_names() {
    std::vector<std::string> out;
    for (const auto& e : entities()) out.push_back(e.name);
    return out;
}

class EntityCrudTest : public ::testing::TestWithParam<EntityParam> {
protected:
    void SetUp() override { server_ = std::make_unique<RunningServer>(std::get<0>(GetParam())); }
    void TearDown() override { server_.reset(); }

    const Entity& e() const { return entity(std::get<1>(GetParam())); }
    RunningServer& server() { return *server_; }

    // An organisation and one minimal record of every entity up to the tested one.
    Chain chain(const std::string& suffix = "a", Id org = 0) { return create_chain(*server_, e().name, org, suffix); }
    Id org_of(const Chain& c) const { return c.ids.at("organisation"); }
    Id id_of(const Chain& c) const { return c.ids.at(e().name); }

    json::object get(const Chain& c) {
        auto r = server_->request("GET", item_url(e(), org_of(c), id_of(c)));
        EXPECT_EQ(r.status, 200) << r.body;
        return parse_json(r.body).as_object();
    }

private:
    std::unique_ptr<RunningServer> server_;
};

TEST_P(EntityCrudTest, CreateAnswers201WithTheStoredRecordAndGetReadsItBack) {
    auto c = chain();
    const auto& sent = c.bodies.at(e().name);
    auto stored = get(c);
    EXPECT_EQ(stored.at("id").as_int64(), id_of(c));
    for (const auto& [name, value] : sent) {
        EXPECT_EQ(stored.at(name), value) << "field " << name;
    }
    // Every field of the entity is in the record, null or [] where not given.
    for (const auto& f : e().fields) EXPECT_TRUE(stored.contains(f.name)) << "field " << f.name;
}

TEST_P(EntityCrudTest, ListFiltersByParentOrKey) {
    auto a = chain("a");
    auto b = chain("b", e().name == "organisation" ? 0 : org_of(a));
    std::string filter;
    if (!e().parent_field.empty()) {
        filter = e().parent_field + "=" + std::to_string(a.ids.at(e().parent()->target));
    } else if (e().has_key) {
        filter = "key=" + std::string(a.bodies.at(e().name).at("key").as_string());
    } else {  // identified by fields, e.g. a reporting period by year and point
        const auto& first = e().unique_fields.front();
        filter = first + "=" + json::serialize(a.bodies.at(e().name).at(first));
    }
    auto base = collection_url(e(), org_of(a));

    auto all = server().request("GET", base);
    ASSERT_EQ(all.status, 200) << all.body;
    EXPECT_EQ(parse_json(all.body).at("total").as_int64(), 2);

    auto filtered = server().request("GET", base + "?" + filter);
    ASSERT_EQ(filtered.status, 200) << filtered.body;
    auto page = parse_json(filtered.body);
    EXPECT_EQ(page.at("total").as_int64(), 1) << filtered.body;
    ASSERT_EQ(page.at("items").as_array().size(), 1u) << filtered.body;
    EXPECT_EQ(page.at("items").at(0).at("id").as_int64(), id_of(a));
}

TEST_P(EntityCrudTest, PutReplacesTheRecord) {
    auto c = chain();
    const auto& f = changeable_field(e());
    auto body = c.bodies.at(e().name);
    body[f.name] = "Ersatt med PUT – åäö";
    auto r = server().send_json("PUT", item_url(e(), org_of(c), id_of(c)), body);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(parse_json(r.body).at(f.name), json::value("Ersatt med PUT – åäö"));
    EXPECT_EQ(get(c).at(f.name), json::value("Ersatt med PUT – åäö"));
}

TEST_P(EntityCrudTest, PatchChangesOnlyTheFieldsGiven) {
    auto c = chain();
    const auto& f = changeable_field(e());
    auto before = get(c);
    auto r = server().send_json("PATCH", item_url(e(), org_of(c), id_of(c)), json::object{{f.name, "Ändrad"}});
    ASSERT_EQ(r.status, 200) << r.body;
    auto after = get(c);
    EXPECT_EQ(after.at(f.name), json::value("Ändrad"));
    // The record's version is raised by the change (docs/authoring.md).
    EXPECT_EQ(after.at("row_version").as_int64(), before.at("row_version").as_int64() + 1);
    after[f.name] = before.at(f.name);
    after["row_version"] = before.at("row_version");
    EXPECT_EQ(after, before) << "PATCH changed more than " << f.name;
}

TEST_P(EntityCrudTest, DeleteAnswers204AndTheRecordIsGone) {
    auto c = chain();
    auto url = item_url(e(), org_of(c), id_of(c));
    auto r = server().request("DELETE", url);
    EXPECT_EQ(r.status, 204) << r.body;
    EXPECT_TRUE(r.body.empty());
    auto gone = server().request("GET", url);
    EXPECT_EQ(gone.status, 404) << gone.body;
    EXPECT_EQ(error_of(gone)["code"], "not_found");
    auto again = server().request("DELETE", url);
    EXPECT_EQ(again.status, 404) << again.body;
}

TEST_P(EntityCrudTest, EverySuccessfulChangeAddsExactlyOneAuditRow) {
    auto& db = server().database();
    auto expect_one_new_row = [&](std::size_t before, const std::string& action, Id org, Id id) {
        auto rows = audit_rows(db);
        ASSERT_EQ(rows.size(), before + 1) << action;
        const auto& last = rows.back();
        EXPECT_EQ(last.action, action);
        EXPECT_EQ(last.entity, e().name) << action;
        EXPECT_EQ(last.entity_id, id) << action;
        EXPECT_EQ(last.org_id, org) << action;
    };
    auto n = audit_rows(db).size();
    auto c = chain();
    // The chain made one record per entity up to this one: one row each.
    ASSERT_EQ(audit_rows(db).size(), n + c.ids.size());
    expect_one_new_row(audit_rows(db).size() - 1, "create", org_of(c), id_of(c));

    auto url = item_url(e(), org_of(c), id_of(c));
    const auto& f = changeable_field(e());
    auto body = c.bodies.at(e().name);
    body[f.name] = "Ny text";
    n = audit_rows(db).size();
    ASSERT_EQ(server().send_json("PUT", url, body).status, 200);
    expect_one_new_row(n, "update", org_of(c), id_of(c));

    n = audit_rows(db).size();
    ASSERT_EQ(server().send_json("PATCH", url, json::object{{f.name, "Patchad"}}).status, 200);
    expect_one_new_row(n, "update", org_of(c), id_of(c));

    // A change that fails writes nothing to the log.
    n = audit_rows(db).size();
    ASSERT_EQ(server().send_json("PATCH", url, json::object{{f.name, 17}}).status, 422);
    EXPECT_EQ(audit_rows(db).size(), n);

    ASSERT_EQ(server().request("DELETE", url).status, 204);
    expect_one_new_row(n, "delete", org_of(c), id_of(c));
}

std::string entity_param_name(const ::testing::TestParamInfo<EntityParam>& info) {
    return backend_label(std::get<0>(info.param)) + "_" + std::get<1>(info.param);
}

INSTANTIATE_TEST_SUITE_P(Api, EntityCrudTest, ::testing::Combine(backends(), ::testing::ValuesIn(entity_names())),
                         entity_param_name);

// --- Organisations, tenants and relations -------------------------------------------

class ApiServerTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override { server_ = std::make_unique<RunningServer>(GetParam()); }
    void TearDown() override { server_.reset(); }
    RunningServer& server() { return *server_; }

    Id create_org(const std::string& key) {
        return create(server(), entity("organisation"), 0, {{"key", key}, {"name", "Org " + key}, {"kind", "region"}})
            .at("id")
            .as_int64();
    }
    Id create_unit(Id org, const std::string& key, json::value parent = nullptr) {
        return create(server(), entity("unit"), org,
                      {{"key", key}, {"name", "Enhet " + key}, {"kind", "unit"}, {"parent_id", parent}})
            .at("id")
            .as_int64();
    }
    Id create_plan(Id org, Id owner_unit, const std::string& key) {
        return create(server(), entity("plan"), org,
                      {{"key", key},
                       {"title", "Plan " + key},
                       {"owner_unit_id", owner_unit},
                       {"first_year", 2025},
                       {"last_year", 2027},
                       {"status", "draft"}})
            .at("id")
            .as_int64();
    }
    Id create_goal(Id org, Id plan, const std::string& key) {
        return create(server(), entity("goal"), org, {{"plan_id", plan}, {"key", key}, {"text", "Mål " + key}})
            .at("id")
            .as_int64();
    }
    std::string goals_url(const std::string& org) { return "/api/v1/organisations/" + org + "/goals"; }

private:
    std::unique_ptr<RunningServer> server_;
};

TEST_P(ApiServerTest, HealthNamesTheBackend) {
    auto r = server().request("GET", "/healthz");
    ASSERT_EQ(r.status, 200) << r.body;
    auto body = parse_json(r.body);
    EXPECT_EQ(body.at("status"), "ok");
    EXPECT_EQ(body.at("database"), GetParam() == Backend::sqlite ? "sqlite" : "postgresql");
    EXPECT_GE(body.at("schema_version").as_int64(), 1);
}

TEST_P(ApiServerTest, OrganisationIsAddressedByKeyAndById) {
    Id org = create_org("region-test");
    auto by_id = server().request("GET", "/api/v1/organisations/" + std::to_string(org));
    auto by_key = server().request("GET", "/api/v1/organisations/region-test");
    ASSERT_EQ(by_id.status, 200) << by_id.body;
    ASSERT_EQ(by_key.status, 200) << by_key.body;
    EXPECT_EQ(by_id.body, by_key.body);
    EXPECT_EQ(parse_json(by_key.body).at("id").as_int64(), org);

    auto patched = server().send_json("PATCH", "/api/v1/organisations/region-test", json::object{{"name", "Nytt namn"}});
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(parse_json(patched.body).at("id").as_int64(), org);
    EXPECT_EQ(parse_json(server().request("GET", "/api/v1/organisations/" + std::to_string(org)).body).at("name"),
              "Nytt namn");
}

TEST_P(ApiServerTest, CollectionsOfAnOrganisationAreTheSameByKeyAndById) {
    Id org = create_org("region-test");
    Id plan = create_plan(org, create_unit(org, "rs"), "p1");
    create_goal(org, plan, "g1");
    auto by_id = server().request("GET", goals_url(std::to_string(org)));
    auto by_key = server().request("GET", goals_url("region-test"));
    ASSERT_EQ(by_id.status, 200) << by_id.body;
    EXPECT_EQ(by_id.body, by_key.body);
    EXPECT_EQ(parse_json(by_key.body).at("total").as_int64(), 1);
}

TEST_P(ApiServerTest, UnknownOrganisationIs404ByKeyAndById) {
    create_org("region-test");
    for (const std::string org : {"no-such-org", "999999"}) {
        auto r = server().request("GET", goals_url(org));
        EXPECT_EQ(r.status, 404) << org << ": " << r.body;
        EXPECT_EQ(error_of(r)["code"], "not_found") << org;
    }
}

TEST_P(ApiServerTest, RecordsOfAnotherOrganisationAreNotFoundThroughIt) {
    Id a = create_org("org-a");
    Id b = create_org("org-b");
    Id goal = create_goal(a, create_plan(a, create_unit(a, "rs"), "p1"), "g1");
    auto before = dump_database(server().database());
    std::string url = goals_url(std::to_string(b)) + "/" + std::to_string(goal);
    EXPECT_EQ(server().request("GET", url).status, 404);
    EXPECT_EQ(server().send_json("PATCH", url, json::object{{"text", "Kapad"}}).status, 404);
    EXPECT_EQ(server().request("DELETE", url).status, 404);
    EXPECT_EQ(parse_json(server().request("GET", goals_url("org-b")).body).at("total").as_int64(), 0);
    EXPECT_TRUE(same_database(before, dump_database(server().database())));
}

TEST_P(ApiServerTest, DeletingAPlanDeletesItsGoals) {
    Id org = create_org("region-test");
    Id unit = create_unit(org, "rs");
    Id plan = create_plan(org, unit, "p1");
    Id other_plan = create_plan(org, unit, "p2");
    Id goal1 = create_goal(org, plan, "g1");
    create_goal(org, plan, "g2");
    Id kept = create_goal(org, other_plan, "g1");

    auto r = server().request("DELETE", "/api/v1/organisations/region-test/plans/" + std::to_string(plan));
    ASSERT_EQ(r.status, 204) << r.body;
    EXPECT_EQ(server().request("GET", goals_url("region-test") + "/" + std::to_string(goal1)).status, 404);
    auto left = parse_json(server().request("GET", goals_url("region-test")).body);
    ASSERT_EQ(left.at("total").as_int64(), 1);
    EXPECT_EQ(left.at("items").at(0).at("id").as_int64(), kept);
    EXPECT_EQ(count_rows(server().database(), "goal"), 1);
}

TEST_P(ApiServerTest, DeletingAGoalAnActivityRefersToIs409AndChangesNothing) {
    Id org = create_org("region-test");
    Id plan = create_plan(org, create_unit(org, "rs"), "p1");
    Id goal = create_goal(org, plan, "g1");
    create(server(), entity("activity"), org,
           {{"plan_id", plan}, {"key", "a1"}, {"name", "Aktivitet"}, {"level", "board"}, {"goal_ids", {goal}}});
    auto before = dump_database(server().database());

    auto r = server().request("DELETE", goals_url("region-test") + "/" + std::to_string(goal));
    EXPECT_EQ(r.status, 409) << r.body;
    EXPECT_EQ(error_of(r)["code"], "conflict");
    EXPECT_TRUE(same_database(before, dump_database(server().database())));
    EXPECT_EQ(server().request("GET", goals_url("region-test") + "/" + std::to_string(goal)).status, 200);
}

TEST_P(ApiServerTest, DeletingAPlanWhoseGoalAnotherPlanRefersToIs409AndChangesNothing) {
    // References may cross plans within an organisation; the cascade must not break one.
    Id org = create_org("region-test");
    Id unit = create_unit(org, "rs");
    Id old_plan = create_plan(org, unit, "p1");
    Id new_plan = create_plan(org, unit, "p2");
    Id goal = create_goal(org, old_plan, "g1");
    create(server(), entity("assignment"), org,
           {{"plan_id", new_plan}, {"key", "u1"}, {"title", "Uppdrag"}, {"kind", "directed"}, {"goal_id", goal}});
    auto before = dump_database(server().database());

    auto r = server().request("DELETE", "/api/v1/organisations/region-test/plans/" + std::to_string(old_plan));
    EXPECT_EQ(r.status, 409) << r.body;
    EXPECT_EQ(error_of(r)["code"], "conflict");
    EXPECT_TRUE(same_database(before, dump_database(server().database())));
}

TEST_P(ApiServerTest, DeletingAnOrganisationDeletesEverythingItHolds) {
    auto c = create_chain(server(), entities().back().name, 0, "a");
    Id other = create_org("other");
    create_unit(other, "kept");
    auto r = server().request("DELETE", "/api/v1/organisations/" + std::to_string(c.ids.at("organisation")));
    ASSERT_EQ(r.status, 204) << r.body;
    for (const auto& e : entities()) {
        std::int64_t left = e.name == "organisation" || e.name == "unit" ? 1 : 0;
        EXPECT_EQ(count_rows(server().database(), e.table), left) << e.table;
    }
    // The audit log keeps the history, including the deletion.
    auto rows = audit_rows(server().database());
    EXPECT_EQ(rows.back().action, "delete");
    EXPECT_EQ(rows.back().entity, "organisation");
}

TEST_P(ApiServerTest, ConcurrentCreatesAllSucceed) {
    Id org = create_org("region-test");
    Id plan = create_plan(org, create_unit(org, "rs"), "p1");
    constexpr int kThreads = 8;
    constexpr int kEach = 5;
    std::vector<std::thread> threads;
    std::vector<std::vector<int>> statuses(kThreads);
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i) {
                auto key = "g-" + std::to_string(t) + "-" + std::to_string(i);
                json::object body{{"plan_id", plan}, {"key", key}, {"text", "Mål " + key}};
                // The raw client: gtest assertions belong on the main thread.
                statuses[t].push_back(
                    HttpClient(server().port())
                        .request("POST", goals_url("region-test"), json::serialize(body),
                                 {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + server().admin_token()}})
                        .status);
            }
        });
    }
    for (auto& t : threads) t.join();
    for (const auto& s : statuses) EXPECT_EQ(s, std::vector<int>(kEach, 201));
    auto page = parse_json(server().request("GET", goals_url("region-test")).body);
    EXPECT_EQ(page.at("total").as_int64(), kThreads * kEach);
    EXPECT_EQ(audit_rows(server().database()).size(), 3u + kThreads * kEach);
}

TEST_P(ApiServerTest, UnitTreeRefusesACycle) {
    Id org = create_org("region-test");
    Id a = create_unit(org, "a");
    Id b = create_unit(org, "b");
    std::string units = "/api/v1/organisations/region-test/units/";
    ASSERT_EQ(server().send_json("PATCH", units + std::to_string(a), json::object{{"parent_id", b}}).status, 200);
    auto before = dump_database(server().database());

    auto r = server().send_json("PATCH", units + std::to_string(b), json::object{{"parent_id", a}});
    EXPECT_EQ(r.status, 422) << r.body;
    auto error = error_of(r);
    EXPECT_EQ(error["path"], "parent_id");
    EXPECT_EQ(error["code"], "cycle");
    EXPECT_TRUE(same_database(before, dump_database(server().database())));
}

TEST_P(ApiServerTest, UnitCannotBeItsOwnParent) {
    Id org = create_org("region-test");
    Id a = create_unit(org, "a");
    auto before = dump_database(server().database());
    auto r = server().send_json("PATCH", "/api/v1/organisations/region-test/units/" + std::to_string(a),
                                json::object{{"parent_id", a}});
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(error_of(r)["path"], "parent_id");
    EXPECT_TRUE(same_database(before, dump_database(server().database())));
}

TEST_P(ApiServerTest, ListIsPagedWithLimitAndOffset) {
    Id org = create_org("region-test");
    Id plan = create_plan(org, create_unit(org, "rs"), "p1");
    std::vector<Id> goals;
    for (int i = 0; i < 5; ++i) goals.push_back(create_goal(org, plan, "g" + std::to_string(i)));
    auto r = server().request("GET", goals_url("region-test") + "?limit=2&offset=1");
    ASSERT_EQ(r.status, 200) << r.body;
    auto page = parse_json(r.body);
    EXPECT_EQ(page.at("total").as_int64(), 5);
    ASSERT_EQ(page.at("items").as_array().size(), 2u);
    EXPECT_EQ(page.at("items").at(0).at("id").as_int64(), goals[1]);
    EXPECT_EQ(page.at("items").at(1).at("id").as_int64(), goals[2]);
}

TEST_P(ApiServerTest, ListRefusesAnUnknownFilter) {
    create_org("region-test");
    auto r = server().request("GET", goals_url("region-test") + "?colour=red");
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(error_of(r)["path"], "colour");
}

INSTANTIATE_TEST_SUITE_P(Api, ApiServerTest, backends(), backend_name);

}  // namespace
}  // namespace styrkort::testing
