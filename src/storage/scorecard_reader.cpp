#include "storage/scorecard_reader.hpp"

#include <boost/json/parse.hpp>

#include <charconv>
#include <map>

#include "domain/errors.hpp"

namespace styrkort::storage {
namespace {

using followup::Id;

std::optional<Id> opt_id(const SqlValue& v) { return is_null(v) ? std::nullopt : std::optional<Id>(as_int(v)); }
std::string text_or_empty(const SqlValue& v) { return is_null(v) ? std::string{} : as_text(v); }
std::optional<std::string> opt_text(const SqlValue& v) {
    return is_null(v) ? std::nullopt : std::optional<std::string>(as_text(v));
}
double as_number(const SqlValue& v) {
    return std::holds_alternative<double>(v) ? std::get<double>(v) : static_cast<double>(as_int(v));
}

// "id IN (?,?,…)" over ids we read ourselves; values are still bound.
std::string in_list(const std::vector<Id>& ids, std::vector<SqlValue>& params) {
    std::string s;
    for (Id id : ids) {
        s += s.empty() ? "?" : ",?";
        params.emplace_back(id);
    }
    return s.empty() ? "NULL" : s;
}

}  // namespace

followup::ScorecardInput load_scorecard(Connection& c, std::int64_t org, const std::string& unit,
                                        const followup::Period& period, std::optional<std::int64_t> plan) {
    followup::ScorecardInput in;
    in.period = period;
    std::optional<Id> root;
    for (const auto& r : c.query("SELECT id, key, name, parent_id FROM org_unit WHERE org_id = ? ORDER BY position, id",
                                 {org})) {
        followup::UnitInfo u{as_int(r[0]), as_text(r[1]), as_text(r[2]), opt_id(r[3])};
        Id parsed = 0;
        auto [end, ec] = std::from_chars(unit.data(), unit.data() + unit.size(), parsed);
        bool by_id = ec == std::errc{} && end == unit.data() + unit.size();
        if ((by_id && parsed == u.id) || (!by_id && u.key == unit)) root = u.id;
        in.units.push_back(std::move(u));
    }
    if (!root) throw NotFound({"enheten '" + unit + "' finns inte", "the unit '" + unit + "' does not exist"});
    in.root = *root;

    std::vector<Id> plans;
    auto plan_rows = plan ? c.query("SELECT id, owner_unit_id FROM plan WHERE org_id = ? AND id = ?", {org, *plan})
                          : c.query("SELECT id, owner_unit_id FROM plan p WHERE org_id = ? AND first_year <= ? AND "
                                    "last_year >= ? AND status <> 'archived' AND NOT EXISTS (SELECT 1 FROM plan_version v "
                                    "JOIN plan prev ON prev.org_id = v.org_id AND prev.id = v.previous_plan_id "
                                    "WHERE v.org_id = p.org_id AND v.plan_id = p.id AND p.status <> 'approved' "
                                    "AND prev.status = 'approved') ORDER BY position, id",
                                    {org, std::int64_t{period.year}, std::int64_t{period.year}});
    if (plan && plan_rows.empty()) {
        throw NotFound({"planen " + std::to_string(*plan) + " finns inte", "the plan " + std::to_string(*plan) + " does not exist"});
    }
    for (const auto& r : plan_rows) {
        plans.push_back(as_int(r[0]));
        if (!in.plan_owner) in.plan_owner = as_int(r[1]);
    }

    std::vector<SqlValue> p{org};
    auto plan_in = in_list(plans, p);
    for (const auto& r : c.query("SELECT id, key, text FROM goal WHERE org_id = ? AND plan_id IN (" + plan_in +
                                     ") ORDER BY plan_id, position, id",
                                 p)) {
        in.goals.push_back({as_int(r[0]), as_text(r[1]), as_text(r[2])});
    }
    std::map<Id, std::optional<Id>> factor_goal;
    for (const auto& r : c.query("SELECT id, goal_id FROM success_factor WHERE org_id = ? AND plan_id IN (" +
                                     plan_in + ")",
                                 p)) {
        factor_goal[as_int(r[0])] = opt_id(r[1]);
    }
    std::map<Id, std::size_t> measure_index;
    for (const auto& r : c.query("SELECT id, key, name, unit, direction, goal_id, success_factor_id FROM measure "
                                 "WHERE org_id = ? AND plan_id IN (" +
                                     plan_in + ") ORDER BY plan_id, position, id",
                                 p)) {
        followup::MeasureInfo m{as_int(r[0]), as_text(r[1]), as_text(r[2]), text_or_empty(r[3]), opt_id(r[5]), {}};
        m.rule.direction = text_or_empty(r[4]);
        if (!m.goal && !is_null(r[6])) m.goal = factor_goal[as_int(r[6])];
        measure_index[m.id] = in.measures.size();
        in.measures.push_back(std::move(m));
    }
    for (const auto& r : c.query("SELECT t.measure_id, t.kind, t.year, t.point, t.sex, t.value, t.qualitative FROM "
                                 "measure_target t JOIN measure m ON m.org_id = t.org_id AND m.id = t.measure_id "
                                 "WHERE t.org_id = ? AND m.plan_id IN (" +
                                     plan_in + ") ORDER BY t.measure_id, t.position",
                                 p)) {
        followup::TargetRow t{as_text(r[1]),
                              is_null(r[2]) ? std::nullopt : std::optional<int>(static_cast<int>(as_int(r[2]))),
                              opt_text(r[3]), opt_text(r[4]),
                              is_null(r[5]) ? std::nullopt : std::optional<double>(as_number(r[5])), opt_text(r[6])};
        in.measures[measure_index.at(as_int(r[0]))].rule.targets.push_back(std::move(t));
    }

    // Outcomes of the whole organisation for the two years, without age or municipality
    // breakdown; the domain keeps those of the subtree.
    if (c.dialect() == Dialect::sqlite) {
        // A region's outcomes of two periods outgrow the default 2 MiB page cache;
        // without these every scorecard reads them back from the file, one pread
        // per page. Memory-mapped reads share the operating system's page cache.
        c.execute("PRAGMA cache_size = -32768");
        c.execute("PRAGMA mmap_size = 1073741824");
    }
    auto outcome_rows = c.query("SELECT o.measure_id, o.unit_id, o.year, o.sex, o.value FROM outcome o "
                                 "WHERE o.org_id = ? AND o.point = ? AND o.year IN (?, ?) AND o.age_group IS NULL "
                                 "AND o.municipality IS NULL",
                                 {org, period.point, std::int64_t{period.year}, std::int64_t{period.year - 1}});
    in.outcomes.reserve(outcome_rows.size());
    for (const auto& r : outcome_rows) {
        Id measure = as_int(r[0]);
        if (!measure_index.count(measure)) continue;
        std::string sex = is_null(r[3]) ? "total" : as_text(r[3]);
        in.outcomes.push_back({measure, opt_id(r[1]), static_cast<int>(as_int(r[2])), sex, as_number(r[4])});
    }

    std::vector<SqlValue> ap{period.point, std::int64_t{period.year}, org};
    auto aplan_in = in_list(plans, ap);
    std::map<Id, std::size_t> activity_index;
    for (const auto& r : c.query("SELECT a.id, a.key, a.name, a.owner_unit_id, r.status, r.comment FROM activity a "
                                 "LEFT JOIN activity_report r ON r.org_id = a.org_id AND r.activity_id = a.id AND "
                                 "r.point = ? AND r.year = ? WHERE a.org_id = ? AND a.plan_id IN (" +
                                     aplan_in + ") ORDER BY a.plan_id, a.position, a.id",
                                 ap)) {
        activity_index[as_int(r[0])] = in.activities.size();
        in.activities.push_back({as_int(r[0]), as_text(r[1]), as_text(r[2]), opt_id(r[3]), {}, text_or_empty(r[4]),
                                 text_or_empty(r[5])});
    }
    for (const auto& r : c.query("SELECT owner_id, ref_id FROM activity_goals WHERE org_id = ? ORDER BY owner_id, "
                                 "position",
                                 {org})) {
        if (auto it = activity_index.find(as_int(r[0])); it != activity_index.end()) {
            in.activities[it->second].goals.push_back(as_int(r[1]));
        }
    }
    for (const auto& r : c.query("SELECT goal_id, status, analysis FROM goal_assessment WHERE org_id = ? AND "
                                 "unit_id = ? AND year = ? AND point = ?",
                                 {org, *root, std::int64_t{period.year}, period.point})) {
        in.assessments[as_int(r[0])] = {as_text(r[1]), text_or_empty(r[2])};
    }
    return in;
}

}  // namespace styrkort::storage
