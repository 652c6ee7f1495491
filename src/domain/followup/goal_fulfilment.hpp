#pragma once
// A goal's fulfilment computed from its measures and activities (the default rule of
// docs/followup.md), and the manager's assessment that may override it.
#include <optional>
#include <string>
#include <vector>

#include "domain/followup/status.hpp"

namespace styrkort::followup {

struct StatusCounts {
    int met = 0, improving = 0, not_met = 0, no_data = 0, info_only = 0;
    void add(MeasureStatus s);
    StatusCounts& operator+=(const StatusCounts& o);
};

// Activity report statuses: not_started, in_progress, done, delayed, cancelled
// (an activity without a report for the period is passed as "").
GoalStatus goal_fulfilment(const std::vector<MeasureStatus>& measures, const std::vector<std::string>& activities);

struct GoalOutcome {
    GoalStatus computed = GoalStatus::no_status;
    GoalStatus shown = GoalStatus::no_status;  // the assessment's when there is one
};
GoalOutcome with_assessment(GoalStatus computed, std::optional<GoalStatus> assessed);

}  // namespace styrkort::followup
