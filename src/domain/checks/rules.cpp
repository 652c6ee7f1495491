#include "domain/checks/rules.hpp"

#include <algorithm>

namespace styrkort::checks {

namespace json = boost::json;

const std::vector<Rule>& rules() {
    static const std::vector<Rule> all = [] {
        std::vector<Rule> r;
        add_goal_rules(r);
        add_cascade_rules(r);
        add_measure_rules(r);
        add_economy_rules(r);
        add_risk_rules(r);
        return r;
    }();
    return all;
}

Finding make_finding(const Rule& rule, const PlanContext& ctx, std::string place, std::string item, Text message) {
    return {rule.id, rule.severity, ctx.plan_key, std::move(place), std::move(item), std::move(message)};
}

std::vector<Finding> run_checks(const json::object& organisation, const std::vector<std::string>& plans) {
    std::vector<Finding> findings;
    const auto* plan_items = organisation.if_contains("plans");
    if (plan_items == nullptr || !plan_items->is_array()) return findings;
    for (const auto& p : plan_items->get_array()) {
        const auto& plan = p.as_object();
        std::string key(plan.at("key").as_string());
        if (!plans.empty() && std::find(plans.begin(), plans.end(), key) == plans.end()) continue;
        PlanContext ctx{organisation, plan, key};
        for (const auto& rule : rules()) rule.apply(ctx, rule, findings);
    }
    return findings;
}

}  // namespace styrkort::checks
