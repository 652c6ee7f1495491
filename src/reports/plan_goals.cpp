// The plan's steering content: strategic goals, directed assignments, development areas
// with priorities and desired effects, success factors, and the divisions' missions.
#include <algorithm>

#include "reports/plan_parts.hpp"

namespace styrkort::reports {
namespace {

namespace json = boost::json;
using checks::items;
using checks::text_of;

std::string goal_text(const json::object& plan, const std::string& key) {
    const auto* g = find_keyed(items(plan, "goals"), key);
    return g ? text_of(*g, "text") : key;
}
std::string perspective_name(const json::object& plan, const std::string& key) {
    const auto* p = find_keyed(items(plan, "perspectives"), key);
    return p ? text_of(*p, "name") : key;
}
std::string unit_name(const PlanContext& c, const std::string& key) {
    if (key.empty()) return "";
    const auto* u = c.units.find(key);
    return u ? text_of(*u, "name") : key;
}
std::string bullet_list(const json::array& list) {
    std::string out;
    for (const auto& v : list) {
        if (v.is_string()) out += "- " + std::string(v.get_string()) + "\n";
    }
    return out;
}

void goals(const PlanContext& c, std::vector<Piece>& out) {
    if (items(c.plan, "goals").empty()) return;
    out.push_back({section_with_key({"strategiska-mal", "framgangsfaktorer-och-styrmatt"}), "Strategiska mål",
                   [&c](Writer& w, int level) {
                       bool perspectives = !items(c.plan, "perspectives").empty();
                       Table t{.caption = "Strategiska mål"};
                       t.header = {"Strategiskt mål"};
                       if (perspectives) t.header.emplace_back("Perspektiv");
                       t.header.emplace_back("Beskrivning");
                       for (const auto& v : items(c.plan, "goals")) {
                           const auto& g = v.as_object();
                           Row r{{{text_of(g, "text")}}};
                           if (perspectives) r.cells.push_back({perspective_name(c.plan, text_of(g, "perspective"))});
                           r.cells.push_back({text_of(g, "description"), Cell::Kind::markdown});
                           t.rows.push_back(std::move(r));
                       }
                       (void)level;
                       w.table(std::move(t));
                   }});
}

void assignments(const PlanContext& c, std::vector<Piece>& out) {
    if (items(c.plan, "assignments").empty()) return;
    out.push_back({section_with_key({"riktade-uppdrag"}), "Riktade uppdrag", [&c](Writer& w, int) {
                       Table t{.caption = "Riktade och särskilda uppdrag",
                               .header = {"Uppdrag", "Givet av", "Till", "Ansvar", "Strategiskt mål", "Beskrivning"},
                               .wide = true};
                       for (const auto& v : items(c.plan, "assignments")) {
                           const auto& a = v.as_object();
                           auto goal = text_of(a, "goal");
                           t.rows.push_back(Row{{{text_of(a, "title") + (text_of(a, "kind") == "special" ? " (särskilt)" : "")},
                                                 {unit_name(c, text_of(a, "given_by"))},
                                                 {unit_name(c, text_of(a, "given_to"))},
                                                 {text_of(a, "owner")},
                                                 {goal.empty() ? "" : goal_text(c.plan, goal)},
                                                 {text_of(a, "description"), Cell::Kind::markdown}}});
                       }
                       w.table(std::move(t));
                   }});
}

void development_areas(const PlanContext& c, std::vector<Piece>& out) {
    if (items(c.plan, "development_areas").empty()) return;
    out.push_back({section_with_key({"utvecklingsomraden"}), "Utvecklingsområden", [&c](Writer& w, int level) {
                       for (const auto& v : items(c.plan, "development_areas")) {
                           const auto& d = v.as_object();
                           w.heading(level, text_of(d, "name"), "uo-" + text_of(d, "key"));
                           w.markdown(text_of(d, "description"));
                           if (!items(d, "priorities").empty()) {
                               w.markdown("**Prioriteringar**\n\n" + bullet_list(items(d, "priorities")));
                           }
                           if (!items(d, "desired_effects").empty()) {
                               w.markdown("**Önskade effekter**\n\n" + bullet_list(items(d, "desired_effects")));
                           }
                       }
                   }});
}

void success_factors(const PlanContext& c, std::vector<Piece>& out) {
    if (items(c.plan, "success_factors").empty()) return;
    out.push_back({section_with_key({"framgangsfaktorer-och-styrmatt", "framgangsfaktorer"}), "Framgångsfaktorer",
                   [&c](Writer& w, int) {
                       Table t{.caption = "Framgångsfaktorer", .header = {"Framgångsfaktor", "Strategiskt mål", "Perspektiv", "Beskrivning"}};
                       for (const auto& v : items(c.plan, "success_factors")) {
                           const auto& s = v.as_object();
                           auto goal = text_of(s, "goal");
                           auto perspective = text_of(s, "perspective");
                           if (perspective.empty() && !goal.empty()) {
                               if (const auto* g = find_keyed(items(c.plan, "goals"), goal)) perspective = text_of(*g, "perspective");
                           }
                           t.rows.push_back(Row{{{text_of(s, "name")},
                                                 {goal.empty() ? "" : goal_text(c.plan, goal)},
                                                 {perspective.empty() ? "" : perspective_name(c.plan, perspective)},
                                                 {text_of(s, "description"), Cell::Kind::markdown}}});
                       }
                       w.table(std::move(t));
                   }});
}

// Bilaga 4 of the 2025 plan: what each division is to do within each development area.
void missions(const PlanContext& c, std::vector<Piece>& out) {
    if (items(c.plan, "missions").empty()) return;
    out.push_back({section_with_key({"bilaga-4", "divisionernas-uppdrag"}), "Divisionernas uppdrag", [&c](Writer& w, int level) {
                       std::vector<std::string> units;
                       for (const auto& v : items(c.plan, "missions")) {
                           auto u = text_of(v.as_object(), "unit");
                           if (std::find(units.begin(), units.end(), u) == units.end()) units.push_back(u);
                       }
                       for (const auto& u : units) {
                           auto name = unit_name(c, u);
                           w.heading(level, name, "uppdrag-" + u);
                           Table t{.caption = "Uppdrag – " + name, .header = {"Utvecklingsområde", "Uppdrag"}};
                           for (const auto& v : items(c.plan, "missions")) {
                               const auto& m = v.as_object();
                               if (text_of(m, "unit") != u) continue;
                               const auto* d = find_keyed(items(c.plan, "development_areas"), text_of(m, "development_area"));
                               t.rows.push_back(Row{{{d ? text_of(*d, "name") : text_of(m, "development_area")},
                                                     {text_of(m, "text"), Cell::Kind::markdown}}});
                           }
                           w.table(std::move(t));
                       }
                   }});
}

}  // namespace

void goal_parts(const PlanContext& c, std::vector<Piece>& out) {
    goals(c, out);
    assignments(c, out);
    development_areas(c, out);
    success_factors(c, out);
    missions(c, out);
}

}  // namespace styrkort::reports
