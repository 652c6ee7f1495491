#pragma once
// Loads what completeness (domain/reporting/completeness.hpp) needs for one reporting
// period, in a fixed handful of queries whatever the number of units: the org tree,
// the plans in force in the period's year with their goals, activities (with this
// period's reports) and measures, who has reported which measure, this period's
// outcomes, goal assessments and follow-up reports. The domain keeps the subtree.
#include <optional>
#include <string>

#include "domain/reporting/completeness.hpp"
#include "storage/sql.hpp"

namespace styrkort::storage {

// `period_id`: a reporting_period record of the organisation (NotFound otherwise).
// `unit`: an id or a key (NotFound when no such unit); "" means the top of the org tree.
reporting::CompletenessInput load_completeness(Connection& c, std::int64_t org, std::int64_t period_id,
                                               const std::string& unit);

// The same for a year and point, whether or not a reporting_period record exists
// (a period without a record is open).
reporting::CompletenessInput load_completeness_for(Connection& c, std::int64_t org, int year, const std::string& point,
                                                   const std::string& unit);

// Convenience: load and compute.
reporting::Completeness completeness_of(Connection& c, std::int64_t org, std::int64_t period_id, const std::string& unit);

}  // namespace styrkort::storage
