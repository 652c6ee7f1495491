// The comparison of a measure linked to a Kolada KPI: raw values read here, the rules
// in domain/kolada/comparison (pure).
#include <boost/json.hpp>

#include <map>
#include <set>

#include "domain/errors.hpp"
#include "domain/kolada/comparison.hpp"
#include "storage/kolada_store.hpp"

namespace styrkort::storage::kolada {
namespace {

namespace json = boost::json;

json::value number(const std::optional<double>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value integer(const std::optional<int>& v) { return v ? json::value(*v) : json::value(nullptr); }

// Kolada's gender codes and the outcome's sex: T ↔ total.
std::string sex_of(const std::string& gender) { return gender == "T" ? "total" : gender; }

}  // namespace

json::object comparison(Connection& c, Id org, Id measure, const std::optional<std::string>& group_override) {
    auto link = find_link(c, org, measure);
    if (!link) {
        throw NotFound({"måttet " + std::to_string(measure) + " är inte kopplat till något nyckeltal i Kolada",
                        "the measure " + std::to_string(measure) + " is not linked to a Kolada KPI"});
    }
    auto measure_rows = c.query("SELECT name, direction, unit FROM measure WHERE org_id = ? AND id = ?", {org, measure});
    std::string direction = measure_rows.empty() || is_null(measure_rows[0][1]) ? "" : as_text(measure_rows[0][1]);
    auto kpi = find_kpi(c, org, link->kpi);
    auto group_id = group_override ? group_override : link->group;
    std::optional<std::vector<std::string>> members;
    if (group_id) {
        members = group_members(c, org, *group_id);
        if (!members) {
            throw InputError("group", {"kommungruppen " + *group_id + " finns inte bland de importerade grupperna",
                                       "the municipality group " + *group_id + " is not among the imported groups"},
                             "unknown_group");
        }
    }
    auto regions = municipalities_of_type(c, org, "L");
    std::map<std::string, std::string> titles;
    for (const auto& r : c.query("SELECT id, title FROM kolada_municipality WHERE org_id = ?", {org})) {
        titles[as_text(r[0])] = as_text(r[1]);
    }
    std::set<std::string> region_ids;
    for (const auto& r : regions) {
        if (r.id != "0000") region_ids.insert(r.id);
    }
    std::set<std::string> member_ids(members ? members->begin() : std::vector<std::string>::const_iterator{},
                                     members ? members->end() : std::vector<std::string>::const_iterator{});
    // Every value of the KPI, once: (period, gender) -> municipality -> value.
    std::map<std::pair<int, std::string>, std::map<std::string, std::optional<double>>> by_period;
    std::map<std::string, json::array> raw_series;
    for (const auto& v : values(c, org, link->kpi, {}, std::nullopt)) {
        bool wanted = v.municipality == "0000" || v.municipality == link->municipality ||
                      region_ids.count(v.municipality) || member_ids.count(v.municipality);
        if (!wanted) continue;
        by_period[{v.period, v.gender}][v.municipality] = v.value;
        raw_series[v.municipality].push_back(json::object{{"period", v.period},
                                                          {"gender", v.gender},
                                                          {"value", number(v.value)},
                                                          {"status", v.status}});
    }
    json::array series;
    for (auto& [id, list] : raw_series) {
        auto t = titles.find(id);
        std::string role = id == link->municipality ? "own" : id == "0000" ? "nation" : region_ids.count(id) ? "region" : "group";
        series.push_back(json::object{{"municipality", id},
                                      {"title", t == titles.end() ? json::value(nullptr) : json::value(t->second)},
                                      {"role", role},
                                      {"in_group", member_ids.count(id) > 0},
                                      {"values", std::move(list)}});
    }

    json::array figures;
    std::map<std::string, std::vector<std::pair<int, std::optional<double>>>> own_by_gender;
    std::map<std::pair<int, std::string>, std::optional<double>> nation_of;
    for (const auto& [key, munis] : by_period) {
        ::styrkort::kolada::PeriodValues in;
        in.period = key.first;
        in.gender = key.second;
        // Captured by an explicit reference: clang 14 (the sanitizer tree) refuses a
        // lambda that captures a structured binding, which C++20 allows.
        auto find = [&values = munis](const std::string& id) -> std::optional<double> {
            auto it = values.find(id);
            return it == values.end() ? std::nullopt : it->second;
        };
        in.own = find(link->municipality);
        in.nation = find("0000");
        nation_of[key] = in.nation;
        for (const auto& id : region_ids) {
            if (munis.count(id)) in.regions.push_back({id, munis.at(id)});
        }
        for (const auto& id : member_ids) {
            if (munis.count(id)) in.group.push_back({id, munis.at(id)});
        }
        own_by_gender[key.second].emplace_back(key.first, in.own);
        auto out = ::styrkort::kolada::compare_period(in, direction);
        figures.push_back(json::object{{"period", out.period},
                                       {"gender", out.gender},
                                       {"own", number(out.own)},
                                       {"nation", number(out.nation)},
                                       {"difference_to_nation", number(out.difference_to_nation)},
                                       {"rank", integer(out.rank)},
                                       {"ranked", out.ranked},
                                       {"percentile", number(out.percentile)},
                                       {"regions_median", number(out.regions_median)},
                                       {"group_mean", number(out.group_mean)},
                                       {"group_count", out.group_count}});
    }
    json::object trends;
    for (const auto& [gender, list] : own_by_gender) {
        auto t = ::styrkort::kolada::trend(list);
        trends[gender] = json::object{{"per_year", number(t.per_year)}, {"word", t.word}};
    }

    // The measure's own outcomes and targets: the region's data, its own source.
    json::array outcomes;
    for (const auto& r : c.query("SELECT unit_id, year, point, sex, value, source FROM outcome WHERE org_id = ? AND "
                                 "measure_id = ? AND age_group IS NULL AND municipality IS NULL ORDER BY year, point, sex",
                                 {org, measure})) {
        outcomes.push_back(json::object{{"unit_id", is_null(r[0]) ? json::value(nullptr) : json::value(as_int(r[0]))},
                                        {"year", as_int(r[1])},
                                        {"point", as_text(r[2])},
                                        {"sex", is_null(r[3]) ? json::value(nullptr) : json::value(as_text(r[3]))},
                                        {"value", std::holds_alternative<double>(r[4]) ? std::get<double>(r[4])
                                                                                        : static_cast<double>(as_int(r[4]))},
                                        {"source", is_null(r[5]) ? json::value(nullptr) : json::value(as_text(r[5]))}});
    }
    json::array targets, national_level;
    std::set<int> periods;
    for (const auto& [key, munis] : by_period) periods.insert(key.first);
    for (const auto& r : c.query("SELECT kind, year, point, sex, value, qualitative, text FROM measure_target "
                                 "WHERE org_id = ? AND measure_id = ? ORDER BY year, kind",
                                 {org, measure})) {
        std::optional<int> year = is_null(r[1]) ? std::nullopt : std::optional<int>(static_cast<int>(as_int(r[1])));
        std::optional<std::string> sex = is_null(r[3]) ? std::nullopt : std::optional<std::string>(as_text(r[3]));
        std::string qualitative = is_null(r[5]) ? "" : as_text(r[5]);
        targets.push_back(json::object{
            {"kind", as_text(r[0])},
            {"year", integer(year)},
            {"point", is_null(r[2]) ? json::value(nullptr) : json::value(as_text(r[2]))},
            {"sex", sex ? json::value(*sex) : json::value(nullptr)},
            {"value", is_null(r[4]) ? json::value(nullptr)
                                    : json::value(std::holds_alternative<double>(r[4]) ? std::get<double>(r[4])
                                                                                       : static_cast<double>(as_int(r[4])))},
            {"qualitative", qualitative.empty() ? json::value(nullptr) : json::value(qualitative)},
            {"text", is_null(r[6]) ? json::value(nullptr) : json::value(as_text(r[6]))}});
        if (as_text(r[0]) != "target" || qualitative != "national_level") continue;
        // Judged in its year (or every period with values when it names none), per sex it names (or all).
        std::vector<int> years = year ? std::vector<int>{*year} : std::vector<int>(periods.begin(), periods.end());
        for (int y : years) {
            for (const char* g : {"T", "K", "M"}) {
                if (sex && sex_of(g) != *sex) continue;
                std::pair<int, std::string> key{y, g};
                if (!by_period.count(key)) continue;
                auto own_it = by_period[key].find(link->municipality);
                std::optional<double> own = own_it == by_period[key].end() ? std::nullopt : own_it->second;
                auto status = ::styrkort::kolada::national_level(own, nation_of[key], direction);
                national_level.push_back(json::object{{"period", y},
                                                      {"gender", g},
                                                      {"own", number(own)},
                                                      {"nation", number(nation_of[key])},
                                                      {"status", std::string(followup::name_of(status))}});
            }
        }
    }

    json::object out{
        {"measure_id", measure},
        {"measure_name", measure_rows.empty() ? json::value(nullptr) : json::value(as_text(measure_rows[0][0]))},
        {"direction", direction.empty() ? json::value(nullptr) : json::value(direction)},
        {"link", json::object{{"kpi", link->kpi},
                              {"municipality", link->municipality},
                              {"group", link->group ? json::value(*link->group) : json::value(nullptr)},
                              {"row_version", link->row_version}}},
        {"kpi", kpi ? json::value(json::object{{"id", kpi->id},
                                               {"title", kpi->title},
                                               {"description", kpi->description ? json::value(*kpi->description)
                                                                                : json::value(nullptr)},
                                               {"divided_by_gender", kpi->divided_by_gender}})
                    : json::value(nullptr)},
        {"group", group_id ? json::value(json::object{{"id", *group_id},
                                                      {"title", *group_title(c, org, *group_id)},
                                                      {"members", json::array(members->begin(), members->end())}})
                           : json::value(nullptr)},
        {"raw", json::object{{"source", "Källa: Kolada"}, {"series", std::move(series)}}},
        {"figures", json::object{{"source", "Beräknat av Styrkort ur offentliga nyckeltal"},
                                 {"source_en", "Computed by Styrkort from public KPIs"},
                                 {"periods", std::move(figures)},
                                 {"trend", std::move(trends)}}},
        {"outcomes", std::move(outcomes)},
        {"targets", std::move(targets)},
        {"national_level", std::move(national_level)}};
    return out;
}

}  // namespace styrkort::storage::kolada
