#pragma once
// The tertial follow-up report of one unit (and everything under it) for one reporting
// point: goal fulfilment with the written assessments, measure tables (women, men,
// total beside target and the same point last year), gender-gap flags, activity status
// and comments, budget follow-up, internal control results, and the findings of `styrkort check` for the plan.
// Pure: the scorecard comes from the follow-up rules (domain/followup, build_scorecard),
// the rest from the plan-file shape, so the report cannot count differently from the
// scorecard the web client shows.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <functional>
#include <string>
#include <vector>

#include "reports/document.hpp"

namespace styrkort::reports {

struct FollowupInput {
    const boost::json::object& organisation;  // plan-file shape holding the plan and the org tree
    std::string plan_key;
    const boost::json::object& scorecard;     // followup::build_scorecard for the unit, period and plan
    std::string unit_key;
    int year = 0;
    std::string point;         // da04, da08, ar
    std::string report_state;  // the unit's follow-up report: draft, submitted, returned, approved; "" none
    // The plan's control results for the period (all units), each {control_point (key),
    // performed, outcome, comment, deviation_actions: [{description, responsible,
    // owner_unit (key), due_date, action_status, closed_date, comment}]}.
    boost::json::array control_results{};
};

// The parts of the report in order.
using FollowupPart = std::function<void(const FollowupInput&, Writer&)>;
const std::vector<FollowupPart>& followup_parts();

Document followup_document(const FollowupInput& in);

// The last day of the reporting point: the report's date (2025-04-30 for DÅ 04 2025).
std::string period_end(int year, const std::string& point);

}  // namespace styrkort::reports
