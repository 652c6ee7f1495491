// The follow-up entities in the record store: identity without a key (duplicates are a
// Conflict, null counts as a value), defaults, and closed reporting periods.
#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "domain/errors.hpp"
#include "storage/repository.hpp"
#include "support/test_database.hpp"

namespace styrkort::storage {
namespace {

namespace json = boost::json;
using styrkort::testing::Backend;
using styrkort::testing::TestDatabase;

class FollowupModelTest : public ::testing::TestWithParam<Backend> {
protected:
    FollowupModelTest() : test_db_(GetParam()), db_(test_db_.open()), repo_(*db_) {
        org_ = create("organisation", 0, R"({"key":"o","name":"Region O","kind":"region"})");
        unit_ = create("unit", org_, R"({"key":"rs","name":"RS","kind":"board"})");
        plan_ = create("plan", org_, R"({"key":"p","title":"Plan","owner_unit_id":)" + s(unit_) +
                                         R"(,"first_year":2025,"last_year":2027,"status":"draft"})");
        measure_ = create("measure", org_, R"({"plan_id":)" + s(plan_) +
                                               R"(,"key":"m1","kind":"steering","name":"Antibiotika"})");
        activity_ = create("activity", org_, R"({"plan_id":)" + s(plan_) +
                                                 R"(,"key":"a1","name":"Aktivitet","level":"board"})");
    }
    static std::string s(Id id) { return std::to_string(id); }
    Record make(const std::string& entity_name, Id org, const std::string& body) {
        return repo_.create(entity(entity_name), org, json::parse(body), actor_);
    }
    Id create(const std::string& entity_name, Id org, const std::string& body) {
        return make(entity_name, org, body).at("id").as_int64();
    }
    std::string outcome(const std::string& sex, double value, const std::string& point = "da04") {
        return R"({"measure_id":)" + s(measure_) + R"(,"unit_id":)" + s(unit_) + R"(,"year":2025,"point":")" + point +
               R"(","sex":)" + (sex.empty() ? "null" : "\"" + sex + "\"") + R"(,"value":)" + std::to_string(value) + "}";
    }
    std::int64_t count(const std::string& table) {
        return db_->read([&](Connection& c) { return as_int(c.query("SELECT COUNT(*) FROM " + table).at(0).at(0)); });
    }

    TestDatabase test_db_;
    std::unique_ptr<Database> db_;
    Repository repo_;
    Actor actor_{"tester", "127.0.0.1"};
    Id org_ = 0, unit_ = 0, plan_ = 0, measure_ = 0, activity_ = 0;
};

TEST_P(FollowupModelTest, OutcomeIsStoredWithDefaultStatus) {
    auto rec = make("outcome", org_, outcome("K", 270.5));
    EXPECT_EQ(rec.at("status"), "preliminary");
    EXPECT_DOUBLE_EQ(rec.at("value").as_double(), 270.5);
    EXPECT_EQ(rec.at("sex"), "K");
}

TEST_P(FollowupModelTest, DuplicateOutcomeIsAConflictAndNullCountsAsAValue) {
    make("outcome", org_, outcome("K", 1));
    make("outcome", org_, outcome("M", 2));
    make("outcome", org_, outcome("", 3));
    EXPECT_THROW(make("outcome", org_, outcome("K", 4)), Conflict);
    EXPECT_THROW(make("outcome", org_, outcome("", 5)), Conflict);
    EXPECT_EQ(count("outcome"), 3);
}

TEST_P(FollowupModelTest, OutcomeNeedsAValueAndAKnownPoint) {
    EXPECT_THROW(make("outcome", org_, R"({"measure_id":)" + s(measure_) + R"(,"year":2025,"point":"da04"})"),
                 InputError);
    EXPECT_THROW(make("outcome", org_, outcome("K", 1, "q3")), InputError);
}

TEST_P(FollowupModelTest, OneActivityReportPerActivityYearAndPoint) {
    std::string body = R"({"activity_id":)" + s(activity_) + R"(,"year":2025,"point":"da08","status":"delayed","comment":"Försenad"})";
    auto id = create("activity_report", org_, body);
    EXPECT_THROW(make("activity_report", org_, body), Conflict);
    // Changing the report itself is not a duplicate of itself.
    auto changed = repo_.patch(entity("activity_report"), org_, id, json::parse(R"({"status":"done"})"), actor_);
    EXPECT_EQ(changed.at("status"), "done");
    EXPECT_THROW(make("activity_report", org_, R"({"activity_id":)" + s(activity_) +
                                                   R"(,"year":2025,"point":"da08","status":"finished"})"),
                 InputError);
}

TEST_P(FollowupModelTest, ClosedPeriodRefusesChangesUntilReopened) {
    auto open_id = create("outcome", org_, outcome("K", 1));
    auto period = create("reporting_period", org_, R"({"year":2025,"point":"da04","status":"closed","deadline":"2025-05-15"})");
    EXPECT_THROW(make("outcome", org_, outcome("M", 2)), Conflict);
    EXPECT_THROW(repo_.patch(entity("outcome"), org_, open_id, json::parse(R"({"value":9})"), actor_), Conflict);
    EXPECT_THROW(repo_.remove(entity("outcome"), org_, open_id, actor_), Conflict);
    // Moving an outcome of an open period into the closed one is refused too.
    auto other = create("outcome", org_, outcome("K", 1, "da08"));
    EXPECT_THROW(repo_.patch(entity("outcome"), org_, other, json::parse(R"({"point":"da04","sex":"M"})"), actor_),
                 Conflict);
    EXPECT_THROW(make("activity_report", org_, R"({"activity_id":)" + s(activity_) +
                                                   R"(,"year":2025,"point":"da04","status":"done"})"),
                 Conflict);
    EXPECT_EQ(count("outcome"), 2);

    repo_.patch(entity("reporting_period"), org_, period, json::parse(R"({"status":"open"})"), actor_);
    make("outcome", org_, outcome("M", 2));
    EXPECT_EQ(count("outcome"), 3);
}

TEST_P(FollowupModelTest, OnePeriodPerYearAndPoint) {
    create("reporting_period", org_, R"({"year":2025,"point":"ar","status":"open"})");
    EXPECT_THROW(make("reporting_period", org_, R"({"year":2025,"point":"ar","status":"closed"})"), Conflict);
}

TEST_P(FollowupModelTest, DeletingAMeasureDeletesItsOutcomes) {
    make("outcome", org_, outcome("K", 1));
    create("goal_assessment", org_, R"({"goal_id":)" +
                                        s(create("goal", org_, R"({"plan_id":)" + s(plan_) + R"(,"key":"g","text":"Mål"})")) +
                                        R"(,"unit_id":)" + s(unit_) + R"(,"year":2025,"point":"ar","status":"partly_met","analysis":"Delvis."})");
    repo_.remove(entity("measure"), org_, measure_, actor_);
    EXPECT_EQ(count("outcome"), 0);
    // A unit that follow-up refers to cannot be deleted underneath it.
    EXPECT_THROW(repo_.remove(entity("unit"), org_, unit_, actor_), Conflict);
}

INSTANTIATE_TEST_SUITE_P(Backends, FollowupModelTest, styrkort::testing::backends(), styrkort::testing::backend_name);

}  // namespace
}  // namespace styrkort::storage
