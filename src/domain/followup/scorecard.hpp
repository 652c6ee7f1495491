#pragma once
// The scorecard: for one org unit and one reporting period, the goals of the plans in
// force that year with the status of their measures (rolled up over the unit and
// everything under it), gender-gap flags, activity reports and assessments. Pure: the
// storage layer loads ScorecardInput, this turns it into the JSON the API returns
// (shape in docs/followup.md).
#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/followup/gender_gap.hpp"
#include "domain/followup/measure_evaluation.hpp"

namespace styrkort::followup {

using Id = std::int64_t;

struct UnitInfo {
    Id id = 0;
    std::string key, name;
    std::optional<Id> parent;
};
struct GoalInfo {
    Id id = 0;
    std::string key, title;
};
struct MeasureInfo {
    Id id = 0;
    std::string key, name, unit_of_measure;
    std::optional<Id> goal;  // directly or through its success factor
    MeasureRule rule;
};
struct ActivityInfo {
    Id id = 0;
    std::string key, name;
    std::optional<Id> owner_unit;  // null: the plan's owner (the board)
    std::vector<Id> goals;
    std::string status;   // the report for the period, "" when none
    std::string comment;
};
struct OutcomeRow {
    Id measure = 0;
    std::optional<Id> unit;  // null: the organisation as a whole, counted as the plan owner's
    int year = 0;
    std::string sex;  // "K", "M" or "total" ("" is stored for an outcome without sex: total)
    double value = 0;
};
struct AssessmentInfo {
    std::string status, analysis;
};

struct ScorecardInput {
    std::vector<UnitInfo> units;        // the whole org tree
    Id root = 0;                        // the unit asked for
    std::optional<Id> plan_owner;       // where outcomes without a unit belong
    Period period;
    std::vector<GoalInfo> goals;        // in plan order
    std::vector<MeasureInfo> measures;  // in plan order
    std::vector<ActivityInfo> activities;
    std::vector<OutcomeRow> outcomes;   // this period and the same point last year
    std::map<Id, AssessmentInfo> assessments;  // by goal, for the root unit and period
    GenderGapRule gender_gap;
};

boost::json::object build_scorecard(const ScorecardInput& in);

}  // namespace styrkort::followup
