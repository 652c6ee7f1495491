// The catalogue of the plan model: what a plan is made of, in the words of the glossary
// in DESIGN.md. Changing a field here changes validation, API, OpenAPI and plan file;
// the SQL schema is versioned separately (src/storage/migrations) and a test checks
// that both agree.
#include "domain/economy_model.hpp"
#include "domain/field_builders.hpp"
#include "domain/risk_model.hpp"
#include "domain/schema.hpp"

namespace styrkort {
namespace {

using FT = FieldType;

using namespace fields;

const std::vector<std::string> reporting_points = {"da04", "da08", "ar", "t1", "t2", "t3", "every_4_years"};

std::vector<Entity> build() {
    std::vector<Entity> all;
    all.push_back({.name = "organisation", .collection = "organisations", .table = "organisation",
                   .file_collection = "organisations", .ordered = false,
                   .fields = {key(), str("name", true, "Namn", "Name"),
                              choice("kind", true, {"region", "municipality", "other"}, "Typ", "Kind")},
                   .label_sv = "Organisation", .label_en = "Organisation"});
    all.push_back({.name = "unit", .collection = "units", .table = "org_unit", .file_collection = "units",
                   .fields = {key(), str("name", true, "Namn", "Name"),
                              choice("kind", true,
                                     {"assembly", "board", "committee", "director", "staff", "department",
                                      "division", "area", "unit", "other"},
                                     "Typ", "Kind"),
                              ref("parent_id", "unit", false, "Överordnad", "Parent"),
                              date("valid_from", "Gäller från", "Valid from"),
                              date("valid_to", "Gäller till", "Valid to")},
                   .label_sv = "Organisatorisk enhet", .label_en = "Org unit"});
    all.push_back({.name = "plan", .collection = "plans", .table = "plan", .file_collection = "plans",
                   .fields = {key(), str("title", true, "Titel", "Title"),
                              ref("owner_unit_id", "unit", true, "Ägare", "Owner"),
                              integer("first_year", true, 1900, 2200, "Första år", "First year"),
                              integer("last_year", true, 1900, 2200, "Sista år", "Last year"),
                              str("document_id", false, "Dokument-id", "Document id"),
                              str("version", false, "Version", "Version"),
                              choice("status", true, {"draft", "submitted", "returned", "approved", "archived"}, "Status", "Status"),
                              date("approved_date", "Godkänt datum", "Approved date"),
                              str("responsible", false, "Ansvarig", "Responsible"),
                              str("prepared_by", false, "Upprättad av", "Prepared by")},
                   .label_sv = "Plan", .label_en = "Plan"});
    all.push_back({.name = "section", .collection = "sections", .table = "plan_section",
                   .file_collection = "sections", .parent_field = "plan_id",
                   .fields = {plan_owner(), key(), str("title", true, "Rubrik", "Title"),
                              integer("level", false, 1, 4, "Rubriknivå", "Heading level"),
                              text("body", false, "Text", "Body")},
                   .label_sv = "Avsnitt", .label_en = "Section"});
    all.push_back({.name = "perspective", .collection = "perspectives", .table = "perspective",
                   .file_collection = "perspectives", .parent_field = "plan_id",
                   .fields = {plan_owner(), key(), str("name", true, "Namn", "Name"),
                              text("description", false, "Beskrivning", "Description")},
                   .label_sv = "Perspektiv", .label_en = "Perspective"});
    all.push_back({.name = "goal", .collection = "goals", .table = "goal", .file_collection = "goals",
                   .parent_field = "plan_id",
                   .fields = {plan_owner(), key(), str("text", true, "Mål", "Goal"),
                              text("description", false, "Beskrivning", "Description"),
                              ref("perspective_id", "perspective", false, "Perspektiv", "Perspective"),
                              strings("aliases", "Andra stavningar", "Other spellings")},
                   .label_sv = "Strategiskt mål", .label_en = "Strategic goal"});
    all.push_back({.name = "assignment", .collection = "assignments", .table = "assignment",
                   .file_collection = "assignments", .parent_field = "plan_id",
                   .fields = {plan_owner(), key(), str("title", true, "Uppdrag", "Assignment"),
                              text("description", false, "Beskrivning", "Description"),
                              choice("kind", true, {"directed", "special", "other"}, "Typ", "Kind"),
                              ref("given_by_id", "unit", false, "Givet av", "Given by"),
                              ref("given_to_id", "unit", false, "Givet till", "Given to"),
                              str("owner", false, "Ägare", "Owner"),
                              ref("goal_id", "goal", false, "Strategiskt mål", "Strategic goal")},
                   .label_sv = "Uppdrag", .label_en = "Assignment"});
    all.push_back({.name = "development_area", .collection = "development-areas", .table = "development_area",
                   .file_collection = "development_areas", .parent_field = "plan_id",
                   .fields = {plan_owner(), key(), str("name", true, "Namn", "Name"),
                              text("description", false, "Beskrivning", "Description"),
                              strings("priorities", "Prioriteringar", "Priorities"),
                              strings("desired_effects", "Önskade effekter", "Desired effects")},
                   .label_sv = "Utvecklingsområde", .label_en = "Development area"});
    all.push_back({.name = "mission", .collection = "missions", .table = "mission", .file_collection = "missions",
                   .parent_field = "plan_id",
                   .fields = {plan_owner(), key(),
                              ref("development_area_id", "development_area", true, "Utvecklingsområde",
                                  "Development area"),
                              ref("unit_id", "unit", true, "Enhet", "Unit"), text("text", true, "Uppdrag", "Mission")},
                   .label_sv = "Uppdrag inom utvecklingsområde", .label_en = "Mission"});
    all.push_back({.name = "success_factor", .collection = "success-factors", .table = "success_factor",
                   .file_collection = "success_factors", .parent_field = "plan_id",
                   .fields = {plan_owner(), key(), str("name", true, "Namn", "Name"),
                              text("description", false, "Beskrivning", "Description"),
                              ref("goal_id", "goal", false, "Strategiskt mål", "Strategic goal"),
                              ref("perspective_id", "perspective", false, "Perspektiv", "Perspective")},
                   .label_sv = "Framgångsfaktor", .label_en = "Success factor"});
    all.push_back({.name = "activity", .collection = "activities", .table = "activity",
                   .file_collection = "activities", .parent_field = "plan_id",
                   .fields = {plan_owner(), key(), str("name", true, "Namn", "Name"),
                              text("description", false, "Beskrivning", "Description"),
                              text("expected_effect", false, "Förväntad effekt", "Expected effect"),
                              choice("level", true, {"board", "division", "area", "unit"}, "Nivå", "Level"),
                              ref("owner_unit_id", "unit", false, "Ansvarig enhet", "Owner unit"),
                              {.name = "goal_ids", .type = FT::ref_list, .target = "goal",
                               .label_sv = "Relaterade strategiska mål", .label_en = "Related strategic goals"},
                              ref("development_area_id", "development_area", false, "Utvecklingsområde",
                                  "Development area"),
                              ref("parent_id", "activity", false, "Överordnad aktivitet", "Parent activity"),
                              date("start_date", "Start", "Start"), date("end_date", "Slut", "End"),
                              {.name = "sdgs", .type = FT::integer_list, .min = 1, .max = 17,
                               .label_sv = "Agenda 2030-mål", .label_en = "Agenda 2030 goals"}},
                   .label_sv = "Aktivitet", .label_en = "Activity"});
    all.push_back({.name = "measure", .collection = "measures", .table = "measure", .file_collection = "measures",
                   .parent_field = "plan_id",
                   .fields = {plan_owner(), key(),
                              choice("kind", true, {"steering", "control"}, "Typ", "Kind"),
                              str("number", false, "Nummer", "Number"), str("name", true, "Namn", "Name"),
                              text("description", false, "Beskrivning", "Description"),
                              str("unit", false, "Enhet", "Unit"),
                              choice("direction", false, {"increase", "decrease", "maintain", "none"},
                                     "Önskad riktning", "Desired direction"),
                              str("source", false, "Källa", "Source"),
                              {.name = "reporting_points", .type = FT::choice_list, .choices = reporting_points,
                               .label_sv = "Rapporteringstillfällen", .label_en = "Reporting points"},
                              {.name = "breakdowns", .type = FT::choice_list,
                               .choices = {"sex", "age_group", "municipality"}, .label_sv = "Uppdelning",
                               .label_en = "Breakdowns"},
                              strings("footnotes", "Fotnoter", "Footnotes"),
                              ref("goal_id", "goal", false, "Strategiskt mål", "Strategic goal"),
                              ref("success_factor_id", "success_factor", false, "Framgångsfaktor",
                                  "Success factor"),
                              ref("development_area_id", "development_area", false, "Utvecklingsområde",
                                  "Development area")},
                   .label_sv = "Mått", .label_en = "Measure"});
    all.push_back({.name = "target", .collection = "targets", .table = "measure_target",
                   .file_collection = "targets", .parent_field = "measure_id", .has_key = false,
                   .fields = {owner("measure_id", "measure", "Mått", "Measure"),
                              choice("kind", true, {"baseline", "target"}, "Typ", "Kind"),
                              integer("year", false, 1900, 2200, "År", "Year"),
                              choice("point", false, reporting_points, "Rapporteringstillfälle",
                                     "Reporting point"),
                              choice("sex", false, {"K", "M", "total"}, "Kön", "Sex"),
                              {.name = "value", .type = FT::number, .label_sv = "Värde", .label_en = "Value"},
                              choice("qualitative", false,
                                     {"increase", "decrease", "maintain", "follow", "national_level",
                                      "new_measure", "text"},
                                     "Kvalitativt värde", "Qualitative value"),
                              str("text", false, "Text som publicerad", "Text as published")},
                   .label_sv = "Ingångs- eller målvärde", .label_en = "Baseline or target"});
    add_followup_entities(all);
    add_reminder_entities(all);
    add_economy_entities(all);
    add_risk_entities(all);
    return all;
}

}  // namespace

const std::vector<std::string>& reporting_point_names() { return reporting_points; }

const std::vector<Entity>& entities() {
    static const std::vector<Entity> all = build();
    return all;
}

}  // namespace styrkort
