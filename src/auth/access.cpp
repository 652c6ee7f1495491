#include "auth/access.hpp"

#include <map>

#include "auth/control_access.hpp"
#include "auth/errors.hpp"
#include "storage/workflow_store.hpp"

#include <algorithm>

namespace styrkort::auth {
namespace {

constexpr int max_depth = 64;  // trees are checked acyclic on write; this guards reads anyway

std::optional<Id> ref_value(const storage::Record& r, const std::string& field) {
    const auto* v = r.if_contains(field);
    if (v == nullptr || !v->is_int64()) return std::nullopt;
    return v->as_int64();
}

std::optional<storage::Record> parent_record(storage::Connection& c, const Entity& e, Id org,
                                             const storage::Record& r) {
    const Field* parent = e.parent();
    if (parent == nullptr) return std::nullopt;
    auto id = ref_value(r, parent->name);
    if (!id) return std::nullopt;
    return storage::RecordStore(c).find(entity(parent->target), org, *id);
}

// The units from `unit` up to the root, `unit` first.
std::vector<Id> ancestors(storage::Connection& c, Id org, Id unit) {
    std::vector<Id> out;
    std::optional<Id> cur = unit;
    while (cur && out.size() < max_depth) {
        out.push_back(*cur);
        auto rows = c.query("SELECT parent_id FROM org_unit WHERE org_id = ? AND id = ?", {org, *cur});
        if (rows.empty() || storage::is_null(rows[0][0])) break;
        cur = storage::as_int(rows[0][0]);
    }
    return out;
}

// Whether the entity's `status` says if it is published. An investment request's status
// is the decision on the request (äskad, beviljad …), not publication: Bilaga 5 of an
// approved plan lists them all.
bool status_is_publication(const Entity& e) {
    return e.field("status") != nullptr && e.name != "investment_request";
}

// The statuses is_published lets through.
constexpr const char* published_statuses = "('approved', 'archived', 'published')";

std::optional<std::string> published_sql(const Entity& e, const std::string& alias, int depth,
                                         std::vector<const Entity*> chain) {
    // Follow-up is public with its unit's approved report (is_published), a rule that
    // needs the unit's place in the tree: such lists are filtered record by record.
    if (e.period_bound) return std::nullopt;
    if (std::find(chain.begin(), chain.end(), &e) != chain.end()) {
        // A tree of its own (units under units): nothing to check when nothing on the
        // way has a status; otherwise the walk needs recursion.
        bool any_status = std::any_of(chain.begin(), chain.end(), [](const Entity* x) { return x->field("status") != nullptr; });
        return any_status ? std::nullopt : std::optional<std::string>("1 = 1");
    }
    chain.push_back(&e);
    std::string cond = "1 = 1";
    if (status_is_publication(e)) {
        cond = "(" + alias + ".status IS NULL OR " + alias + ".status IN " + published_statuses + ")";
    }
    const Field* parent = e.parent();
    if (parent == nullptr) return cond;
    const Entity& owner = entity(parent->target);
    std::string inner = "pub" + std::to_string(depth + 1);
    auto owner_cond = published_sql(owner, inner, depth + 1, chain);
    if (!owner_cond) return std::nullopt;
    if (*owner_cond == "1 = 1") return cond;
    return cond + " AND (" + alias + "." + parent->name + " IS NULL OR EXISTS (SELECT 1 FROM " + owner.table + " " +
           inner + " WHERE " + inner + ".org_id = " + alias + ".org_id AND " + inner + ".id = " + alias + "." +
           parent->name + " AND " + *owner_cond + "))";
}

bool report_approved(storage::Connection& c, const Entity& e, Id org, const storage::Record& r) {
    const auto* year = r.if_contains("year");
    const auto* point = r.if_contains("point");
    if (year == nullptr || point == nullptr || !year->is_int64() || !point->is_string()) return false;
    auto unit = owning_unit(c, e, org, r);
    if (!unit) return false;
    auto report = storage::WorkflowStore(c).report_for(org, *unit, year->as_int64(), std::string(point->as_string()));
    return report && report->state == workflow::State::approved;
}

}  // namespace

std::optional<std::string> published_condition(const Entity& e) {
    if (storage::is_tenant(e)) return std::string("1 = 1");
    return published_sql(e, e.table, 0, {});
}

bool Principal::installation_admin() const {
    for (const auto& g : grants) {
        if (g.org_id == installation && g.role == Role::administrator && !g.unit_id) return true;
    }
    return false;
}

bool Principal::member_of(Id org) const {
    if (installation_admin()) return true;
    for (const auto& g : grants) {
        if (g.org_id == org) return true;
    }
    return false;
}

bool holds_role_over(storage::Connection& c, const Principal& p, Id org, Role role, std::optional<Id> unit) {
    if (p.installation_admin()) return true;
    std::optional<std::vector<Id>> path;  // looked up once, when a unit-scoped grant needs it
    for (const auto& g : p.grants) {
        if (g.org_id != org || g.role != role) continue;
        if (!g.unit_id) return true;
        if (!unit) continue;  // a subtree grant does not cover the organisation as a whole
        if (!path) path = ancestors(c, org, *unit);
        for (Id u : *path) {
            if (u == *g.unit_id) return true;
        }
    }
    return false;
}

std::optional<std::set<Id>> units_with_role(storage::Connection& c, const Principal& p, Id org, Role role) {
    if (holds_role_over(c, p, org, role, std::nullopt)) return std::nullopt;
    std::set<Id> roots;
    for (const auto& g : p.grants) {
        if (g.org_id == org && g.role == role && g.unit_id) roots.insert(*g.unit_id);
    }
    std::set<Id> units;
    if (roots.empty()) return units;
    std::map<Id, std::vector<Id>> children;
    for (const auto& r : c.query("SELECT id, parent_id FROM org_unit WHERE org_id = ?", {org})) {
        if (!storage::is_null(r[1])) children[storage::as_int(r[1])].push_back(storage::as_int(r[0]));
    }
    // Each subtree, root first; a unit reached twice (nested grants) is walked once.
    std::vector<Id> todo(roots.begin(), roots.end());
    while (!todo.empty()) {
        Id u = todo.back();
        todo.pop_back();
        if (!units.insert(u).second) continue;
        if (auto it = children.find(u); it != children.end()) todo.insert(todo.end(), it->second.begin(), it->second.end());
    }
    return units;
}

std::optional<Id> owning_unit(storage::Connection& c, const Entity& e, Id org, const storage::Record& r) {
    const Entity* cur_e = &e;
    storage::Record cur = r;
    for (int depth = 0; depth < max_depth; ++depth) {
        if (cur_e->name == "organisation") return std::nullopt;
        // A unit is administered from the level above it; a root unit by the organisation.
        if (cur_e->name == "unit") return ref_value(cur, "parent_id");
        for (const char* field : {"unit_id", "owner_unit_id"}) {
            const Field* f = cur_e->field(field);
            if (f != nullptr && f->target == "unit") {
                if (auto u = ref_value(cur, field)) return u;
            }
        }
        auto parent = parent_record(c, *cur_e, org, cur);
        if (!parent) return std::nullopt;
        cur_e = &entity(cur_e->parent()->target);
        cur = std::move(*parent);
    }
    return std::nullopt;
}

Role required_role(storage::Connection& c, const Entity& e, Id org, const storage::Record& r) {
    auto rule = write_rule(e.name);
    if (!rule) {
        throw Forbidden({"ingen behörighet är deklarerad för " + e.label_sv,
                         "no permission is declared for " + e.label_en});
    }
    if (rule->role) return *rule->role;
    // By measure kind: the record is the measure, or owned by one.
    const Entity* cur_e = &e;
    storage::Record cur = r;
    for (int depth = 0; depth < max_depth && cur_e->name != "measure"; ++depth) {
        auto parent = parent_record(c, *cur_e, org, cur);
        if (!parent) break;
        cur_e = &entity(cur_e->parent()->target);
        cur = std::move(*parent);
    }
    const auto* kind = cur.if_contains("kind");
    return role_for_measure_kind(cur_e->name == "measure" && kind && kind->is_string() ? std::string(kind->as_string())
                                                                                       : "steering");
}

void check_write(storage::Connection& c, const Principal& p, const Entity& e, Id org, const storage::Record& r) {
    if (!p.can_write) {
        throw Forbidden({"nyckeln får bara läsa", "this token may only read"}, "read_only_token");
    }
    Role role = required_role(c, e, org, r);
    auto unit = owning_unit(c, e, org, r);
    if (auto rule = write_rule(e.name); rule && rule->also && holds_role_over(c, p, org, *rule->also, unit)) return;
    if (named_control_reporter(c, p, e, org, r)) return;
    if (!holds_role_over(c, p, org, role, unit)) {
        throw Forbidden({"ändringen kräver rollen " + role_name(role) + " för den här delen av organisationen",
                         "this change needs the role " + role_name(role) + " for this part of the organisation"});
    }
}

bool may_correct_closed_period(storage::Connection& c, const Principal& p, const Entity& e, Id org,
                               const storage::Record& r) {
    auto unit = owning_unit(c, e, org, r);
    return holds_role_over(c, p, org, Role::planner, unit) || holds_role_over(c, p, org, Role::administrator, unit);
}

bool is_published(storage::Connection& c, const Entity& e, Id org, const storage::Record& r) {
    const Entity* cur_e = &e;
    storage::Record cur = r;
    for (int depth = 0; depth < max_depth; ++depth) {
        if (cur_e->period_bound) {
            // Follow-up is published with its unit's approved report for the period
            // (docs/workflow.md); its own status tells how things go, not whether it is public.
            if (!report_approved(c, *cur_e, org, cur)) return false;
        } else if (const auto* status = status_is_publication(*cur_e) ? cur.if_contains("status") : nullptr;
                   status != nullptr && status->is_string()) {
            std::string s(status->as_string());
            if (s != "approved" && s != "archived" && s != "published") return false;
        }
        auto parent = parent_record(c, *cur_e, org, cur);
        if (!parent) return true;
        cur_e = &entity(cur_e->parent()->target);
        cur = std::move(*parent);
    }
    return false;
}

}  // namespace styrkort::auth
