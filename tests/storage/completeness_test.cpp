// Completeness of a reporting round (domain/reporting/completeness.hpp) over rows the
// loader reads from a real database, on both backends: what each unit owes and has
// reported, units added or removed during the period, units with nothing to report,
// and unknown periods and units.
#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "domain/errors.hpp"
#include "storage/completeness_reader.hpp"
#include "storage/repository.hpp"
#include "storage/workflow_store.hpp"
#include "support/test_database.hpp"

namespace styrkort::storage {
namespace {

namespace json = boost::json;
using reporting::Part;
using styrkort::testing::Backend;
using styrkort::testing::TestDatabase;

class CompletenessTest : public ::testing::TestWithParam<Backend> {
protected:
    CompletenessTest() : test_db_(GetParam()), db_(test_db_.open()), repo_(*db_) {
        org_ = create("organisation", 0, R"({"key":"o","name":"Region O","kind":"region"})");
        rs_ = create("unit", org_, R"({"key":"rs","name":"RS","kind":"board"})");
        div_ = create("unit", org_, R"({"key":"div","name":"Division","kind":"division","parent_id":)" + s(rs_) + "}");
        a_ = create("unit", org_, R"({"key":"a","name":"Enhet A","kind":"unit","parent_id":)" + s(div_) + "}");
        b_ = create("unit", org_, R"({"key":"b","name":"Enhet B","kind":"unit","parent_id":)" + s(div_) + "}");
        // Began in March, within DÅ 04 2025; ended in February, within it too; gone before it.
        added_ = create("unit", org_, R"({"key":"ny","name":"Ny enhet","kind":"unit","valid_from":"2025-03-01","parent_id":)" + s(div_) + "}");
        removed_ = create("unit", org_, R"({"key":"nedlagd","name":"Nedlagd","kind":"unit","valid_to":"2025-02-28","parent_id":)" + s(div_) + "}");
        gone_ = create("unit", org_, R"({"key":"borta","name":"Borta","kind":"unit","valid_to":"2024-12-31","parent_id":)" + s(div_) + "}");
        quiet_ = create("unit", org_, R"({"key":"tyst","name":"Tyst enhet","kind":"unit","parent_id":)" + s(div_) + "}");
        plan_ = create("plan", org_, R"({"key":"p","title":"Plan","owner_unit_id":)" + s(rs_) +
                                         R"(,"first_year":2025,"last_year":2027,"status":"approved"})");
        goal_ = create("goal", org_, R"({"plan_id":)" + s(plan_) + R"(,"key":"g1","text":"Mål ett"})");
        goal2_ = create("goal", org_, R"({"plan_id":)" + s(plan_) + R"(,"key":"g2","text":"Mål två"})");
        by_sex_ = create("measure", org_, R"({"plan_id":)" + s(plan_) +
                                              R"(,"key":"m1","kind":"steering","name":"Könsuppdelat","breakdowns":["sex"],"goal_id":)" +
                                              s(goal_) + "}");
        total_ = create("measure", org_, R"({"plan_id":)" + s(plan_) +
                                             R"(,"key":"m2","kind":"steering","name":"Totalt","goal_id":)" + s(goal2_) + "}");
        yearly_ = create("measure", org_, R"({"plan_id":)" + s(plan_) +
                                              R"(,"key":"m3","kind":"steering","name":"Bara ÅR","reporting_points":["ar"]})");
        act_a_ = create("activity", org_, R"({"plan_id":)" + s(plan_) + R"(,"key":"aa","name":"A:s aktivitet","level":"unit","owner_unit_id":)" +
                                              s(a_) + R"(,"goal_ids":[)" + s(goal_) + "]}");
        act_b_ = create("activity", org_, R"({"plan_id":)" + s(plan_) + R"(,"key":"ab","name":"B:s aktivitet","level":"unit","owner_unit_id":)" +
                                              s(b_) + "}");
        act_new_ = create("activity", org_, R"({"plan_id":)" + s(plan_) + R"(,"key":"an","name":"Ny aktivitet","level":"unit","owner_unit_id":)" +
                                                s(added_) + "}");
        // An activity that ended before the period is not asked for.
        create("activity", org_, R"({"plan_id":)" + s(plan_) + R"(,"key":"old","name":"Avslutad","level":"unit","end_date":"2024-12-31","owner_unit_id":)" +
                                     s(b_) + "}");
        create("activity", org_, R"({"plan_id":)" + s(plan_) + R"(,"key":"rem","name":"Nedlagds","level":"unit","owner_unit_id":)" +
                                     s(removed_) + "}");
        // Reporting history: A and B report the measures for themselves (2024 is before the plan, so it is 2025 DÅ 04 below).
        outcome(by_sex_, a_, "K", "da04", 2025);
        outcome(by_sex_, a_, "M", "da04", 2025);
        outcome(by_sex_, b_, "K", "da04", 2025);  // M missing
        outcome(total_, a_, "", "ar", 2025);      // A reports the total measure, but not yet for DÅ 04
        period_ = create("reporting_period", org_, R"({"year":2025,"point":"da04","status":"open","deadline":"2025-05-15"})");
    }
    static std::string s(Id id) { return std::to_string(id); }
    Id create(const std::string& entity_name, Id org, const std::string& body) {
        return repo_.create(entity(entity_name), org, json::parse(body), actor_).at("id").as_int64();
    }
    void outcome(Id measure, Id unit, const std::string& sex, const std::string& point, int year) {
        create("outcome", org_, R"({"measure_id":)" + s(measure) + R"(,"unit_id":)" + s(unit) + R"(,"year":)" +
                                    std::to_string(year) + R"(,"point":")" + point + R"(","sex":)" +
                                    (sex.empty() ? "null" : "\"" + sex + "\"") + R"(,"value":1})");
    }
    reporting::Completeness compute(const std::string& unit = "rs") {
        return db_->read([&](Connection& c) { return completeness_of(c, org_, period_, unit); });
    }
    static const reporting::UnitCompleteness& unit_of(const reporting::Completeness& c, const std::string& key) {
        for (const auto& u : c.units) {
            if (u.key == key) return u;
        }
        throw std::runtime_error("no unit " + key);
    }
    static bool listed(const reporting::Completeness& c, const std::string& key) {
        for (const auto& u : c.units) {
            if (u.key == key) return true;
        }
        return false;
    }

    TestDatabase test_db_;
    std::unique_ptr<Database> db_;
    Repository repo_;
    Actor actor_{"tester", "127.0.0.1", {}};
    Id org_ = 0, rs_ = 0, div_ = 0, a_ = 0, b_ = 0, added_ = 0, removed_ = 0, gone_ = 0, quiet_ = 0;
    Id plan_ = 0, goal_ = 0, goal2_ = 0, by_sex_ = 0, total_ = 0, yearly_ = 0, act_a_ = 0, act_b_ = 0, act_new_ = 0;
    Id period_ = 0;
};

TEST_P(CompletenessTest, CountsWhatEachUnitOwesAndHasReported) {
    create("activity_report", org_, R"({"activity_id":)" + s(act_a_) + R"(,"year":2025,"point":"da04","status":"delayed"})");
    create("goal_assessment", org_, R"({"goal_id":)" + s(goal_) + R"(,"unit_id":)" + s(a_) +
                                        R"(,"year":2025,"point":"da04","status":"partly_met"})");
    db_->write([&](Connection& c) {
        WorkflowStore(c).put_report(org_, a_, 2025, "da04", workflow::State::submitted, "anna");
        WorkflowStore(c).put_report(org_, b_, 2025, "da04", workflow::State::returned, "bertil");
        return 0;
    });
    auto c = compute();
    EXPECT_EQ(c.period.starts, "2025-01-01");
    EXPECT_EQ(c.period.ends, "2025-04-30");
    EXPECT_EQ(c.deadline, "2025-05-15");

    // A: its activity (reported, delayed), the by-sex measure (K and M: done) and the
    // total measure (reported in ÅR, so A reports it; missing now), goals g1 (assessed)
    // and g2 (through the total measure, missing), and its submitted report.
    const auto& a = unit_of(c, "a");
    EXPECT_EQ(a.membership, "whole");
    EXPECT_EQ(a.parts.at(Part::activities).required, 1);
    EXPECT_EQ(a.parts.at(Part::activities).done, 1);
    EXPECT_EQ(a.parts.at(Part::activities).by_status.at("delayed"), 1);
    EXPECT_EQ(a.parts.at(Part::measures).required, 2);
    EXPECT_EQ(a.parts.at(Part::measures).done, 1);
    ASSERT_EQ(a.parts.at(Part::measures).missing.size(), 1U);
    EXPECT_EQ(a.parts.at(Part::measures).missing[0].key, "m2");
    EXPECT_EQ(a.parts.at(Part::measures).missing[0].missing_sexes, std::vector<std::string>{"total"});
    EXPECT_EQ(a.parts.at(Part::assessments).required, 2);
    EXPECT_EQ(a.parts.at(Part::assessments).done, 1);
    EXPECT_EQ(a.parts.at(Part::report).done, 1);
    EXPECT_EQ(a.report_state, "submitted");
    EXPECT_EQ(a.overall().required, 6);
    EXPECT_EQ(a.overall().done, 4);
    EXPECT_EQ(a.overall().percent(), 66);  // rounded down: 100 only when complete

    // B: women reported, men not; its activity unreported (the one that ended in 2024 is
    // not asked for); the returned report is missing.
    const auto& b = unit_of(c, "b");
    EXPECT_EQ(b.parts.at(Part::activities).required, 1);
    EXPECT_EQ(b.parts.at(Part::activities).missing.at(0).key, "ab");
    ASSERT_EQ(b.parts.at(Part::measures).missing.size(), 1U);
    EXPECT_EQ(b.parts.at(Part::measures).missing[0].missing_sexes, std::vector<std::string>{"M"});
    EXPECT_EQ(b.parts.at(Part::report).missing.at(0).state, "returned");
    EXPECT_FALSE(b.complete());

    // The board owns the plan: it assesses both goals; m3 is reported only at ÅR.
    const auto& rs = unit_of(c, "rs");
    EXPECT_EQ(rs.parts.at(Part::assessments).required, 2);
    EXPECT_EQ(rs.parts.at(Part::measures).required, 0);
    EXPECT_EQ(rs.report_state, "none");
    EXPECT_EQ(rs.parts.at(Part::report).missing.at(0).state, "none");

    // Totals are the sums over the units that owe something.
    int required = 0;
    for (const auto& u : c.units) required += u.overall().required;
    EXPECT_EQ(c.overall().required, required);
    EXPECT_EQ(c.totals.at(Part::activities).by_status.at("delayed"), 1);
}

TEST_P(CompletenessTest, UnitsAddedOrRemovedDuringThePeriod) {
    auto c = compute();
    // Added in March: reports like the others.
    const auto& added = unit_of(c, "ny");
    EXPECT_EQ(added.membership, "added");
    EXPECT_EQ(added.parts.at(Part::activities).required, 1);
    EXPECT_EQ(added.parts.at(Part::report).required, 1);
    // Ended in February: listed, owes nothing, not in the totals.
    const auto& removed = unit_of(c, "nedlagd");
    EXPECT_EQ(removed.membership, "removed");
    EXPECT_TRUE(removed.nothing_to_report());
    EXPECT_FALSE(removed.overall().percent().has_value());
    // Gone before the period began: not listed at all.
    EXPECT_FALSE(listed(c, "borta"));
    int activities = 0;
    for (const auto& u : c.units) activities += u.parts.at(Part::activities).required;
    EXPECT_EQ(c.totals.at(Part::activities).required, activities);
    EXPECT_EQ(activities, 3);  // A, B and the new unit; not the removed unit's

    // The same tree in the next year: the added unit is whole, the removed one gone.
    auto next = create("reporting_period", org_, R"({"year":2026,"point":"da04","status":"open"})");
    auto later = db_->read([&](Connection& conn) { return completeness_of(conn, org_, next, "rs"); });
    EXPECT_EQ(unit_of(later, "ny").membership, "whole");
    EXPECT_FALSE(listed(later, "nedlagd"));
}

TEST_P(CompletenessTest, UnitWithoutAnyMeasureHasNothingToReport) {
    auto c = compute();
    const auto& quiet = unit_of(c, "tyst");
    EXPECT_TRUE(quiet.nothing_to_report());
    EXPECT_FALSE(quiet.complete());
    for (Part p : reporting::all_parts()) EXPECT_FALSE(quiet.parts.at(p).percent().has_value());
    EXPECT_EQ(quiet.parts.at(Part::report).required, 0);  // no report asked for either
    auto j = reporting::to_json(c);
    bool found = false;
    for (const auto& u : j.at("units").as_array()) {
        if (u.at("key") == "tyst") {
            found = true;
            EXPECT_TRUE(u.at("nothing_to_report").as_bool());
            EXPECT_TRUE(u.at("overall").at("percent").is_null());
        }
    }
    EXPECT_TRUE(found);
    EXPECT_GE(c.units_with_nothing(), 2);  // the quiet unit and the division
}

TEST_P(CompletenessTest, ASubtreeCountsOnlyItsUnits) {
    auto c = compute("a");
    ASSERT_EQ(c.units.size(), 1U);
    EXPECT_EQ(c.units[0].key, "a");
    EXPECT_EQ(c.units[0].depth, 0);
    auto by_id = compute(s(div_));
    EXPECT_EQ(by_id.units.front().key, "div");
    EXPECT_FALSE(listed(by_id, "rs"));
}

TEST_P(CompletenessTest, AMeasureNoUnitReportsIsThePlanOwners) {
    auto c = compute();
    // m2 is reported by A (history); m1 by A and B; an outcome without a unit is the board's.
    create("measure", org_, R"({"plan_id":)" + s(plan_) + R"(,"key":"m4","kind":"control","name":"Regionens"})");
    auto after = compute();
    const auto& rs = unit_of(after, "rs");
    ASSERT_EQ(rs.parts.at(Part::measures).required, 1);
    EXPECT_EQ(rs.parts.at(Part::measures).missing.at(0).key, "m4");
}

TEST_P(CompletenessTest, UnknownPeriodOrUnitIsNotFound) {
    EXPECT_THROW(db_->read([&](Connection& c) { return completeness_of(c, org_, period_ + 999, "rs"); }), NotFound);
    EXPECT_THROW(compute("finns-inte"), NotFound);
    EXPECT_THROW(compute("999999"), NotFound);
    // Another organisation's period is not this one's.
    auto other = create("organisation", 0, R"({"key":"x","name":"X","kind":"region"})");
    create("unit", other, R"({"key":"x-rs","name":"X","kind":"board"})");
    EXPECT_THROW(db_->read([&](Connection& c) { return completeness_of(c, other, period_, ""); }), NotFound);
}

TEST(CompletenessSpan, PointsCoverTheirMonths) {
    EXPECT_EQ(reporting::span_of(2025, "da08").ends, "2025-08-31");
    EXPECT_EQ(reporting::span_of(2025, "ar").ends, "2025-12-31");
    EXPECT_EQ(reporting::span_of(2025, "t2").starts, "2025-05-01");
    EXPECT_EQ(reporting::span_of(2025, "t3").starts, "2025-09-01");
}

INSTANTIATE_TEST_SUITE_P(Backends, CompletenessTest, styrkort::testing::backends(), styrkort::testing::backend_name);

}  // namespace
}  // namespace styrkort::storage
