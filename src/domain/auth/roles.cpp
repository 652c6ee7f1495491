#include "domain/auth/roles.hpp"

#include <array>
#include <string_view>

namespace styrkort::auth {
namespace {

struct NamedRule {
    std::string_view entity;
    WriteRule rule;
};

// Entities by exact name. Follow-up and economy entities are listed by the names the
// issues give them, and matched by prefix below, so that entities added on other
// branches get the right role without a change here.
const std::array<NamedRule, 19> named_rules{{
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
    {"activity_report", {Role::reporter}},
    {"outcome", {Role::reporter}},
    {"observation", {Role::reporter}},
    {"goal_assessment", {Role::reporter}},
    {"reporting_period", {Role::reporter}},
    {"measure_outcome", {Role::reporter}},
}};

// Name prefixes for families of entities: follow-up reports and economy tables.
const std::array<std::pair<std::string_view, Role>, 11> prefix_rules{{
    {"followup_", Role::reporter},
    {"follow_up_", Role::reporter},
    {"report", Role::reporter},
    {"economy_", Role::controller},
    {"net_cost", Role::controller},
    {"cost_frame", Role::controller},
    {"frame", Role::controller},
    {"investment", Role::controller},
    {"budget", Role::controller},
    {"reallocation", Role::controller},
    {"index_adjustment", Role::controller},
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
    for (const auto& [prefix, role] : prefix_rules) {
        if (std::string_view(entity_name).substr(0, prefix.size()) == prefix) return WriteRule{role};
    }
    return std::nullopt;
}

Role role_for_measure_kind(const std::string& kind) {
    return kind == "control" ? Role::directors_staff : Role::board_planner;
}

}  // namespace styrkort::auth
