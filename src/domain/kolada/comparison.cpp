#include "domain/kolada/comparison.hpp"

#include <algorithm>
#include <cmath>

namespace styrkort::kolada {
namespace {

bool nearly_equal(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)}); }

std::optional<double> median(std::vector<double> v) {
    if (v.empty()) return std::nullopt;
    std::sort(v.begin(), v.end());
    auto n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

PeriodComparison compare_period(const PeriodValues& in, const std::string& direction) {
    PeriodComparison out;
    out.period = in.period;
    out.gender = in.gender;
    out.own = in.own;
    out.nation = in.nation;
    if (in.own && in.nation) out.difference_to_nation = *in.own - *in.nation;

    std::vector<double> regions;
    for (const auto& r : in.regions) {
        if (r.value) regions.push_back(*r.value);
    }
    out.ranked = static_cast<int>(regions.size());
    out.regions_median = median(regions);
    if (in.own && !regions.empty()) {
        bool lower_better = direction == "decrease";
        // Rank = 1 + the regions strictly better; ties share the better rank.
        int better = 0;
        for (double v : regions) {
            if (nearly_equal(v, *in.own)) continue;
            if (lower_better ? v < *in.own : v > *in.own) ++better;
        }
        out.rank = better + 1;
        out.percentile = out.ranked > 1 ? 100.0 * (out.ranked - *out.rank) / (out.ranked - 1) : 100.0;
    }
    double sum = 0;
    for (const auto& g : in.group) {
        if (!g.value) continue;
        sum += *g.value;
        ++out.group_count;
    }
    if (out.group_count > 0) out.group_mean = sum / out.group_count;
    return out;
}

Trend trend(const std::vector<std::pair<int, std::optional<double>>>& own_by_period) {
    std::vector<std::pair<double, double>> points;
    for (const auto& [period, value] : own_by_period) {
        if (value) points.emplace_back(period, *value);
    }
    Trend t;
    if (points.size() < 2) {
        t.word = "unknown";
        return t;
    }
    double n = static_cast<double>(points.size()), sx = 0, sy = 0;
    for (const auto& [x, y] : points) {
        sx += x;
        sy += y;
    }
    double mx = sx / n, my = sy / n, sxx = 0, sxy = 0;
    for (const auto& [x, y] : points) {
        sxx += (x - mx) * (x - mx);
        sxy += (x - mx) * (y - my);
    }
    if (sxx == 0) {  // every value in one period: no change over time to speak of
        t.word = "unknown";
        return t;
    }
    t.per_year = sxy / sxx;
    double scale = 0;
    for (const auto& p : points) scale += std::fabs(p.second);
    scale /= n;
    if (std::fabs(*t.per_year) < 0.01 * scale || *t.per_year == 0) {
        t.word = "flat";
    } else {
        t.word = *t.per_year > 0 ? "rising" : "falling";
    }
    return t;
}

followup::MeasureStatus national_level(std::optional<double> own, std::optional<double> nation,
                                       const std::string& direction, double tolerance) {
    using followup::MeasureStatus;
    if (!own || !nation) return MeasureStatus::no_data;
    double o = *own, n = *nation;
    if (nearly_equal(o, n) || std::fabs(o - n) <= tolerance * std::fabs(n)) return MeasureStatus::met;
    if (direction == "increase" && o > n) return MeasureStatus::met;
    if (direction == "decrease" && o < n) return MeasureStatus::met;
    return MeasureStatus::not_met;
}

}  // namespace styrkort::kolada
