#pragma once
// Sex-disaggregated analysis (the plans require it): flag a measure where women's (K)
// and men's (M) values differ by more than a threshold, and where the gap grows
// compared with the same point last year. Rule and defaults: docs/followup.md.
#include <optional>
#include <string>

namespace styrkort::followup {

struct GenderGapRule {
    double relative = 0.10;  // |K − M| / max(|K|, |M|) above this is flagged …
    double percentage_points = 5.0;  // … except for measures in per cent: |K − M| above this

    // The threshold that applies to a measure with this unit of measure ("%", "st", "dagar" …).
    [[nodiscard]] bool is_percent(const std::string& unit_of_measure) const;
};

struct SexValues {
    std::optional<double> women;  // K
    std::optional<double> men;    // M
};

struct GenderGap {
    bool flag = false;   // the gap is above the threshold now
    bool grows = false;  // both periods have K and M, and the gap is larger now
    std::optional<double> gap;  // |K − M| now (in the measure's unit)
};

GenderGap gender_gap(const GenderGapRule& rule, const std::string& unit_of_measure, const SexValues& now,
                     const SexValues& previous);

}  // namespace styrkort::followup
