#include "reports/plan_parts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace styrkort::reports {

namespace json = boost::json;

const std::vector<PlanPart>& plan_parts() {
    static const std::vector<PlanPart> parts = {
        {"goals", goal_parts},
        {"measures", measure_parts},
        // The risk matrix, risk register and internal control plan: after the plan's
        // risk section ("Bilaga 2: Regionstyrelsens riskbedömning …"), else own chapters.
        {"risk", risk_parts},
        {"economy", economy_parts},
        {"divisions", division_parts},
    };
    return parts;
}

const json::object* find_keyed(const json::array& list, const std::string& key) {
    for (const auto& v : list) {
        if (v.is_object() && checks::text_of(v.get_object(), "key") == key) return &v.get_object();
    }
    return nullptr;
}

namespace {
// A section whose `field` equals one of `values`.
std::function<bool(const json::object&)> section_where(const char* field, std::vector<std::string> values) {
    return [field, values = std::move(values)](const json::object& s) {
        return std::find(values.begin(), values.end(), checks::text_of(s, field)) != values.end();
    };
}
}  // namespace

std::function<bool(const json::object&)> section_with_key(std::vector<std::string> keys) {
    return section_where("key", std::move(keys));
}
std::function<bool(const json::object&)> section_titled(std::vector<std::string> titles) {
    return section_where("title", std::move(titles));
}

std::string number_text(double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.4f", std::fabs(value));
    std::string digits(buffer);
    auto dot = digits.find('.');
    std::string whole = digits.substr(0, dot), fraction = digits.substr(dot + 1);
    while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
    std::string grouped;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ' ';
        grouped += whole[i];
    }
    std::string out = (value < 0 && (whole != "0" || !fraction.empty()) ? "-" : "") + grouped;
    if (!fraction.empty()) out += "," + fraction;
    return out;
}

}  // namespace styrkort::reports
