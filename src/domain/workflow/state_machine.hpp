#pragma once
// The approval workflow (docs/workflow.md) as a pure rule: follow-up reports and plan
// versions go draft -> submitted -> approved, or are returned with a comment and go
// back to draft. Who may act is found by the caller (roles over units); this decides
// whether the action is allowed from the item's state, and what the new state is.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/text.hpp"

namespace styrkort::workflow {

// archived: a plan version replaced by a newer approved one (plans only).
enum class State { draft, submitted, approved, returned, archived };
// send_back is "return" (a C++ keyword); its name in URLs and the audit log is "return".
enum class Action { submit, withdraw, approve, send_back, reopen };

std::string state_name(State s);
std::optional<State> parse_state(const std::string& name);
Text state_label(State s);  // "godkänd" / "approved"
std::string action_name(Action a);
std::optional<Action> parse_action(const std::string& name);
const std::vector<Action>& all_actions();

// Who acts: found by the caller from the roles the person holds.
struct Actor {
    std::string name;
    bool author = false;    // the author's role over the item's unit (reporter / planner)
    bool approver = false;  // the approver's role over the level above the item's unit
};

// The item as stored: its state, who submitted it, and how to name it in messages
// ("rapporten för Enhet X 2025 DÅ 04", "planen 'rs-plan-2025-2027'").
struct Item {
    State state = State::draft;
    std::string submitted_by;
    Text what;
};

struct Refusal {
    enum class Kind { forbidden, conflict, input } kind = Kind::conflict;
    Text why;
    std::string field;  // for input: the field at fault ("comment")
};

// The state after `action`, or why not. Checked in this order: the role (forbidden),
// the state (conflict), one's own submission (forbidden), the comment of a return (input).
std::variant<State, Refusal> decide(const Item& item, Action action, const Actor& actor, const std::string& comment);

// Whether the action is done by the author (submit, withdraw, reopen) or by the level above.
bool by_approver(Action a);
// The actions that may follow this state (for the answer of a GET, and docs).
std::vector<Action> next_actions(State s);

// A plan in this state is frozen: nothing in it may change (submitted, approved, archived).
bool plan_frozen(State s);
// Follow-up of a unit and period whose report is in this state may not change.
bool followup_locked(State s);

}  // namespace styrkort::workflow
