#include "domain/followup/measure_evaluation.hpp"

#include <algorithm>
#include <cmath>

namespace styrkort::followup {
namespace {

// How well a target row fits the period and sex: -1 = not at all; higher = more exact.
// A row for the exact point beats one for any point; the exact sex beats any sex.
int fit(const TargetRow& t, const std::string& point, const std::string& sex) {
    if (t.point && *t.point != point) return -1;
    if (t.sex && *t.sex != sex) return -1;
    return (t.point ? 2 : 0) + (t.sex ? 1 : 0);
}

// The best-fitting row of a kind: the latest year not after `year` (year-less rows count
// as applying to every year but lose to a row with a year), then the most exact fit.
const TargetRow* best_row(const std::vector<TargetRow>& rows, const std::string& kind, int year,
                          const std::string& point, const std::string& sex, bool numeric, bool before_year) {
    const TargetRow* best = nullptr;
    long best_score = -1;
    for (const auto& t : rows) {
        if (t.kind != kind || (numeric && !t.value) || (!numeric && !t.qualitative)) continue;
        if (t.year && (before_year ? *t.year >= year : *t.year > year)) continue;
        int f = fit(t, point, sex);
        if (f < 0) continue;
        long score = (t.year ? static_cast<long>(*t.year) + 1 : 0) * 10 + f;
        if (score > best_score) {
            best = &t;
            best_score = score;
        }
    }
    return best;
}

bool nearly_equal(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)}); }

bool within(double v, double reference, double tolerance) {
    return std::fabs(v - reference) <= tolerance * std::max(std::fabs(reference), 1e-12) || nearly_equal(v, reference);
}

}  // namespace

MeasureEvaluation evaluate_measure(const MeasureRule& rule, const Period& period, const std::string& sex,
                                   const Observed& observed) {
    MeasureEvaluation out;
    out.value = observed.value;
    const auto& point = period.point;
    const TargetRow* numeric = best_row(rule.targets, "target", period.year, point, sex, true, false);
    const TargetRow* qualitative = best_row(rule.targets, "target", period.year, point, sex, false, false);
    // A numeric target for the year beats a qualitative one from an earlier year.
    if (numeric && qualitative && qualitative->year.value_or(0) > numeric->year.value_or(0)) numeric = nullptr;
    if (numeric && qualitative && numeric->year.value_or(0) >= qualitative->year.value_or(0)) qualitative = nullptr;

    // The reference: the same point last year; failing that, the baseline.
    std::optional<double> reference = observed.previous;
    if (!reference) {
        if (const auto* b = best_row(rule.targets, "baseline", period.year, point, sex, true, true)) reference = b->value;
    }
    if (!reference) {
        if (const auto* b = best_row(rule.targets, "baseline", period.year, point, sex, true, false)) reference = b->value;
    }

    std::string q = qualitative ? *qualitative->qualitative : std::string{};
    if (rule.direction == "none" || q == "follow" || q == "national_level" || q == "text" || q == "new_measure") {
        out.status = MeasureStatus::info_only;
        return out;
    }
    if (!numeric && q.empty() && rule.direction != "increase" && rule.direction != "decrease" &&
        rule.direction != "maintain") {
        out.status = MeasureStatus::info_only;  // nothing to judge against
        return out;
    }
    if (!observed.value) {
        out.status = MeasureStatus::no_data;
        if (numeric) out.target = numeric->value;
        return out;
    }
    double v = *observed.value;

    if (numeric) {
        double t = *numeric->value;
        out.target = t;
        out.reference = reference;
        std::string direction = rule.direction;
        if (direction.empty() || direction == "none") direction = reference && *reference > t ? "decrease" : "increase";
        if (direction == "maintain") {
            out.status = within(v, t, rule.maintain_tolerance) ? MeasureStatus::met : MeasureStatus::not_met;
            return out;
        }
        bool up = direction == "increase";
        if (nearly_equal(v, t) || (up ? v > t : v < t)) {
            out.status = MeasureStatus::met;
        } else if (reference && !nearly_equal(v, *reference) && (up ? v > *reference : v < *reference)) {
            out.status = MeasureStatus::improving;
        } else {
            out.status = MeasureStatus::not_met;
        }
        return out;
    }

    // Qualitative (Öka / Minska / Bibehålla) or only a direction: judged against the reference.
    std::string direction = q.empty() ? rule.direction : q;
    out.reference = reference;
    if (!reference) {
        out.status = MeasureStatus::no_data;  // nothing to compare with yet
        return out;
    }
    if (direction == "maintain") {
        out.status = within(v, *reference, rule.maintain_tolerance) ? MeasureStatus::met : MeasureStatus::not_met;
    } else {
        bool up = direction == "increase";
        bool better = !nearly_equal(v, *reference) && (up ? v > *reference : v < *reference);
        out.status = better ? MeasureStatus::met : MeasureStatus::not_met;
    }
    return out;
}

MeasureStatus combine_sexes(MeasureStatus women, MeasureStatus men) {
    using S = MeasureStatus;
    for (S s : {S::info_only, S::no_data, S::not_met}) {
        if (women == s || men == s) return s;
    }
    if (women == S::met && men == S::met) return S::met;
    return S::improving;
}

}  // namespace styrkort::followup
