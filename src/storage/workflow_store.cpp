#include "storage/workflow_store.hpp"

#include <set>

#include "domain/errors.hpp"
#include "storage/clock.hpp"

namespace styrkort::storage {
namespace {

namespace json = boost::json;

constexpr const char* report_columns =
    "id, org_id, unit_id, year, point, state, comment, created_by, created_at, submitted_by, submitted_at, "
    "decided_by, decided_at";

std::string text_or_empty(const SqlValue& v) { return is_null(v) ? std::string{} : as_text(v); }
SqlValue empty_as_null(const std::string& s) { return s.empty() ? SqlValue{nullptr} : SqlValue{s}; }
json::value null_if_empty(const std::string& s) { return s.empty() ? json::value(nullptr) : json::value(s); }

FollowupReport report_of(const Row& row) {
    FollowupReport r;
    r.id = as_int(row[0]);
    r.org = as_int(row[1]);
    r.unit = as_int(row[2]);
    r.year = as_int(row[3]);
    r.point = as_text(row[4]);
    r.state = workflow::parse_state(as_text(row[5])).value_or(workflow::State::draft);
    r.comment = text_or_empty(row[6]);
    r.created_by = as_text(row[7]);
    r.created_at = as_text(row[8]);
    r.submitted_by = text_or_empty(row[9]);
    r.submitted_at = text_or_empty(row[10]);
    r.decided_by = text_or_empty(row[11]);
    r.decided_at = text_or_empty(row[12]);
    return r;
}

}  // namespace

json::object to_json(const FollowupReport& r) {
    json::array next;
    for (auto a : workflow::next_actions(r.state)) next.push_back(json::value(workflow::action_name(a)));
    return {{"id", r.id},
            {"org_id", r.org},
            {"unit_id", r.unit},
            {"year", r.year},
            {"point", r.point},
            {"state", workflow::state_name(r.state)},
            {"comment", null_if_empty(r.comment)},
            {"created_by", r.created_by},
            {"created_at", r.created_at},
            {"submitted_by", null_if_empty(r.submitted_by)},
            {"submitted_at", null_if_empty(r.submitted_at)},
            {"decided_by", null_if_empty(r.decided_by)},
            {"decided_at", null_if_empty(r.decided_at)},
            {"next_actions", std::move(next)}};
}

json::object to_json(const PlanVersion& v) {
    return {{"plan_id", v.plan},
            {"number", v.number},
            {"previous_plan_id", v.previous ? json::value(*v.previous) : json::value(nullptr)},
            {"comment", null_if_empty(v.comment)},
            {"submitted_by", null_if_empty(v.submitted_by)},
            {"submitted_at", null_if_empty(v.submitted_at)},
            {"decided_by", null_if_empty(v.decided_by)},
            {"decided_at", null_if_empty(v.decided_at)}};
}

std::optional<FollowupReport> WorkflowStore::report(Id org, Id id) {
    auto rows = c_.query(std::string("SELECT ") + report_columns + " FROM followup_report WHERE org_id = ? AND id = ?",
                         {org, id});
    if (rows.empty()) return std::nullopt;
    return report_of(rows[0]);
}

std::optional<FollowupReport> WorkflowStore::report_for(Id org, Id unit, std::int64_t year, const std::string& point) {
    auto rows = c_.query(std::string("SELECT ") + report_columns +
                             " FROM followup_report WHERE org_id = ? AND unit_id = ? AND year = ? AND point = ?",
                         {org, unit, year, point});
    if (rows.empty()) return std::nullopt;
    return report_of(rows[0]);
}

namespace {

std::string report_where(Id org, const ReportFilter& f, std::vector<SqlValue>& params) {
    std::string sql = " FROM followup_report WHERE org_id = ?";
    params.emplace_back(org);
    if (f.unit) {
        sql += " AND unit_id = ?";
        params.emplace_back(*f.unit);
    }
    if (f.year) {
        sql += " AND year = ?";
        params.emplace_back(*f.year);
    }
    if (f.point) {
        sql += " AND point = ?";
        params.emplace_back(*f.point);
    }
    if (f.state) {
        sql += " AND state = ?";
        params.emplace_back(workflow::state_name(*f.state));
    }
    return sql;
}

}  // namespace

std::vector<FollowupReport> WorkflowStore::reports(Id org, const ReportFilter& f, std::int64_t limit,
                                                   std::int64_t offset) {
    std::vector<SqlValue> params;
    auto sql = std::string("SELECT ") + report_columns + report_where(org, f, params) +
               " ORDER BY year, point, unit_id, id LIMIT ? OFFSET ?";
    params.emplace_back(limit);
    params.emplace_back(offset);
    std::vector<FollowupReport> out;
    for (const auto& row : c_.query(sql, params)) out.push_back(report_of(row));
    return out;
}

std::int64_t WorkflowStore::count_reports(Id org, const ReportFilter& f) {
    std::vector<SqlValue> params;
    auto sql = "SELECT COUNT(*)" + report_where(org, f, params);
    return as_int(c_.query(sql, params).at(0).at(0));
}

FollowupReport WorkflowStore::create_report(Id org, Id unit, std::int64_t year, const std::string& point,
                                            const std::string& by) {
    if (auto existing = report_for(org, unit, year, point)) {
        throw Conflict({"enheten har redan en uppföljningsrapport för " + std::to_string(year) + " " + point + " (id " +
                            std::to_string(existing->id) + ", " + workflow::state_label(existing->state).sv + ")",
                        "the unit already has a follow-up report for " + std::to_string(year) + " " + point + " (id " +
                            std::to_string(existing->id) + ", " + workflow::state_label(existing->state).en + ")"});
    }
    auto rows = c_.query(
        "INSERT INTO followup_report (org_id, unit_id, year, point, state, created_by, created_at) "
        "VALUES (?, ?, ?, ?, 'draft', ?, ?) RETURNING id",
        {org, unit, year, point, by, utc_now_iso()});
    return *report(org, as_int(rows.at(0).at(0)));
}

FollowupReport WorkflowStore::move_report(const FollowupReport& r, workflow::Action a, workflow::State to,
                                          const std::string& by, const std::string& comment) {
    auto now = utc_now_iso();
    if (a == workflow::Action::submit) {
        c_.execute("UPDATE followup_report SET state = ?, submitted_by = ?, submitted_at = ? WHERE org_id = ? AND id = ?",
                   {workflow::state_name(to), by, now, r.org, r.id});
    } else if (workflow::by_approver(a)) {
        c_.execute(
            "UPDATE followup_report SET state = ?, decided_by = ?, decided_at = ?, comment = ? WHERE org_id = ? AND id = ?",
            {workflow::state_name(to), by, now, empty_as_null(comment), r.org, r.id});
    } else {
        c_.execute("UPDATE followup_report SET state = ? WHERE org_id = ? AND id = ?",
                   {workflow::state_name(to), r.org, r.id});
    }
    return *report(r.org, r.id);
}

FollowupReport WorkflowStore::put_report(Id org, Id unit, std::int64_t year, const std::string& point,
                                         workflow::State state, const std::string& submitted_by) {
    auto r = create_report(org, unit, year, point, submitted_by.empty() ? "system" : submitted_by);
    c_.execute("UPDATE followup_report SET state = ?, submitted_by = ?, submitted_at = ? WHERE org_id = ? AND id = ?",
               {workflow::state_name(state), empty_as_null(submitted_by), empty_as_null(submitted_by.empty() ? "" : utc_now_iso()),
                org, r.id});
    return *report(org, r.id);
}

PlanVersion WorkflowStore::plan_version(Id org, Id plan) {
    auto rows = c_.query(
        "SELECT number, previous_plan_id, comment, submitted_by, submitted_at, decided_by, decided_at "
        "FROM plan_version WHERE org_id = ? AND plan_id = ?",
        {org, plan});
    PlanVersion v;
    v.plan = plan;
    if (rows.empty()) return v;
    const auto& row = rows[0];
    v.number = as_int(row[0]);
    if (!is_null(row[1])) v.previous = as_int(row[1]);
    v.comment = text_or_empty(row[2]);
    v.submitted_by = text_or_empty(row[3]);
    v.submitted_at = text_or_empty(row[4]);
    v.decided_by = text_or_empty(row[5]);
    v.decided_at = text_or_empty(row[6]);
    return v;
}

void WorkflowStore::save_plan_version(Id org, const PlanVersion& v) {
    c_.execute("DELETE FROM plan_version WHERE org_id = ? AND plan_id = ?", {org, v.plan});
    c_.execute(
        "INSERT INTO plan_version (org_id, plan_id, number, previous_plan_id, comment, submitted_by, submitted_at, "
        "decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {org, v.plan, v.number, v.previous ? SqlValue{*v.previous} : SqlValue{nullptr}, empty_as_null(v.comment),
         empty_as_null(v.submitted_by), empty_as_null(v.submitted_at), empty_as_null(v.decided_by),
         empty_as_null(v.decided_at)});
}

std::optional<Id> WorkflowStore::open_successor(Id org, Id plan) {
    auto rows = c_.query(
        "SELECT v.plan_id FROM plan_version v JOIN plan p ON p.org_id = v.org_id AND p.id = v.plan_id "
        "WHERE v.org_id = ? AND v.previous_plan_id = ? AND p.status IN ('draft', 'submitted', 'returned') "
        "ORDER BY v.plan_id LIMIT 1",
        {org, plan});
    if (rows.empty()) return std::nullopt;
    return as_int(rows[0][0]);
}

std::vector<PlanVersion> WorkflowStore::line_of(Id org, Id plan) {
    // Back to the first version, then forward along every newer version.
    std::set<Id> seen;
    Id first = plan;
    for (auto v = plan_version(org, plan); v.previous && seen.insert(first).second;) {
        auto exists = c_.query("SELECT 1 FROM plan WHERE org_id = ? AND id = ?", {org, *v.previous});
        if (exists.empty()) break;
        first = *v.previous;
        v = plan_version(org, first);
    }
    std::vector<PlanVersion> out;
    seen.clear();
    std::vector<Id> queue{first};
    while (!queue.empty() && out.size() < 1000) {
        Id id = queue.front();
        queue.erase(queue.begin());
        if (!seen.insert(id).second) continue;
        out.push_back(plan_version(org, id));
        for (const auto& row : c_.query("SELECT plan_id FROM plan_version WHERE org_id = ? AND previous_plan_id = ? "
                                        "ORDER BY plan_id",
                                        {org, id})) {
            queue.push_back(as_int(row[0]));
        }
    }
    return out;
}

}  // namespace styrkort::storage
