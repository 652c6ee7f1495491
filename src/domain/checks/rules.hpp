#pragma once
// The consistency checker: rules over one organisation in plan-file shape (see
// docs/plan-format.md), so the same rules check a database (through its export) and a
// file before it is imported. Pure: no I/O.
#include <boost/json/object.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/checks/finding.hpp"

namespace styrkort::checks {

// One plan with its organisation's units, as the rules see them.
struct PlanContext {
    const boost::json::object& organisation;  // {key, name, kind, units, plans}
    const boost::json::object& plan;
    std::string plan_key;
};

struct Rule {
    std::string id;
    Severity severity;
    Text title;
    std::function<void(const PlanContext&, const Rule&, std::vector<Finding>&)> apply;
};

const std::vector<Rule>& rules();

// Runs every rule on every plan of the organisation (or only the plans named).
std::vector<Finding> run_checks(const boost::json::object& organisation, const std::vector<std::string>& plans = {});

// Helpers for rules.
Finding make_finding(const Rule& rule, const PlanContext& ctx, std::string place, std::string item, Text message);

// Each rule family registers itself here (one file each).
void add_goal_rules(std::vector<Rule>& rules);
void add_cascade_rules(std::vector<Rule>& rules);
void add_measure_rules(std::vector<Rule>& rules);
void add_economy_rules(std::vector<Rule>& rules);
void add_risk_rules(std::vector<Rule>& rules);

}  // namespace styrkort::checks
