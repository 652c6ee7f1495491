#pragma once
// Pure economy rules of the plans: who decides an investment (delegationsordning), the
// art share of new construction, and the deviation of a budget follow-up.
#include <optional>
#include <string>
#include <vector>

namespace styrkort::economy {

// "Regionstyrelsen beslutar om investering i inventarier över 2 mnkr per objekt":
// a rule decides requests of its frame types (none = every type) whose amount is above
// over_amount kronor. Rules are tried in order; the first that applies decides.
struct DelegationRule {
    std::vector<std::string> frame_types;
    long long over_amount = 0;
    std::string decided_by;
};

// The deciding level of one request, or nothing when no rule applies (then the plan's
// "gällande delegationsordning" below the rules decides).
std::optional<std::string> deciding_level(const std::vector<DelegationRule>& rules, const std::string& frame_type,
                                          long long amount);

// "Vid ny- och omfattande om- och tillbyggnation ... avsätts en procent av den totala
// byggkostnaden till konstnärlig gestaltning": 1 % of the cost, to the nearest krona
// (halves away from zero).
long long art_share(long long building_cost);

// Outcome or forecast against budget: deviation in kronor (positive = better than budget
// for a cost budget written as a negative number, i.e. value - budget) and in tenths of a
// per cent of the budget's magnitude, rounded half away from zero; no per cent for a zero budget.
struct Deviation {
    long long kronor = 0;
    std::optional<long long> per_mille;
};
Deviation deviation(long long budget, long long value);

// The closing frame (UB) of a net cost frame line: opening (IB) + wage and price index
// + increase + reduction + reallocation, each as the frame table signs it; an empty
// column counts as zero. Nothing when every column is empty.
struct FrameColumns {
    std::optional<long long> opening, wage_price_index, increase, reduction, reallocation;
};
std::optional<long long> closing_frame(const FrameColumns& f);

}  // namespace styrkort::economy
