#include "formats/risk_sheets.hpp"

#include <map>

#include "domain/checks/plan_access.hpp"
#include "domain/errors.hpp"
#include "domain/risk/matrix.hpp"

namespace styrkort::formats {

namespace json = boost::json;
using checks::items;
using checks::text_of;

namespace {

const json::object& find_plan(const json::object& organisation, const std::string& plan_key) {
    for (const auto& p : items(organisation, "plans")) {
        if (text_of(p.as_object(), "key") == plan_key) return p.as_object();
    }
    throw NotFound({"planen '" + plan_key + "' finns inte", "the plan '" + plan_key + "' does not exist"});
}

// key -> name of the items of one collection, for naming what a risk threatens.
std::map<std::string, std::string> names_of(const json::object& owner, const char* collection, const char* field) {
    std::map<std::string, std::string> out;
    for (const auto& i : items(owner, collection)) out[text_of(i.as_object(), "key")] = text_of(i.as_object(), field);
    return out;
}

std::string point_label(const std::string& p) {
    static const std::map<std::string, std::string> labels = {{"da04", "DÅ 04"}, {"da08", "DÅ 08"}, {"ar", "ÅR"},
                                                              {"t1", "T1"},      {"t2", "T2"},      {"t3", "T3"},
                                                              {"every_4_years", "Vart fjärde år"}};
    auto it = labels.find(p);
    return it == labels.end() ? p : it->second;
}

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
    return out;
}

SheetCell optional_number(const json::object& o, const char* name) {
    auto v = checks::int_of(o, name);
    return v ? SheetCell{static_cast<long long>(*v)} : SheetCell{};
}

std::string origin_text(const json::object& o) { return text_of(o, "origin") == "example" ? "Exempel" : ""; }

}  // namespace

std::vector<Sheet> risk_sheets(const json::object& organisation, const std::string& plan_key) {
    const auto& plan = find_plan(organisation, plan_key);
    const auto& matrices = items(plan, "risk_matrices");
    auto scale = risk::scale_from(matrices.empty() ? nullptr : &matrices[0].as_object());
    auto units = names_of(organisation, "units", "name");
    auto goals = names_of(plan, "goals", "text");
    auto factors = names_of(plan, "success_factors", "name");
    auto areas = names_of(plan, "development_areas", "name");
    auto activities = names_of(plan, "activities", "name");
    auto assignments = names_of(plan, "assignments", "title");
    auto points = names_of(plan, "control_points", "control_step");
    auto risk_titles = names_of(plan, "risks", "title");

    std::map<std::string, std::vector<std::string>> actions;  // risk key -> what it leads to
    for (const auto& a : items(plan, "risk_actions")) {
        const auto& o = a.as_object();
        auto kind = text_of(o, "kind");
        std::string what = kind == "activity"     ? "Aktivitet: " + activities[text_of(o, "activity")]
                           : kind == "assignment" ? "Uppdrag: " + assignments[text_of(o, "assignment")]
                                                  : "Kontrollpunkt: " + points[text_of(o, "control_point")];
        actions[text_of(o, "risk")].push_back(what);
    }

    Sheet reg{.name = "Riskregister", .title = "Riskregister – " + text_of(plan, "title"), .unit = "", .decimals = 0,
              .header = {"Nyckel", "Risk", "Beskrivning", "Orsak", "Hotar", "Process", "Kategori", "Ansvarig enhet",
                         "Sannolikhet", "Konsekvens", "Riskvärde", "Bedömning", "Sannolikhet efter åtgärder",
                         "Konsekvens efter åtgärder", "Värde efter åtgärder", "Åtgärder", "Bedömd", "Bedömd av",
                         "Ursprung"},
              .rows = {}, .widths = {14, 40, 50, 40, 40, 18, 16, 24, 12, 12, 10, 30, 14, 14, 12, 50, 12, 18, 10}};
    std::vector<risk::Assessment> assessed;
    for (const auto& r : items(plan, "risks")) {
        const auto& o = r.as_object();
        auto a = risk::assessment_of(o);
        assessed.push_back(a);
        std::vector<std::string> threatens;
        if (auto k = text_of(o, "goal"); !k.empty()) threatens.push_back("Mål: " + goals[k]);
        if (auto k = text_of(o, "success_factor"); !k.empty()) threatens.push_back("Framgångsfaktor: " + factors[k]);
        if (auto k = text_of(o, "development_area"); !k.empty()) threatens.push_back("Utvecklingsområde: " + areas[k]);
        if (auto k = text_of(o, "activity"); !k.empty()) threatens.push_back("Aktivitet: " + activities[k]);
        auto owner = text_of(o, "owner_unit");
        reg.rows.push_back({text_of(o, "key"), text_of(o, "title"), text_of(o, "description"), text_of(o, "cause"),
                            joined(threatens), text_of(o, "process"), text_of(o, "category"),
                            owner.empty() ? std::string() : units[owner], static_cast<long long>(a.probability),
                            static_cast<long long>(a.consequence), static_cast<long long>(a.value()),
                            risk::requires_action(scale, a.value()) ? scale.at_or_above_label : scale.below_label,
                            optional_number(o, "residual_probability"), optional_number(o, "residual_consequence"),
                            a.has_residual() ? SheetCell{static_cast<long long>(a.residual_value())} : SheetCell{},
                            joined(actions[text_of(o, "key")]), text_of(o, "assessed_date"), text_of(o, "assessed_by"),
                            origin_text(o)});
    }

    auto map = risk::heat_map(assessed, scale);
    Sheet heat{.name = "Riskmatris", .title = "Riskmatris: antal risker per ruta (sannolikhet × konsekvens)",
               .unit = "", .decimals = 0,
               .header = {"Sannolikhet", "Före: " + scale.consequence_labels[0], "Före: " + scale.consequence_labels[1],
                          "Före: " + scale.consequence_labels[2], "Före: " + scale.consequence_labels[3],
                          "Efter: " + scale.consequence_labels[0], "Efter: " + scale.consequence_labels[1],
                          "Efter: " + scale.consequence_labels[2], "Efter: " + scale.consequence_labels[3]},
               .rows = {}, .widths = {22, 14, 14, 14, 14, 14, 14, 14, 14}};
    for (int p = risk::scale_steps; p >= 1; --p) {  // the most probable row on top, as the matrix is drawn
        std::vector<SheetCell> row{std::to_string(p) + " " + scale.probability_labels[p - 1]};
        for (int c = 1; c <= risk::scale_steps; ++c) row.emplace_back(static_cast<long long>(map.before[p - 1][c - 1]));
        for (int c = 1; c <= risk::scale_steps; ++c) row.emplace_back(static_cast<long long>(map.after[p - 1][c - 1]));
        heat.rows.push_back(std::move(row));
    }
    heat.rows.push_back({"Åtgärd krävs från värde " + std::to_string(scale.action_threshold), static_cast<long long>(map.requiring_action_before),
                         SheetCell{}, SheetCell{}, SheetCell{}, static_cast<long long>(map.requiring_action_after)});

    Sheet icp{.name = "Internkontrollplan", .title = "Internkontrollplan – " + text_of(plan, "title"), .unit = "",
              .decimals = 0,
              .header = {"År", "Internkontrollplan", "Nyckel", "Rutin eller process", "Risk", "Kontrollmoment", "Metod",
                         "Frekvens", "Utförande enhet", "Utförs av", "Rapporteras", "Rapporteras till", "Ursprung"},
              .rows = {}, .widths = {8, 30, 14, 24, 36, 50, 18, 16, 24, 20, 18, 22, 10}};
    std::map<std::string, const json::object*> plans_by_key;
    for (const auto& p : items(plan, "internal_control_plans")) plans_by_key[text_of(p.as_object(), "key")] = &p.as_object();
    for (const auto& cp : items(plan, "control_points")) {
        const auto& o = cp.as_object();
        const auto* icp_item = plans_by_key[text_of(o, "internal_control_plan")];
        std::vector<std::string> when;
        for (const auto& p : items(o, "reporting_points")) when.push_back(point_label(std::string(p.as_string())));
        auto unit = text_of(o, "unit");
        icp.rows.push_back({icp_item ? optional_number(*icp_item, "year") : SheetCell{},
                            icp_item ? text_of(*icp_item, "title") : std::string(), text_of(o, "key"),
                            text_of(o, "process"), risk_titles[text_of(o, "risk")], text_of(o, "control_step"),
                            text_of(o, "method"), text_of(o, "frequency"), unit.empty() ? std::string() : units[unit],
                            text_of(o, "performer"), joined(when), text_of(o, "report_to"), origin_text(o)});
    }
    return {std::move(reg), std::move(heat), std::move(icp)};
}

}  // namespace styrkort::formats
