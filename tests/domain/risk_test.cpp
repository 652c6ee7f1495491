// The risk matrix and the checker's risk rules (docs/risk.md): pure, no database.
#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "domain/checks/rules.hpp"
#include "domain/errors.hpp"
#include "domain/risk/matrix.hpp"
#include "domain/validation.hpp"

namespace styrkort::risk {
namespace {

namespace json = boost::json;

TEST(RiskMatrix, ValueIsProbabilityTimesConsequenceAndTheDefaultIsThe2020Plans) {
    EXPECT_EQ(risk_value(1, 1), 1);
    EXPECT_EQ(risk_value(3, 3), 9);
    EXPECT_EQ(risk_value(4, 4), 16);
    const auto& s = default_scale();
    EXPECT_EQ(s.action_threshold, 9);
    EXPECT_FALSE(requires_action(s, 8));  // "Värde 1-8 inte kräver särskild åtgärd"
    EXPECT_TRUE(requires_action(s, 9));   // "Värde 9-16 kräver åtgärder"
    EXPECT_EQ(s.probability_labels[0], "Osannolik");
    EXPECT_EQ(s.probability_labels[3], "Sannolik");
    EXPECT_EQ(s.consequence_labels[2], "Kännbar");
}

TEST(RiskMatrix, ThresholdAndLabelsAreDataOfThePlan) {
    auto matrix = json::parse(R"({"action_threshold": 6, "probability_labels": ["Låg", "Medel", "Hög", "Mycket hög"],
                                  "consequence_labels": [], "at_or_above_label": "Åtgärda"})")
                      .as_object();
    auto s = scale_from(&matrix);
    EXPECT_EQ(s.action_threshold, 6);
    EXPECT_TRUE(requires_action(s, 6));
    EXPECT_FALSE(requires_action(s, 5));
    EXPECT_EQ(s.probability_labels[3], "Mycket hög");
    EXPECT_EQ(s.consequence_labels[0], "Försumbar");  // left out: the default's
    EXPECT_EQ(s.at_or_above_label, "Åtgärda");
    EXPECT_EQ(scale_from(nullptr).action_threshold, 9);
}

TEST(RiskMatrix, ResidualRiskIsThePairAfterActionsOrTheValueBefore) {
    Assessment a{.probability = 4, .consequence = 3, .residual_probability = 2, .residual_consequence = 2};
    EXPECT_EQ(a.value(), 12);
    EXPECT_EQ(a.residual_value(), 4);
    Assessment none{.probability = 4, .consequence = 3};
    EXPECT_EQ(none.residual_value(), 12);
}

TEST(RiskMatrix, HeatMapCountsEachCellBeforeAndAfterActions) {
    std::vector<Assessment> risks{{4, 3, 2, 2}, {4, 3, std::nullopt, std::nullopt}, {1, 1, std::nullopt, std::nullopt},
                                  {3, 3, 3, 2}};
    auto m = heat_map(risks, default_scale());
    EXPECT_EQ(m.before[3][2], 2);  // probability 4, consequence 3
    EXPECT_EQ(m.before[0][0], 1);
    EXPECT_EQ(m.before[2][2], 1);
    EXPECT_EQ(m.after[3][2], 1);  // the one without a residual assessment stays
    EXPECT_EQ(m.after[1][1], 1);
    EXPECT_EQ(m.after[2][1], 1);
    EXPECT_EQ(m.requiring_action_before, 3);  // 12, 12, 9
    EXPECT_EQ(m.requiring_action_after, 1);   // 12 (no residual), 4, 6
    int total = 0;
    for (const auto& row : m.after) {
        for (int n : row) total += n;
    }
    EXPECT_EQ(total, 4);
}

TEST(RiskRecords, BadInputNamesTheField) {
    auto expect_field = [](const std::string& entity_name, const std::string& body, const std::string& field) {
        try {
            validate_record(entity(entity_name), json::parse(body));
            ADD_FAILURE() << body << " was accepted";
        } catch (const InputError& e) {
            EXPECT_EQ(e.path(), field) << body;
        }
    };
    expect_field("risk", R"({"plan_id": 1, "key": "r", "title": "T", "probability": 0, "consequence": 2})", "probability");
    expect_field("risk", R"({"plan_id": 1, "key": "r", "title": "T", "probability": 5, "consequence": 2})", "probability");
    expect_field("risk", R"({"plan_id": 1, "key": "r", "title": "T", "probability": 2, "consequence": 2,
                             "residual_probability": 1})",
                 "residual_consequence");
    expect_field("risk_action", R"({"plan_id": 1, "key": "a", "risk_id": 1, "kind": "activity", "assignment_id": 3})",
                 "activity_id");
    expect_field("risk_action", R"({"plan_id": 1, "key": "a", "risk_id": 1, "kind": "assignment", "assignment_id": 3,
                                    "control_point_id": 4})",
                 "control_point_id");
    expect_field("risk_matrix", R"({"plan_id": 1, "key": "m", "title": "M", "action_threshold": 17})", "action_threshold");
    expect_field("risk_matrix", R"({"plan_id": 1, "key": "m", "title": "M", "action_threshold": 9,
                                    "probability_labels": ["a", "b", "c"]})",
                 "probability_labels");
    expect_field("control_result", R"({"control_point_id": 1, "year": 2020, "point": "da04", "performed": "done"})",
                 "outcome");
    expect_field("deviation_action", R"({"control_result_id": 1, "description": "D", "responsible": "R",
                                         "action_status": "closed"})",
                 "closed_date");
}

// The checker on a plan in plan-file shape.
json::object organisation(const std::string& plan_parts) {
    return json::parse(R"({"key": "o", "name": "O", "kind": "region",
      "units": [{"key": "rs", "name": "RS", "kind": "board", "parent": null}],
      "plans": [{"key": "p", "title": "P", "owner_unit": "rs", "first_year": 2020, "last_year": 2022, "status": "draft", )" +
                       plan_parts + "}]}")
        .as_object();
}

std::vector<checks::Finding> findings(const std::string& plan_parts, const std::string& rule) {
    std::vector<checks::Finding> out;
    for (auto& f : checks::run_checks(organisation(plan_parts))) {
        if (f.rule == rule) out.push_back(f);
    }
    return out;
}

const std::string risks = R"("risks": [
    {"key": "r-high", "title": "Brist på sjuksköterskor", "probability": 3, "consequence": 3},
    {"key": "r-low", "title": "Försenad leverans", "probability": 2, "consequence": 4},
    {"key": "r-done", "title": "Mutor vid inköp", "probability": 4, "consequence": 4,
     "residual_probability": 3, "residual_consequence": 3}])";

TEST(RiskChecks, ARiskAtOrAboveTheThresholdWithoutActionIsAnErrorNamingItAndItsValue) {
    auto found = findings(risks + R"(, "risk_actions": [{"key": "a", "risk": "r-done", "kind": "activity", "activity": "x"}])",
                          "risk.without_action");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].severity, checks::Severity::error);
    EXPECT_EQ(found[0].item, "r-high");
    EXPECT_EQ(found[0].place, "risks[0]");
    EXPECT_NE(found[0].message.sv.find("Brist på sjuksköterskor"), std::string::npos) << found[0].message.sv;
    EXPECT_NE(found[0].message.sv.find("3 × 3 = 9"), std::string::npos) << found[0].message.sv;
    EXPECT_NE(found[0].message.en.find("action required from 9"), std::string::npos) << found[0].message.en;
}

TEST(RiskChecks, TheThresholdComesFromThePlansMatrix) {
    auto with_matrix = risks + R"(, "risk_matrices": [{"key": "m", "title": "M", "action_threshold": 8}])";
    auto found = findings(with_matrix, "risk.without_action");
    ASSERT_EQ(found.size(), 3u);  // 9, 8 and 16: none has an action
    EXPECT_EQ(found[1].item, "r-low");
    auto strict = risks + R"(, "risk_matrices": [{"key": "m", "title": "M", "action_threshold": 16}])";
    ASSERT_EQ(findings(strict, "risk.without_action").size(), 1u);
}

TEST(RiskChecks, ResidualRiskStillAtTheThresholdIsAWarning) {
    auto found = findings(risks, "risk.residual_requires_action");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].item, "r-done");
    EXPECT_EQ(found[0].severity, checks::Severity::warning);
    EXPECT_TRUE(findings(risks + R"(, "risk_matrices": [{"key": "m", "title": "M", "action_threshold": 10}])",
                         "risk.residual_requires_action")
                    .empty());
}

}  // namespace
}  // namespace styrkort::risk
