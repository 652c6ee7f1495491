#include "domain/economy/rules.hpp"

#include <algorithm>
#include <cstdlib>

namespace styrkort::economy {

std::optional<std::string> deciding_level(const std::vector<DelegationRule>& rules, const std::string& frame_type,
                                          long long amount) {
    for (const auto& r : rules) {
        bool type_applies = r.frame_types.empty() ||
                            std::find(r.frame_types.begin(), r.frame_types.end(), frame_type) != r.frame_types.end();
        if (type_applies && amount > r.over_amount) return r.decided_by;
    }
    return std::nullopt;
}

namespace {
// a / b rounded to the nearest integer, halves away from zero (b > 0).
long long divide_rounded(long long a, long long b) {
    long long q = a / b;
    long long r = a % b;
    if (2 * std::llabs(r) >= b) q += a < 0 ? -1 : 1;
    return q;
}
}  // namespace

long long art_share(long long building_cost) { return divide_rounded(building_cost, 100); }

Deviation deviation(long long budget, long long value) {
    Deviation d{.kronor = value - budget};
    if (budget != 0) d.per_mille = divide_rounded(d.kronor * 1000, std::llabs(budget));
    return d;
}

std::optional<long long> closing_frame(const FrameColumns& f) {
    std::optional<long long> sum;
    for (const auto& v : {f.opening, f.wage_price_index, f.increase, f.reduction, f.reallocation}) {
        if (v) sum = sum.value_or(0) + *v;
    }
    return sum;
}

}  // namespace styrkort::economy
