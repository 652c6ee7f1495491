#include "storage/repository.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "domain/errors.hpp"
#include "support/test_database.hpp"

namespace styrkort::storage {
namespace {

namespace json = boost::json;
using styrkort::testing::Backend;
using styrkort::testing::TestDatabase;

class RepositoryTest : public ::testing::TestWithParam<Backend> {
protected:
    RepositoryTest() : test_db_(GetParam()), db_(test_db_.open()), repo_(*db_) {}

    Id create(const std::string& entity_name, Id org, const std::string& body) {
        return repo_.create(entity(entity_name), org, json::parse(body), actor_).at("id").as_int64();
    }
    Id new_org(const std::string& key) {
        return create("organisation", 0, R"({"key":")" + key + R"(","name":"Region )" + key + R"(","kind":"region"})");
    }
    Id new_unit(Id org, const std::string& key, std::optional<Id> parent = std::nullopt) {
        return create("unit", org,
                      R"({"key":")" + key + R"(","name":")" + key + R"(","kind":"unit","parent_id":)" +
                          (parent ? std::to_string(*parent) : "null") + "}");
    }
    Id new_plan(Id org, Id owner, const std::string& key = "p") {
        return create("plan", org,
                      R"({"key":")" + key + R"(","title":"Plan","owner_unit_id":)" + std::to_string(owner) +
                          R"(,"first_year":2025,"last_year":2027,"status":"draft"})");
    }
    std::int64_t count(const std::string& table) {
        return db_->read([&](Connection& c) { return as_int(c.query("SELECT COUNT(*) FROM " + table).at(0).at(0)); });
    }

    TestDatabase test_db_;
    std::unique_ptr<Database> db_;
    Repository repo_;
    Actor actor_{"tester", "127.0.0.1"};
};

TEST_P(RepositoryTest, CreatesReadsListsUpdatesAndDeletes) {
    Id org = new_org("norrbotten");
    Id rs = new_unit(org, "rs");
    Id plan = new_plan(org, rs);
    Id goal = create("goal", org, R"({"plan_id":)" + std::to_string(plan) + R"(,"key":"g1","text":"Ekonomi i balans","aliases":["Ekonomi i balans."]})");

    auto read = repo_.get(entity("goal"), org, goal);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->at("text"), "Ekonomi i balans");
    EXPECT_EQ(read->at("aliases").as_array().size(), 1u);
    EXPECT_EQ(read->at("org_id").as_int64(), org);
    EXPECT_EQ(read->at("position").as_int64(), 0);

    create("goal", org, R"({"plan_id":)" + std::to_string(plan) + R"(,"key":"g2","text":"Två"})");
    auto page = repo_.list(entity("goal"), org, {});
    ASSERT_EQ(page.total, 2);
    EXPECT_EQ(page.items[1].at("position").as_int64(), 1);

    auto patched = repo_.patch(entity("goal"), org, goal, json::parse(R"({"text":"Ändrad"})"), actor_);
    EXPECT_EQ(patched.at("text"), "Ändrad");
    EXPECT_EQ(patched.at("aliases").as_array().size(), 1u);

    auto replaced = repo_.replace(entity("goal"), org, goal,
                                  json::parse(R"({"plan_id":)" + std::to_string(plan) + R"(,"key":"g1","text":"Ny"})"), actor_);
    EXPECT_TRUE(replaced.at("aliases").as_array().empty());

    repo_.remove(entity("goal"), org, goal, actor_);
    EXPECT_FALSE(repo_.get(entity("goal"), org, goal));
    EXPECT_THROW(repo_.remove(entity("goal"), org, goal, actor_), NotFound);
}

TEST_P(RepositoryTest, RefListsKeepTheirOrder) {
    Id org = new_org("o");
    Id rs = new_unit(org, "rs");
    Id plan = new_plan(org, rs);
    auto p = std::to_string(plan);
    Id g1 = create("goal", org, R"({"plan_id":)" + p + R"(,"key":"g1","text":"1"})");
    Id g2 = create("goal", org, R"({"plan_id":)" + p + R"(,"key":"g2","text":"2"})");
    Id a = create("activity", org,
                  R"({"plan_id":)" + p + R"(,"key":"a","name":"A","level":"board","goal_ids":[)" + std::to_string(g2) +
                      "," + std::to_string(g1) + R"(],"sdgs":[16,3]})");
    auto rec = *repo_.get(entity("activity"), org, a);
    EXPECT_EQ(json::serialize(rec.at("goal_ids")), "[" + std::to_string(g2) + "," + std::to_string(g1) + "]");
    EXPECT_EQ(json::serialize(rec.at("sdgs")), "[16,3]");
}

TEST_P(RepositoryTest, ReferencesMustExistInTheSameOrganisation) {
    Id a = new_org("a");
    Id b = new_org("b");
    Id unit_in_b = new_unit(b, "x");
    try {
        new_plan(a, unit_in_b);
        FAIL() << "a plan of organisation a owned by a unit of organisation b was accepted";
    } catch (const InputError& e) {
        EXPECT_EQ(e.path(), "owner_unit_id");
        EXPECT_EQ(e.code(), "reference");
    }
    EXPECT_EQ(count("plan"), 0);
}

TEST_P(RepositoryTest, ReadsNeverCrossOrganisations) {
    Id a = new_org("a");
    Id b = new_org("b");
    Id unit_in_b = new_unit(b, "x");
    EXPECT_FALSE(repo_.get(entity("unit"), a, unit_in_b));
    EXPECT_EQ(repo_.list(entity("unit"), a, {}).total, 0);
    EXPECT_THROW(repo_.patch(entity("unit"), a, unit_in_b, json::parse(R"({"name":"y"})"), actor_), NotFound);
    EXPECT_THROW(repo_.remove(entity("unit"), a, unit_in_b, actor_), NotFound);
}

TEST_P(RepositoryTest, KeysAreUniqueWithinTheirScope) {
    Id org = new_org("o");
    Id rs = new_unit(org, "rs");
    EXPECT_THROW(new_unit(org, "rs"), InputError);
    Id p1 = new_plan(org, rs, "p1");
    Id p2 = new_plan(org, rs, "p2");
    // The same goal key in two plans is fine; twice in one plan is not.
    create("goal", org, R"({"plan_id":)" + std::to_string(p1) + R"(,"key":"g","text":"1"})");
    create("goal", org, R"({"plan_id":)" + std::to_string(p2) + R"(,"key":"g","text":"1"})");
    EXPECT_THROW(create("goal", org, R"({"plan_id":)" + std::to_string(p1) + R"(,"key":"g","text":"1"})"), InputError);
    // Another organisation may use the same unit key.
    Id other = new_org("other");
    EXPECT_NO_THROW(new_unit(other, "rs"));
}

TEST_P(RepositoryTest, TreesCannotBecomeCycles) {
    Id org = new_org("o");
    Id a = new_unit(org, "a");
    Id b = new_unit(org, "b", a);
    Id c = new_unit(org, "c", b);
    try {
        repo_.patch(entity("unit"), org, a, json::parse("{\"parent_id\":" + std::to_string(c) + "}"), actor_);
        FAIL() << "cycle accepted";
    } catch (const InputError& e) {
        EXPECT_EQ(e.path(), "parent_id");
        EXPECT_EQ(e.code(), "cycle");
    }
    EXPECT_THROW(repo_.patch(entity("unit"), org, a, json::parse("{\"parent_id\":" + std::to_string(a) + "}"), actor_),
                 InputError);
    EXPECT_TRUE(repo_.get(entity("unit"), org, a)->at("parent_id").is_null());
}

TEST_P(RepositoryTest, DeletingSomethingStillReferredToIsAConflictAndChangesNothing) {
    Id org = new_org("o");
    Id rs = new_unit(org, "rs");
    Id plan = new_plan(org, rs);
    Id g = create("goal", org, R"({"plan_id":)" + std::to_string(plan) + R"(,"key":"g","text":"1"})");
    create("activity", org, R"({"plan_id":)" + std::to_string(plan) + R"(,"key":"a","name":"A","level":"board","goal_ids":[)" +
                                std::to_string(g) + "]}");
    auto audits = count("audit_log");
    EXPECT_THROW(repo_.remove(entity("goal"), org, g, actor_), Conflict);
    EXPECT_THROW(repo_.remove(entity("unit"), org, rs, actor_), Conflict);
    EXPECT_TRUE(repo_.get(entity("goal"), org, g));
    EXPECT_EQ(count("audit_log"), audits);
}

TEST_P(RepositoryTest, DeletingAPlanDeletesEverythingInIt) {
    Id org = new_org("o");
    Id rs = new_unit(org, "rs");
    Id plan = new_plan(org, rs);
    auto p = std::to_string(plan);
    Id g = create("goal", org, R"({"plan_id":)" + p + R"(,"key":"g","text":"1"})");
    Id a = create("activity", org, R"({"plan_id":)" + p + R"(,"key":"a","name":"A","level":"board","goal_ids":[)" + std::to_string(g) + "]}");
    create("activity", org, R"({"plan_id":)" + p + R"(,"key":"b","name":"B","level":"board","parent_id":)" + std::to_string(a) + "}");
    Id m = create("measure", org, R"({"plan_id":)" + p + R"(,"key":"m","kind":"steering","name":"M","goal_id":)" + std::to_string(g) + "}");
    create("target", org, R"({"measure_id":)" + std::to_string(m) + R"(,"kind":"target","year":2027,"value":245})");
    repo_.remove(entity("plan"), org, plan, actor_);
    for (const char* table : {"goal", "activity", "activity_goals", "measure", "measure_target"}) {
        EXPECT_EQ(count(table), 0) << table;
    }
    EXPECT_EQ(count("org_unit"), 1);
}

TEST_P(RepositoryTest, DeletingAnOrganisationDeletesItsWholeTreeButNotTheAuditLog) {
    Id org = new_org("o");
    Id other = new_org("other");
    Id rs = new_unit(org, "rs");
    new_unit(org, "child", rs);
    Id plan = new_plan(org, rs);
    Id g = create("goal", org, R"({"plan_id":)" + std::to_string(plan) + R"(,"key":"g","text":"1"})");
    create("measure", org, R"({"plan_id":)" + std::to_string(plan) + R"(,"key":"m","kind":"steering","name":"M","goal_id":)" + std::to_string(g) + "}");
    new_unit(other, "kept");
    auto audits = count("audit_log");
    repo_.remove(entity("organisation"), 0, org, actor_);
    EXPECT_EQ(count("organisation"), 1);
    EXPECT_EQ(count("org_unit"), 1);
    EXPECT_EQ(count("plan"), 0);
    EXPECT_EQ(count("measure"), 0);
    EXPECT_EQ(count("audit_log"), audits + 1);
}

TEST_P(RepositoryTest, EveryChangeIsAuditedInTheSameTransaction) {
    Id org = new_org("o");
    Id u = new_unit(org, "u");
    repo_.patch(entity("unit"), org, u, json::parse(R"({"name":"Ny"})"), actor_);
    repo_.remove(entity("unit"), org, u, actor_);
    auto rows = db_->read([&](Connection& c) {
        return c.query("SELECT action, entity, entity_id, actor, remote, before, after FROM audit_log ORDER BY id");
    });
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(as_text(rows[0][0]), "create");
    EXPECT_EQ(as_text(rows[0][1]), "organisation");
    EXPECT_EQ(as_text(rows[2][0]), "update");
    EXPECT_EQ(as_int(rows[2][2]), u);
    EXPECT_EQ(as_text(rows[2][3]), "tester");
    EXPECT_EQ(as_text(rows[2][4]), "127.0.0.1");
    EXPECT_NE(as_text(rows[2][5]).find("\"name\":\"u\""), std::string::npos);
    EXPECT_NE(as_text(rows[2][6]).find("\"name\":\"Ny\""), std::string::npos);
    EXPECT_EQ(as_text(rows[3][0]), "delete");
    EXPECT_TRUE(is_null(rows[3][6]));
    // A rejected change leaves no audit record either.
    EXPECT_THROW(new_unit(org, "Bad Key"), InputError);
    EXPECT_EQ(count("audit_log"), 4);
}

TEST_P(RepositoryTest, WritesSurviveReopening) {
    Id org = new_org("o");
    new_unit(org, "u");
    repo_.database();  // the first handle stays open, as a crashed server's file would
    auto again = test_db_.open();
    Repository second(*again);
    EXPECT_EQ(second.list(entity("unit"), org, {}).total, 1);
    EXPECT_EQ(second.organisation_by_key("o"), org);
}

TEST_P(RepositoryTest, MigrationsRunOnceAndRecordTheirVersion) {
    auto again = test_db_.open();
    auto rows = again->read([](Connection& c) { return c.query("SELECT version, name FROM schema_migration ORDER BY version"); });
    ASSERT_EQ(static_cast<int>(rows.size()), latest_schema_version());
    EXPECT_EQ(as_int(rows[0][0]), 1);
    EXPECT_EQ(as_text(rows[0][1]), "plan_model");
}

TEST_P(RepositoryTest, FiltersAndPaging) {
    Id org = new_org("o");
    Id top = new_unit(org, "top");
    for (int i = 0; i < 5; ++i) new_unit(org, "u" + std::to_string(i), top);
    ListQuery q;
    q.equals.emplace_back(entity("unit").field("parent_id"), top);
    q.limit = 2;
    q.offset = 2;
    auto page = repo_.list(entity("unit"), org, q);
    EXPECT_EQ(page.total, 5);
    ASSERT_EQ(page.items.size(), 2u);
    EXPECT_EQ(page.items[0].at("key"), "u2");
}

INSTANTIATE_TEST_SUITE_P(Backends, RepositoryTest, styrkort::testing::backends(), styrkort::testing::backend_name);

}  // namespace
}  // namespace styrkort::storage
