#pragma once
// The statuses of follow-up (docs/followup.md) and the period they are evaluated for.
#include <optional>
#include <string>
#include <string_view>

namespace styrkort::followup {

// A measure's status in one period.
enum class MeasureStatus { met, improving, not_met, no_data, info_only };
// A goal's fulfilment: the vocabulary of a manager's assessment, computed or given.
enum class GoalStatus { met, partly_met, not_met, no_status };

std::string_view name_of(MeasureStatus s);
std::string_view name_of(GoalStatus s);
std::optional<GoalStatus> goal_status_from(std::string_view name);

// One reporting point of one year, e.g. {2025, "da04"}.
struct Period {
    int year = 0;
    std::string point;
    // The same point one year earlier: what "improving" and "the gap grows" compare with,
    // since DÅ 04 and DÅ 08 are cumulative and only comparable with themselves.
    [[nodiscard]] Period previous() const { return {year - 1, point}; }
};

}  // namespace styrkort::followup
