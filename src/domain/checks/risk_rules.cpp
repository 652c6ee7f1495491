// Rules about the risk assessment (docs/risk.md): a risk whose value is at or above the
// plan's action threshold must lead to an action (an activity, an assignment or an
// internal control point). "Värde 9-16 kräver åtgärder för att minimera risker" (2020).
#include <set>

#include "domain/checks/plan_access.hpp"
#include "domain/checks/rules.hpp"
#include "domain/risk/matrix.hpp"

namespace styrkort::checks {

namespace json = boost::json;

namespace {

risk::RiskScale scale_of(const PlanContext& ctx) {
    const auto& matrices = items(ctx.plan, "risk_matrices");
    return risk::scale_from(matrices.empty() ? nullptr : &matrices[0].as_object());
}

std::string value_text(const risk::Assessment& a) {
    return std::to_string(a.probability) + " × " + std::to_string(a.consequence) + " = " + std::to_string(a.value());
}

void risks_without_action(const PlanContext& ctx, const Rule& rule, std::vector<Finding>& out) {
    auto scale = scale_of(ctx);
    std::set<std::string> with_action;
    for (const auto& a : items(ctx.plan, "risk_actions")) with_action.insert(text_of(a.as_object(), "risk"));
    const auto& risks = items(ctx.plan, "risks");
    for (std::size_t i = 0; i < risks.size(); ++i) {
        const auto& r = risks[i].as_object();
        auto a = risk::assessment_of(r);
        auto key = text_of(r, "key");
        if (!risk::requires_action(scale, a.value()) || with_action.count(key)) continue;
        auto threshold = std::to_string(scale.action_threshold);
        out.push_back(make_finding(rule, ctx, "risks[" + std::to_string(i) + "]", key,
                                   {"risken '" + text_of(r, "title") + "' har värdet " + value_text(a) +
                                        " (åtgärd krävs från " + threshold +
                                        ") men leder inte till någon aktivitet, något uppdrag eller någon kontrollpunkt",
                                    "the risk '" + text_of(r, "title") + "' has the value " + value_text(a) +
                                        " (action required from " + threshold +
                                        ") but leads to no activity, assignment or control point"}));
    }
}

void residual_still_high(const PlanContext& ctx, const Rule& rule, std::vector<Finding>& out) {
    auto scale = scale_of(ctx);
    const auto& risks = items(ctx.plan, "risks");
    for (std::size_t i = 0; i < risks.size(); ++i) {
        const auto& r = risks[i].as_object();
        auto a = risk::assessment_of(r);
        if (!a.has_residual() || !risk::requires_action(scale, a.residual_value())) continue;
        auto v = std::to_string(a.residual_value());
        out.push_back(make_finding(rule, ctx, "risks[" + std::to_string(i) + "]", text_of(r, "key"),
                                   {"risken '" + text_of(r, "title") + "' har efter åtgärder fortfarande värdet " + v +
                                        ", vid eller över tröskeln " + std::to_string(scale.action_threshold),
                                    "the risk '" + text_of(r, "title") + "' still has the value " + v +
                                        " after actions, at or above the threshold " +
                                        std::to_string(scale.action_threshold)}));
    }
}

void several_matrices(const PlanContext& ctx, const Rule& rule, std::vector<Finding>& out) {
    const auto& matrices = items(ctx.plan, "risk_matrices");
    for (std::size_t i = 1; i < matrices.size(); ++i) {
        out.push_back(make_finding(rule, ctx, "risk_matrices[" + std::to_string(i) + "]",
                                   text_of(matrices[i].as_object(), "key"),
                                   {"planen har mer än en riskmatris; den första gäller",
                                    "the plan has more than one risk matrix; the first applies"}));
    }
}

}  // namespace

void add_risk_rules(std::vector<Rule>& rules) {
    rules.push_back({"risk.without_action", Severity::error,
                     {"Risker som kräver åtgärd men saknar åtgärd", "Risks requiring action without one"},
                     risks_without_action});
    rules.push_back({"risk.residual_requires_action", Severity::warning,
                     {"Kvarvarande risk vid eller över tröskeln", "Residual risk at or above the threshold"},
                     residual_still_high});
    rules.push_back({"risk.several_matrices", Severity::warning,
                     {"Flera riskmatriser i en plan", "Several risk matrices in one plan"}, several_matrices});
}

}  // namespace styrkort::checks
