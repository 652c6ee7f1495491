#pragma once
// A measure's status in one period, from its outcomes, targets and direction. Pure;
// the rule is written out in docs/followup.md ("Status of a measure").
#include <optional>
#include <string>
#include <vector>

#include "domain/followup/status.hpp"

namespace styrkort::followup {

// One row of the measure's targets (the "target" entity): a baseline or a target,
// numeric (value) or qualitative (increase, decrease, maintain, follow, …).
struct TargetRow {
    std::string kind;                  // "baseline" or "target"
    std::optional<int> year;
    std::optional<std::string> point;  // null: any point
    std::optional<std::string> sex;    // null: any sex
    std::optional<double> value;
    std::optional<std::string> qualitative;
};

struct MeasureRule {
    std::string direction;  // increase, decrease, maintain, none, or "" (not given)
    std::vector<TargetRow> targets;
    double maintain_tolerance = 0.05;  // "maintain": within ±5 % of the target or reference
};

// The values observed for one sex: this period and the same point a year earlier.
struct Observed {
    std::optional<double> value;
    std::optional<double> previous;
};

struct MeasureEvaluation {
    MeasureStatus status = MeasureStatus::no_data;
    std::optional<double> value;
    std::optional<double> target;     // the numeric target that applied
    std::optional<double> reference;  // what "improving" or a qualitative target compared with
};

// `sex` is "K", "M" or "total".
MeasureEvaluation evaluate_measure(const MeasureRule& rule, const Period& period, const std::string& sex,
                                   const Observed& observed);

// A measure reported for women and men but without a total is judged per sex (rates
// per sex cannot be summed or averaged into a total without the populations behind
// them): met only when both are met, not_met when either is not met, improving
// otherwise. Either sex without data (or without status) gives that status to the
// measure, since half the picture is not a judgement (docs/followup.md).
MeasureStatus combine_sexes(MeasureStatus women, MeasureStatus men);

}  // namespace styrkort::followup
