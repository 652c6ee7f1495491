// Per division the activity table as the plan prints it ("Relaterade strategiska mål |
// Aktiviteter"): each activity with its description, expected effect and Agenda 2030
// goals, and the area and unit activities under it; then activities of no division.
#include <algorithm>

#include "reports/plan_parts.hpp"

namespace styrkort::reports {
namespace {

namespace json = boost::json;
using checks::items;
using checks::text_of;

std::string activity_cell(const PlanContext& c, const json::object& a) {
    std::string cell = "**" + text_of(a, "name") + "**";
    if (auto d = text_of(a, "description"); !d.empty()) cell += "\n\n" + d;
    if (auto e = text_of(a, "expected_effect"); !e.empty()) cell += "\n\nFörväntad effekt: " + e;
    std::string sdgs;
    for (const auto& s : items(a, "sdgs")) {
        if (s.is_int64()) sdgs += (sdgs.empty() ? "" : ", ") + std::to_string(s.get_int64());
    }
    if (!sdgs.empty()) cell += "\n\nAgenda 2030: mål " + sdgs;
    auto key = text_of(a, "key");
    std::string children;
    for (const auto& v : items(c.plan, "activities")) {
        const auto& child = v.as_object();
        if (text_of(child, "parent") != key) continue;
        std::string owner;
        if (const auto* u = c.units.find(text_of(child, "owner_unit"))) owner = " (" + text_of(*u, "name") + ")";
        children += "- " + text_of(child, "name") + owner + "\n";
    }
    if (!children.empty()) cell += "\n\nDelaktiviteter:\n\n" + children;
    return cell;
}

std::string goals_cell(const PlanContext& c, const json::object& a) {
    std::string out;
    for (const auto& g : items(a, "goals")) {
        if (!g.is_string()) continue;
        const auto* goal = find_keyed(items(c.plan, "goals"), std::string(g.get_string()));
        out += "- " + (goal ? text_of(*goal, "text") : std::string(g.get_string())) + "\n";
    }
    return out;
}

// Activities at the top of the cascade within `within` (a parent outside it or none);
// those below are listed in their parent's cell.
Table activity_table(const PlanContext& c, const std::string& caption, const std::function<bool(const json::object&)>& within) {
    Table t{.caption = caption, .header = {"Relaterade strategiska mål", "Aktiviteter"}};
    for (const auto& v : items(c.plan, "activities")) {
        const auto& a = v.as_object();
        if (!within(a)) continue;
        const auto* parent = find_keyed(items(c.plan, "activities"), text_of(a, "parent"));
        if (parent != nullptr && within(*parent)) continue;
        t.rows.push_back(Row{{{goals_cell(c, a), Cell::Kind::markdown}, {activity_cell(c, a), Cell::Kind::markdown}}});
    }
    return t;
}

}  // namespace

void division_parts(const PlanContext& c, std::vector<Piece>& out) {
    std::vector<std::string> divisions;
    for (const auto& v : items(c.organisation, "units")) {
        const auto& u = v.as_object();
        if (text_of(u, "kind") == "division") divisions.push_back(text_of(u, "key"));
    }
    auto in_division = [&c](const json::object& a, const std::string& division) {
        auto owner = text_of(a, "owner_unit");
        return !owner.empty() && c.units.within(owner, division);
    };
    for (const auto& d : divisions) {
        auto within = [in_division, d](const json::object& a) { return in_division(a, d); };
        bool any = std::any_of(items(c.plan, "activities").begin(), items(c.plan, "activities").end(),
                               [&](const json::value& v) { return within(v.as_object()); });
        if (!any) continue;
        auto name = text_of(*c.units.find(d), "name");
        out.push_back({section_titled({"Division " + name, name}), "Verksamhet i divisionerna",
                       [&c, name, within](Writer& w, int) {
                           w.table(activity_table(c, "Aktiviteter – " + name, within));
                       }});
    }
    auto outside = [divisions, in_division](const json::object& a) {
        return std::none_of(divisions.begin(), divisions.end(), [&](const std::string& d) { return in_division(a, d); });
    };
    bool any = std::any_of(items(c.plan, "activities").begin(), items(c.plan, "activities").end(),
                           [&](const json::value& v) { return outside(v.as_object()); });
    if (any) {
        out.push_back({nullptr, "Aktiviteter utanför divisionerna", [&c, outside](Writer& w, int) {
                           w.table(activity_table(c, "Aktiviteter", outside));
                       }});
    }
}

}  // namespace styrkort::reports
