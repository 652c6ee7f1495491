#pragma once
// Loads what a scorecard needs for one org unit and period, in a handful of queries
// (not one per measure): the org tree, the plans in force that year with their goals,
// measures, targets and activities, the outcomes of this period and of the same point
// last year, activity reports and goal assessments.
#include <string>

#include "domain/followup/scorecard.hpp"
#include "storage/sql.hpp"

namespace styrkort::storage {

// `unit` is an id or a key; NotFound when there is no such unit in the organisation.
followup::ScorecardInput load_scorecard(Connection& c, std::int64_t org, const std::string& unit,
                                        const followup::Period& period);

}  // namespace styrkort::storage
