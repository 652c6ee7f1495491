// The approval workflow's state machine (docs/workflow.md), as a table: every state ×
// every action × who acts, and what must come of it.
#include <gtest/gtest.h>

#include "domain/workflow/frozen_plan.hpp"
#include "domain/workflow/state_machine.hpp"

namespace styrkort::workflow {
namespace {

using K = Refusal::Kind;

struct Case {
    State from;
    Action action;
    bool author, approver;
    std::string actor, submitted_by, comment;
    std::optional<State> to;        // allowed: the new state
    std::optional<K> refused;       // refused: why
};

const Item item_in(State s, const std::string& submitted_by) {
    return {s, submitted_by, {"rapporten för Enhet A 2025 da04", "the follow-up report of Enhet A 2025 da04"}};
}

TEST(WorkflowStateMachine, TheTable) {
    const std::vector<Case> cases{
        // The path through: draft -> submitted -> approved.
        {State::draft, Action::submit, true, false, "rut", "", "", State::submitted, {}},
        {State::submitted, Action::approve, false, true, "chef", "rut", "", State::approved, {}},
        // Returned with a comment, reopened, submitted again.
        {State::submitted, Action::send_back, false, true, "chef", "rut", "Komplettera utfallet för män", State::returned, {}},
        {State::returned, Action::reopen, true, false, "rut", "rut", "", State::draft, {}},
        {State::submitted, Action::withdraw, true, false, "rut", "rut", "", State::draft, {}},
        // Wrong role: the author cannot approve, the level above cannot submit.
        {State::submitted, Action::approve, true, false, "rut", "rut", "", {}, K::forbidden},
        {State::submitted, Action::send_back, true, false, "rut", "rut", "x", {}, K::forbidden},
        {State::draft, Action::submit, false, true, "chef", "", "", {}, K::forbidden},
        {State::returned, Action::reopen, false, true, "chef", "rut", "", {}, K::forbidden},
        {State::draft, Action::submit, false, false, "nobody", "", "", {}, K::forbidden},
        // Never one's own submission, even holding both roles.
        {State::submitted, Action::approve, true, true, "rut", "rut", "", {}, K::forbidden},
        {State::submitted, Action::send_back, true, true, "rut", "rut", "nej", {}, K::forbidden},
        // Illegal transitions: 409.
        {State::draft, Action::approve, false, true, "chef", "", "", {}, K::conflict},
        {State::draft, Action::send_back, false, true, "chef", "", "x", {}, K::conflict},
        {State::draft, Action::withdraw, true, false, "rut", "", "", {}, K::conflict},
        {State::draft, Action::reopen, true, false, "rut", "", "", {}, K::conflict},
        {State::submitted, Action::submit, true, false, "rut", "rut", "", {}, K::conflict},
        {State::approved, Action::approve, false, true, "chef", "rut", "", {}, K::conflict},
        {State::approved, Action::send_back, false, true, "chef", "rut", "x", {}, K::conflict},
        {State::approved, Action::submit, true, false, "rut", "rut", "", {}, K::conflict},
        {State::approved, Action::withdraw, true, false, "rut", "rut", "", {}, K::conflict},
        {State::approved, Action::reopen, true, false, "rut", "rut", "", {}, K::conflict},
        {State::returned, Action::submit, true, false, "rut", "rut", "", {}, K::conflict},
        {State::returned, Action::approve, false, true, "chef", "rut", "", {}, K::conflict},
        {State::archived, Action::submit, true, true, "rut", "", "", {}, K::conflict},
        {State::archived, Action::approve, true, true, "chef", "rut", "", {}, K::conflict},
        // A return needs a comment saying what to correct.
        {State::submitted, Action::send_back, false, true, "chef", "rut", "", {}, K::input},
        {State::submitted, Action::send_back, false, true, "chef", "rut", "  \n\t", {}, K::input},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(state_name(c.from) + " " + action_name(c.action) + " by " + c.actor);
        auto d = decide(item_in(c.from, c.submitted_by), c.action, {c.actor, c.author, c.approver}, c.comment);
        if (c.to) {
            ASSERT_TRUE(std::holds_alternative<State>(d)) << std::get<Refusal>(d).why.en;
            EXPECT_EQ(std::get<State>(d), *c.to);
        } else {
            ASSERT_TRUE(std::holds_alternative<Refusal>(d));
            const auto& r = std::get<Refusal>(d);
            EXPECT_EQ(r.kind, *c.refused) << r.why.en;
            EXPECT_FALSE(r.why.sv.empty());
            EXPECT_FALSE(r.why.en.empty());
            if (r.kind == K::input) {
                EXPECT_EQ(r.field, "comment");
            }
            if (r.kind == K::conflict) {
                // The message names the item and its state.
                EXPECT_NE(r.why.sv.find("rapporten för Enhet A"), std::string::npos) << r.why.sv;
                EXPECT_NE(r.why.sv.find(state_label(c.from).sv), std::string::npos) << r.why.sv;
            }
        }
    }
}

TEST(WorkflowStateMachine, EveryStateAndActionIsCoveredAndNamesRoundTrip) {
    int allowed = 0;
    for (State s : {State::draft, State::submitted, State::approved, State::returned, State::archived}) {
        EXPECT_EQ(parse_state(state_name(s)), s);
        for (Action a : all_actions()) {
            EXPECT_EQ(parse_action(action_name(a)), a);
            auto d = decide(item_in(s, "någon"), a, {"chef", true, true}, "kommentar");
            bool listed = false;
            for (Action n : next_actions(s)) listed = listed || n == a;
            EXPECT_EQ(std::holds_alternative<State>(d), listed) << state_name(s) << " " << action_name(a);
            allowed += listed ? 1 : 0;
        }
    }
    EXPECT_EQ(allowed, 5);  // submit, withdraw, approve, return, reopen: one way each
    EXPECT_EQ(action_name(Action::send_back), "return");
    EXPECT_FALSE(parse_state("finished").has_value());
}

TEST(WorkflowStateMachine, WhatIsFrozenAndWhatIsLocked) {
    EXPECT_FALSE(plan_frozen(State::draft));
    EXPECT_FALSE(plan_frozen(State::returned));
    EXPECT_TRUE(plan_frozen(State::submitted));
    EXPECT_TRUE(plan_frozen(State::approved));
    EXPECT_TRUE(plan_frozen(State::archived));
    EXPECT_FALSE(followup_locked(State::draft));
    EXPECT_FALSE(followup_locked(State::returned));
    EXPECT_TRUE(followup_locked(State::submitted));
    EXPECT_TRUE(followup_locked(State::approved));
}

TEST(FrozenPlan, PlanContentAndTheUnitsOwnActivities) {
    EXPECT_TRUE(is_plan_content(entity("goal")));
    EXPECT_TRUE(is_plan_content(entity("target")));  // through its measure
    EXPECT_TRUE(is_plan_content(entity("cost_frame_line")));
    EXPECT_FALSE(is_plan_content(entity("plan")));
    EXPECT_FALSE(is_plan_content(entity("unit")));
    EXPECT_FALSE(is_plan_content(entity("outcome")));  // follow-up is not plan content
    EXPECT_FALSE(is_plan_content(entity("activity_report")));
    EXPECT_TRUE(open_in_frozen_plan(entity("activity"), {{"level", "unit"}}));
    EXPECT_TRUE(open_in_frozen_plan(entity("activity"), {{"level", "area"}}));
    EXPECT_FALSE(open_in_frozen_plan(entity("activity"), {{"level", "division"}}));
    EXPECT_FALSE(open_in_frozen_plan(entity("activity"), {{"level", "board"}}));
    EXPECT_FALSE(open_in_frozen_plan(entity("goal"), {{"level", "unit"}}));
    auto m = frozen_plan_message("rs-plan-2025-2027", State::approved, "region-norrbotten", 7);
    EXPECT_NE(m.sv.find("rs-plan-2025-2027"), std::string::npos);
    EXPECT_NE(m.sv.find("/plans/7/versions"), std::string::npos);
    EXPECT_NE(m.en.find("new version"), std::string::npos);
}

}  // namespace
}  // namespace styrkort::workflow
