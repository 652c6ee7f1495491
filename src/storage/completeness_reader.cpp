#include "storage/completeness_reader.hpp"

#include <boost/json/parse.hpp>

#include <charconv>
#include <map>

#include "domain/errors.hpp"

namespace styrkort::storage {
namespace {

using reporting::Id;

std::optional<Id> opt_id(const SqlValue& v) { return is_null(v) ? std::nullopt : std::optional<Id>(as_int(v)); }
std::string text_or_empty(const SqlValue& v) { return is_null(v) ? std::string{} : as_text(v); }

// "id IN (?,?,…)" over ids we read ourselves; values are still bound.
std::string in_list(const std::vector<Id>& ids, std::vector<SqlValue>& params) {
    std::string s;
    for (Id id : ids) {
        s += s.empty() ? "?" : ",?";
        params.emplace_back(id);
    }
    return s.empty() ? "NULL" : s;
}

// A list field stored as JSON text (["da04","ar"]); anything else reads as empty.
std::vector<std::string> string_list(const SqlValue& v) {
    std::vector<std::string> out;
    if (is_null(v)) return out;
    boost::system::error_code ec;
    auto parsed = boost::json::parse(as_text(v), ec);
    if (ec || !parsed.is_array()) return out;
    for (const auto& x : parsed.get_array()) {
        if (x.is_string()) out.emplace_back(x.get_string());
    }
    return out;
}

void load_units(Connection& c, Id org, const std::string& unit, reporting::CompletenessInput& in) {
    std::optional<Id> root;
    Id parsed = 0;
    auto [end, ec] = std::from_chars(unit.data(), unit.data() + unit.size(), parsed);
    bool by_id = !unit.empty() && ec == std::errc{} && end == unit.data() + unit.size();
    for (const auto& r : c.query("SELECT id, key, name, kind, parent_id, valid_from, valid_to FROM org_unit "
                                 "WHERE org_id = ? ORDER BY position, id",
                                 {org})) {
        reporting::UnitRow u{as_int(r[0]),         as_text(r[1]),        as_text(r[2]), as_text(r[3]),
                             opt_id(r[4]),         text_or_empty(r[5]), text_or_empty(r[6])};
        if (unit.empty() ? (!root && !u.parent) : ((by_id && parsed == u.id) || (!by_id && u.key == unit))) root = u.id;
        in.units.push_back(std::move(u));
    }
    if (!root) {
        throw NotFound(unit.empty() ? Text{"organisationen har inga enheter", "the organisation has no units"}
                                    : Text{"enheten '" + unit + "' finns inte", "the unit '" + unit + "' does not exist"});
    }
    in.root = *root;
}

void load_plan_content(Connection& c, Id org, reporting::CompletenessInput& in) {
    const auto& period = in.period;
    // The plans in force, as the scorecard counts them (storage/scorecard_reader.cpp):
    // archived versions and new versions not yet approved are left out.
    std::vector<Id> plans;
    for (const auto& r : c.query("SELECT id, key, owner_unit_id FROM plan p WHERE org_id = ? AND first_year <= ? AND "
                                 "last_year >= ? AND status <> 'archived' AND NOT EXISTS (SELECT 1 FROM plan_version v "
                                 "JOIN plan prev ON prev.org_id = v.org_id AND prev.id = v.previous_plan_id "
                                 "WHERE v.org_id = p.org_id AND v.plan_id = p.id AND p.status <> 'approved' "
                                 "AND prev.status = 'approved') ORDER BY position, id",
                                 {org, std::int64_t{period.year}, std::int64_t{period.year}})) {
        plans.push_back(as_int(r[0]));
        in.plans.push_back({as_int(r[0]), as_text(r[1]), as_int(r[2])});
    }
    std::vector<SqlValue> p{org};
    auto plan_in = in_list(plans, p);
    for (const auto& r : c.query("SELECT id, plan_id, key, text FROM goal WHERE org_id = ? AND plan_id IN (" + plan_in +
                                     ") ORDER BY plan_id, position, id",
                                 p)) {
        in.goals.push_back({as_int(r[0]), as_int(r[1]), as_text(r[2]), as_text(r[3])});
    }
    std::map<Id, std::optional<Id>> factor_goal;
    for (const auto& r : c.query("SELECT id, goal_id FROM success_factor WHERE org_id = ? AND plan_id IN (" + plan_in + ")",
                                 p)) {
        factor_goal[as_int(r[0])] = opt_id(r[1]);
    }
    for (const auto& r : c.query("SELECT id, plan_id, key, name, goal_id, success_factor_id, reporting_points, breakdowns "
                                 "FROM measure WHERE org_id = ? AND plan_id IN (" +
                                     plan_in + ") ORDER BY plan_id, position, id",
                                 p)) {
        reporting::MeasureRow m{as_int(r[0]), as_int(r[1]), as_text(r[2]), as_text(r[3]), opt_id(r[4]), string_list(r[6]), false};
        if (!m.goal && !is_null(r[5])) m.goal = factor_goal[as_int(r[5])];
        for (const auto& b : string_list(r[7])) m.by_sex = m.by_sex || b == "sex";
        in.measures.push_back(std::move(m));
    }

    std::vector<SqlValue> ap{period.point, std::int64_t{period.year}, org};
    auto aplan_in = in_list(plans, ap);
    std::map<Id, std::size_t> activity_index;
    for (const auto& r : c.query("SELECT a.id, a.plan_id, a.key, a.name, a.owner_unit_id, a.start_date, a.end_date, "
                                 "r.status FROM activity a LEFT JOIN activity_report r ON r.org_id = a.org_id AND "
                                 "r.activity_id = a.id AND r.point = ? AND r.year = ? WHERE a.org_id = ? AND "
                                 "a.plan_id IN (" +
                                     aplan_in + ") ORDER BY a.plan_id, a.position, a.id",
                                 ap)) {
        activity_index[as_int(r[0])] = in.activities.size();
        in.activities.push_back({as_int(r[0]), as_int(r[1]), as_text(r[2]), as_text(r[3]), opt_id(r[4]), {},
                                 text_or_empty(r[5]), text_or_empty(r[6]), text_or_empty(r[7])});
    }
    for (const auto& r : c.query("SELECT owner_id, ref_id FROM activity_goals WHERE org_id = ? ORDER BY owner_id, position",
                                 {org})) {
        if (auto it = activity_index.find(as_int(r[0])); it != activity_index.end()) {
            in.activities[it->second].goals.push_back(as_int(r[1]));
        }
    }

    // Who reports which measure: every unit with an outcome of it, in any period.
    for (const auto& r : c.query("SELECT DISTINCT o.measure_id, o.unit_id FROM outcome o JOIN measure m ON "
                                 "m.org_id = o.org_id AND m.id = o.measure_id WHERE o.org_id = ? AND o.unit_id IS NOT NULL "
                                 "AND m.plan_id IN (" +
                                     plan_in + ")",
                                 p)) {
        in.reporters.push_back({as_int(r[0]), as_int(r[1])});
    }
    for (const auto& r : c.query("SELECT DISTINCT measure_id, unit_id, sex FROM outcome WHERE org_id = ? AND year = ? "
                                 "AND point = ?",
                                 {org, std::int64_t{period.year}, period.point})) {
        in.outcomes.push_back({as_int(r[0]), opt_id(r[1]), is_null(r[2]) ? "total" : as_text(r[2])});
    }
    for (const auto& r : c.query("SELECT goal_id, unit_id, status FROM goal_assessment WHERE org_id = ? AND year = ? "
                                 "AND point = ?",
                                 {org, std::int64_t{period.year}, period.point})) {
        in.assessments.push_back({as_int(r[0]), as_int(r[1]), as_text(r[2])});
    }
    for (const auto& r : c.query("SELECT id, unit_id, state FROM followup_report WHERE org_id = ? AND year = ? AND point = ?",
                                 {org, std::int64_t{period.year}, period.point})) {
        in.reports.push_back({as_int(r[0]), as_int(r[1]), as_text(r[2])});
    }
}

}  // namespace

reporting::CompletenessInput load_completeness(Connection& c, std::int64_t org, std::int64_t period_id,
                                               const std::string& unit) {
    auto rows = c.query("SELECT year, point, status, deadline FROM reporting_period WHERE org_id = ? AND id = ?",
                        {org, period_id});
    if (rows.empty()) {
        throw NotFound({"rapporteringsperiod " + std::to_string(period_id) + " finns inte",
                        "reporting period " + std::to_string(period_id) + " does not exist"});
    }
    reporting::CompletenessInput in;
    in.period_id = period_id;
    in.period = reporting::span_of(static_cast<int>(as_int(rows[0][0])), as_text(rows[0][1]));
    in.period_status = as_text(rows[0][2]);
    in.deadline = text_or_empty(rows[0][3]);
    load_units(c, org, unit, in);
    load_plan_content(c, org, in);
    return in;
}

reporting::CompletenessInput load_completeness_for(Connection& c, std::int64_t org, int year, const std::string& point,
                                                   const std::string& unit) {
    auto rows = c.query("SELECT id, status, deadline FROM reporting_period WHERE org_id = ? AND year = ? AND point = ?",
                        {org, std::int64_t{year}, point});
    if (!rows.empty()) return load_completeness(c, org, as_int(rows[0][0]), unit);
    reporting::CompletenessInput in;
    in.period = reporting::span_of(year, point);
    load_units(c, org, unit, in);
    load_plan_content(c, org, in);
    return in;
}

reporting::Completeness completeness_of(Connection& c, std::int64_t org, std::int64_t period_id, const std::string& unit) {
    return reporting::compute_completeness(load_completeness(c, org, period_id, unit));
}

}  // namespace styrkort::storage
