#include "api/reporting_todo.hpp"

#include <algorithm>
#include <map>

#include "domain/checks/rules.hpp"
#include "domain/errors.hpp"
#include "domain/followup/scorecard.hpp"
#include "domain/reporting/completeness.hpp"
#include "domain/schema.hpp"
#include "formats/plan_file.hpp"
#include "storage/completeness_reader.hpp"
#include "storage/scorecard_reader.hpp"

namespace styrkort::api {
namespace {

namespace json = boost::json;
using storage::Id;

constexpr std::size_t max_units = 200;  // a whole-region reporter sees the first ones and the count

struct PeriodInfo {
    Id id = 0;
    std::int64_t year = 0;
    std::string point, status, deadline;
};

json::object period_json(const PeriodInfo& p) {
    return {{"id", p.id},
            {"year", p.year},
            {"point", p.point},
            {"status", p.status},
            {"deadline", p.deadline.empty() ? json::value(nullptr) : json::value(p.deadline)}};
}

std::size_t point_rank(const std::string& point) {
    const auto& names = reporting_point_names();
    return static_cast<std::size_t>(std::find(names.begin(), names.end(), point) - names.begin());
}

// The period asked for; else the latest open one; else the latest of all.
std::optional<PeriodInfo> choose_period(storage::Connection& c, Id org, std::optional<Id> asked) {
    std::vector<PeriodInfo> all;
    for (const auto& r : c.query("SELECT id, year, point, status, deadline FROM reporting_period WHERE org_id = ?", {org})) {
        all.push_back({storage::as_int(r[0]), storage::as_int(r[1]), storage::as_text(r[2]), storage::as_text(r[3]),
                       storage::is_null(r[4]) ? std::string{} : storage::as_text(r[4])});
    }
    if (asked) {
        for (const auto& p : all) {
            if (p.id == *asked) return p;
        }
        throw NotFound({"rapporteringsperiod " + std::to_string(*asked) + " finns inte",
                        "reporting period " + std::to_string(*asked) + " does not exist"});
    }
    auto later = [](const PeriodInfo& a, const PeriodInfo& b) {
        return std::pair(a.year, point_rank(a.point)) < std::pair(b.year, point_rank(b.point));
    };
    std::optional<PeriodInfo> best;
    for (const auto& p : all) {
        if (p.status == "open" && (!best || later(*best, p))) best = p;
    }
    if (best) return best;
    for (const auto& p : all) {
        if (!best || later(*best, p)) best = p;
    }
    return best;
}

std::vector<Id> roots_of(storage::Connection& c, Id org) {
    std::vector<Id> out;
    for (const auto& r : c.query("SELECT id FROM org_unit WHERE org_id = ? AND parent_id IS NULL ORDER BY position, id", {org})) {
        out.push_back(storage::as_int(r[0]));
    }
    return out;
}

// Completeness of every tree of the organisation, one period.
std::vector<reporting::Completeness> whole_organisation(storage::Connection& c, Id org, Id period) {
    std::vector<reporting::Completeness> out;
    for (Id root : roots_of(c, org)) out.push_back(storage::completeness_of(c, org, period, std::to_string(root)));
    return out;
}

bool in_scope(const std::optional<std::set<Id>>& scope, Id unit) { return !scope || scope->contains(unit); }
bool holds_anywhere(const std::optional<std::set<Id>>& scope) { return !scope || !scope->empty(); }

json::value reporter_section(const std::vector<reporting::Completeness>& trees, const std::optional<std::set<Id>>& scope) {
    reporting::Completeness mine;
    for (reporting::Part part : reporting::all_parts()) mine.totals[part];
    std::size_t owing = 0;
    for (const auto& tree : trees) {
        for (const auto& u : tree.units) {
            if (!in_scope(scope, u.id) || u.nothing_to_report() || u.complete()) continue;
            ++owing;
            if (mine.units.size() < max_units) mine.units.push_back(u);
        }
    }
    auto units = reporting::to_json(mine).at("units");
    return json::object{{"units", std::move(units)}, {"total", static_cast<std::int64_t>(owing)}};
}

json::value approver_section(storage::Connection& c, Id org, const std::optional<std::set<Id>>& scope) {
    json::array reports;
    for (const auto& r : c.query("SELECT f.id, f.unit_id, u.key, u.name, u.parent_id, f.year, f.point, f.submitted_by, "
                                 "f.submitted_at FROM followup_report f JOIN org_unit u ON u.org_id = f.org_id AND "
                                 "u.id = f.unit_id WHERE f.org_id = ? AND f.state = 'submitted' ORDER BY f.submitted_at, f.id",
                                 {org})) {
        // The level above decides: a planner over the parent, or over the whole organisation for a root.
        bool mine = storage::is_null(r[4]) ? !scope : in_scope(scope, storage::as_int(r[4]));
        if (!mine) continue;
        reports.push_back(json::object{{"id", storage::as_int(r[0])},
                                       {"unit", {{"id", storage::as_int(r[1])}, {"key", storage::as_text(r[2])}, {"name", storage::as_text(r[3])}}},
                                       {"year", storage::as_int(r[5])},
                                       {"point", storage::as_text(r[6])},
                                       {"submitted_by", storage::is_null(r[7]) ? json::value(nullptr) : json::value(storage::as_text(r[7]))},
                                       {"submitted_at", storage::is_null(r[8]) ? json::value(nullptr) : json::value(storage::as_text(r[8]))}});
    }
    auto total = static_cast<std::int64_t>(reports.size());
    return json::object{{"reports", std::move(reports)}, {"total", total}};
}

json::array economy_findings(storage::Connection& c, Id org, std::optional<std::int64_t> year, Language lang) {
    json::array out;
    auto org_rows = c.query("SELECT key FROM organisation WHERE id = ?", {org});
    if (org_rows.empty()) return out;
    auto org_key = storage::as_text(org_rows[0][0]);
    auto plans = year ? c.query("SELECT key FROM plan WHERE org_id = ? AND status <> 'archived' AND first_year <= ? AND "
                                "last_year >= ? ORDER BY position, id",
                                {org, *year, *year})
                      : c.query("SELECT key FROM plan WHERE org_id = ? AND status <> 'archived' ORDER BY position, id", {org});
    for (const auto& p : plans) {
        auto key = storage::as_text(p[0]);
        auto doc = formats::export_plans(c, {org_key, {key}});
        const auto& organisation = doc.at("organisations").at(0).as_object();
        for (const auto& f : checks::run_checks(organisation, {key})) {
            if (f.rule.rfind("economy.", 0) != 0) continue;
            out.push_back(json::object{{"plan", f.plan},
                                       {"rule", f.rule},
                                       {"severity", checks::severity_name(f.severity)},
                                       {"item", f.item},
                                       {"message", f.message.in(lang)}});
        }
    }
    return out;
}

json::value controller_section(storage::Connection& c, Id org, const std::vector<reporting::Completeness>& trees,
                               const std::optional<std::set<Id>>& scope, std::optional<std::int64_t> year, Language lang) {
    json::array subtrees;
    for (const auto& tree : trees) {
        for (const auto& u : tree.units) {
            // The tops of the subtrees the controller holds: in scope, parent not.
            bool top = !scope ? u.id == tree.root : scope->contains(u.id) && (!u.parent || !scope->contains(*u.parent));
            if (!top) continue;
            auto sub = storage::completeness_of(c, org, *tree.period_id, std::to_string(u.id));
            auto j = reporting::to_json(sub, false);
            subtrees.push_back(json::object{{"unit", j.at("unit")}, {"totals", j.at("totals")}});
        }
    }
    return json::object{{"subtrees", std::move(subtrees)}, {"findings", economy_findings(c, org, year, lang)}};
}

json::value scorecard_section(storage::Connection& c, Id org, const PeriodInfo& period) {
    auto roots = roots_of(c, org);
    if (roots.empty()) return nullptr;
    auto input = storage::load_scorecard(c, org, std::to_string(roots.front()), {static_cast<int>(period.year), period.point});
    auto card = followup::build_scorecard(input);
    json::array goals;
    for (const auto& g : card.at("goals").as_array()) {
        const auto& o = g.as_object();
        goals.push_back(json::object{{"id", o.at("id")}, {"key", o.contains("key") ? o.at("key") : json::value(nullptr)},
                                     {"title", o.contains("title") ? o.at("title") : json::value(nullptr)},
                                     {"status", o.at("status")}, {"counts", o.at("counts")}});
    }
    return json::object{{"unit", card.at("unit")}, {"year", period.year}, {"point", period.point},
                        {"counts", card.at("counts")}, {"goals", std::move(goals)}};
}

}  // namespace

json::object todo_of(storage::Connection& c, const auth::Principal& p, Id org, std::optional<Id> asked, Language lang) {
    auto period = choose_period(c, org, asked);
    auto reporter = auth::units_with_role(c, p, org, auth::Role::reporter);
    auto planner = auth::units_with_role(c, p, org, auth::Role::planner);
    auto controller = auth::units_with_role(c, p, org, auth::Role::controller);
    bool reader = p.installation_admin() || std::any_of(p.grants.begin(), p.grants.end(), [&](const auth::RoleGrant& g) {
                      return g.org_id == org && g.role == auth::Role::reader;
                  });
    json::array roles;
    for (auto role : auth::all_roles()) {
        if (auth::units_with_role(c, p, org, role) != std::optional<std::set<Id>>(std::set<Id>{})) {
            roles.push_back(json::value(auth::role_name(role)));
        }
    }
    std::vector<reporting::Completeness> trees;
    if (period && (holds_anywhere(reporter) || holds_anywhere(controller))) trees = whole_organisation(c, org, period->id);

    json::object out{{"user", {{"username", p.username}, {"display_name", p.display_name}}},
                     {"roles", std::move(roles)},
                     {"period", period ? json::value(period_json(*period)) : json::value(nullptr)}};
    out["reporter"] = holds_anywhere(reporter) && period ? reporter_section(trees, reporter) : json::value(nullptr);
    out["approver"] = holds_anywhere(planner) ? approver_section(c, org, planner) : json::value(nullptr);
    out["controller"] = holds_anywhere(controller)
                            ? controller_section(c, org, trees, controller,
                                                 period ? std::optional<std::int64_t>(period->year) : std::nullopt, lang)
                            : json::value(nullptr);
    out["scorecard"] = reader && period ? scorecard_section(c, org, *period) : json::value(nullptr);
    return out;
}

}  // namespace styrkort::api
