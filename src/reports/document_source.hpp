#pragma once
// Reads what a document needs from the database, in one read transaction, and builds it:
// the plan as a plan file (formats/plan_file), the follow-up through the same reader and
// rules as the scorecard (storage/scorecard_reader, followup::build_scorecard).
#include <optional>
#include <string>

#include "reports/document.hpp"
#include "storage/sql.hpp"

namespace styrkort::reports {

// NotFound for an unknown organisation or plan key.
Document plan_document_from(storage::Connection& c, const std::optional<std::string>& org, const std::string& plan_key);

struct FollowupRequest {
    std::optional<std::string> org;  // key; none: the organisation that holds the plan
    std::string plan_key;
    std::string unit;  // key or id
    int year = 0;
    std::string point;
};
// Throws InputError naming `year` or `point` for a bad period (point: da04, da08, ar),
// NotFound for an unknown organisation, plan or unit.
void check_followup_period(int year, const std::string& point);
// A year as typed ("2025"); InputError naming `field` for anything else.
int parse_year(const std::string& text, const std::string& field);
Document followup_document_from(storage::Connection& c, const FollowupRequest& r);

}  // namespace styrkort::reports
