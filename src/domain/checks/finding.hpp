#pragma once
// What `styrkort check` reports: one finding per problem, with where it is.
#include <string>

#include "domain/text.hpp"

namespace styrkort::checks {

enum class Severity { error, warning, info };

inline const char* severity_name(Severity s) {
    return s == Severity::error ? "error" : s == Severity::warning ? "warning" : "info";
}

struct Finding {
    std::string rule;      // the rule's id, documented in docs/checks.md
    Severity severity = Severity::warning;
    std::string plan;      // plan key
    std::string place;     // plan-file path of the item, e.g. "activities[12]"
    std::string item;      // the item's key or name, so a person finds it
    Text message;
};

}  // namespace styrkort::checks
