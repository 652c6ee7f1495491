// The follow-up part of the catalogue (issue 4, docs/followup.md): reporting periods,
// activity reports, outcomes (utfall) and goal assessments. Like the plan model they
// are data, so validation, storage, REST CRUD and OpenAPI come from here. They are not
// part of the plan file: a plan is written once, follow-up arrives every tertial.
#include "domain/schema.hpp"

namespace styrkort {
namespace {

using FT = FieldType;

Field field(std::string name, FT type, bool required, std::string sv, std::string en) {
    return {.name = std::move(name), .type = type, .required = required, .label_sv = std::move(sv),
            .label_en = std::move(en)};
}
Field choice(std::string name, bool required, std::vector<std::string> choices, std::string sv, std::string en) {
    auto f = field(std::move(name), FT::choice, required, std::move(sv), std::move(en));
    f.choices = std::move(choices);
    return f;
}
Field ref(std::string name, std::string target, bool required, bool owner, std::string sv, std::string en) {
    auto f = field(std::move(name), FT::ref, required, std::move(sv), std::move(en));
    f.target = std::move(target);
    f.owner = owner;
    return f;
}
Field year() {
    auto f = field("year", FT::integer, true, "År", "Year");
    f.min = 1900;
    f.max = 2200;
    return f;
}
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
                            .fields = {ref("activity_id", "activity", true, true, "Aktivitet", "Activity"), year(),
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
                            .fields = {ref("measure_id", "measure", true, true, "Mått", "Measure"),
                                       ref("unit_id", "unit", false, false, "Enhet", "Unit"), year(), point(),
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
                            .fields = {ref("goal_id", "goal", true, true, "Mål", "Goal"),
                                       ref("unit_id", "unit", true, false, "Enhet", "Unit"), year(), point(),
                                       choice("status", true, {"met", "partly_met", "not_met", "no_status"},
                                              "Bedömning", "Assessment"),
                                       field("analysis", FT::text, false, "Analys", "Analysis")},
                            .label_sv = "Bedömning av måluppfyllelse", .label_en = "Goal assessment",
                            .unique_fields = {"goal_id", "unit_id", "year", "point"}}));
}

}  // namespace styrkort
