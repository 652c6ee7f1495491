#include "domain/auth/roles.hpp"

#include <array>
#include <string_view>

namespace styrkort::auth {
namespace {

struct NamedRule {
    std::string_view entity;
    WriteRule rule;
};

// The role that writes each entity. Every entity of the catalogue must be listed: the
// authorisation matrix test fails for one that is not, and its routes refuse writes.
const std::array<NamedRule, 35> named_rules{{
    {"organisation", {Role::administrator}},
    {"unit", {Role::administrator}},
    {"plan", {Role::planner}},
    {"section", {Role::planner}},
    {"perspective", {Role::planner}},
    {"goal", {Role::planner}},
    {"assignment", {Role::planner}},
    {"development_area", {Role::planner}},
    {"mission", {Role::planner}},
    {"success_factor", {Role::planner}},
    {"activity", {Role::planner}},
    {"measure", {std::nullopt, true}},
    {"target", {std::nullopt, true}},
    // Follow-up (docs/followup.md).
    {"reporting_period", {Role::reporter}},
    {"activity_report", {Role::reporter}},
    {"outcome", {Role::reporter}},
    {"goal_assessment", {Role::reporter}},
    // Reminder rules of a period (docs/reporting-round.md): the controllers who chase reports.
    {"reminder_rule", {Role::controller}},
    // Economy: the controllers' tables.
    {"economy_table", {Role::controller}},
    {"cost_frame_line", {Role::controller}},
    {"frame_change_line", {Role::controller}},
    {"result_line", {Role::controller}},
    {"budget_follow_up", {Role::controller}},
    {"investment_frame_line", {Role::controller}},
    {"investment_request", {Role::controller}},
    {"property_investment", {Role::controller}},
    {"delegation_rule", {Role::controller}},
    {"economy_total", {Role::controller}},
    // Risk and internal control (docs/risk.md): planners and board planners in their
    // subtree; control results by reporters of the performing unit or the person named
    // as reporting the control point (auth/control_access.hpp).
    {"risk_matrix", {Role::planner, false, Role::board_planner}},
    {"risk", {Role::planner, false, Role::board_planner}},
    {"internal_control_plan", {Role::planner, false, Role::board_planner}},
    {"control_point", {Role::planner, false, Role::board_planner}},
    {"risk_action", {Role::planner, false, Role::board_planner}},
    {"control_result", {Role::reporter}},
    {"deviation_action", {Role::reporter}},
}};

}  // namespace

const std::vector<Role>& all_roles() {
    static const std::vector<Role> roles{Role::reader,        Role::reporter,        Role::planner,
                                         Role::controller,    Role::board_planner,   Role::directors_staff,
                                         Role::administrator};
    return roles;
}

std::string role_name(Role r) {
    switch (r) {
        case Role::reader: return "reader";
        case Role::reporter: return "reporter";
        case Role::planner: return "planner";
        case Role::controller: return "controller";
        case Role::board_planner: return "board_planner";
        case Role::directors_staff: return "directors_staff";
        case Role::administrator: return "administrator";
    }
    return "reader";
}

std::optional<Role> parse_role(const std::string& name) {
    for (Role r : all_roles()) {
        if (role_name(r) == name) return r;
    }
    return std::nullopt;
}

std::optional<WriteRule> write_rule(const std::string& entity_name) {
    for (const auto& n : named_rules) {
        if (n.entity == entity_name) return n.rule;
    }
    return std::nullopt;
}

Role role_for_measure_kind(const std::string& kind) {
    return kind == "control" ? Role::directors_staff : Role::board_planner;
}

}  // namespace styrkort::auth
