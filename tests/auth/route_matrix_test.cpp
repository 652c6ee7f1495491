// The route matrix: every route of the OpenAPI document × every role × where the
// record lies from the unit the role is held on (own unit, ancestor, descendant,
// sibling, other subtree, other organisation) × how the request is made (API token,
// signed-in session with its CSRF token, no credentials, session without CSRF token,
// read-scope token, expired token, revoked token), checked against a running server.
//
// The expected answer is written in ONE table below (`expected_access`), one row per
// route, from docs/permissions.md; `allowed` turns a row into a decision. A route in the
// OpenAPI document without a row fails the test, and so does a row for a route that no
// longer exists. Adding a route = adding its row, e.g.
//     {"GET", "/api/v1/organisations/{org}/risks/{id}", members},
//     {"POST", "/api/v1/organisations/{org}/risks", role_over_unit(Role::planner)},
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <set>
#include <thread>

#include "auth/identity_store.hpp"
#include "identity_support.hpp"
#include "storage/clock.hpp"
#include "storage/workflow_store.hpp"

namespace styrkort::testing {
namespace {

using auth::Role;

// --- Who may: the vocabulary of the table (docs/permissions.md) ----------------------

enum class Who {
    everyone,            // open: signed in or not (a bad token is still refused: 401)
    signed_in,           // any signed-in user
    session_only,        // a signed-in session, not a token (password change)
    public_read,         // everyone: the org tree, and lists (the public sees published records only)
    members,             // any role in the organisation (the fixtures are drafts: not public)
    role_over_unit,      // `role` over the record's unit (the unit it is held on, or one above)
    measure_role,        // board_planner (steering measure) or directors_staff (control) over the unit
    whole_organisation,  // `role` over the whole organisation: records under no unit
    org_admin,           // administrator of the whole organisation
    installation_admin,  // administrator of the installation
    job_owner,           // the user who started the job or an administrator; 404 to other users
    approver,            // planner over the parent of the record's unit
};

struct Access {
    Who who;
    std::optional<Role> role;
    std::optional<Role> also = {};  // a second role with the same right (risks: board planners)
};
constexpr Access everyone{Who::everyone, {}}, signed_in{Who::signed_in, {}}, session_only{Who::session_only, {}},
    public_read{Who::public_read, {}}, members{Who::members, {}}, measure_role{Who::measure_role, {}},
    org_admin{Who::org_admin, {}}, installation_admin{Who::installation_admin, {}}, job_owner{Who::job_owner, {}},
    approver{Who::approver, {Role::planner}};
constexpr Access role_over_unit(Role r, std::optional<Role> also = {}) { return {Who::role_over_unit, r, also}; }
constexpr Access whole_organisation(Role r) { return {Who::whole_organisation, r}; }

struct Row {
    const char* method;
    const char* path;
    Access access;
};

#define ENTITY_ROWS(collection, write)                                   \
    {"GET", "/api/v1/organisations/{org}/" collection, public_read},     \
    {"POST", "/api/v1/organisations/{org}/" collection, write},          \
    {"GET", "/api/v1/organisations/{org}/" collection "/{id}", members}, \
    {"PUT", "/api/v1/organisations/{org}/" collection "/{id}", write},   \
    {"PATCH", "/api/v1/organisations/{org}/" collection "/{id}", write}, \
    {"DELETE", "/api/v1/organisations/{org}/" collection "/{id}", write}

// THE TABLE. One row per route of the OpenAPI document (ENTITY_ROWS: the six routes of
// a collection: list and create, read, replace, change and delete one record).
const std::vector<Row> expected_access{
    {"GET", "/healthz", everyone},
    {"GET", "/api/v1/openapi.json", everyone},
    {"POST", "/api/v1/auth/login", everyone},
    {"POST", "/api/v1/auth/logout", signed_in},
    {"GET", "/api/v1/auth/me", signed_in},
    {"GET", "/api/v1/auth/sessions", signed_in},
    {"DELETE", "/api/v1/auth/sessions/{id}", signed_in},
    {"POST", "/api/v1/auth/password", session_only},
    // The second factor (docs/security.md): the sign-in's second step is open (the
    // challenge is its credential); one's own TOTP is changed only in a session.
    {"POST", "/api/v1/auth/login/mfa", everyone},
    {"GET", "/api/v1/auth/mfa", signed_in},
    {"POST", "/api/v1/auth/mfa/totp", session_only},
    {"POST", "/api/v1/auth/mfa/totp/confirm", session_only},
    {"POST", "/api/v1/auth/mfa/totp/disable", session_only},
    {"POST", "/api/v1/auth/mfa/recovery-codes", session_only},
    {"POST", "/api/v1/organisations/{org}/users/{id}/mfa/reset", org_admin},
    {"GET", "/api/v1/auth/oidc", everyone},
    {"GET", "/api/v1/auth/oidc/login", everyone},
    {"GET", "/api/v1/auth/oidc/callback", everyone},
    {"POST", "/api/v1/import", installation_admin},
    {"GET", "/api/v1/export", installation_admin},
    {"GET", "/api/v1/organisations", public_read},
    {"POST", "/api/v1/organisations", installation_admin},
    {"GET", "/api/v1/organisations/{org}", public_read},
    {"PUT", "/api/v1/organisations/{org}", org_admin},
    {"PATCH", "/api/v1/organisations/{org}", org_admin},
    {"DELETE", "/api/v1/organisations/{org}", installation_admin},
    {"GET", "/api/v1/organisations/{org}/units", public_read},
    {"POST", "/api/v1/organisations/{org}/units", role_over_unit(Role::administrator)},
    {"GET", "/api/v1/organisations/{org}/units/{id}", public_read},
    {"PUT", "/api/v1/organisations/{org}/units/{id}", role_over_unit(Role::administrator)},
    {"PATCH", "/api/v1/organisations/{org}/units/{id}", role_over_unit(Role::administrator)},
    {"DELETE", "/api/v1/organisations/{org}/units/{id}", role_over_unit(Role::administrator)},
    ENTITY_ROWS("plans", role_over_unit(Role::planner)),
    ENTITY_ROWS("sections", role_over_unit(Role::planner)),
    ENTITY_ROWS("perspectives", role_over_unit(Role::planner)),
    ENTITY_ROWS("goals", role_over_unit(Role::planner)),
    ENTITY_ROWS("assignments", role_over_unit(Role::planner)),
    ENTITY_ROWS("development-areas", role_over_unit(Role::planner)),
    ENTITY_ROWS("missions", role_over_unit(Role::planner)),
    ENTITY_ROWS("success-factors", role_over_unit(Role::planner)),
    ENTITY_ROWS("activities", role_over_unit(Role::planner)),
    ENTITY_ROWS("measures", measure_role),
    ENTITY_ROWS("targets", measure_role),
    ENTITY_ROWS("reporting-periods", whole_organisation(Role::reporter)),
    ENTITY_ROWS("activity-reports", role_over_unit(Role::reporter)),
    ENTITY_ROWS("outcomes", role_over_unit(Role::reporter)),
    ENTITY_ROWS("goal-assessments", role_over_unit(Role::reporter)),
    // Reminders (docs/reporting-round.md): rules per period by controllers of the whole
    // organisation; one's own settings and notifications; the log for administrators.
    ENTITY_ROWS("reminder-rules", whole_organisation(Role::controller)),
    {"GET", "/api/v1/auth/me/settings", signed_in},
    {"POST", "/api/v1/auth/me/settings", signed_in},
    {"POST", "/api/v1/organisations/{org}/users/{id}/email", org_admin},
    {"POST", "/api/v1/reminders/unsubscribe", everyone},
    {"GET", "/api/v1/organisations/{org}/me/notifications", members},
    {"GET", "/api/v1/organisations/{org}/reminders/log", org_admin},
    ENTITY_ROWS("economy-tables", role_over_unit(Role::controller)),
    ENTITY_ROWS("cost-frame-lines", role_over_unit(Role::controller)),
    ENTITY_ROWS("frame-change-lines", role_over_unit(Role::controller)),
    ENTITY_ROWS("result-lines", role_over_unit(Role::controller)),
    ENTITY_ROWS("budget-follow-ups", role_over_unit(Role::controller)),
    ENTITY_ROWS("investment-frame-lines", role_over_unit(Role::controller)),
    ENTITY_ROWS("investment-requests", role_over_unit(Role::controller)),
    ENTITY_ROWS("property-investments", role_over_unit(Role::controller)),
    ENTITY_ROWS("delegation-rules", role_over_unit(Role::controller)),
    ENTITY_ROWS("economy-totals", role_over_unit(Role::controller)),
    {"POST", "/api/v1/organisations/{org}/outcomes/batch", role_over_unit(Role::reporter)},
    {"POST", "/api/v1/organisations/{org}/outcomes/import", role_over_unit(Role::reporter)},
    {"POST", "/api/v1/organisations/{org}/outcomes/import-jobs", role_over_unit(Role::reporter)},
    {"GET", "/api/v1/organisations/{org}/outcomes/import-jobs/{id}", job_owner},
    {"GET", "/api/v1/organisations/{org}/reporting-periods/{id}/corrections", members},
    {"GET", "/api/v1/organisations/{org}/scorecard", members},
    {"GET", "/api/v1/organisations/{org}/plans/{id}/export", members},
    {"GET", "/api/v1/organisations/{org}/plans/{id}/check", members},
    {"GET", "/api/v1/organisations/{org}/plans/{id}/economy", members},
    {"GET", "/api/v1/organisations/{org}/audit", org_admin},
    {"GET", "/api/v1/organisations/{org}/audit/head", org_admin},
    {"GET", "/api/v1/organisations/{org}/followup-reports", public_read},
    {"POST", "/api/v1/organisations/{org}/followup-reports", role_over_unit(Role::reporter)},
    {"GET", "/api/v1/organisations/{org}/followup-reports/{id}", members},
    {"POST", "/api/v1/organisations/{org}/followup-reports/{id}/submit", role_over_unit(Role::reporter)},
    {"POST", "/api/v1/organisations/{org}/followup-reports/{id}/withdraw", role_over_unit(Role::reporter)},
    {"POST", "/api/v1/organisations/{org}/followup-reports/{id}/reopen", role_over_unit(Role::reporter)},
    {"POST", "/api/v1/organisations/{org}/followup-reports/{id}/approve", approver},
    {"POST", "/api/v1/organisations/{org}/followup-reports/{id}/return", approver},
    {"GET", "/api/v1/organisations/{org}/plans/{id}/versions", members},
    {"POST", "/api/v1/organisations/{org}/plans/{id}/versions", role_over_unit(Role::planner)},
    {"POST", "/api/v1/organisations/{org}/plans/{id}/submit", role_over_unit(Role::planner)},
    {"POST", "/api/v1/organisations/{org}/plans/{id}/withdraw", role_over_unit(Role::planner)},
    {"POST", "/api/v1/organisations/{org}/plans/{id}/reopen", role_over_unit(Role::planner)},
    {"POST", "/api/v1/organisations/{org}/plans/{id}/approve", approver},
    {"POST", "/api/v1/organisations/{org}/plans/{id}/return", approver},
    {"GET", "/api/v1/organisations/{org}/plans/{id}/compare", members},
    {"GET", "/api/v1/organisations/{org}/plans/{id}/document", members},
    {"GET", "/api/v1/organisations/{org}/plans/{id}/followup-document", members},
    {"GET", "/api/v1/organisations/{org}/plans/{id}/risks", members},
    {"POST", "/api/v1/organisations/{org}/batch", role_over_unit(Role::planner)},
    {"GET", "/api/v1/organisations/{org}/plans/{id}/comments", members},
    {"POST", "/api/v1/organisations/{org}/plans/{id}/comments", members},
    {"POST", "/api/v1/organisations/{org}/plans/{id}/comments/{comment}/resolve", members},
    {"POST", "/api/v1/organisations/{org}/plans/{id}/comments/{comment}/reopen", members},
    {"GET", "/api/v1/organisations/{org}/kolada/kpis", members},
    {"GET", "/api/v1/organisations/{org}/measures/{id}/kolada-link", members},
    {"PUT", "/api/v1/organisations/{org}/measures/{id}/kolada-link", measure_role},
    {"DELETE", "/api/v1/organisations/{org}/measures/{id}/kolada-link", measure_role},
    {"GET", "/api/v1/organisations/{org}/measures/{id}/kolada-comparison", members},
    // Each attempt changes a comment of the person's own (written with their token when
    // they are a member) and deletes someone else's: the author changes, an administrator
    // over the plan deletes (docs/authoring.md "Review").
    {"PATCH", "/api/v1/organisations/{org}/plans/{id}/comments/{comment}", members},
    {"DELETE", "/api/v1/organisations/{org}/plans/{id}/comments/{comment}", role_over_unit(Role::administrator)},
    ENTITY_ROWS("risk-matrices", role_over_unit(Role::planner, Role::board_planner)),
    ENTITY_ROWS("risks", role_over_unit(Role::planner, Role::board_planner)),
    ENTITY_ROWS("risk-actions", role_over_unit(Role::planner, Role::board_planner)),
    ENTITY_ROWS("internal-control-plans", role_over_unit(Role::planner, Role::board_planner)),
    ENTITY_ROWS("control-points", role_over_unit(Role::planner, Role::board_planner)),
    ENTITY_ROWS("control-results", role_over_unit(Role::reporter)),
    ENTITY_ROWS("deviation-actions", role_over_unit(Role::reporter)),
    // The reporting round (docs/reporting-round.md): opening and closing need the
    // planner or administrator role over the whole organisation.
    {"GET", "/api/v1/organisations/{org}/reporting-periods/{id}/completeness", members},
    {"POST", "/api/v1/organisations/{org}/reporting-periods/{id}/open", whole_organisation(Role::planner)},
    {"POST", "/api/v1/organisations/{org}/reporting-periods/{id}/close", whole_organisation(Role::planner)},
    {"GET", "/api/v1/organisations/{org}/me/todo", members},
};

// --- Where the record lies, how the request is made -----------------------------------

enum class Position { own, ancestor, descendant, sibling, other_subtree, other_organisation };
const std::vector<Position> all_positions{Position::own,     Position::ancestor,      Position::descendant,
                                          Position::sibling, Position::other_subtree, Position::other_organisation};
std::string position_name(Position p) {
    switch (p) {
        case Position::own: return "own unit";
        case Position::ancestor: return "ancestor";
        case Position::descendant: return "descendant";
        case Position::sibling: return "sibling";
        case Position::other_subtree: return "other subtree";
        case Position::other_organisation: return "other organisation";
    }
    return "?";
}

enum class Credential { token, session, anonymous, session_without_csrf, read_token, expired_token, revoked_token };
std::string credential_name(Credential c) {
    switch (c) {
        case Credential::token: return "token";
        case Credential::session: return "session";
        case Credential::anonymous: return "anonymous";
        case Credential::session_without_csrf: return "session without CSRF";
        case Credential::read_token: return "read-scope token";
        case Credential::expired_token: return "expired token";
        case Credential::revoked_token: return "revoked token";
    }
    return "?";
}

bool is_safe(const std::string& method) { return method == "GET" || method == "HEAD"; }

// The row's decision for one request. `role` is the role held on the own unit (none
// for anonymous); `control` whether the measure or target is a control measure's.
bool allowed(const Row& row, std::optional<Role> role, Position pos, Credential cred, bool control) {
    bool safe = is_safe(row.method);
    switch (cred) {
        case Credential::expired_token:
        case Credential::revoked_token: return false;  // 401 before the route is looked at
        case Credential::anonymous: role.reset(); break;
        case Credential::session_without_csrf:
        case Credential::read_token:
            // Neither may change anything; an open route (sign-in) acts without the session.
            if (!safe && row.access.who != Who::everyone) return false;
            break;
        default: break;
    }
    bool session = cred == Credential::session || cred == Credential::session_without_csrf;
    bool in_org = pos != Position::other_organisation;
    bool over_unit = pos == Position::own || pos == Position::descendant;
    switch (row.access.who) {
        case Who::everyone:
        case Who::public_read: return true;
        case Who::signed_in: return role.has_value();
        case Who::session_only: return role.has_value() && session;
        case Who::members: return role.has_value() && in_org;
        case Who::role_over_unit:
            return role.has_value() && (role == row.access.role || role == row.access.also) && over_unit;
        case Who::measure_role: return role == (control ? Role::directors_staff : Role::board_planner) && over_unit;
        case Who::job_owner: return role.has_value();  // (404: the job is not theirs)
        case Who::approver: return role == row.access.role && pos == Position::descendant;
        case Who::whole_organisation:  // the roles here are held on a unit, not the whole organisation
        case Who::org_admin:
        case Who::installation_admin: return false;
    }
    return false;
}

// --- The fixture: two organisations, a tree in each, records at every position --------

constexpr const char* password = "Matris-provning-2026!";

struct Place {
    Id org = 0;
    Id anchor = 0;                  // the unit the records of this position belong to
    std::string anchor_key;
    std::map<std::string, Id> ids;  // entity -> record of this position (unit: a child of the anchor)
    Id control_measure = 0, control_target = 0;
};

struct Fixture {
    Id org = 0, other_org = 0;
    std::map<Position, Place> places;
};

Fixture build(RunningServer& s) {
    Fixture f;
    auto new_org = [&](const std::string& tag) {
        return create(s, entity("organisation"), 0, minimal_body(entity("organisation"), {}, tag)).at("id").as_int64();
    };
    auto unit = [&](Id org, const std::string& key, std::optional<Id> parent) {
        json::object b{{"key", key}, {"name", "Enhet " + key}, {"kind", "division"}};
        if (parent) b["parent_id"] = *parent;
        return create(s, entity("unit"), org, b).at("id").as_int64();
    };
    f.org = new_org("matris");
    f.other_org = new_org("annan");
    // rs -> div-a (where every role is held) -> sub-a; rs -> div-b -> sub-b; and the
    // same tree in the other organisation, whose div-a is that position's anchor.
    Id rs = unit(f.org, "rs", std::nullopt);
    Id div_a = unit(f.org, "div-a", rs);
    Id div_b = unit(f.org, "div-b", rs);
    Id other_rs = unit(f.other_org, "rs", std::nullopt);
    struct Anchor {
        Id org, unit;
        std::string key;
    };
    std::map<Position, Anchor> anchors{
        {Position::own, {f.org, div_a, "div-a"}},
        {Position::ancestor, {f.org, rs, "rs"}},
        {Position::descendant, {f.org, unit(f.org, "sub-a", div_a), "sub-a"}},
        {Position::sibling, {f.org, div_b, "div-b"}},
        {Position::other_subtree, {f.org, unit(f.org, "sub-b", div_b), "sub-b"}},
        {Position::other_organisation, {f.other_org, unit(f.other_org, "div-a", other_rs), "div-a"}},
    };
    for (const auto& [pos, where] : anchors) {
        auto& place = f.places[pos];
        place.org = where.org;
        place.anchor = where.unit;
        place.anchor_key = where.key;
        std::string tag = "p" + std::to_string(static_cast<int>(pos));
        auto& ids = place.ids;
        ids["organisation"] = place.org;
        ids["unit"] = place.anchor;  // what plans and missions of this position belong to
        for (const auto& e : entities()) {
            if (e.name == "organisation" || e.name == "unit") continue;
            ids[e.name] = create(s, e, place.org, minimal_body(e, ids, tag)).at("id").as_int64();
        }
        auto measure = minimal_body(entity("measure"), ids, tag + "-control");
        measure["kind"] = "control";
        place.control_measure = create(s, entity("measure"), place.org, measure).at("id").as_int64();
        auto with_control = ids;
        with_control["measure"] = place.control_measure;
        place.control_target =
            create(s, entity("target"), place.org, minimal_body(entity("target"), with_control, tag + "-control"))
                .at("id")
                .as_int64();
        ids["unit"] = unit(place.org, "u-" + tag, place.anchor);  // the unit record of this position
    }
    return f;
}

// One user per role, holding it on div-a, with every kind of credential.
struct Person {
    std::optional<Role> role;
    std::string name;
    std::map<Credential, HeaderList> headers;
};

std::vector<Person> people(RunningServer& s, const Fixture& f) {
    std::vector<Person> out;
    out.push_back({std::nullopt, "anonymous", {{Credential::anonymous, {}}}});
    for (Role r : auth::all_roles()) {
        Person p{r, auth::role_name(r), {}};
        Id user = make_user(s, p.name, password, {{f.org, r, f.places.at(Position::own).anchor}});
        auto bearer = [](const std::string& t) { return HeaderList{{"Authorization", "Bearer " + t}}; };
        p.headers[Credential::token] = bearer(make_token(s, p.name));
        p.headers[Credential::read_token] = bearer(make_token(s, p.name, "read"));
        s.database().write([&](storage::Connection& c) {
            auth::IdentityStore store(c);
            auto u = store.user_by_name(p.name);
            p.headers[Credential::expired_token] =
                bearer(store.create_token(*u, "expired", "write", utc_iso_from_now(-std::chrono::hours(1))).secret);
            auto revoked = store.create_token(*u, "revoked", "write", utc_iso_from_now(std::chrono::hours(24)));
            store.revoke_token(user, revoked.id);
            p.headers[Credential::revoked_token] = bearer(revoked.secret);
        });
        auto session = login(s, p.name, password);
        EXPECT_EQ(session.login_response.status, 200) << p.name;
        p.headers[Credential::session] = session_headers(session);
        p.headers[Credential::session_without_csrf] = session_headers(session, false);
        out.push_back(std::move(p));
    }
    return out;
}

// --- Requests ---------------------------------------------------------------------------

bool is_workflow(const api::Route& route) {
    const auto& k = route.kind;
    return k.rfind("report_", 0) == 0 || k.rfind("plan_", 0) == 0 || k == "new_version" || k == "compare";
}

std::optional<workflow::Action> action_of(const api::Route& route) {
    auto at = route.kind.find('_');
    return at == std::string::npos ? std::nullopt : workflow::parse_action(route.kind.substr(at + 1));
}

workflow::State state_before(workflow::Action a) {
    switch (a) {
        case workflow::Action::submit: return workflow::State::draft;
        case workflow::Action::reopen: return workflow::State::returned;
        default: return workflow::State::submitted;
    }
}

struct Attempt {
    const api::Route* route;
    const Row* row;
    Position pos;
    bool control;
    const Person* person;
    Credential cred;
};

class Matrix {
public:
    Matrix(RunningServer& s, Fixture& f) : s_(s), f_(f) {}

    // Makes the request; returns the status. `fresh`: records the request may change
    // (deleted, moved along the workflow) are made for this attempt alone.
    HttpResponse run(const Attempt& a, bool fresh) {
        const auto& route = *a.route;
        const auto& place = f_.places.at(a.pos);
        auto ids = place.ids;
        // Held from reading a record to changing it: two allowed writers of the same
        // record (risks: planner and board planner) would otherwise send the same
        // row_version and one get a correct 409.
        std::unique_lock<std::mutex> read_then_write;
        if (a.control) {
            ids["measure"] = place.control_measure;
            ids["target"] = place.control_target;
        }
        const Entity* e = route.entity.empty() ? nullptr : &entity(route.entity);
        std::string url = route.pattern, body;
        auto put = [&](const std::string& name, const std::string& value) {
            if (auto p = url.find("{" + name + "}"); p != std::string::npos) url.replace(p, name.size() + 2, value);
        };
        put("org", std::to_string(place.org));
        int n = ++serial_;
        std::string tag = "m" + std::to_string(n);
        if (is_workflow(route)) {
            Id unit = place.anchor;
            auto action = action_of(route);
            auto state = action ? state_before(*action) : workflow::State::draft;
            // A (unit, year, point) of its own for each report: a counter per position.
            int r = report_serial_[static_cast<int>(a.pos)]++;
            std::string point = reporting_point_names()[r % 7];
            std::int64_t year = 1900 + r / 7;
            if (route.kind == "report_create") {
                body = json::serialize(json::object{{"unit_id", unit}, {"year", year}, {"point", point}});
            } else if (route.kind.rfind("report_", 0) == 0 && route.kind != "report_list") {
                auto rep = s_.database().write([&](storage::Connection& c) {
                    return storage::WorkflowStore(c).put_report(place.org, unit, year, point, state, "någon");
                });
                put("id", std::to_string(rep.id));
            } else if (route.kind == "compare" || route.kind == "plan_versions") {
                put("id", std::to_string(ids["plan"]));
                if (route.kind == "compare") url += "?with=" + std::to_string(ids["plan"]);
            } else if (route.kind != "report_list") {
                auto key = "wf-" + (fresh ? tag : std::to_string(static_cast<int>(a.pos)) + "-" + route.kind);
                Id plan = standing(key, [&] {
                    auto b = minimal_body(entity("plan"), ids, key);
                    b["owner_unit_id"] = unit;
                    b["status"] = route.kind == "new_version" ? "approved" : workflow::state_name(state);
                    return create(s_, entity("plan"), place.org, b).at("id").as_int64();
                }, fresh);
                put("id", std::to_string(plan));
            }
            if (action == workflow::Action::send_back) body = R"({"comment": "Komplettera"})";
        } else if (e != nullptr) {
            bool tenant = e->name == "organisation";
            Id id = tenant ? place.org : ids[e->name];
            if (route.kind == "delete" && !tenant) {
                auto key = std::string("del-") + (fresh ? tag : std::to_string(static_cast<int>(a.pos)) + (a.control ? "c" : ""));
                id = standing(e->name + key, [&] {
                    auto b = minimal_body(*e, ids, key);
                    if (e->name == "unit") b["parent_id"] = place.anchor;
                    if (e->name == "measure" && a.control) b["kind"] = "control";
                    return create(s_, *e, place.org, b).at("id").as_int64();
                }, fresh);
            }
            put("id", std::to_string(id));
            if (route.kind == "create") {
                auto b = minimal_body(*e, ids, "new-" + tag);
                if (e->name == "unit") b["parent_id"] = place.anchor;
                if (e->name == "measure" && a.control) b["kind"] = "control";
                body = json::serialize(b);
            } else if (route.kind == "replace" || route.kind == "patch") {
                read_then_write = std::unique_lock(read_then_write_);
                std::string read = tenant ? "/api/v1/organisations/" + std::to_string(place.org) : url;
                auto current = parse_json(s_.request("GET", read).body).as_object();
                json::object b = route.kind == "replace" ? current : json::object{};
                // The version as read: a browser session must send it (docs/authoring.md).
                if (auto* v = current.if_contains("row_version")) b["row_version"] = *v;
                b[changeable_field(*e).name] = "Ändrad " + tag;
                body = json::serialize(b);
            } else if (route.kind == "outcome_batch") {
                auto b = minimal_body(*e, ids, "batch-" + tag);
                // Another year than the create route stores, and its own for each attempt at
                // the place: a counter per position, as for the reports above (a year taken
                // from the global counter repeated every 199 attempts, and a repeated key made
                // an allowed batch a 409, seen once on PostgreSQL).
                b["year"] = 2001 + outcome_serial_[static_cast<int>(a.pos)]++;
                body = json::serialize(json::object{{"outcomes", json::array{b}}});
            }
        } else if (route.kind.rfind("kolada_", 0) == 0) {
            // Kolada (docs/kolada.md): the place's measure, linked to a KPI of its catalogue
            // before each request; one request at a time, since a delete removes the link.
            read_then_write = std::unique_lock(read_then_write_);
            put("id", std::to_string(ids["measure"]));
            s_.database().write([&](storage::Connection& c) {
                c.execute("INSERT INTO kolada_kpi (org_id, id, title) VALUES (?, 'N00945', 'Testnyckeltal') "
                          "ON CONFLICT DO NOTHING",
                          {place.org});
                c.execute("INSERT INTO measure_kolada_link (org_id, measure_id, kpi_id, municipality_id) "
                          "VALUES (?, ?, 'N00945', '0025') ON CONFLICT DO NOTHING",
                          {place.org, ids["measure"]});
            });
            if (route.kind == "kolada_link_put") body = R"({"kpi": "N00945", "group": null})";
        } else {
            if (route.kind == "session_revoke") {
                // One of the person's own sessions, begun for this attempt alone (another
                // user's session is 404: not theirs, as for import jobs).
                // Made in the database, as the fixture makes tokens: no password hashing per attempt.
                std::string own = "1";
                if (a.person->role) {
                    own = std::to_string(s_.database().write([&](storage::Connection& c) {
                        auth::IdentityStore store(c);
                        return store.create_session(*store.user_by_name(a.person->name), "127.0.0.1").id;
                    }));
                }
                put("id", own);
            }
            bool period_route = route.kind == "completeness" || route.kind == "period_open" || route.kind == "period_close";
            put("id", std::to_string(ids[period_route ? "reporting_period" : "plan"]));
            if (route.kind == "login") {
                body = json::serialize(json::object{{"username", a.person->role ? a.person->name : "nobody"}, {"password", password}});
            } else if (route.kind == "password") {
                // The same password again: the change is allowed or refused by the policy,
                // never by access; it must not lock the others out of their sign-in.
                body = json::serialize(json::object{{"current_password", password}, {"new_password", password}});
            } else if (route.kind == "comment_create") {
                body = json::serialize(json::object{{"entity", "plan"}, {"item_id", ids["plan"]}, {"body", "Kommentar " + tag}});
            } else if (route.kind == "comment_resolve" || route.kind == "comment_reopen") {
                auto thread = s_.send_json("POST", "/api/v1/organisations/" + std::to_string(place.org) + "/plans/" +
                                                       std::to_string(ids["plan"]) + "/comments",
                                           json::object{{"entity", "plan"}, {"item_id", ids["plan"]}, {"body", "Tråd " + tag}});
                put("comment", std::to_string(parse_json(thread.body).at("id").as_int64()));
            } else if (route.kind == "comment_edit" || route.kind == "comment_delete") {
                auto comments = "/api/v1/organisations/" + std::to_string(place.org) + "/plans/" + std::to_string(ids["plan"]) +
                                "/comments";
                json::object start{{"entity", "plan"}, {"item_id", ids["plan"]}, {"body", "Tråd " + tag}};
                bool own = route.kind == "comment_edit" && a.person->role && a.pos != Position::other_organisation;
                HttpResponse made;
                if (own) {
                    HeaderList h = a.person->headers.at(Credential::token);
                    h.emplace_back("Content-Type", "application/json");
                    made = s_.anonymous_request("POST", comments, json::serialize(start), h);
                } else {
                    made = s_.send_json("POST", comments, start);
                }
                auto comment = parse_json(made.body).as_object();
                put("comment", std::to_string(comment.at("id").as_int64()));
                if (route.kind == "comment_edit") {
                    body = json::serialize(json::object{{"body", "Ändrad " + tag}, {"row_version", comment.at("row_version")}});
                }
            } else if (route.kind == "batch") {
                // One goal in the place's plan, as POST …/goals would make it.
                auto goal = minimal_body(entity("goal"), ids, "batch-" + tag);
                body = json::serialize(json::object{
                    {"changes", json::array{json::object{{"action", "create"}, {"collection", "goals"}, {"record", goal}}}}});
            } else if (route.kind == "import_outcomes" || route.kind == "import_job_start") {
                body = "measure_id;unit;year;point;value\n" + std::to_string(ids["measure"]) + ";" + place.anchor_key +
                       ";" + std::to_string(1900 + n % 300) + ";ar;1\n";
            } else if (route.method != "GET") {
                body = "{}";
            }
        }
        if (route.kind == "scorecard") url += "?unit=" + std::to_string(place.anchor) + "&year=2025&point=da04";
        // Documents as HTML: the same access as PDF, without a browser per request.
        if (route.kind == "document") url += "?format=html";
        if (route.kind == "followup_document") {
            url += "?unit=" + std::to_string(place.anchor) + "&year=2025&point=da04&format=html";
        }
        bool csv = route.kind == "import_outcomes" || route.kind == "import_job_start";
        HeaderList headers{{"Content-Type", csv ? "text/csv" : "application/json"}};
        auto credentials = a.person->headers.at(a.cred);
        if (a.cred == Credential::session && route.kind == "logout") {
            // Signing out ends the session: a session of its own, so that the other
            // attempts keep theirs.
            credentials = session_headers(login(s_, a.person->name, password));
        } else if (a.cred == Credential::session && route.kind == "password" && a.person->role) {
            // A password change ends every session of the user: another user with the
            // same role, so that the person's own sessions live on.
            std::string name = a.person->name + "-pw-" + tag;
            make_user(s_, name, password, {{f_.org, *a.person->role, f_.places.at(Position::own).anchor}});
            credentials = session_headers(login(s_, name, password));
        }
        for (const auto& h : credentials) headers.push_back(h);
        // A browser session names the version it deletes (docs/authoring.md); access,
        // not versions, is what is tried here.
        if (route.kind == "delete" || route.kind == "comment_delete" || route.kind == "kolada_link_put" ||
            route.kind == "kolada_link_delete") {
            headers.emplace_back("If-Match", "*");
        }
        auto answer = s_.anonymous_request(route.method, url, body, headers);
        if (route.kind == "import_job_start" && answer.status == 202) return job_outcome(place.org, answer);
        return answer;
    }

private:
    // An import job is started for any reporter of the organisation; its rows' units are
    // checked when it runs (docs/permissions.md). The job's end is the answer: failed
    // (nothing imported) is a refusal, reported as 403 with the job's reason.
    HttpResponse job_outcome(Id org, HttpResponse started) {
        auto id = std::string(parse_json(started.body).at("id").as_string());
        auto url = "/api/v1/organisations/" + std::to_string(org) + "/outcomes/import-jobs/" + id;
        for (int i = 0; i < 1500; ++i) {
            auto r = s_.request("GET", url);
            auto job = parse_json(r.body).as_object();
            auto state = std::string(job.at("state").as_string());
            if (state == "succeeded") return started;
            if (state == "failed" || state == "interrupted") {
                started.status = 403;
                started.body = "job " + state + ": " + json::serialize(job.at("errors"));
                return started;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        started.status = 0;
        started.body = "the job did not finish in 30 s";
        return started;
    }

    template <typename Make>
    Id standing(const std::string& key, Make make, bool fresh) {
        if (fresh) return make();
        std::lock_guard lock(mutex_);
        auto it = standing_.find(key);
        if (it == standing_.end()) it = standing_.emplace(key, make()).first;
        return it->second;
    }

    RunningServer& s_;
    Fixture& f_;
    std::atomic<int> serial_{0};
    std::array<std::atomic<int>, 6> report_serial_{};
    std::array<std::atomic<int>, 6> outcome_serial_{};
    std::mutex mutex_;
    std::mutex read_then_write_;
    std::map<std::string, Id> standing_;
};

const Row* row_for(const std::string& method, const std::string& path) {
    for (const auto& r : expected_access) {
        if (method == r.method && path == r.path) return &r;
    }
    return nullptr;
}

class RouteMatrixTest : public ::testing::TestWithParam<Backend> {};

TEST_P(RouteMatrixTest, EveryRouteOfTheDocumentHasExactlyOneRow) {
    RunningServer s(GetParam());
    auto doc = parse_json(s.request("GET", "/api/v1/openapi.json").body).as_object();
    std::set<std::pair<std::string, std::string>> in_document;
    for (const auto& [path, item] : doc.at("paths").as_object()) {
        for (const auto& [method, op] : item.as_object()) {
            std::string m(method);
            for (auto& ch : m) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
            if (m == "PARAMETERS") continue;
            in_document.emplace(m, std::string(path));
            EXPECT_NE(row_for(m, std::string(path)), nullptr)
                << m << " " << path << " has no row in the route matrix: add one to expected_access "
                << "(tests/auth/route_matrix_test.cpp) saying who may call it, as docs/permissions.md does";
        }
    }
    std::set<std::pair<std::string, std::string>> rows;
    for (const auto& r : expected_access) {
        EXPECT_TRUE(rows.emplace(r.method, r.path).second) << "two rows for " << r.method << " " << r.path;
        EXPECT_TRUE(in_document.count({r.method, r.path})) << "a row for a route the document does not have: "
                                                           << r.method << " " << r.path;
    }
    EXPECT_EQ(s.api().router().routes().size(), in_document.size()) << "every route is in the document";
}


// Tenants (docs/scale-out.md "Tenants"): the own organisation's URL with the id of a
// record of the other organisation, on every route that names a record by {id}, as the
// installation's administrator (who may do anything anywhere): nothing is found, nothing
// of the other organisation changes. On PostgreSQL the request runs in the URL's
// organisation's row-level security scope, so this holds even where a handler's own
// check would miss it.
TEST_P(RouteMatrixTest, OwnOrganisationsUrlWithAnotherOrganisationsIdFindsAndChangesNothing) {
    RunningServer s(GetParam());
    auto f = build(s);
    const auto& other = f.places.at(Position::other_organisation);
    Id other_report = s.database().write([&](storage::Connection& c) {
        return storage::WorkflowStore(c).put_report(other.org, other.anchor, 1899, "ar", workflow::State::submitted, "någon").id;
    });
    auto snapshot = [&] {
        std::map<std::string, std::string> out;
        for (const auto& e : entities()) {
            if (e.name == "organisation") continue;
            out[e.name] = s.request("GET", "/api/v1/organisations/" + std::to_string(other.org) + "/" + e.collection + "/" +
                                               std::to_string(other.ids.at(e.name)))
                              .body;
        }
        return out;
    };
    auto before = snapshot();
    int tried = 0;
    for (const auto& route : s.api().router().routes()) {
        const auto& pattern = route.pattern;
        if (pattern.find("{org}") == std::string::npos || pattern.find("{id}") == std::string::npos) continue;
        if (route.kind.rfind("import_job", 0) == 0) continue;  // a job's id is a random text, not a record
        std::string key = !route.entity.empty()                                     ? route.entity
                          : route.kind.rfind("kolada_", 0) == 0                     ? "measure"
                          : route.kind == "completeness" || route.kind.rfind("period_", 0) == 0 ? "reporting_period"
                          : route.kind == "user_email"                              ? ""
                                                                                    : "plan";
        if (route.entity == "organisation") continue;  // {org} is the record itself
        Id id = route.kind.rfind("report_", 0) == 0 && route.kind != "report_create" ? other_report
                : key.empty()                                                       ? 1
                                                                                    : other.ids.at(key);
        std::string url = pattern;
        auto put = [&](const std::string& name, const std::string& value) {
            if (auto p = url.find("{" + name + "}"); p != std::string::npos) url.replace(p, name.size() + 2, value);
        };
        put("org", std::to_string(f.org));
        put("id", std::to_string(id));
        put("comment", "1");
        if (route.kind == "compare") url += "?with=" + std::to_string(id);
        if (route.kind == "document" || route.kind == "followup_document") url += "?format=html";
        std::string body = route.method == "GET" || route.method == "DELETE" ? "" : R"({"name": "Ändrad", "comment": "x"})";
        HeaderList headers{{"Content-Type", "application/json"}, {"If-Match", "*"}};
        auto r = s.request(route.method, url, body, headers);
        ++tried;
        EXPECT_TRUE(r.status < 200 || r.status > 299)
            << route.method << " " << url << " (" << route.kind << ", the other organisation's id) -> " << r.status << " "
            << r.body.substr(0, 200);
    }
    EXPECT_EQ(snapshot(), before) << "a record of the other organisation changed";
    std::cout << "[ tenants ] " << tried << " routes tried with the other organisation's ids under the own organisation's URL\n";
    EXPECT_GT(tried, 150);
}

// The requests, in three shards by credential (each its own server and fixture, so
// that ctest runs them side by side and each stays well inside its time limit).
const std::vector<std::vector<Credential>> shards{
    {Credential::token, Credential::anonymous},
    {Credential::session, Credential::session_without_csrf},
    {Credential::read_token, Credential::expired_token, Credential::revoked_token},
};

class RouteMatrixShardTest : public ::testing::TestWithParam<std::tuple<Backend, int>> {};

TEST_P(RouteMatrixShardTest, EveryRouteRolePositionAndCredential) {
    auto [backend, shard] = GetParam();
    const auto& in_shard = shards.at(static_cast<std::size_t>(shard));
    RunningServer s(backend);
    auto f = build(s);
    auto everybody = people(s, f);
    Matrix matrix(s, f);

    // STYRKORT_ROUTE_MATRIX_SMALL=1 (the sanitizer tree's test preset): every route, role
    // and credential, but only the own unit and the other organisation — what the
    // sanitizers look for is in the code each request runs, and the full matrix of
    // positions runs in the normal tree.
    const char* small_env = std::getenv("STYRKORT_ROUTE_MATRIX_SMALL");
    bool small = small_env != nullptr && std::string(small_env) == "1";
    std::vector<Attempt> attempts;
    std::set<std::string> routes_without_rows;
    for (const auto& route : s.api().router().routes()) {
        const Row* row = row_for(route.method, route.pattern);
        if (row == nullptr) {
            routes_without_rows.insert(route.method + " " + route.pattern);
            continue;
        }
        // Where the record lies matters only for routes about a record or an organisation.
        bool placed = route.pattern.find("{org}") != std::string::npos || route.pattern.find("{id}") != std::string::npos;
        bool kinds = route.entity == "measure" || route.entity == "target";
        for (Position pos : all_positions) {
            if (!placed && pos != Position::own) continue;
            if (small && pos != Position::own && pos != Position::other_organisation) continue;
            for (bool control : {false, true}) {
                if (control && !kinds) continue;
                for (const auto& person : everybody) {
                    for (const auto& [cred, headers] : person.headers) {
                        if (std::find(in_shard.begin(), in_shard.end(), cred) == in_shard.end()) continue;
                        // A session with its CSRF token reads as its token does; the
                        // credentials refused before the record is looked at (expired,
                        // revoked, read-only or CSRF-less on a change) are tried where the
                        // role is held.
                        if (cred == Credential::session && is_safe(route.method) && pos != Position::own) continue;
                        bool refused_early = cred == Credential::expired_token || cred == Credential::revoked_token ||
                                             ((cred == Credential::read_token || cred == Credential::session_without_csrf) &&
                                              !is_safe(route.method));
                        if (refused_early && pos != Position::own) continue;
                        attempts.push_back({&route, row, pos, control, &person, cred});
                    }
                }
            }
        }
    }
    EXPECT_TRUE(routes_without_rows.empty()) << routes_without_rows.size() << " routes without a row, e.g. "
                                             << *routes_without_rows.begin();

    std::atomic<int> unexpected_allows{0}, unexpected_denials{0}, failed{0};
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t i = next++; i < attempts.size(); i = next++) {
            const auto& a = attempts[i];
            bool expect = allowed(*a.row, a.person->role, a.pos, a.cred, a.control);
            auto r = matrix.run(a, expect);
            const auto& kind = a.route->kind;
            bool denied = r.status == 401 || r.status == 403 || (!expect && r.status == 404);
            // Sign-in with a name that does not exist (anonymous) is answered 401: its answer, not a refusal.
            if (kind == "login" && !a.person->role && a.cred == Credential::anonymous) denied = !expect;
            std::string what = a.route->method + " " + a.route->pattern + " as " + a.person->name + " with " +
                               credential_name(a.cred) + ", record at " + position_name(a.pos) +
                               (a.control ? " [control measure]" : "") + " -> " + std::to_string(r.status) + " " +
                               r.body.substr(0, 160);
            if (!denied && !expect) {
                ++unexpected_allows;
                ADD_FAILURE() << "unexpected allow: " << what;
            } else if (denied && expect) {
                ++unexpected_denials;
                ADD_FAILURE() << "unexpected denial: " << what;
            } else if (expect && (r.status < 200 || r.status > 299) && kind != "login" && kind != "password" &&
                       !(kind == "import_job" && r.status == 404) && !(kind.rfind("oidc_", 0) == 0 && r.status == 404) &&
                       !(kind == "unsubscribe" && r.status == 422) &&
                       !(kind.rfind("mfa_", 0) == 0 && (r.status == 422 || r.status == 409))) {
                // (An import job is the starter's; single sign-on is not configured here: 404;
                // unsubscribing without a link's token is answered 422, not refused; the second
                // factor's routes without a code or challenge are answered 422 or 409.)
                ++failed;
                ADD_FAILURE() << "allowed but failed: " << what;
            }
        }
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) threads.emplace_back(worker);
    for (auto& t : threads) t.join();
    std::string creds;
    for (auto c : in_shard) creds += (creds.empty() ? "" : ", ") + credential_name(c);
    std::cout << "[ matrix ] " << attempts.size() << " requests (" << creds << ") on " << backend_label(backend) << ": "
              << unexpected_allows << " unexpected allows, " << unexpected_denials << " unexpected denials, " << failed
              << " allowed but failed\n";
    EXPECT_EQ(unexpected_allows, 0);
    EXPECT_EQ(unexpected_denials, 0);
    EXPECT_GT(attempts.size(), small ? 1500u : 4000u);
}

INSTANTIATE_TEST_SUITE_P(Backends, RouteMatrixTest, backends(), backend_name);
INSTANTIATE_TEST_SUITE_P(Backends, RouteMatrixShardTest, ::testing::Combine(backends(), ::testing::Values(0, 1, 2)),
                         [](const ::testing::TestParamInfo<std::tuple<Backend, int>>& info) {
                             return backend_label(std::get<0>(info.param)) + "_shard" +
                                    std::to_string(std::get<1>(info.param));
                         });

}  // namespace
}  // namespace styrkort::testing
