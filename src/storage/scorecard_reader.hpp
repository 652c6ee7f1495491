#pragma once
// Loads what a scorecard needs for one org unit and period, in a handful of queries
// (not one per measure): the org tree, the plans in force that year with their goals,
// measures, targets and activities, the outcomes of this period and of the same point
// last year, activity reports and goal assessments.
#include <optional>
#include <string>

#include "domain/followup/scorecard.hpp"
#include "storage/sql.hpp"

namespace styrkort::storage {

// `unit` is an id or a key; NotFound when there is no such unit in the organisation.
// Without `plan`: the plans in force that year, leaving out versions that a newer
// approved version replaced (archived) and new versions not yet approved, so that a
// plan's items are counted once (docs/workflow.md). With `plan`: that plan only, in
// whatever state (the follow-up left on an archived version stays readable).
followup::ScorecardInput load_scorecard(Connection& c, std::int64_t org, const std::string& unit,
                                        const followup::Period& period, std::optional<std::int64_t> plan = std::nullopt);

}  // namespace styrkort::storage
