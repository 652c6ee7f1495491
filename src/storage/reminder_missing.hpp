#pragma once
// "Those with missing parts": the one question reminders ask of the reporting round,
// answered by the completeness of the period (domain/reporting/completeness.hpp, loaded
// by storage/completeness_reader.hpp) over the whole org tree: every unit that owes
// something in the period (not "inget att rapportera", not removed during it) and has
// parts missing, with those parts.
#include <functional>
#include <vector>

#include "storage/reminder_store.hpp"

namespace styrkort::storage {

using MissingPartsSource = std::function<std::vector<MissingUnit>(Connection&, const OpenPeriod&)>;

// From the completeness of the period: units owing parts, and which (codes
// activity_reports, outcomes, goal_assessments, followup_report).
std::vector<MissingUnit> units_missing_parts(Connection& c, const OpenPeriod& p);

// The source the scheduler uses.
MissingPartsSource missing_parts_source();

}  // namespace styrkort::storage
