#include "domain/workflow/state_machine.hpp"

#include <algorithm>

namespace styrkort::workflow {
namespace {

struct Transition {
    State from;
    Action action;
    State to;
};

// The whole workflow. Anything not listed here is refused.
const std::vector<Transition>& transitions() {
    static const std::vector<Transition> t{
        {State::draft, Action::submit, State::submitted},
        {State::submitted, Action::withdraw, State::draft},
        {State::submitted, Action::approve, State::approved},
        {State::submitted, Action::send_back, State::returned},
        {State::returned, Action::reopen, State::draft},
    };
    return t;
}

Text action_label(Action a) {
    switch (a) {
        case Action::submit: return {"skickas in", "be submitted"};
        case Action::withdraw: return {"dras tillbaka", "be withdrawn"};
        case Action::approve: return {"godkännas", "be approved"};
        case Action::send_back: return {"återsändas", "be returned"};
        case Action::reopen: return {"öppnas igen", "be reopened"};
    }
    return {};
}

// What to do instead, for an action that the state does not allow.
Text hint(State s) {
    switch (s) {
        case State::draft: return {"den måste först skickas in (submit)", "it must be submitted first"};
        case State::submitted:
            return {"den väntar på beslut: nivån ovanför godkänner eller återsänder den, eller så drar du tillbaka den",
                    "it awaits a decision: the level above approves or returns it, or you withdraw it"};
        case State::approved:
            return {"ett godkänt beslut står fast; en plan ändras genom en ny version",
                    "an approval stands; a plan is changed through a new version"};
        case State::returned:
            return {"öppna den igen (reopen) för att ändra och skicka in den på nytt",
                    "reopen it to change it and submit it again"};
        case State::archived:
            return {"den är ersatt av en nyare godkänd version", "it has been replaced by a newer approved version"};
    }
    return {};
}

}  // namespace

std::string state_name(State s) {
    switch (s) {
        case State::draft: return "draft";
        case State::submitted: return "submitted";
        case State::approved: return "approved";
        case State::returned: return "returned";
        case State::archived: return "archived";
    }
    return "draft";
}

std::optional<State> parse_state(const std::string& name) {
    for (State s : {State::draft, State::submitted, State::approved, State::returned, State::archived}) {
        if (state_name(s) == name) return s;
    }
    return std::nullopt;
}

Text state_label(State s) {
    switch (s) {
        case State::draft: return {"utkast", "draft"};
        case State::submitted: return {"inskickad", "submitted"};
        case State::approved: return {"godkänd", "approved"};
        case State::returned: return {"återsänd", "returned"};
        case State::archived: return {"arkiverad", "archived"};
    }
    return {};
}

std::string action_name(Action a) {
    switch (a) {
        case Action::submit: return "submit";
        case Action::withdraw: return "withdraw";
        case Action::approve: return "approve";
        case Action::send_back: return "return";
        case Action::reopen: return "reopen";
    }
    return "submit";
}

const std::vector<Action>& all_actions() {
    static const std::vector<Action> a{Action::submit, Action::withdraw, Action::approve, Action::send_back,
                                       Action::reopen};
    return a;
}

std::optional<Action> parse_action(const std::string& name) {
    for (Action a : all_actions()) {
        if (action_name(a) == name) return a;
    }
    return std::nullopt;
}

bool by_approver(Action a) { return a == Action::approve || a == Action::send_back; }

std::vector<Action> next_actions(State s) {
    std::vector<Action> out;
    for (const auto& t : transitions()) {
        if (t.from == s) out.push_back(t.action);
    }
    return out;
}

bool plan_frozen(State s) { return s == State::submitted || s == State::approved || s == State::archived; }
bool followup_locked(State s) { return s == State::submitted || s == State::approved; }

std::variant<State, Refusal> decide(const Item& item, Action action, const Actor& actor, const std::string& comment) {
    using K = Refusal::Kind;
    if (by_approver(action) ? !actor.approver : !actor.author) {
        return Refusal{K::forbidden,
                       by_approver(action)
                           ? Text{"bara nivån ovanför (planerare för den överordnade enheten) kan låta " + item.what.sv +
                                      " " + action_label(action).sv,
                                  "only the level above (a planner over the parent unit) may let " + item.what.en +
                                      " " + action_label(action).en}
                           : Text{"du saknar behörighet att låta " + item.what.sv + " " + action_label(action).sv,
                                  "you may not let " + item.what.en + " " + action_label(action).en},
                       ""};
    }
    auto it = std::find_if(transitions().begin(), transitions().end(),
                           [&](const Transition& t) { return t.from == item.state && t.action == action; });
    if (it == transitions().end()) {
        auto h = hint(item.state);
        return Refusal{K::conflict,
                       {item.what.sv + " är " + state_label(item.state).sv + " och kan inte " + action_label(action).sv +
                            "; " + h.sv,
                        item.what.en + " is " + state_label(item.state).en + " and cannot " + action_label(action).en +
                            "; " + h.en},
                       ""};
    }
    if (by_approver(action) && !item.submitted_by.empty() && item.submitted_by == actor.name) {
        return Refusal{K::forbidden,
                       {"du skickade själv in " + item.what.sv + "; någon annan på nivån ovanför måste besluta",
                        "you submitted " + item.what.en + " yourself; someone else on the level above must decide"},
                       ""};
    }
    if (action == Action::send_back && comment.find_first_not_of(" \t\r\n") == std::string::npos) {
        return Refusal{K::input,
                       {"krävs när något återsänds: skriv vad som ska rättas", "is required when returning: say what to correct"},
                       "comment"};
    }
    return it->to;
}

}  // namespace styrkort::workflow
