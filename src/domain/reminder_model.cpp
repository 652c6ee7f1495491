// The reminder rules of a reporting period (docs/reporting-round.md "Påminnelser"): a
// record of the catalogue like any other, so that the API (CRUD, OpenAPI, audit,
// row_version), the CLI (`styrkort create reminder-rules …`) and access come with it.
// Not part of the plan file: they belong to the organisation's reporting round.
#include "domain/field_builders.hpp"
#include "domain/schema.hpp"

namespace styrkort {

void add_reminder_entities(std::vector<Entity>& all) {
    using namespace fields;
    all.push_back({.name = "reminder_rule", .collection = "reminder-rules", .table = "reminder_rule",
                   .file_collection = "reminder_rules", .parent_field = "period_id", .has_key = false,
                   .ordered = false,
                   .fields = {owner("period_id", "reporting_period", "Rapporteringsperiod", "Reporting period"),
                              choice("kind", true, {"on_return", "before_deadline", "after_deadline"}, "När",
                                     "When"),
                              integer("days", false, 0, 366, "Antal dagar", "Number of days"),
                              text("note", false, "Anmärkning", "Note")},
                   .label_sv = "Påminnelseregel", .label_en = "Reminder rule", .in_plan_file = false});
}

}  // namespace styrkort
