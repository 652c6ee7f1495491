// The plan's risk assessment and internal control plan (docs/risk.md): the 4×4 risk
// matrix with counts before and after actions, the risk register and the internal
// control plans. Values, thresholds and cell counts come from the pure rules in
// domain/risk/matrix, so the document cannot count differently from the web client.
// Records marked origin=example say so in the document as well.
#include "domain/risk/matrix.hpp"
#include "reports/plan_parts.hpp"

namespace styrkort::reports {
namespace {

namespace json = boost::json;
using checks::items;
using checks::text_of;

bool is_example(const json::object& o) { return text_of(o, "origin") == "example"; }

std::string point_word(const std::string& code) {
    if (code == "da04") return "DÅ 04";
    if (code == "da08") return "DÅ 08";
    if (code == "ar") return "ÅR";
    return code;
}

std::string unit_name(const PlanContext& c, const std::string& key) {
    if (key.empty()) return "";
    const auto* u = c.units.find(key);
    return u ? text_of(*u, "name") : key;
}

// "3 Möjlig": the step and its label from the plan's scale.
std::string step(const std::array<std::string, risk::scale_steps>& labels, int value) {
    if (value < 1 || value > risk::scale_steps) return std::to_string(value);
    return std::to_string(value) + " " + labels[value - 1];
}

std::string value_text(const risk::RiskScale& s, int value) {
    return std::to_string(value) + (risk::requires_action(s, value) ? " – kräver åtgärd" : "");
}

// What a risk threatens: the goal, success factor, development area or activity it is
// tied to, or the process or category it names.
std::string threatens(const PlanContext& c, const json::object& r) {
    std::string out;
    auto add = [&](const std::string& s) {
        if (!s.empty()) out += (out.empty() ? "" : "; ") + s;
    };
    if (const auto* g = find_keyed(items(c.plan, "goals"), text_of(r, "goal"))) add("Mål: " + text_of(*g, "text"));
    if (const auto* f = find_keyed(items(c.plan, "success_factors"), text_of(r, "success_factor"))) {
        add("Framgångsfaktor: " + text_of(*f, "name"));
    }
    if (const auto* d = find_keyed(items(c.plan, "development_areas"), text_of(r, "development_area"))) {
        add("Utvecklingsområde: " + text_of(*d, "name"));
    }
    if (const auto* a = find_keyed(items(c.plan, "activities"), text_of(r, "activity"))) add("Aktivitet: " + text_of(*a, "name"));
    if (!text_of(r, "process").empty()) add("Process: " + text_of(r, "process"));
    if (!text_of(r, "category").empty()) add("Kategori: " + text_of(r, "category"));
    return out;
}

std::string control_point_text(const json::object& p) { return text_of(p, "process") + ": " + text_of(p, "control_step"); }

// The actions a risk leads to, separated by semicolons (a text cell keeps no line breaks).
std::string actions_of(const PlanContext& c, const std::string& risk_key) {
    std::string out;
    for (const auto& v : items(c.plan, "risk_actions")) {
        const auto& a = v.as_object();
        if (text_of(a, "risk") != risk_key) continue;
        std::string line;
        auto kind = text_of(a, "kind");
        if (kind == "activity") {
            const auto* x = find_keyed(items(c.plan, "activities"), text_of(a, "activity"));
            line = "Aktivitet: " + (x ? text_of(*x, "name") : text_of(a, "activity"));
        } else if (kind == "assignment") {
            const auto* x = find_keyed(items(c.plan, "assignments"), text_of(a, "assignment"));
            line = "Uppdrag: " + (x ? text_of(*x, "title") : text_of(a, "assignment"));
        } else if (kind == "control_point") {
            const auto* x = find_keyed(items(c.plan, "control_points"), text_of(a, "control_point"));
            line = "Kontrollpunkt: " + (x ? control_point_text(*x) : text_of(a, "control_point"));
        }
        if (!text_of(a, "description").empty()) line += (line.empty() ? "" : " – ") + text_of(a, "description");
        out += (out.empty() ? "" : "; ") + line;
    }
    return out.empty() ? "Ingen åtgärd" : out;
}

Table matrix_table(const risk::RiskScale& s, const risk::HeatMap& m, bool after) {
    const auto& counts = after ? m.after : m.before;
    Table t{.caption = after ? "Riskmatris efter åtgärder" : "Riskmatris före åtgärder",
            .header = {"Sannolikhet / konsekvens"}};
    for (int c = 1; c <= risk::scale_steps; ++c) t.header.push_back(step(s.consequence_labels, c));
    // The most probable row first, as a heat map is read.
    for (int p = risk::scale_steps; p >= 1; --p) {
        Row row;
        row.cells.push_back({step(s.probability_labels, p)});
        for (int c = 1; c <= risk::scale_steps; ++c) {
            int value = risk::risk_value(p, c);
            int n = counts[p - 1][c - 1];
            // The value and the action zone are written out, so no colour is needed to read the cell.
            row.cells.push_back({"Värde " + std::to_string(value) + (risk::requires_action(s, value) ? " (åtgärd)" : "") +
                                 ": " + std::to_string(n) + (n == 1 ? " risk" : " risker")});
        }
        t.rows.push_back(std::move(row));
    }
    t.notes.push_back(std::to_string(after ? m.requiring_action_after : m.requiring_action_before) +
                      " risker med värde " + std::to_string(s.action_threshold) + " eller mer " +
                      (after ? "efter åtgärder." : "före åtgärder."));
    if (after) t.notes.push_back("En risk som inte är bedömd efter åtgärder räknas med sin bedömning före åtgärder.");
    return t;
}

void write_matrix(const PlanContext& c, Writer& w, int level) {
    const json::object* matrix = items(c.plan, "risk_matrices").empty() ? nullptr : &items(c.plan, "risk_matrices").at(0).as_object();
    auto s = risk::scale_from(matrix);
    std::vector<risk::Assessment> assessed;
    bool example = matrix && is_example(*matrix);
    for (const auto& v : items(c.plan, "risks")) {
        assessed.push_back(risk::assessment_of(v.as_object()));
        example = example || is_example(v.as_object());
    }
    w.heading(level, matrix ? text_of(*matrix, "title") : "Riskbedömning", "riskmatris");
    if (example) {
        w.paragraph("Exempel: riskbedömningen är ett exempel som visar funktionen, inte organisationens beslut.");
    }
    int max = risk::scale_steps * risk::scale_steps;
    Facts f;
    f.items.emplace_back("Värde 1–" + std::to_string(s.action_threshold - 1), s.below_label);
    f.items.emplace_back("Värde " + std::to_string(s.action_threshold) + "–" + std::to_string(max), s.at_or_above_label);
    std::string p, k;
    for (int i = 1; i <= risk::scale_steps; ++i) {
        p += (i > 1 ? ", " : "") + step(s.probability_labels, i);
        k += (i > 1 ? ", " : "") + step(s.consequence_labels, i);
    }
    f.items.emplace_back("Sannolikhet", p);
    f.items.emplace_back("Konsekvens", k);
    w.facts(std::move(f));
    if (matrix && !text_of(*matrix, "note").empty()) w.markdown(text_of(*matrix, "note"));
    auto m = risk::heat_map(assessed, s);
    w.table(matrix_table(s, m, false));
    w.table(matrix_table(s, m, true));
}

void write_register(const PlanContext& c, Writer& w, int level) {
    const json::object* matrix = items(c.plan, "risk_matrices").empty() ? nullptr : &items(c.plan, "risk_matrices").at(0).as_object();
    auto s = risk::scale_from(matrix);
    w.heading(level, "Riskregister", "riskregister");
    Table t{.caption = "Riskregister",
            .header = {"Risk", "Hotar", "Ansvarig enhet", "Sannolikhet", "Konsekvens", "Värde", "Värde efter åtgärder", "Åtgärder"},
            .wide = true};
    for (const auto& v : items(c.plan, "risks")) {
        const auto& r = v.as_object();
        auto a = risk::assessment_of(r);
        t.rows.push_back(Row{{{text_of(r, "title") + (is_example(r) ? " (exempel)" : "")},
                              {threatens(c, r)},
                              {unit_name(c, text_of(r, "owner_unit"))},
                              {step(s.probability_labels, a.probability)},
                              {step(s.consequence_labels, a.consequence)},
                              {value_text(s, a.value()), Cell::Kind::number},
                              {a.has_residual() ? value_text(s, a.residual_value()) : "Ej bedömt", Cell::Kind::number},
                              {actions_of(c, text_of(r, "key"))}}});
    }
    w.table(std::move(t));
}

void write_control_plans(const PlanContext& c, Writer& w, int level) {
    for (const auto& v : items(c.plan, "internal_control_plans")) {
        const auto& icp = v.as_object();
        auto key = text_of(icp, "key");
        w.heading(level, text_of(icp, "title"), "ikp-" + key);
        if (is_example(icp)) w.paragraph("Exempel: internkontrollplanen är ett exempel som visar funktionen, inte organisationens beslut.");
        Facts f;
        if (auto y = checks::int_of(icp, "year")) f.items.emplace_back("År", std::to_string(*y));
        if (!text_of(icp, "owner_unit").empty()) f.items.emplace_back("Ansvarig", unit_name(c, text_of(icp, "owner_unit")));
        if (!text_of(icp, "decided_date").empty()) {
            f.items.emplace_back("Beslutad", text_of(icp, "decided_date") + " " + text_of(icp, "decided_by"));
        }
        if (!f.items.empty()) w.facts(std::move(f));
        if (!text_of(icp, "note").empty()) w.markdown(text_of(icp, "note"));
        Table t{.caption = text_of(icp, "title"),
                .header = {"Kontrollpunkt", "Rutin eller process", "Risk", "Kontrollmoment", "Metod", "Frekvens", "Utförs av",
                           "Rapporteras"},
                .wide = true};
        int n = 0;
        for (const auto& pv : items(c.plan, "control_points")) {
            const auto& p = pv.as_object();
            if (text_of(p, "internal_control_plan") != key) continue;
            const auto* r = find_keyed(items(c.plan, "risks"), text_of(p, "risk"));
            std::string performer = text_of(p, "performer");
            auto unit = unit_name(c, text_of(p, "unit"));
            if (!unit.empty()) performer += (performer.empty() ? "" : ", ") + unit;
            std::string when;
            for (const auto& rp : items(p, "reporting_points")) {
                if (rp.is_string()) when += (when.empty() ? "" : ", ") + point_word(std::string(rp.get_string()));
            }
            if (!text_of(p, "report_to").empty()) when += (when.empty() ? "" : " ") + std::string("till ") + text_of(p, "report_to");
            t.rows.push_back(Row{{{std::to_string(++n) + (is_example(p) ? " (exempel)" : "")},
                                  {text_of(p, "process")},
                                  {r ? text_of(*r, "title") : ""},
                                  {text_of(p, "control_step")},
                                  {text_of(p, "method")},
                                  {text_of(p, "frequency")},
                                  {performer},
                                  {when}}});
        }
        w.table(std::move(t));
    }
}

// The section where the plan speaks of its risk assessment: a "…riskbedömning…" annex
// (2025) or the text that sets out the risk matrix (2020).
bool risk_section(const json::object& s) {
    return text_of(s, "title").find("riskbedömning") != std::string::npos ||
           text_of(s, "body").find("riskmatris") != std::string::npos;
}

}  // namespace

void risk_parts(const PlanContext& c, std::vector<Piece>& out) {
    if (!items(c.plan, "risks").empty()) {
        out.push_back({risk_section, "Riskbedömning", [&c](Writer& w, int level) {
                           write_matrix(c, w, level);
                           write_register(c, w, level);
                       }});
    }
    if (!items(c.plan, "internal_control_plans").empty()) {
        out.push_back({risk_section, "Internkontrollplan", [&c](Writer& w, int level) { write_control_plans(c, w, level); }});
    }
}

}  // namespace styrkort::reports
