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
                                               R"(,"key":"m1","kind":"steering","name":"Antibiotika","breakdowns":["sex"]})");
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
    Actor actor_{"tester", "127.0.0.1", {}};
    Actor corrector_{"planerare", "127.0.0.1", [](Connection&, const Entity&, Id, const Record&) { return true; }};
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

    // Reopening is itself a change of the closed period: only one who may correct it.
    EXPECT_THROW(repo_.patch(entity("reporting_period"), org_, period, json::parse(R"({"status":"open"})"), actor_),
                 Conflict);
    repo_.patch(entity("reporting_period"), org_, period, json::parse(R"({"status":"open"})"), corrector_);
    make("outcome", org_, outcome("M", 2));
    EXPECT_EQ(count("outcome"), 3);
}

TEST_P(FollowupModelTest, CorrectionsOfAClosedPeriodAreAcceptedAndRecorded) {
    auto id = create("outcome", org_, outcome("K", 1));
    auto period = create("reporting_period", org_, R"({"year":2025,"point":"da04","status":"closed"})");
    EXPECT_EQ(count("correction"), 0);
    repo_.patch(entity("outcome"), org_, id, json::parse(R"({"value":2})"), corrector_);
    repo_.create(entity("outcome"), org_, json::parse(outcome("M", 3)), corrector_);
    repo_.remove(entity("outcome"), org_, id, corrector_);
    // A change in an open period is no correction.
    repo_.create(entity("outcome"), org_, json::parse(outcome("K", 4, "da08")), corrector_);
    auto rows = db_->read([&](Connection& c) {
        return c.query("SELECT a.action, a.actor, k.year, k.point FROM correction k JOIN audit_log a ON a.org_id = "
                       "k.org_id AND a.id = k.audit_id WHERE k.org_id = ? ORDER BY k.id",
                       {org_});
    });
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(as_text(rows[0][0]), "update");
    EXPECT_EQ(as_text(rows[1][0]), "create");
    EXPECT_EQ(as_text(rows[2][0]), "delete");
    EXPECT_EQ(as_text(rows[0][1]), "planerare");
    EXPECT_EQ(as_int(rows[0][2]), 2025);
    EXPECT_EQ(as_text(rows[0][3]), "da04");
    // Reopening is recorded as a correction of the period too.
    repo_.patch(entity("reporting_period"), org_, period, json::parse(R"({"status":"open"})"), corrector_);
    EXPECT_EQ(count("correction"), 4);
    // The corrections are append-only, like the audit log.
    EXPECT_ANY_THROW(db_->write([](Connection& c) { c.execute("DELETE FROM correction"); }));
}

TEST_P(FollowupModelTest, DeletesThatReachIntoAClosedPeriodAreRefused) {
    make("outcome", org_, outcome("K", 1));
    create("activity_report", org_, R"({"activity_id":)" + s(activity_) + R"(,"year":2025,"point":"da04","status":"done"})");
    auto goal = create("goal", org_, R"({"plan_id":)" + s(plan_) + R"(,"key":"g","text":"Mål"})");
    create("goal_assessment", org_, R"({"goal_id":)" + s(goal) + R"(,"unit_id":)" + s(unit_) +
                                        R"(,"year":2025,"point":"da04","status":"met"})");
    auto period = create("reporting_period", org_, R"({"year":2025,"point":"da04","status":"closed"})");
    auto refused = [&](const std::string& name, Id id) {
        try {
            repo_.remove(entity(name), org_, id, corrector_);  // even one who may correct: one by one, not in passing
            ADD_FAILURE() << name << " deleted";
        } catch (const Conflict& e) {
            EXPECT_NE(e.what_text().sv.find("2025 da04"), std::string::npos) << e.what_text().sv;
            EXPECT_NE(e.what_text().en.find("closed reporting period"), std::string::npos) << e.what_text().en;
        }
    };
    refused("measure", measure_);
    refused("activity", activity_);
    refused("goal", goal);
    refused("unit", unit_);
    refused("plan", plan_);
    EXPECT_EQ(count("outcome"), 1);
    EXPECT_EQ(count("activity_report"), 1);
    EXPECT_EQ(count("goal_assessment"), 1);
    EXPECT_EQ(count("measure"), 1);
    // Open again, the measure goes with its outcomes.
    repo_.patch(entity("reporting_period"), org_, period, json::parse(R"({"status":"open"})"), corrector_);
    repo_.remove(entity("measure"), org_, measure_, actor_);
    EXPECT_EQ(count("outcome"), 0);
}

TEST_P(FollowupModelTest, OutcomeUsesOnlyTheBreakdownsItsMeasureDeclares) {
    auto totals_only = create("measure", org_, R"({"plan_id":)" + s(plan_) +
                                                   R"(,"key":"m2","kind":"steering","name":"Verksamhetsyta"})");
    auto body = [&](const std::string& extra) {
        return R"({"measure_id":)" + s(totals_only) + R"(,"unit_id":)" + s(unit_) +
               R"(,"year":2025,"point":"ar","value":1)" + extra + "}";
    };
    auto refused_field = [&](const std::string& b) -> std::string {
        try {
            make("outcome", org_, b);
        } catch (const InputError& e) {
            EXPECT_EQ(e.code(), "breakdown");
            EXPECT_NE(e.describe(Language::sv).find("'Verksamhetsyta'"), std::string::npos) << e.describe(Language::sv);
            return e.path();
        }
        return "accepted";
    };
    EXPECT_EQ(refused_field(body(R"(,"sex":"K")")), "sex");
    EXPECT_EQ(refused_field(body(R"(,"municipality":"Luleå")")), "municipality");
    EXPECT_EQ(refused_field(body(R"(,"age_group":"65+")")), "age_group");
    EXPECT_EQ(count("outcome"), 0);
    make("outcome", org_, body(R"(,"sex":"total")"));
    auto plain = create("outcome", org_, body(""));
    EXPECT_THROW(repo_.patch(entity("outcome"), org_, plain, json::parse(R"({"sex":"M"})"), actor_), InputError);

    // The measure declared by sex keeps K and M, and cannot drop the breakdown they use.
    make("outcome", org_, outcome("K", 1));
    try {
        repo_.patch(entity("measure"), org_, measure_, json::parse(R"({"breakdowns":[]})"), actor_);
        ADD_FAILURE() << "dropped a breakdown in use";
    } catch (const InputError& e) {
        EXPECT_EQ(e.path(), "breakdowns");
    }
    repo_.patch(entity("measure"), org_, totals_only, json::parse(R"({"breakdowns":["municipality"]})"), actor_);
    make("outcome", org_, body(R"(,"sex":"total","municipality":"Luleå")"));
    EXPECT_EQ(count("outcome"), 4);
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
