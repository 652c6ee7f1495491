#include "storage/followup_rules.hpp"

#include "domain/errors.hpp"
#include "domain/followup/breakdowns.hpp"

namespace styrkort::storage {
namespace {

followup::Breakdowns declared_by(const Record& measure) {
    std::vector<std::string> names;
    if (const auto* b = measure.if_contains("breakdowns"); b != nullptr && b->is_array()) {
        for (const auto& v : b->get_array()) {
            if (v.is_string()) names.emplace_back(v.get_string());
        }
    }
    return followup::Breakdowns::from_names(names);
}

std::optional<std::string> text_field(const Record& r, const char* name) {
    const auto* v = r.if_contains(name);
    if (v == nullptr || !v->is_string()) return std::nullopt;
    return std::string(v->get_string());
}

}  // namespace

void check_outcome_breakdowns(Connection& c, Id org, const Record& outcome) {
    const auto* measure_id = outcome.if_contains("measure_id");
    if (measure_id == nullptr || !measure_id->is_int64()) return;
    auto measure = RecordStore(c).find(entity("measure"), org, measure_id->get_int64());
    if (!measure) return;  // check_references names a missing measure
    auto violation = followup::undeclared_breakdown(
        declared_by(*measure),
        {text_field(outcome, "sex"), text_field(outcome, "age_group"), text_field(outcome, "municipality")},
        text_field(*measure, "name").value_or(""));
    if (violation) throw InputError(violation->field, violation->why, "breakdown");
}

void check_measure_keeps_breakdowns(Connection& c, Id org, Id measure, const Record& changed) {
    auto declared = declared_by(changed);
    struct Use {
        bool declared;
        const char* breakdown;
        const char* condition;
        Text name;
    };
    const Use uses[] = {{declared.sex, "sex", "sex IN ('K', 'M')", {"kön", "sex"}},
                        {declared.age_group, "age_group", "age_group IS NOT NULL", {"åldersgrupp", "age group"}},
                        {declared.municipality, "municipality", "municipality IS NOT NULL", {"kommun", "municipality"}}};
    for (const auto& u : uses) {
        if (u.declared) continue;
        auto rows = c.query(std::string("SELECT id FROM outcome WHERE org_id = ? AND measure_id = ? AND ") + u.condition +
                                " LIMIT 1",
                            {org, measure});
        if (rows.empty()) continue;
        auto id = std::to_string(as_int(rows[0][0]));
        throw InputError("breakdowns",
                         {"uppdelningen " + u.name.sv + " används av utfall " + id + "; ändra eller ta bort utfallen först",
                          "the " + u.name.en + " breakdown is used by outcome " + id + "; change or delete those outcomes first"},
                         "breakdown_in_use");
    }
}

}  // namespace styrkort::storage
