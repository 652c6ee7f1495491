#include "domain/followup/goal_fulfilment.hpp"

namespace styrkort::followup {

void StatusCounts::add(MeasureStatus s) {
    switch (s) {
        case MeasureStatus::met: ++met; break;
        case MeasureStatus::improving: ++improving; break;
        case MeasureStatus::not_met: ++not_met; break;
        case MeasureStatus::no_data: ++no_data; break;
        case MeasureStatus::info_only: ++info_only; break;
    }
}

StatusCounts& StatusCounts::operator+=(const StatusCounts& o) {
    met += o.met;
    improving += o.improving;
    not_met += o.not_met;
    no_data += o.no_data;
    info_only += o.info_only;
    return *this;
}

GoalStatus goal_fulfilment(const std::vector<MeasureStatus>& measures, const std::vector<std::string>& activities) {
    int met = 0, improving = 0, not_met = 0;
    for (auto s : measures) {
        if (s == MeasureStatus::met) ++met;
        if (s == MeasureStatus::improving) ++improving;
        if (s == MeasureStatus::not_met) ++not_met;
    }
    int done = 0, delayed = 0, reported = 0;
    for (const auto& a : activities) {
        if (a.empty() || a == "cancelled") continue;  // no report, or no longer part of the goal
        ++reported;
        if (a == "done") ++done;
        if (a == "delayed") ++delayed;
    }
    int judged = met + improving + not_met;
    if (judged == 0 && reported == 0) return GoalStatus::no_status;
    if (judged > 0) {
        if (met == judged && delayed == 0) return GoalStatus::met;
        if (met + improving == 0) return GoalStatus::not_met;
        return GoalStatus::partly_met;
    }
    // Only activities speak for the goal.
    if (done == reported) return GoalStatus::met;
    if (delayed == reported) return GoalStatus::not_met;
    return GoalStatus::partly_met;
}

GoalOutcome with_assessment(GoalStatus computed, std::optional<GoalStatus> assessed) {
    return {computed, assessed.value_or(computed)};
}

}  // namespace styrkort::followup
