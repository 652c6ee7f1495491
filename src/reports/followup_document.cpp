#include "reports/followup_document.hpp"

#include <map>

#include "domain/checks/plan_access.hpp"
#include "domain/checks/rules.hpp"
#include "domain/economy/amounts.hpp"
#include "domain/economy/rules.hpp"
#include "reports/plan_parts.hpp"

namespace styrkort::reports {
namespace {

namespace json = boost::json;
using checks::items;
using checks::text_of;

std::string word(const std::string& code) {
    static const std::map<std::string, std::string> w = {
        {"met", "Uppfyllt"}, {"partly_met", "Delvis uppfyllt"}, {"not_met", "Ej uppfyllt"},
        {"no_status", "Kan inte bedömas"}, {"improving", "På väg"}, {"no_data", "Uppgift saknas"},
        {"info_only", "Endast information"}, {"not_started", "Ej påbörjad"}, {"in_progress", "Pågår"},
        {"done", "Klar"}, {"delayed", "Försenad"}, {"cancelled", "Avbruten"},
        {"da04", "DÅ 04"}, {"da08", "DÅ 08"}, {"ar", "ÅR"},
        {"draft", "Utkast"}, {"submitted", "Inlämnad"}, {"returned", "Återsänd"}, {"approved", "Godkänd"},
        {"no_deviation", "Ingen avvikelse"}, {"deviation", "Avvikelse"}, {"open", "Öppen"}, {"closed", "Stängd"}};
    auto it = w.find(code);
    return it == w.end() ? code : it->second;
}

std::string text(const json::object& o, const char* name) {
    const auto* v = o.if_contains(name);
    if (v == nullptr || v->is_null()) return "";
    if (v->is_string()) return std::string(v->get_string());
    if (v->is_number()) return number_text(v->to_number<double>());
    return "";
}
std::string value_text(const json::value* v, const std::string& unit) {
    if (v == nullptr || !v->is_number()) return "–";
    return number_text(v->to_number<double>()) + (unit.empty() ? "" : unit == "%" ? " %" : " " + unit);
}
const json::object* object_at(const json::object& o, const char* name) {
    const auto* v = o.if_contains(name);
    return v != nullptr && v->is_object() ? &v->get_object() : nullptr;
}

void summary(const FollowupInput& in, Writer& w) {
    w.heading(1, "Sammanfattning");
    Table t{.caption = "Måttens status för perioden", .header = {"Status", "Antal mått"}};
    if (const auto* counts = object_at(in.scorecard, "counts")) {
        for (const char* s : {"met", "improving", "not_met", "no_data", "info_only"}) {
            t.rows.push_back(Row{{{word(s)}, {text(*counts, s), Cell::Kind::number}}});
        }
    }
    w.table(std::move(t));
}

Table measure_table(const std::string& goal, const json::array& measures) {
    Table t{.caption = "Mått – " + goal,
            .header = {"Mått", "Kvinnor", "Män", "Totalt", "Målvärde", "Samma period föregående år", "Status", "Könsskillnad"},
            .wide = true};
    for (const auto& v : measures) {
        const auto& m = v.as_object();
        auto unit = text(m, "unit");
        const auto* by_sex = object_at(m, "values_by_sex");
        auto sex_value = [&](const char* s) { return value_text(by_sex ? by_sex->if_contains(s) : nullptr, unit); };
        std::string status = word(text(m, "status"));
        if (const auto* ss = object_at(m, "status_by_sex")) {
            status += " (kvinnor: " + word(text(*ss, "K")) + ", män: " + word(text(*ss, "M")) + ")";
        }
        std::string gap = "–";
        if (const auto* g = object_at(m, "gender_gap")) {
            const auto* flag = g->if_contains("flag");
            bool flagged = flag != nullptr && flag->is_bool() && flag->get_bool();
            const auto* grows = g->if_contains("grows");
            bool growing = grows != nullptr && grows->is_bool() && grows->get_bool();
            auto size = value_text(g->if_contains("gap"), unit);
            gap = flagged ? "Flaggad: skillnad " + size + (growing ? ", ökar" : "") : size == "–" ? "–" : "Skillnad " + size;
        }
        t.rows.push_back(Row{{{text(m, "name")},
                              {sex_value("K"), Cell::Kind::number},
                              {sex_value("M"), Cell::Kind::number},
                              {sex_value("total"), Cell::Kind::number},
                              {value_text(m.if_contains("target"), unit), Cell::Kind::number},
                              {value_text(m.if_contains("reference"), unit), Cell::Kind::number},
                              {status},
                              {gap}}});
    }
    return t;
}

Table activity_table(const std::string& goal, const json::array& activities) {
    Table t{.caption = "Aktiviteter – " + goal, .header = {"Aktivitet", "Status", "Kommentar"}};
    for (const auto& v : activities) {
        const auto& a = v.as_object();
        auto status = text(a, "status");
        t.rows.push_back(Row{{{text(a, "name")},
                              {status.empty() ? "Ej rapporterad" : word(status)},
                              {text(a, "comment"), Cell::Kind::markdown}}});
    }
    return t;
}

void goals(const FollowupInput& in, Writer& w) {
    w.heading(1, "Måluppfyllelse");
    const auto* list = in.scorecard.if_contains("goals");
    if (list == nullptr || !list->is_array() || list->get_array().empty()) {
        w.paragraph("Planen har inga mål med mått eller aktiviteter för den här enheten.");
        return;
    }
    for (const auto& v : list->get_array()) {
        const auto& g = v.as_object();
        auto title = text(g, "title");
        if (title.empty()) title = "Utan strategiskt mål";
        w.heading(2, title);
        Facts f;
        f.items.emplace_back("Måluppfyllelse", word(text(g, "status")));
        if (text(g, "computed_status") != text(g, "status")) {
            f.items.emplace_back("Enligt måtten", word(text(g, "computed_status")));
        }
        const auto* assessment = object_at(g, "assessment");
        f.items.emplace_back("Bedömning", assessment ? word(text(*assessment, "status")) : "Ingen bedömning gjord");
        w.facts(std::move(f));
        if (assessment != nullptr) w.markdown(text(*assessment, "analysis"));
        if (const auto* m = g.if_contains("measures"); m != nullptr && m->is_array() && !m->get_array().empty()) {
            w.table(measure_table(title, m->get_array()));
        }
        if (const auto* a = g.if_contains("activities"); a != nullptr && a->is_array() && !a->get_array().empty()) {
            w.table(activity_table(title, a->get_array()));
        }
    }
}

const json::object* plan_of(const FollowupInput& in) {
    for (const auto& p : items(in.organisation, "plans")) {
        if (text_of(p.as_object(), "key") == in.plan_key) return &p.as_object();
    }
    return nullptr;
}

void budget(const FollowupInput& in, Writer& w) {
    w.heading(1, "Budgetuppföljning");
    const auto* plan = plan_of(in);
    checks::UnitTree units(in.organisation);
    Table t{.caption = "Budgetuppföljning " + word(in.point) + " " + std::to_string(in.year),
            .header = {"Enhet", "Budget", "Utfall", "Prognos", "Avvikelse utfall", "Avvikelse utfall %", "Avvikelse prognos",
                       "Avvikelse prognos %"},
            .wide = true};
    std::string unit_of_table;
    for (const auto& v : plan ? items(*plan, "budget_follow_ups") : json::array{}) {
        const auto& b = v.as_object();
        if (checks::int_of(b, "year").value_or(0) != in.year || text_of(b, "point") != in.point) continue;
        if (!units.within(text_of(b, "unit"), in.unit_key)) continue;
        const auto* table = find_keyed(items(*plan, "economy_tables"), text_of(b, "table"));
        auto unit = table ? text_of(*table, "amount_unit") : std::string("kr");
        int decimals = table ? static_cast<int>(checks::int_of(*table, "decimals").value_or(0)) : 0;
        auto money = [&](std::optional<long long> k) { return k ? economy::format_amount(*k, unit, decimals) + " " + unit : ""; };
        auto budget_kr = checks::int_of(b, "budget").value_or(0);
        Row row;
        const auto* u = units.find(text_of(b, "unit"));
        row.cells.push_back({u ? text_of(*u, "name") : text_of(b, "unit")});
        row.cells.push_back({money(budget_kr), Cell::Kind::number});
        auto outcome = checks::int_of(b, "outcome");
        auto forecast = checks::int_of(b, "forecast");
        row.cells.push_back({money(outcome), Cell::Kind::number});
        row.cells.push_back({money(forecast), Cell::Kind::number});
        for (const auto& against : {outcome, forecast}) {
            if (!against) {
                row.cells.push_back({""});
                row.cells.push_back({""});
                continue;
            }
            auto d = economy::deviation(budget_kr, *against);
            row.cells.push_back({money(d.kronor), Cell::Kind::number});
            row.cells.push_back({d.per_mille ? number_text(static_cast<double>(*d.per_mille) / 10.0) + " %" : "–", Cell::Kind::number});
        }
        t.rows.push_back(std::move(row));
    }
    if (t.rows.empty()) {
        w.paragraph("Ingen budgetuppföljning är rapporterad för enheten och perioden.");
    } else {
        w.table(std::move(t));
    }
}

// The internal control results of the control points performed by the unit or a unit
// under it (a point without a unit belongs to its internal control plan's owner).
void internal_control(const FollowupInput& in, Writer& w) {
    const auto* plan = plan_of(in);
    if (plan == nullptr || items(*plan, "control_points").empty()) return;
    w.heading(1, "Intern kontroll");
    checks::UnitTree units(in.organisation);
    Table t{.caption = "Internkontroll " + word(in.point) + " " + std::to_string(in.year),
            .header = {"Kontrollpunkt", "Genomförd", "Resultat", "Kommentar", "Åtgärder vid avvikelse"},
            .wide = true};
    const json::array& points = items(*plan, "control_points");
    for (const auto& v : in.control_results) {
        const auto& r = v.as_object();
        const auto* p = find_keyed(points, text_of(r, "control_point"));
        if (p == nullptr) continue;
        auto unit = text_of(*p, "unit");
        if (unit.empty()) {
            const auto* icp = find_keyed(items(*plan, "internal_control_plans"), text_of(*p, "internal_control_plan"));
            if (icp) unit = text_of(*icp, "owner_unit");
        }
        if (!units.within(unit, in.unit_key)) continue;
        std::string actions;
        for (const auto& av : items(r, "deviation_actions")) {
            const auto& a = av.as_object();
            std::string line = text_of(a, "description") + " – ansvarig: " + text_of(a, "responsible");
            if (const auto* u = units.find(text_of(a, "owner_unit"))) line += " (" + text_of(*u, "name") + ")";
            if (!text_of(a, "due_date").empty()) line += ", klart senast " + text_of(a, "due_date");
            line += ", status: " + word(text_of(a, "action_status"));
            if (!text_of(a, "closed_date").empty()) line += " " + text_of(a, "closed_date");
            actions += (actions.empty() ? "" : "; ") + line;
        }
        auto performed = text_of(r, "performed");
        auto outcome = text_of(r, "outcome");
        t.rows.push_back(Row{{{text_of(*p, "process") + ": " + text_of(*p, "control_step")},
                              {performed == "done" ? "Genomförd" : "Ej genomförd"},
                              {outcome.empty() ? "–" : word(outcome)},
                              {text_of(r, "comment"), Cell::Kind::markdown},
                              {actions.empty() ? "–" : actions}}});
    }
    if (t.rows.empty()) {
        w.paragraph("Inget kontrollresultat är rapporterat för enheten och perioden.");
    } else {
        w.table(std::move(t));
    }
}

void findings(const FollowupInput& in, Writer& w) {
    w.heading(1, "Kontroller av planen");
    auto found = checks::run_checks(in.organisation, {in.plan_key});
    if (found.empty()) {
        w.paragraph("styrkort check hittar inga fel i planen.");
        return;
    }
    w.paragraph("Det som styrkort check hittar i planen (docs/checks.md).");
    Table t{.caption = "Fynd från styrkort check", .header = {"Allvarlighet", "Regel", "Post", "Meddelande"}, .wide = true};
    const char* severity[] = {"Fel", "Varning", "Upplysning"};
    for (const auto& f : found) {
        t.rows.push_back(Row{{{severity[static_cast<int>(f.severity)]}, {f.rule}, {f.item}, {f.message.sv}}});
    }
    w.table(std::move(t));
}

}  // namespace

const std::vector<FollowupPart>& followup_parts() {
    static const std::vector<FollowupPart> parts = {
        summary, goals, budget, internal_control, findings};
    return parts;
}

std::string period_end(int year, const std::string& point) {
    auto y = std::to_string(year);
    if (point == "da04") return y + "-04-30";
    if (point == "da08") return y + "-08-31";
    return y + "-12-31";
}

Document followup_document(const FollowupInput& in) {
    Document doc;
    const auto* plan = plan_of(in);
    checks::UnitTree units(in.organisation);
    const auto* unit = units.find(in.unit_key);
    auto unit_name = unit ? text_of(*unit, "name") : in.unit_key;
    doc.title = "Uppföljning " + word(in.point) + " " + std::to_string(in.year) + " – " + unit_name;
    doc.subtitle = plan ? text_of(*plan, "title") : in.plan_key;
    doc.draft = in.report_state != "approved";
    doc.date = period_end(in.year, in.point);
    doc.file_stem = "uppfoljning-" + in.plan_key + "-" + in.unit_key + "-" + std::to_string(in.year) + "-" + in.point;
    doc.header.items = {{"Enhet", unit_name + " med underliggande enheter"},
                        {"Plan", doc.subtitle},
                        {"Period", word(in.point) + " " + std::to_string(in.year) + " (till och med " + doc.date + ")"},
                        {"Rapportens status", in.report_state.empty() ? "Ingen rapport påbörjad" : word(in.report_state)},
                        {"Jämförelse", "Samma rapporteringstillfälle föregående år"}};
    Writer w(doc);
    for (const auto& part : followup_parts()) part(in, w);
    return doc;
}

}  // namespace styrkort::reports
