#pragma once
// "Those with missing parts": the one question reminders ask of the reporting round.
// Kept behind this function so that the completeness of a period (issue 17's
// completeness per unit) answers it where it exists; the fallback here counts the
// follow-up report alone: a unit whose report for the period is not submitted or
// approved misses it.
#include <functional>
#include <vector>

#include "storage/reminder_store.hpp"

namespace styrkort::storage {

using MissingPartsSource = std::function<std::vector<MissingUnit>(Connection&, const OpenPeriod&)>;

// Units with a reporter of their own (a reporter role held on the unit itself) whose
// follow-up report for the period is missing, a draft or returned.
std::vector<MissingUnit> units_without_submitted_report(Connection& c, const OpenPeriod& p);

// The source the scheduler uses.
MissingPartsSource missing_parts_source();

}  // namespace styrkort::storage
