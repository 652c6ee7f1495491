#include "storage/reminder_missing.hpp"

#include "storage/completeness_reader.hpp"

namespace styrkort::storage {
namespace {

std::string part_code(reporting::Part p) {
    switch (p) {
        case reporting::Part::activities: return "activity_reports";
        case reporting::Part::measures: return "outcomes";
        case reporting::Part::assessments: return "goal_assessments";
        case reporting::Part::report: return "followup_report";
    }
    return "followup_report";
}

}  // namespace

std::vector<MissingUnit> units_missing_parts(Connection& c, const OpenPeriod& p) {
    std::vector<MissingUnit> out;
    auto completeness = completeness_of(c, p.org, p.id, "");
    for (const auto& u : completeness.units) {
        if (u.membership == "removed" || u.nothing_to_report() || u.complete()) continue;
        MissingUnit m{u.id, u.name, {}};
        for (auto part : reporting::all_parts()) {
            auto it = u.parts.find(part);
            if (it != u.parts.end() && it->second.applies() && it->second.done < it->second.required) {
                m.parts.push_back(part_code(part));
            }
        }
        if (!m.parts.empty()) out.push_back(std::move(m));
    }
    return out;
}

MissingPartsSource missing_parts_source() { return units_missing_parts; }

}  // namespace styrkort::storage
