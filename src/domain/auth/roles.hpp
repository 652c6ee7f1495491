#pragma once
// Roles and which role may change which kind of record: pure rules, no I/O. A role is
// held on an org subtree (a unit and everything below it, or the whole organisation).
#include <optional>
#include <string>
#include <vector>

namespace styrkort::auth {

enum class Role { reader, reporter, planner, controller, board_planner, directors_staff, administrator };

const std::vector<Role>& all_roles();
std::string role_name(Role r);
std::optional<Role> parse_role(const std::string& name);

// Who may create, change and delete records of an entity. Measures (and their
// targets) are the one case decided per record: steering measures are the board's,
// control measures the director's staff's.
struct WriteRule {
    std::optional<Role> role;      // the role needed, when fixed
    bool by_measure_kind = false;  // steering -> board_planner, control -> directors_staff
    std::optional<Role> also;      // a second role that may write them (risks: board planners)
};

// The declared table. Entities not in it have no write rule: their routes deny every
// change and the authorisation matrix test fails until a rule is declared here.
std::optional<WriteRule> write_rule(const std::string& entity_name);
Role role_for_measure_kind(const std::string& kind);

}  // namespace styrkort::auth
