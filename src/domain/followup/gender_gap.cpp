#include "domain/followup/gender_gap.hpp"

#include <algorithm>
#include <cmath>

namespace styrkort::followup {
namespace {

std::optional<double> gap_of(const SexValues& v) {
    if (!v.women || !v.men) return std::nullopt;
    return std::fabs(*v.women - *v.men);
}

}  // namespace

bool GenderGapRule::is_percent(const std::string& unit_of_measure) const {
    return unit_of_measure.find('%') != std::string::npos || unit_of_measure == "procent";
}

GenderGap gender_gap(const GenderGapRule& rule, const std::string& unit_of_measure, const SexValues& now,
                     const SexValues& previous) {
    GenderGap out;
    out.gap = gap_of(now);
    if (!out.gap) return out;
    if (rule.is_percent(unit_of_measure)) {
        out.flag = *out.gap > rule.percentage_points;
    } else {
        double scale = std::max(std::fabs(*now.women), std::fabs(*now.men));
        out.flag = scale > 0 && *out.gap / scale > rule.relative;
    }
    auto before = gap_of(previous);
    // A growth within rounding noise is not growth.
    out.grows = before && *out.gap > *before + 1e-9 * std::max(1.0, *before);
    return out;
}

}  // namespace styrkort::followup
