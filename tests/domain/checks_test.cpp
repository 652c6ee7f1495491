#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "domain/checks/rules.hpp"
#include "domain/checks/text_similarity.hpp"

namespace styrkort::checks {
namespace {

namespace json = boost::json;

// An organisation in plan-file shape with one plan whose parts the test sets.
json::object organisation(const std::string& plan_parts) {
    return json::parse(R"({
      "key": "o", "name": "O", "kind": "region",
      "units": [
        {"key": "rs", "name": "RS", "kind": "board", "parent": null, "valid_from": null, "valid_to": null},
        {"key": "div-a", "name": "A", "kind": "division", "parent": "rs", "valid_from": null, "valid_to": null},
        {"key": "div-b", "name": "B", "kind": "division", "parent": "rs", "valid_from": null, "valid_to": null},
        {"key": "a-area", "name": "A1", "kind": "area", "parent": "div-a", "valid_from": null, "valid_to": null},
        {"key": "gone", "name": "Old", "kind": "division", "parent": "rs", "valid_from": null, "valid_to": "2019-12-31"}
      ],
      "plans": [{"key": "p", "title": "P", "owner_unit": "rs", "first_year": 2020, "last_year": 2022, "status": "draft", )" +
                       plan_parts + "}]}")
        .as_object();
}

std::vector<std::string> fired(const std::string& plan_parts, const std::string& rule) {
    std::vector<std::string> places;
    for (const auto& f : run_checks(organisation(plan_parts))) {
        if (f.rule == rule) places.push_back(f.place);
    }
    return places;
}

using Places = std::vector<std::string>;

TEST(TextSimilarity, IgnoresCasePunctuationAndSpacing) {
    EXPECT_DOUBLE_EQ(text_similarity("Verksamheten är ekonomiskt hållbar.", "verksamheten  är EKONOMISKT hållbar"), 1.0);
    EXPECT_DOUBLE_EQ(text_similarity("ÅÄÖ", "åäö"), 1.0);
    EXPECT_GT(text_similarity("Verksamheten är ekonomiskt hållbar", "Verksamheten är ekonomisk hållbar"), 0.95);
    EXPECT_LT(text_similarity("God hälsa", "Ekonomi i balans"), 0.5);
}

TEST(GoalRules, NearDuplicateGoalsAreFoundAndDistinctOnesAreNot) {
    auto parts = R"("goals": [
        {"key": "g1", "text": "Verksamheten är ekonomiskt hållbar med balans mellan uppdrag och resurser", "aliases": []},
        {"key": "g2", "text": "Verksamheten är ekonomisk hållbar med balans mellan uppdrag och resurser.", "aliases": []},
        {"key": "g3", "text": "Vi är en attraktiv arbetsgivare", "aliases": []}])";
    EXPECT_EQ(fired(parts, "goal.near_duplicate"), Places{"goals[1]"});
}

TEST(GoalRules, SpellingVariantsAreReportedAsInformation) {
    auto parts = R"("goals": [{"key": "g1", "text": "A", "aliases": ["A.", "a"]}, {"key": "g2", "text": "B", "aliases": []}])";
    EXPECT_EQ(fired(parts, "goal.spelling_variants"), Places{"goals[0]"});
}

TEST(GoalRules, GoalsNothingContributesTo) {
    auto parts = R"("goals": [{"key": "g1", "text": "A"}, {"key": "g2", "text": "B"}],
                    "activities": [{"key": "a", "name": "A", "level": "board", "goals": ["g1"]}])";
    EXPECT_EQ(fired(parts, "goal.nothing_contributes"), Places{"goals[1]"});
}

TEST(CascadeRules, ActivitiesWithoutGoalOrParent) {
    auto parts = R"("goals": [{"key": "g", "text": "G"}], "activities": [
        {"key": "a1", "name": "A1", "level": "division", "owner_unit": "div-a", "goals": ["g"]},
        {"key": "a2", "name": "A2", "level": "division", "owner_unit": "div-a", "goals": []},
        {"key": "a3", "name": "A3", "level": "area", "owner_unit": "a-area", "parent": "a1"},
        {"key": "a4", "name": "A4", "level": "area", "owner_unit": "a-area", "goals": ["g"]}])";
    EXPECT_EQ(fired(parts, "activity.no_goal"), Places{"activities[1]"});
    EXPECT_EQ(fired(parts, "activity.no_parent"), Places{"activities[3]"});
}

TEST(CascadeRules, CascadeMustGoDownTheLevelsAndTheOrgTree) {
    auto parts = R"("activities": [
        {"key": "a1", "name": "A1", "level": "division", "owner_unit": "div-a"},
        {"key": "ok", "name": "OK", "level": "area", "owner_unit": "a-area", "parent": "a1"},
        {"key": "same", "name": "Same level", "level": "division", "owner_unit": "div-a", "parent": "a1"},
        {"key": "other", "name": "Other division", "level": "unit", "owner_unit": "div-b", "parent": "a1"}])";
    EXPECT_EQ(fired(parts, "cascade.order"), (Places{"activities[2]", "activities[3]"}));
}

TEST(CascadeRules, CrossPlanReferencesAndPeriod) {
    auto parts = R"("activities": [
        {"key": "a1", "name": "A1", "level": "unit", "owner_unit": "div-a", "parent": "old-plan:x"},
        {"key": "a2", "name": "A2", "level": "board", "goals": ["old-plan:g"]},
        {"key": "a3", "name": "A3", "level": "board", "start_date": "2023-01-01", "end_date": "2023-06-30"},
        {"key": "a4", "name": "A4", "level": "division", "owner_unit": "gone", "goals": ["g"]}])";
    EXPECT_EQ(fired(parts, "cascade.crosses_plans"), (Places{"activities[0]", "activities[1]"}));
    EXPECT_EQ(fired(parts, "cascade.outside_period"), (Places{"activities[2]", "activities[3]"}));
}

TEST(MeasureRules, IncompleteMeasures) {
    auto parts = R"("measures": [
        {"key": "m1", "name": "Full", "source": "Datalagret", "reporting_points": ["ar"], "targets": [{"kind": "target", "value": 1}]},
        {"key": "m2", "name": "Bare", "targets": [{"kind": "baseline", "value": 1}]}])";
    EXPECT_EQ(fired(parts, "measure.incomplete"), (Places{"measures[1]", "measures[1]", "measures[1]"}));
}

TEST(MeasureRules, TargetsOutsideThePeriodButNotBaselines) {
    auto parts = R"("measures": [{"key": "m", "name": "M", "targets": [
        {"kind": "baseline", "year": 2018, "value": 1},
        {"kind": "target", "year": 2022, "value": 2},
        {"kind": "target", "year": 2025, "value": 3}]}])";
    EXPECT_EQ(fired(parts, "target.outside_period"), Places{"measures[0].targets[2]"});
}

TEST(MeasureRules, TargetsThatContradictTheDirection) {
    // Antibiotics: 290 per 1000 in 2018, lower is better: 270 and 245 are right, 300 is not.
    auto parts = R"("measures": [
        {"key": "ab", "name": "Antibiotika", "direction": "decrease", "targets": [
          {"kind": "baseline", "year": 2018, "value": 290},
          {"kind": "target", "year": 2020, "value": 270},
          {"kind": "target", "year": 2022, "value": 300},
          {"kind": "target", "year": 2022, "qualitative": "increase"}]},
        {"key": "pal", "name": "Palliativ", "direction": "increase", "targets": [
          {"kind": "baseline", "year": 2018, "sex": "K", "value": 38},
          {"kind": "baseline", "year": 2018, "sex": "M", "value": 41},
          {"kind": "target", "year": 2020, "sex": "K", "value": 40},
          {"kind": "target", "year": 2020, "sex": "M", "value": 40}]}])";
    EXPECT_EQ(fired(parts, "target.direction"),
              (Places{"measures[0].targets[2]", "measures[0].targets[3]", "measures[1].targets[3]"}));
}

TEST(MeasureRules, SexSplitValuesNeedTheBreakdown) {
    auto parts = R"("measures": [
        {"key": "a", "name": "A", "breakdowns": [], "targets": [{"kind": "target", "sex": "K", "value": 1}]},
        {"key": "b", "name": "B", "breakdowns": ["sex"], "targets": [{"kind": "target", "sex": "K", "value": 1}]}])";
    EXPECT_EQ(fired(parts, "measure.sex_split_undeclared"), Places{"measures[0]"});
}

TEST(Checks, OnlyTheNamedPlansAreChecked) {
    auto org = organisation(R"("measures": [{"key": "m", "name": "M"}])");
    EXPECT_FALSE(run_checks(org).empty());
    EXPECT_TRUE(run_checks(org, {"another-plan"}).empty());
}

TEST(Checks, EveryRuleIsDocumented) {
    std::ifstream doc(std::string(STYRKORT_SOURCE_DIR) + "/docs/checks.md");
    std::string text((std::istreambuf_iterator<char>(doc)), std::istreambuf_iterator<char>());
    for (const auto& rule : rules()) EXPECT_NE(text.find("`" + rule.id + "`"), std::string::npos) << rule.id;
}

}  // namespace
}  // namespace styrkort::checks
