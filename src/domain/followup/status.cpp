#include "domain/followup/status.hpp"

namespace styrkort::followup {

std::string_view name_of(MeasureStatus s) {
    switch (s) {
        case MeasureStatus::met: return "met";
        case MeasureStatus::improving: return "improving";
        case MeasureStatus::not_met: return "not_met";
        case MeasureStatus::no_data: return "no_data";
        case MeasureStatus::info_only: return "info_only";
    }
    return "no_data";
}

std::string_view name_of(GoalStatus s) {
    switch (s) {
        case GoalStatus::met: return "met";
        case GoalStatus::partly_met: return "partly_met";
        case GoalStatus::not_met: return "not_met";
        case GoalStatus::no_status: return "no_status";
    }
    return "no_status";
}

std::optional<GoalStatus> goal_status_from(std::string_view name) {
    for (auto s : {GoalStatus::met, GoalStatus::partly_met, GoalStatus::not_met, GoalStatus::no_status}) {
        if (name_of(s) == name) return s;
    }
    return std::nullopt;
}

}  // namespace styrkort::followup
