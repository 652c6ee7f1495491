// The plan's measures: steering and control measures with baselines and targets per
// year, reporting point and sex, qualitative targets as the plan writes them.
#include <map>

#include "reports/plan_parts.hpp"

namespace styrkort::reports {
namespace {

namespace json = boost::json;
using checks::items;
using checks::text_of;

const std::map<std::string, std::string>& words() {
    static const std::map<std::string, std::string> w = {
        {"increase", "Öka"}, {"decrease", "Minska"}, {"maintain", "Bibehålla"}, {"follow", "Följa utvecklingen"},
        {"national_level", "I nivå med riket"}, {"new_measure", "Nytt mått"},
        {"da04", "DÅ 04"}, {"da08", "DÅ 08"}, {"ar", "ÅR"}, {"t1", "T1"}, {"t2", "T2"}, {"t3", "T3"},
        {"K", "kvinnor"}, {"M", "män"}, {"total", "totalt"}, {"vart_fjarde_ar", "vart fjärde år"}};
    return w;
}
std::string word(const std::string& code) {
    auto it = words().find(code);
    return it == words().end() ? code : it->second;
}

// "2020 DÅ 04, kvinnor: 65 %" — the text as the plan wrote it when there is one.
std::string target_line(const json::object& t, const std::string& unit) {
    std::string when;
    if (auto y = checks::int_of(t, "year")) when = std::to_string(*y);
    for (const char* f : {"point", "sex"}) {
        auto v = text_of(t, f);
        if (!v.empty()) when += (when.empty() ? "" : " ") + word(v);
    }
    std::string value = text_of(t, "text");
    if (value.empty()) {
        auto q = text_of(t, "qualitative");
        const auto* v = t.if_contains("value");
        if (!q.empty()) {
            value = word(q);
        } else if (v != nullptr && v->is_number()) {
            value = number_text(v->to_number<double>()) + (unit.empty() ? "" : unit == "%" ? " %" : " " + unit);
        }
    }
    if (value.empty()) value = "–";
    return when.empty() ? value : when + ": " + value;
}

std::string lines_of(const json::object& measure, const std::string& kind) {
    std::string out;
    auto unit = text_of(measure, "unit");
    for (const auto& v : items(measure, "targets")) {
        const auto& t = v.as_object();
        if (text_of(t, "kind") != kind) continue;
        out += "- " + target_line(t, unit) + "\n";
    }
    return out;
}

Table measure_table(const PlanContext& c, const std::string& kind, const std::string& caption) {
    Table t{.caption = caption, .header = {"Mått", "Strategiskt mål / framgångsfaktor", "Ingångsvärde", "Målvärde", "Källa och rapportering"},
            .wide = true};
    for (const auto& v : items(c.plan, "measures")) {
        const auto& m = v.as_object();
        if (text_of(m, "kind") != kind) continue;
        std::string name = text_of(m, "number");
        name += (name.empty() ? "" : " ") + text_of(m, "name");
        std::string cell = name;
        if (!text_of(m, "description").empty()) cell += "\n\n" + text_of(m, "description");
        for (const auto& f : items(m, "footnotes")) {
            if (f.is_string()) cell += "\n\nNot: " + std::string(f.get_string());
        }
        std::string steering;
        if (const auto* g = find_keyed(items(c.plan, "goals"), text_of(m, "goal"))) steering = text_of(*g, "text");
        if (const auto* s = find_keyed(items(c.plan, "success_factors"), text_of(m, "success_factor"))) {
            steering += (steering.empty() ? "" : " / ") + text_of(*s, "name");
        }
        if (const auto* d = find_keyed(items(c.plan, "development_areas"), text_of(m, "development_area"))) {
            steering += (steering.empty() ? "" : " / ") + text_of(*d, "name");
        }
        std::string source = text_of(m, "source");
        std::string points;
        for (const auto& p : items(m, "reporting_points")) {
            if (p.is_string()) points += (points.empty() ? "" : ", ") + word(std::string(p.get_string()));
        }
        if (!points.empty()) source += (source.empty() ? "" : "\n\n") + std::string("Rapporteras: ") + points;
        t.rows.push_back(Row{{{cell, Cell::Kind::markdown},
                              {steering},
                              {lines_of(m, "baseline"), Cell::Kind::markdown},
                              {lines_of(m, "target"), Cell::Kind::markdown},
                              {source, Cell::Kind::markdown}}});
    }
    return t;
}

bool has_kind(const json::object& plan, const std::string& kind) {
    for (const auto& v : items(plan, "measures")) {
        if (text_of(v.as_object(), "kind") == kind) return true;
    }
    return false;
}

}  // namespace

void measure_parts(const PlanContext& c, std::vector<Piece>& out) {
    const std::pair<const char*, const char*> kinds[] = {{"steering", "Styrmått"}, {"control", "Kontrollmått"}};
    for (const auto& [kind, title] : kinds) {
        if (!has_kind(c.plan, kind)) continue;
        std::string k = kind, caption = title;
        out.push_back({section_with_key({k == "steering" ? "bilaga-1-styrmatt" : "bilaga-1-kontrollmatt"}), "Mått",
                       [&c, k, caption](Writer& w, int) { w.table(measure_table(c, k, caption)); }});
    }
}

}  // namespace styrkort::reports
