#pragma once
// The risk matrix (riskmatris) as a pure rule: a risk's value is probability ×
// consequence, each on a scale 1–4, so 1–16. The scale's labels and the value from
// which action is required are data per plan (a risk_matrix record); without one the
// 2020 plan's matrix applies: "Värde 1-8 inte kräver särskild åtgärd, värde 9-16 kräver
// åtgärder för att minimera risker". docs/risk.md.
#include <boost/json/object.hpp>

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "domain/schema.hpp"

namespace styrkort::risk {

inline constexpr int scale_steps = 4;

struct RiskScale {
    std::array<std::string, scale_steps> probability_labels;  // step 1 first
    std::array<std::string, scale_steps> consequence_labels;
    int action_threshold = 9;  // a value at or above this requires action
    std::string below_label;
    std::string at_or_above_label;
};

// The 2020 plan's matrix: Osannolik … Sannolik, Försumbar … Allvarlig, action from 9.
const RiskScale& default_scale();

// The scale a risk_matrix record (API or plan-file shape) declares; labels it leaves out
// are the default's. nullptr gives the default.
RiskScale scale_from(const boost::json::object* matrix);

// probability × consequence; both must lie in 1..4 (validated by the catalogue).
int risk_value(int probability, int consequence);
bool requires_action(const RiskScale& scale, int value);

// One risk as the matrix sees it: its assessment and, when assessed, the residual one.
struct Assessment {
    int probability = 1;
    int consequence = 1;
    std::optional<int> residual_probability;
    std::optional<int> residual_consequence;
    [[nodiscard]] int value() const { return risk_value(probability, consequence); }
    // The value after actions: the residual pair when both are set, else the value
    // before (no action has been assessed yet).
    [[nodiscard]] int residual_value() const;
    [[nodiscard]] bool has_residual() const { return residual_probability && residual_consequence; }
};

// Reads the assessment of a risk record (API or plan-file shape).
Assessment assessment_of(const boost::json::object& risk);

// Counts per cell, [probability - 1][consequence - 1], before and after actions.
struct HeatMap {
    std::array<std::array<int, scale_steps>, scale_steps> before{};
    std::array<std::array<int, scale_steps>, scale_steps> after{};
    int requiring_action_before = 0;
    int requiring_action_after = 0;
};
HeatMap heat_map(const std::vector<Assessment>& risks, const RiskScale& scale);

// The entities of the risk and internal control part of the plan (docs/risk.md).
bool is_risk_content(const Entity& e);

// Cross-field rules (validation.cpp calls this): labels four or none, residual pair
// both or neither, an action's kind matching the one reference it sets, an outcome for
// a control that was done. Throws InputError naming the field.
void check_risk_record_rules(const Entity& e, const boost::json::object& record);

}  // namespace styrkort::risk
