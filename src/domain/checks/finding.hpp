#pragma once
// What `styrkort check` reports: one finding per problem, with where it is.
#include <optional>
#include <string>

#include "domain/text.hpp"

namespace styrkort::checks {

enum class Severity { error, warning, info };

inline const char* severity_name(Severity s) {
    return s == Severity::error ? "error" : s == Severity::warning ? "warning" : "info";
}

// The two amounts an economy finding compares, in whole kronor, and the published
// unit and precision of the table they come from (for display and the rounding verdict).
struct Comparison {
    long long stated = 0;
    long long computed = 0;
    std::string unit;  // kr, tkr, mnkr
    int decimals = 0;
    bool explained_by_rounding = false;
};

struct Finding {
    std::string rule;      // the rule's id, documented in docs/checks.md
    Severity severity = Severity::warning;
    std::string plan;      // plan key
    std::string place;     // plan-file path of the item, e.g. "activities[12]"
    std::string item;      // the item's key or name, so a person finds it
    Text message;
    std::optional<Comparison> comparison;  // economy rules that compare two amounts
};

}  // namespace styrkort::checks
