#include "storage/kolada_store.hpp"

#include <boost/json.hpp>

#include <set>

#include "domain/errors.hpp"

namespace styrkort::storage::kolada {
namespace {

std::optional<std::string> text_or_null(const SqlValue& v) {
    return is_null(v) ? std::nullopt : std::optional<std::string>(as_text(v));
}

KpiInfo kpi_from(const Row& r) {
    return {as_text(r[0]), as_text(r[1]), text_or_null(r[2]), text_or_null(r[3]), as_int(r[4]) != 0};
}

boost::json::value link_json(const Link& l) {
    return boost::json::object{{"measure_id", l.measure_id},
                               {"kpi", l.kpi},
                               {"municipality", l.municipality},
                               {"group", l.group ? boost::json::value(*l.group) : boost::json::value(nullptr)},
                               {"row_version", l.row_version}};
}

}  // namespace

std::optional<KpiInfo> find_kpi(Connection& c, Id org, const std::string& id) {
    auto rows = c.query("SELECT id, title, description, operating_area, is_divided_by_gender FROM kolada_kpi "
                        "WHERE org_id = ? AND id = ?",
                        {org, id});
    if (rows.empty()) return std::nullopt;
    return kpi_from(rows[0]);
}

std::optional<MunicipalityInfo> find_municipality(Connection& c, Id org, const std::string& id) {
    auto rows = c.query("SELECT id, title, type FROM kolada_municipality WHERE org_id = ? AND id = ?", {org, id});
    if (rows.empty()) return std::nullopt;
    return MunicipalityInfo{as_text(rows[0][0]), as_text(rows[0][1]), as_text(rows[0][2])};
}

std::vector<MunicipalityInfo> municipalities_of_type(Connection& c, Id org, const std::string& type) {
    std::vector<MunicipalityInfo> out;
    for (const auto& r : c.query("SELECT id, title, type FROM kolada_municipality WHERE org_id = ? AND type = ? "
                                 "ORDER BY id",
                                 {org, type})) {
        out.push_back({as_text(r[0]), as_text(r[1]), as_text(r[2])});
    }
    return out;
}

std::optional<std::vector<std::string>> group_members(Connection& c, Id org, const std::string& group) {
    if (!group_title(c, org, group)) return std::nullopt;
    std::vector<std::string> out;
    for (const auto& r : c.query("SELECT municipality_id FROM kolada_municipality_group_member WHERE org_id = ? AND "
                                 "group_id = ? ORDER BY municipality_id",
                                 {org, group})) {
        out.push_back(as_text(r[0]));
    }
    return out;
}

std::optional<std::string> group_title(Connection& c, Id org, const std::string& group) {
    auto rows = c.query("SELECT title FROM kolada_municipality_group WHERE org_id = ? AND id = ?", {org, group});
    if (rows.empty()) return std::nullopt;
    return as_text(rows[0][0]);
}

std::vector<KpiInfo> search_kpis(Connection& c, Id org, const std::string& query, int limit) {
    std::string pattern = "%";
    for (char ch : query) {
        if (ch == '%' || ch == '_' || ch == '\\') pattern += '\\';
        pattern += ch;
    }
    pattern += '%';
    std::vector<KpiInfo> out;
    for (const auto& r : c.query("SELECT id, title, description, operating_area, is_divided_by_gender FROM kolada_kpi "
                                 "WHERE org_id = ? AND (LOWER(id) LIKE LOWER(?) ESCAPE '\\' OR "
                                 "LOWER(title) LIKE LOWER(?) ESCAPE '\\') ORDER BY id LIMIT ?",
                                 {org, pattern, pattern, std::int64_t{limit}})) {
        out.push_back(kpi_from(r));
    }
    return out;
}

std::vector<StoredValue> values(Connection& c, Id org, const std::string& kpi,
                                const std::vector<std::string>& municipalities, std::optional<int> year) {
    std::string sql = "SELECT kpi_id, municipality_id, period, gender, value, count, status FROM kolada_value "
                      "WHERE org_id = ? AND kpi_id = ?";
    std::vector<SqlValue> params{org, kpi};
    if (year) {
        sql += " AND period = ?";
        params.emplace_back(std::int64_t{*year});
    }
    if (municipalities.size() == 1) {
        sql += " AND municipality_id = ?";
        params.emplace_back(municipalities.front());
    }
    sql += " ORDER BY municipality_id, period, gender";
    std::vector<StoredValue> out;
    std::set<std::string> wanted(municipalities.begin(), municipalities.end());
    for (const auto& r : c.query(sql, params)) {
        StoredValue v;
        v.kpi = as_text(r[0]);
        v.municipality = as_text(r[1]);
        if (!wanted.empty() && !wanted.count(v.municipality)) continue;
        v.period = static_cast<int>(as_int(r[2]));
        v.gender = as_text(r[3]);
        if (!is_null(r[4])) v.value = std::holds_alternative<double>(r[4]) ? std::get<double>(r[4]) : static_cast<double>(as_int(r[4]));
        if (!is_null(r[5])) v.count = as_int(r[5]);
        v.status = as_text(r[6]);
        out.push_back(std::move(v));
    }
    return out;
}

std::int64_t history_count(Connection& c, Id org, const std::string& kpi, const std::string& municipality) {
    return as_int(c.query("SELECT COUNT(*) FROM kolada_value_history WHERE org_id = ? AND kpi_id = ? AND "
                          "municipality_id = ?",
                          {org, kpi, municipality})
                      .at(0)
                      .at(0));
}

std::optional<Link> find_link(Connection& c, Id org, Id measure) {
    auto rows = c.query("SELECT measure_id, kpi_id, municipality_id, group_id, row_version FROM measure_kolada_link "
                        "WHERE org_id = ? AND measure_id = ?",
                        {org, measure});
    if (rows.empty()) return std::nullopt;
    return Link{as_int(rows[0][0]), as_text(rows[0][1]), as_text(rows[0][2]), text_or_null(rows[0][3]),
                as_int(rows[0][4])};
}

Link set_link(Connection& c, Id org, Id measure, const std::string& kpi, const std::string& municipality,
              const std::optional<std::string>& group, const Actor& actor) {
    if (c.query("SELECT 1 FROM measure WHERE org_id = ? AND id = ?", {org, measure}).empty()) {
        throw NotFound({"måttet " + std::to_string(measure) + " finns inte", "the measure " + std::to_string(measure) + " does not exist"});
    }
    if (!find_kpi(c, org, kpi)) {
        throw InputError("kpi", {"nyckeltalet " + kpi + " finns inte i den importerade Kolada-katalogen",
                                 "the KPI " + kpi + " is not in the imported Kolada catalogue"},
                         "unknown_kpi");
    }
    if (group && !group_title(c, org, *group)) {
        throw InputError("group", {"kommungruppen " + *group + " finns inte bland de importerade grupperna",
                                   "the municipality group " + *group + " is not among the imported groups"},
                         "unknown_group");
    }
    bool id_ok = !municipality.empty() && municipality.size() <= 64;
    for (char ch : municipality) id_ok = id_ok && ((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'));
    if (!id_ok) {
        throw InputError("municipality", {"är inget giltigt Kolada-id (t.ex. 0025)", "is not a valid Kolada id (e.g. 0025)"});
    }
    SqlValue group_value = group ? SqlValue(*group) : SqlValue(nullptr);
    auto before = find_link(c, org, measure);
    if (before) {
        if (before->kpi == kpi && before->municipality == municipality && before->group == group) {
            return *before;  // unchanged: nothing to audit
        }
        c.execute("UPDATE measure_kolada_link SET kpi_id = ?, municipality_id = ?, group_id = ?, "
                  "row_version = row_version + 1 WHERE org_id = ? AND measure_id = ?",
                  {kpi, municipality, group_value, org, measure});
    } else {
        c.execute("INSERT INTO measure_kolada_link (org_id, measure_id, kpi_id, municipality_id, group_id) "
                  "VALUES (?, ?, ?, ?, ?)",
                  {org, measure, kpi, municipality, group_value});
    }
    auto after = *find_link(c, org, measure);
    append_audit(c, org, actor, before ? "update" : "create", "measure_kolada_link", measure,
                 before ? link_json(*before) : boost::json::value(nullptr), link_json(after));
    return after;
}

bool remove_link(Connection& c, Id org, Id measure, const Actor& actor) {
    auto before = find_link(c, org, measure);
    if (!before) return false;
    c.execute("DELETE FROM measure_kolada_link WHERE org_id = ? AND measure_id = ?", {org, measure});
    append_audit(c, org, actor, "delete", "measure_kolada_link", measure, link_json(*before), nullptr);
    return true;
}

void copy_links(Connection& c, Id org, Id new_plan) {
    c.execute("INSERT INTO measure_kolada_link (org_id, measure_id, kpi_id, municipality_id, group_id) "
              "SELECT l.org_id, pl.copy_id, l.kpi_id, l.municipality_id, l.group_id FROM measure_kolada_link l "
              "JOIN plan_lineage pl ON pl.org_id = l.org_id AND pl.source_id = l.measure_id "
              "WHERE pl.org_id = ? AND pl.plan_id = ? AND pl.entity = 'measure'",
              {org, new_plan});
}

}  // namespace styrkort::storage::kolada
