#pragma once
// The breakdowns a measure is reported by (sex K/M, age group, municipality) and the
// rule that an outcome may use only those: a measure not declared to be reported by
// sex gets totals only, one not broken down by municipality gets no municipality.
// Pure; REST, CLI and the CSV import all ask this one function (docs/followup.md).
#include <optional>
#include <string>
#include <vector>

#include "domain/text.hpp"

namespace styrkort::followup {

struct Breakdowns {
    bool sex = false;
    bool age_group = false;
    bool municipality = false;

    // From the measure's `breakdowns` field: "sex", "age_group", "municipality".
    static Breakdowns from_names(const std::vector<std::string>& names);
};

// The breakdown one outcome is given with; empty optionals mean "not broken down".
struct OutcomeBreakdown {
    std::optional<std::string> sex;  // "K", "M" or "total"
    std::optional<std::string> age_group;
    std::optional<std::string> municipality;
};

struct BreakdownViolation {
    std::string field;  // the outcome's field: sex, age_group or municipality
    Text why;
};

// The first breakdown the outcome uses that the measure does not declare, if any.
// `total` (or no sex) is always allowed: it is what a measure without a sex breakdown reports.
std::optional<BreakdownViolation> undeclared_breakdown(const Breakdowns& declared, const OutcomeBreakdown& outcome,
                                                       const std::string& measure_name);

}  // namespace styrkort::followup
