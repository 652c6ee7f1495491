// Evaluation of follow-up, table-driven on measures of Region Norrbotten's 2020 plan
// (docs/followup.md): measure status, gender gap, goal fulfilment and roll-up.
#include <gtest/gtest.h>

#include "domain/followup/aggregation.hpp"
#include "domain/followup/gender_gap.hpp"
#include "domain/followup/goal_fulfilment.hpp"
#include "domain/followup/measure_evaluation.hpp"

namespace styrkort::followup {
namespace {

using MS = MeasureStatus;
using GS = GoalStatus;

TargetRow baseline(int year, double v) { return {"baseline", year, std::nullopt, std::nullopt, v, std::nullopt}; }
TargetRow target(std::optional<int> year, double v, std::optional<std::string> point = std::nullopt,
                 std::optional<std::string> sex = std::nullopt) {
    return {"target", year, point, sex, v, std::nullopt};
}
TargetRow qualitative(std::string q, std::optional<int> year = std::nullopt) {
    return {"target", year, std::nullopt, std::nullopt, std::nullopt, std::move(q)};
}

// sm-27 "Antibiotikarecept per tusen invånare och år": baseline 2018 290, target 2020 270, 2022 245.
const MeasureRule antibiotics{"decrease", {baseline(2018, 290), target(2020, 270), target(2022, 245)}};

struct Case {
    const char* name;
    MeasureRule rule;
    Period period;
    std::string sex;
    Observed observed;
    MS expected;
    std::optional<double> expected_target;
};

class MeasureStatusTable : public ::testing::TestWithParam<Case> {};

TEST_P(MeasureStatusTable, Evaluates) {
    const auto& c = GetParam();
    auto e = evaluate_measure(c.rule, c.period, c.sex, c.observed);
    EXPECT_EQ(name_of(e.status), name_of(c.expected)) << c.name;
    if (c.expected_target) {
        ASSERT_TRUE(e.target) << c.name;
        EXPECT_DOUBLE_EQ(*e.target, *c.expected_target) << c.name;
    }
}

// Per-point targets: "DÅ 04: 65 %, DÅ 08: 66 %, ÅR: 67 %"; per-sex targets K 40, M 40.
const MeasureRule per_point{"increase", {target(2021, 65, "da04"), target(2021, 66, "da08"), target(2021, 67, "ar")}};
const MeasureRule per_sex{"increase", {baseline(2019, 30), target(2021, 40, std::nullopt, "K"), target(2021, 40, std::nullopt, "M"),
                                       target(2021, 45, std::nullopt, "total")}};

INSTANTIATE_TEST_SUITE_P(
    Norrbotten2020, MeasureStatusTable,
    ::testing::Values(
        Case{"antibiotics at target 2020", antibiotics, {2020, "ar"}, "total", {270, 285}, MS::met, 270},
        Case{"antibiotics below target", antibiotics, {2020, "ar"}, "total", {262, 285}, MS::met, 270},
        Case{"antibiotics falling but above target", antibiotics, {2020, "ar"}, "total", {280, 285}, MS::improving, 270},
        Case{"antibiotics rising", antibiotics, {2020, "ar"}, "total", {288, 285}, MS::not_met, 270},
        Case{"2021 uses the 2020 target", antibiotics, {2021, "ar"}, "total", {268, std::nullopt}, MS::met, 270},
        Case{"2022 target is stricter", antibiotics, {2022, "ar"}, "total", {268, 271}, MS::improving, 245},
        Case{"no last year: baseline is the reference", antibiotics, {2020, "da04"}, "total", {280, std::nullopt},
             MS::improving, 270},
        Case{"no outcome", antibiotics, {2020, "ar"}, "total", {std::nullopt, 280}, MS::no_data, 270},
        Case{"per point DÅ 04", per_point, {2021, "da04"}, "total", {65.5, std::nullopt}, MS::met, 65},
        Case{"per point DÅ 08", per_point, {2021, "da08"}, "total", {65.5, std::nullopt}, MS::not_met, 66},
        Case{"per point ÅR", per_point, {2021, "ar"}, "total", {66.9, 66.0}, MS::improving, 67},
        Case{"per sex K", per_sex, {2021, "ar"}, "K", {41, std::nullopt}, MS::met, 40},
        Case{"per sex total has its own", per_sex, {2021, "ar"}, "total", {41, std::nullopt}, MS::improving, 45},
        Case{"qualitative Öka met", MeasureRule{"", {baseline(2018, 50), qualitative("increase")}}, {2020, "ar"}, "total",
             {52, std::nullopt}, MS::met, std::nullopt},
        Case{"qualitative Öka vs last year", MeasureRule{"", {baseline(2018, 50), qualitative("increase")}}, {2020, "ar"},
             "total", {52, 53}, MS::not_met, std::nullopt},
        Case{"qualitative Minska met", MeasureRule{"decrease", {qualitative("decrease")}}, {2020, "da08"}, "total",
             {10, 12}, MS::met, std::nullopt},
        Case{"qualitative without reference", MeasureRule{"", {qualitative("decrease")}}, {2020, "ar"}, "total",
             {10, std::nullopt}, MS::no_data, std::nullopt},
        Case{"Följa utvecklingen", MeasureRule{"", {qualitative("follow")}}, {2020, "ar"}, "total", {10, 9},
             MS::info_only, std::nullopt},
        Case{"direction none", MeasureRule{"none", {target(2020, 5)}}, {2020, "ar"}, "total", {10, 9}, MS::info_only,
             std::nullopt},
        Case{"I nivå med riket", MeasureRule{"", {qualitative("national_level")}}, {2020, "ar"}, "total", {1, 2},
             MS::info_only, std::nullopt},
        Case{"maintain within 5 %", MeasureRule{"maintain", {target(2020, 100)}}, {2020, "ar"}, "total", {96, 90},
             MS::met, 100},
        Case{"maintain outside 5 %", MeasureRule{"maintain", {target(2020, 100)}}, {2020, "ar"}, "total", {94, 90},
             MS::not_met, 100},
        Case{"numeric target of the year beats an older qualitative",
             MeasureRule{"", {qualitative("follow", 2019), baseline(2018, 10), target(2020, 20)}}, {2020, "ar"}, "total",
             {21, std::nullopt}, MS::met, 20}),
    [](const auto& info) {
        std::string n;
        for (char ch : std::string(info.param.name)) n += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
        return n;
    });

TEST(GenderGap, RelativeThresholdForCounts) {
    GenderGapRule rule;
    EXPECT_FALSE(gender_gap(rule, "st", {100, 95}, {}).flag);   // 5 %
    EXPECT_TRUE(gender_gap(rule, "st", {100, 85}, {}).flag);    // 15 %
    EXPECT_FALSE(gender_gap(rule, "st", {100, std::nullopt}, {}).flag);
}

TEST(GenderGap, PercentagePointsForPercentMeasures) {
    GenderGapRule rule;
    EXPECT_FALSE(gender_gap(rule, "%", {60, 56}, {}).flag);  // 4 points, though 6.7 % relative
    EXPECT_TRUE(gender_gap(rule, "%", {60, 54}, {}).flag);   // 6 points
    rule.percentage_points = 3;
    EXPECT_TRUE(gender_gap(rule, "%", {60, 56}, {}).flag);
}

TEST(GenderGap, GrowsComparesWithLastYear) {
    GenderGapRule rule;
    EXPECT_TRUE(gender_gap(rule, "st", {100, 80}, {100, 90}).grows);
    EXPECT_FALSE(gender_gap(rule, "st", {100, 80}, {100, 75}).grows);
    EXPECT_FALSE(gender_gap(rule, "st", {100, 80}, {100, std::nullopt}).grows);
    EXPECT_TRUE(gender_gap(rule, "st", {80, 100}, {90, 100}).grows);  // direction of the gap does not matter
}

TEST(GoalFulfilment, DefaultRule) {
    EXPECT_EQ(goal_fulfilment({}, {}), GS::no_status);
    EXPECT_EQ(goal_fulfilment({MS::no_data, MS::info_only}, {""}), GS::no_status);
    EXPECT_EQ(goal_fulfilment({MS::met, MS::met, MS::info_only}, {"done", "in_progress"}), GS::met);
    EXPECT_EQ(goal_fulfilment({MS::met, MS::met}, {"delayed"}), GS::partly_met);
    EXPECT_EQ(goal_fulfilment({MS::met, MS::not_met}, {}), GS::partly_met);
    EXPECT_EQ(goal_fulfilment({MS::improving, MS::not_met}, {}), GS::partly_met);
    EXPECT_EQ(goal_fulfilment({MS::not_met, MS::no_data}, {"done"}), GS::not_met);
    EXPECT_EQ(goal_fulfilment({}, {"done", "cancelled"}), GS::met);
    EXPECT_EQ(goal_fulfilment({}, {"delayed"}), GS::not_met);
    EXPECT_EQ(goal_fulfilment({}, {"done", "not_started"}), GS::partly_met);
}

TEST(GoalFulfilment, AssessmentOverridesButComputedStays) {
    auto g = with_assessment(GS::partly_met, GS::met);
    EXPECT_EQ(g.computed, GS::partly_met);
    EXPECT_EQ(g.shown, GS::met);
    EXPECT_EQ(with_assessment(GS::not_met, std::nullopt).shown, GS::not_met);
}

TEST(RollUp, OwnValueElseMeanOfChildren) {
    // region 1 → division 2 → areas 3, 4 → unit 5 under 4; division 6 without data.
    OrgTree tree;
    tree.add(1, std::nullopt);
    tree.add(2, 1);
    tree.add(3, 2);
    tree.add(4, 2);
    tree.add(5, 4);
    tree.add(6, 1);
    EXPECT_EQ(tree.subtree(2), (std::vector<UnitId>{2, 3, 4, 5}));
    std::map<UnitId, double> values{{3, 10}, {5, 20}};
    EXPECT_DOUBLE_EQ(*roll_up(tree, 4, values), 20);
    EXPECT_DOUBLE_EQ(*roll_up(tree, 2, values), 15);
    EXPECT_DOUBLE_EQ(*roll_up(tree, 1, values), 15);  // division 6 has nothing to say
    EXPECT_FALSE(roll_up(tree, 6, values));
    values[1] = 99;  // the region's own figure (e.g. from Datalager) wins
    EXPECT_DOUBLE_EQ(*roll_up(tree, 1, values), 99);
}

}  // namespace
}  // namespace styrkort::followup
