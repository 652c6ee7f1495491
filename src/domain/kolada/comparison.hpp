#pragma once
// Comparing the region's value of a Kolada KPI with the nation (0000), the other
// regions (type L) and a chosen municipality group, per period and gender; and the
// target "I nivå med riket" judged against the nation's value of the same period.
// Pure (docs/kolada.md, "Comparison"). These are processed figures: they must not name
// Kolada as their source (Kolada's terms); only the raw values do.
#include <optional>
#include <string>
#include <vector>

#include "domain/followup/status.hpp"

namespace styrkort::kolada {

struct Observation {
    std::string municipality;
    std::optional<double> value;
};

// One period and gender: the raw values going in.
struct PeriodValues {
    int period = 0;
    std::string gender;  // T, K, M
    std::optional<double> own;     // the organisation's own Kolada value
    std::optional<double> nation;  // 0000
    std::vector<Observation> regions;  // every region (type L, not 0000), the own included
    std::vector<Observation> group;    // the group's members
};

struct PeriodComparison {
    int period = 0;
    std::string gender;
    std::optional<double> own;
    std::optional<double> nation;
    std::optional<double> difference_to_nation;  // own − nation
    std::optional<int> rank;                     // 1 = best (or highest, without a direction)
    int ranked = 0;                              // regions with a value this period
    std::optional<double> percentile;            // 100 = best, 0 = worst: 100·(ranked − rank)/(ranked − 1)
    std::optional<double> regions_median;
    std::optional<double> group_mean;
    int group_count = 0;  // group members with a value
};

// direction: "increase" (higher is better), "decrease" (lower is better), anything else
// ranks by value, highest first.
PeriodComparison compare_period(const PeriodValues& in, const std::string& direction);

struct Trend {
    std::optional<double> per_year;  // least-squares slope of the own values over the periods
    std::string word;                 // rising, falling, flat (|slope| < 1 % of the mean), unknown (< 2 periods)
};
// Periods and the own value in each (those without a value are skipped).
Trend trend(const std::vector<std::pair<int, std::optional<double>>>& own_by_period);

// "I nivå med riket": met when the own value is within `tolerance` (relative, default
// 5 %) of the nation's, or better than it in the measure's direction; not_met
// otherwise; no_data when either value is missing.
followup::MeasureStatus national_level(std::optional<double> own, std::optional<double> nation,
                                       const std::string& direction, double tolerance = 0.05);

}  // namespace styrkort::kolada
