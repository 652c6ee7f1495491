#pragma once
// What an approved plan freezes (docs/workflow.md): the plan and everything in it that
// the decision covered. Follow-up is not plan content, and the activities that areas
// and units write under a division's activity ("Läsanvisning" of the 2025 plan) are
// the units' own plans, written after the board's decision: they stay open.
#include <boost/json/object.hpp>

#include <string>
#include <vector>

#include "domain/schema.hpp"
#include "domain/text.hpp"
#include "domain/workflow/state_machine.hpp"

namespace styrkort::workflow {

// Records of this entity belong to a plan's content (in the plan file, under a plan).
bool is_plan_content(const Entity& e);
// A record that stays open in a frozen plan: an activity at area or unit level.
bool open_in_frozen_plan(const Entity& e, const boost::json::object& record);
// The fields of plan content that are reported rather than decided: a budget follow-up
// line's outcome, forecast and comment. A new version takes them from the version it
// replaces when approved (storage/followup_carry.hpp). Empty for everything else.
const std::vector<std::string>& reported_fields(const Entity& e);
// Why a change to a frozen plan is refused, and what to do: make a new version.
Text frozen_plan_message(const std::string& plan_key, State state, const std::string& org, long long plan_id);

}  // namespace styrkort::workflow
