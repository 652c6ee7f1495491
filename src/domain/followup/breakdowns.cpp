#include "domain/followup/breakdowns.hpp"

namespace styrkort::followup {

Breakdowns Breakdowns::from_names(const std::vector<std::string>& names) {
    Breakdowns b;
    for (const auto& n : names) {
        if (n == "sex") b.sex = true;
        if (n == "age_group") b.age_group = true;
        if (n == "municipality") b.municipality = true;
    }
    return b;
}

std::optional<BreakdownViolation> undeclared_breakdown(const Breakdowns& declared, const OutcomeBreakdown& outcome,
                                                       const std::string& measure_name) {
    const std::string m = "'" + measure_name + "'";
    if (outcome.sex && *outcome.sex != "total" && !declared.sex) {
        return BreakdownViolation{
            "sex",
            {"måttet " + m + " redovisas inte per kön (uppdelningen kön är inte angiven för måttet); ange totalt eller "
                 "inget kön, eller lägg till uppdelningen på måttet",
             "the measure " + m + " is not reported by sex (the measure does not declare the sex breakdown); give "
                 "total or no sex, or add the breakdown to the measure"}};
    }
    if (outcome.age_group && !declared.age_group) {
        return BreakdownViolation{
            "age_group",
            {"måttet " + m + " redovisas inte per åldersgrupp (uppdelningen åldersgrupp är inte angiven för måttet)",
             "the measure " + m + " is not reported by age group (the measure does not declare the age group breakdown)"}};
    }
    if (outcome.municipality && !declared.municipality) {
        return BreakdownViolation{
            "municipality",
            {"måttet " + m + " redovisas inte per kommun (uppdelningen kommun är inte angiven för måttet)",
             "the measure " + m + " is not reported by municipality (the measure does not declare the municipality "
                 "breakdown)"}};
    }
    return std::nullopt;
}

}  // namespace styrkort::followup
