// Risk assessment (riskbedömning) and internal control (internkontroll) as data. The
// matrix settings, risks, internal control plans, control points and the actions that
// risks lead to are plan content (in the plan file, flat under the plan so that keys
// resolve); control results are follow-up per reporting point, and deviation actions
// are followed until closed across periods. Both of the latter stay out of the plan file.
#include "domain/field_builders.hpp"
#include "domain/risk_model.hpp"

namespace styrkort {
namespace {

using FT = FieldType;

using namespace fields;

Entity plan_item(std::string name, std::string collection, std::string file, std::vector<Field> fields,
                 std::string sv, std::string en) {
    std::vector<Field> all{plan_owner(), key()};
    for (auto& f : fields) all.push_back(std::move(f));
    std::string table = name;
    return {.name = std::move(name), .collection = std::move(collection), .table = std::move(table),
            .file_collection = std::move(file), .parent_field = "plan_id", .fields = std::move(all),
            .label_sv = std::move(sv), .label_en = std::move(en)};
}

Field scale(std::string name, bool required, std::string sv, std::string en) {
    return integer(std::move(name), required, 1, 4, std::move(sv), std::move(en));
}

// Shipped examples say so in the data: "example" is shown as "Exempel" and is never
// presented as an organisation's decision (docs/risk.md).
Field origin() {
    auto f = choice("origin", false, {"own", "example"}, "Ursprung", "Origin");
    f.default_value = "own";
    return f;
}

}  // namespace

void add_risk_entities(std::vector<Entity>& all) {
    auto matrix = plan_item(
        "risk_matrix", "risk-matrices", "risk_matrices",
        {str("title", true, "Rubrik", "Title"),
         strings("probability_labels", "Sannolikhet, steg 1–4", "Probability, steps 1–4"),
         strings("consequence_labels", "Konsekvens, steg 1–4", "Consequence, steps 1–4"),
         integer("action_threshold", true, 1, 16, "Åtgärd krävs från värde", "Action required from value"),
         str("below_label", false, "Under tröskeln", "Below the threshold"),
         str("at_or_above_label", false, "Vid och över tröskeln", "At or above the threshold"), origin(),
         text("note", false, "Anmärkning", "Note")},
        "Riskmatris", "Risk matrix");
    all.push_back(std::move(matrix));

    auto risk = plan_item(
        "risk", "risks", "risks",
        {str("title", true, "Risk", "Risk"), text("description", false, "Beskrivning", "Description"),
         text("cause", false, "Orsak", "Cause"),
         ref("goal_id", "goal", false, "Strategiskt mål", "Strategic goal"),
         ref("success_factor_id", "success_factor", false, "Framgångsfaktor", "Success factor"),
         ref("development_area_id", "development_area", false, "Utvecklingsområde", "Development area"),
         ref("activity_id", "activity", false, "Aktivitet", "Activity"),
         str("process", false, "Process eller rutin", "Process or routine"),
         str("category", false, "Kategori", "Category"),
         ref("owner_unit_id", "unit", false, "Ansvarig enhet", "Owner unit"),
         scale("probability", true, "Sannolikhet", "Probability"),
         scale("consequence", true, "Konsekvens", "Consequence"),
         date("assessed_date", "Bedömd datum", "Assessed on"), str("assessed_by", false, "Bedömd av", "Assessed by"),
         scale("residual_probability", false, "Sannolikhet efter åtgärder", "Probability after actions"),
         scale("residual_consequence", false, "Konsekvens efter åtgärder", "Consequence after actions"), origin()},
        "Risk", "Risk");
    all.push_back(std::move(risk));

    auto plan = plan_item("internal_control_plan", "internal-control-plans", "internal_control_plans",
                          {year(), str("title", true, "Rubrik", "Title"),
                           ref("owner_unit_id", "unit", false, "Ansvarig enhet", "Owner unit"),
                           date("decided_date", "Beslutad datum", "Decided on"),
                           str("decided_by", false, "Beslutad av", "Decided by"), origin(),
                           text("note", false, "Anmärkning", "Note")},
                          "Internkontrollplan", "Internal control plan");
    all.push_back(std::move(plan));

    auto point = plan_item(
        "control_point", "control-points", "control_points",
        {ref("internal_control_plan_id", "internal_control_plan", true, "Internkontrollplan", "Internal control plan"),
         str("process", true, "Rutin eller process", "Routine or process"),
         ref("risk_id", "risk", false, "Risk som hanteras", "Risk addressed"),
         text("control_step", true, "Kontrollmoment", "Control step"),
         str("method", false, "Metod", "Method"), str("frequency", false, "Frekvens", "Frequency"),
         ref("unit_id", "unit", false, "Utförande enhet", "Performing unit"),
         str("performer", false, "Utförs av", "Performed by"),
         str("performer_user", false, "Rapporteras av (användare)", "Reported by (user)"),
         {.name = "reporting_points", .type = FT::choice_list, .choices = reporting_point_names(),
          .label_sv = "Rapporteras", .label_en = "Reported at"},
         str("report_to", false, "Rapporteras till", "Reported to"), origin()},
        "Kontrollpunkt", "Control point");
    all.push_back(std::move(point));

    auto action = plan_item(
        "risk_action", "risk-actions", "risk_actions",
        {ref("risk_id", "risk", true, "Risk", "Risk"),
         choice("kind", true, {"activity", "assignment", "control_point"}, "Typ av åtgärd", "Kind of action"),
         ref("activity_id", "activity", false, "Aktivitet", "Activity"),
         ref("assignment_id", "assignment", false, "Uppdrag", "Assignment"),
         ref("control_point_id", "control_point", false, "Kontrollpunkt", "Control point"),
         text("description", false, "Beskrivning", "Description")},
        "Riskåtgärd", "Risk action");
    all.push_back(std::move(action));

    all.push_back({.name = "control_result", .collection = "control-results", .table = "control_result",
                   .file_collection = "control_results", .parent_field = "control_point_id", .has_key = false,
                   .ordered = false,
                   .fields = {owner("control_point_id", "control_point", "Kontrollpunkt", "Control point"), year(),
                              choice("point", true, reporting_point_names(), "Rapporteringstillfälle",
                                     "Reporting point"),
                              choice("performed", true, {"not_done", "done"}, "Genomförd", "Performed"),
                              choice("outcome", false, {"no_deviation", "deviation"}, "Resultat", "Outcome"),
                              text("comment", false, "Kommentar", "Comment"),
                              str("reported_by", false, "Rapporterad av", "Reported by")},
                   .label_sv = "Kontrollresultat", .label_en = "Control result",
                   .unique_fields = {"control_point_id", "year", "point"}, .period_bound = true,
                   .in_plan_file = false});
    auto state = choice("action_status", true, {"open", "in_progress", "closed"}, "Status", "Status");
    all.push_back({.name = "deviation_action", .collection = "deviation-actions", .table = "deviation_action",
                   .file_collection = "deviation_actions", .parent_field = "control_result_id", .has_key = false,
                   .ordered = false,
                   .fields = {owner("control_result_id", "control_result", "Kontrollresultat", "Control result"),
                              text("description", true, "Åtgärd", "Action"),
                              str("responsible", true, "Ansvarig", "Responsible"),
                              ref("owner_unit_id", "unit", false, "Ansvarig enhet", "Owner unit"),
                              date("due_date", "Klart senast", "Due date"), state,
                              date("closed_date", "Stängd datum", "Closed on"),
                              text("comment", false, "Kommentar", "Comment")},
                   .label_sv = "Åtgärd vid avvikelse", .label_en = "Deviation action",
                   .in_plan_file = false});
}

}  // namespace styrkort
