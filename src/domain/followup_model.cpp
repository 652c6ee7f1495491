// The follow-up part of the catalogue (issue 4, docs/followup.md): reporting periods,
// activity reports, outcomes (utfall) and goal assessments. Like the plan model they
// are data, so validation, storage, REST CRUD and OpenAPI come from here. They are not
// part of the plan file: a plan is written once, follow-up arrives every tertial.
#include "domain/field_builders.hpp"
#include "domain/schema.hpp"

namespace styrkort {
namespace {

using FT = FieldType;

using namespace fields;

Field point() {
    return choice("point", true, reporting_point_names(), "Rapporteringstillfälle", "Reporting point");
}

Entity followup(Entity e) {
    e.has_key = false;
    e.ordered = false;
    e.period_bound = true;
    e.in_plan_file = false;
    return e;
}

}  // namespace

void add_followup_entities(std::vector<Entity>& all) {
    all.push_back({.name = "reporting_period", .collection = "reporting-periods", .table = "reporting_period",
                   .file_collection = "reporting_periods", .has_key = false, .ordered = false,
                   .fields = {year(), point(),
                              choice("status", true, {"open", "closed"}, "Status", "Status"),
                              field("deadline", FT::date, false, "Sista dag", "Deadline"),
                              field("note", FT::text, false, "Anmärkning", "Note")},
                   .label_sv = "Rapporteringsperiod", .label_en = "Reporting period",
                   .unique_fields = {"year", "point"}, .in_plan_file = false});
    all.push_back(followup({.name = "activity_report", .collection = "activity-reports", .table = "activity_report",
                            .file_collection = "activity_reports", .parent_field = "activity_id",
                            .fields = {owner("activity_id", "activity", "Aktivitet", "Activity"), year(),
                                       point(),
                                       choice("status", true,
                                              {"not_started", "in_progress", "done", "delayed", "cancelled"},
                                              "Status", "Status"),
                                       field("comment", FT::text, false, "Kommentar", "Comment")},
                            .label_sv = "Aktivitetsrapport", .label_en = "Activity report",
                            .unique_fields = {"activity_id", "year", "point"}}));
    auto status = choice("status", false, {"preliminary", "final"}, "Status", "Status");
    status.default_value = "preliminary";
    all.push_back(followup({.name = "outcome", .collection = "outcomes", .table = "outcome",
                            .file_collection = "outcomes", .parent_field = "measure_id",
                            .fields = {owner("measure_id", "measure", "Mått", "Measure"),
                                       ref("unit_id", "unit", false, "Enhet", "Unit"), year(), point(),
                                       choice("sex", false, {"K", "M", "total"}, "Kön", "Sex"),
                                       field("age_group", FT::string, false, "Åldersgrupp", "Age group"),
                                       field("municipality", FT::string, false, "Kommun", "Municipality"),
                                       field("value", FT::number, true, "Utfall", "Value"), status,
                                       field("source", FT::string, false, "Källa", "Source"),
                                       field("note", FT::text, false, "Anmärkning", "Note")},
                            .label_sv = "Utfall", .label_en = "Outcome",
                            .unique_fields = {"measure_id", "unit_id", "year", "point", "sex", "age_group",
                                              "municipality"}}));
    all.push_back(followup({.name = "goal_assessment", .collection = "goal-assessments", .table = "goal_assessment",
                            .file_collection = "goal_assessments", .parent_field = "goal_id",
                            .fields = {owner("goal_id", "goal", "Mål", "Goal"),
                                       ref("unit_id", "unit", true, "Enhet", "Unit"), year(), point(),
                                       choice("status", true, {"met", "partly_met", "not_met", "no_status"},
                                              "Bedömning", "Assessment"),
                                       field("analysis", FT::text, false, "Analys", "Analysis")},
                            .label_sv = "Bedömning av måluppfyllelse", .label_en = "Goal assessment",
                            .unique_fields = {"goal_id", "unit_id", "year", "point"}}));
}

}  // namespace styrkort
