// The authorisation matrix, generated from the route table: every route × anonymous
// and every role (held on division A) × a record of division A (own subtree) and of
// division B (foreign subtree). The expected decision is written here from the
// permission matrix in docs/permissions.md; any unexpected allow fails, and so does a
// route that declares no permission or an entity with no write rule.
#include <gtest/gtest.h>

#include <set>

#include "identity_support.hpp"
#include "storage/workflow_store.hpp"

namespace styrkort::testing {
namespace {

using auth::Role;
using api::Access;
using api::Route;

constexpr const char* password = "Matris-provning-2026!";

enum class Side { own, foreign };

struct Fixture {
    Id org = 0;
    Id root = 0;
    std::map<Side, std::map<std::string, Id>> ids;  // side -> entity name -> record id
    std::map<Side, Id> control_measure, control_target;
};

// Division A and B under the board; on each side a draft plan owned by the division
// and one record of every entity in it; a sub-unit of each division.
Fixture build(RunningServer& s) {
    Fixture f;
    f.org = create(s, entity("organisation"), 0, minimal_body(entity("organisation"), {}, "matrix")).at("id").as_int64();
    auto unit_body = [&](const std::string& key, std::optional<Id> parent) {
        json::object b{{"key", key}, {"name", "Enhet " + key}, {"kind", "division"}};
        if (parent) b["parent_id"] = *parent;
        return create(s, entity("unit"), f.org, b).at("id").as_int64();
    };
    f.root = unit_body("rs", std::nullopt);
    for (Side side : {Side::own, Side::foreign}) {
        std::string tag = side == Side::own ? "a" : "b";
        Id division = unit_body("div-" + tag, f.root);
        auto& ids = f.ids[side];
        ids["organisation"] = f.org;
        ids["division"] = division;
        ids["unit"] = division;  // what plans and missions of this side belong to
        for (const auto& e : entities()) {
            if (e.name == "organisation" || e.name == "unit") continue;
            ids[e.name] = create(s, e, f.org, minimal_body(e, ids, tag)).at("id").as_int64();
        }
        auto measure = minimal_body(entity("measure"), ids, tag + "-control");
        measure["kind"] = "control";
        f.control_measure[side] = create(s, entity("measure"), f.org, measure).at("id").as_int64();
        auto ids_control = ids;
        ids_control["measure"] = f.control_measure[side];
        f.control_target[side] =
            create(s, entity("target"), f.org, minimal_body(entity("target"), ids_control, tag + "-control")).at("id").as_int64();
        ids["unit"] = unit_body("sub-" + tag, division);  // the unit record of this side
    }
    return f;
}

struct Principal {
    std::string name;           // "anonymous" or the role
    std::optional<Role> role;   // held on division A
    std::string token;
};

// What docs/permissions.md says, for one request.
// Whether records of `e` belong to the organisation as a whole (no unit of their own,
// none through their parents), so that a role held on a subtree cannot write them.
bool organisation_wide(const Entity& e) {
    for (const auto& f : e.fields) {
        if (f.type == FieldType::ref && f.target == "unit") return false;
    }
    const auto* parent = e.parent();
    return parent == nullptr || organisation_wide(entity(parent->target));
}

// The workflow's routes (docs/workflow.md): the author's role over the sub-unit of the
// side, or a planner over the division above it; reading as members (the fixtures are
// drafts), and the list of reports for everyone (the public sees approved ones only).
bool is_workflow(const Route& route) {
    const auto& k = route.kind;
    return k.rfind("report_", 0) == 0 || k.rfind("plan_", 0) == 0 || k == "new_version" || k == "compare";
}

std::optional<workflow::Action> action_of(const Route& route) {
    auto at = route.kind.find('_');
    return at == std::string::npos ? std::nullopt : workflow::parse_action(route.kind.substr(at + 1));
}

bool expected_workflow_allow(const Route& route, const Principal& p, Side side) {
    const auto& k = route.kind;
    if (k == "report_list") return true;
    if (route.method == "GET") return p.role.has_value();
    if (!p.role || side != Side::own) return false;
    auto action = action_of(route);
    bool report = k.rfind("report_", 0) == 0;
    if (action && workflow::by_approver(*action)) return *p.role == Role::planner;
    return *p.role == (report ? Role::reporter : Role::planner);  // create, submit, withdraw, reopen, new_version
}

// The state a report or plan must be in for the action to be allowed.
workflow::State state_before(workflow::Action a) {
    switch (a) {
        case workflow::Action::submit: return workflow::State::draft;
        case workflow::Action::reopen: return workflow::State::returned;
        default: return workflow::State::submitted;
    }
}

bool expected_allow(const Route& route, const Principal& p, Side side, bool control_measure) {
    if (is_workflow(route)) return expected_workflow_allow(route, p, side);
    // Review comments (docs/authoring.md): every member of the organisation, any plan.
    if (route.kind.rfind("comment_", 0) == 0) return p.role.has_value();
    // The batch here creates a goal in the own side's plan: as POST /goals would.
    if (route.kind == "batch") return p.role && side == Side::own && *p.role == auth::write_rule("goal")->role;
    switch (route.access) {
        case Access::undeclared: return false;
        case Access::open: return true;
        case Access::signed_in:
            // Changing the password needs a signed-in session; tokens cannot.
            return p.role.has_value() && route.kind != "password";
        case Access::installation_admin: return false;  // nobody here administers the installation
        case Access::org_admin: return false;           // the roles are held on a division, not the whole organisation
        case Access::read_records:
            // Members of the organisation read everything in it; the public reads only
            // what is published (the org tree; the plans here are drafts).
            if (p.role) return true;
            if (route.kind == "list") return true;  // answered, with only published records
            return route.entity == "organisation" || route.entity == "unit";
        case Access::write_records: {
            if (!p.role || side != Side::own) return false;
            // Outcome imports: reporters, for the rows of their own subtree (the test's
            // file has one row, for the own division).
            if (route.kind == "import_outcomes" || route.kind == "import_job_start") return *p.role == Role::reporter;
            if (route.entity == "organisation") return false;  // installation / whole-organisation administrators only
            if (!route.entity.empty() && organisation_wide(entity(route.entity))) return false;  // roles here are on a division
            auto rule = auth::write_rule(route.entity);
            if (!rule) return false;
            Role needed = rule->role ? *rule->role : control_measure ? Role::directors_staff : Role::board_planner;
            return *p.role == needed;
        }
    }
    return false;
}

class AuthorisationMatrixTest : public ::testing::TestWithParam<Backend> {};

TEST_P(AuthorisationMatrixTest, EveryRouteDeclaresAPermissionAndEveryEntityAWriteRule) {
    RunningServer s(GetParam());
    for (const auto& route : s.api().router().routes()) {
        EXPECT_NE(route.access, Access::undeclared) << route.method << " " << route.pattern << " declares no permission";
    }
    for (const auto& e : entities()) EXPECT_TRUE(auth::write_rule(e.name).has_value()) << e.name << " has no write rule";
    // The declared table itself, as docs/permissions.md states it.
    EXPECT_EQ(auth::write_rule("goal")->role, Role::planner);
    EXPECT_EQ(auth::write_rule("unit")->role, Role::administrator);
    EXPECT_EQ(auth::write_rule("activity_report")->role, Role::reporter);
    EXPECT_EQ(auth::write_rule("cost_frame_line")->role, Role::controller);
    EXPECT_TRUE(auth::write_rule("measure")->by_measure_kind);
    EXPECT_FALSE(auth::write_rule("something_new").has_value());
}

TEST_P(AuthorisationMatrixTest, EveryRouteEveryRoleOwnAndForeignSubtree) {
    RunningServer s(GetParam());
    auto f = build(s);
    std::vector<Principal> principals{{"anonymous", std::nullopt, ""}};
    for (Role r : auth::all_roles()) {
        auto name = auth::role_name(r);
        make_user(s, name, password, {{f.org, r, f.ids[Side::own]["division"]}});
        principals.push_back({name, r, make_token(s, name)});
    }
    std::string org = std::to_string(f.org);
    int checked = 0, unexpected_allows = 0, unexpected_denials = 0;
    for (const auto& route : s.api().router().routes()) {
        bool sided = route.pattern.find("{id}") != std::string::npos || (route.method == "POST" && !route.entity.empty());
        bool measure_kinds = route.entity == "measure" || route.entity == "target";
        for (Side side : {Side::own, Side::foreign}) {
            if (!sided && side == Side::foreign) continue;
            for (bool control : {false, true}) {
                if (control && !measure_kinds) continue;
                for (const auto& p : principals) {
                    const Entity* e = route.entity.empty() ? nullptr : &entity(route.entity);
                    auto ids = f.ids[side];
                    if (control) {
                        ids["measure"] = f.control_measure[side];
                        ids["target"] = f.control_target[side];
                    }
                    std::string url = route.pattern;
                    auto put = [&](const std::string& name, const std::string& value) {
                        if (auto pos = url.find("{" + name + "}"); pos != std::string::npos) url.replace(pos, name.size() + 2, value);
                    };
                    std::string body;
                    bool tenant = e != nullptr && e->name == "organisation";
                    put("org", org);
                    if (is_workflow(route)) {
                        // A fresh report or plan for each attempt, in the state the action needs,
                        // on the side's sub-unit (so a role on division A is the level above it).
                        static int serial = 0;
                        ++serial;
                        Id unit = ids["unit"];
                        auto action = action_of(route);
                        auto state = action ? state_before(*action) : workflow::State::draft;
                        std::string point = reporting_point_names()[serial % 7];
                        std::int64_t year = 1900 + serial / 7;
                        if (route.kind == "report_create") {
                            body = json::serialize(json::object{{"unit_id", unit}, {"year", year}, {"point", point}});
                        } else if (route.kind.rfind("report_", 0) == 0 && route.kind != "report_list") {
                            auto rep = s.database().write([&](storage::Connection& c) {
                                return storage::WorkflowStore(c).put_report(f.org, unit, year, point, state, "någon");
                            });
                            put("id", std::to_string(rep.id));
                        } else if (route.kind == "compare" || route.kind == "plan_versions") {
                            put("id", std::to_string(ids["plan"]));
                            if (route.kind == "compare") url += "?with=" + std::to_string(ids["plan"]);
                        } else if (route.kind != "report_list") {
                            auto plan = minimal_body(entity("plan"), ids, "wf-" + std::to_string(serial));
                            plan["owner_unit_id"] = unit;
                            plan["status"] = route.kind == "new_version" ? "approved" : workflow::state_name(state);
                            put("id", std::to_string(create(s, entity("plan"), f.org, plan).at("id").as_int64()));
                        }
                        if (action == workflow::Action::send_back) body = R"({"comment": "Komplettera"})";
                    } else if (e != nullptr) {
                        Id id = tenant ? f.org : ids[e->name];
                        if (route.kind == "delete" && !tenant) {
                            // A fresh record for each attempt, so that one allowed delete
                            // does not decide the next principal's answer.
                            auto b = minimal_body(*e, ids, "del-" + std::to_string(checked));
                            if (e->name == "unit") b["parent_id"] = ids["division"];
                            if (e->name == "measure" && control) b["kind"] = "control";
                            id = create(s, *e, f.org, b).at("id").as_int64();
                        }
                        put("id", std::to_string(id));
                        if (route.kind == "create") {
                            auto b = minimal_body(*e, ids, "new-" + std::to_string(checked));
                            if (e->name == "unit") b["parent_id"] = ids["division"];
                            if (e->name == "measure" && control) b["kind"] = "control";
                            body = json::serialize(b);
                        } else if (route.kind == "replace" || route.kind == "patch") {
                            auto current = parse_json(s.request("GET", tenant ? "/api/v1/organisations/" + org : url).body).as_object();
                            json::object b = route.kind == "replace" ? current : json::object{};
                            b[changeable_field(*e).name] = "Ändrad av " + p.name;
                            body = json::serialize(b);
                        } else if (route.kind == "outcome_batch") {
                            // Another year than the outcome the create route may have stored.
                            auto b = minimal_body(*e, ids, "batch-" + std::to_string(checked));
                            b["year"] = 2031;
                            body = json::serialize(json::object{{"outcomes", json::array{b}}});
                        }
                    } else {
                        put("id", std::to_string(ids["plan"]));
                        if (route.kind == "comment_create") {
                            body = json::serialize(json::object{{"entity", "plan"}, {"item_id", ids["plan"]}, {"body", "Kommentar"}});
                        } else if (route.kind == "comment_resolve" || route.kind == "comment_reopen") {
                            auto thread = s.send_json("POST", "/api/v1/organisations/" + org + "/plans/" + std::to_string(ids["plan"]) + "/comments",
                                                      json::object{{"entity", "plan"}, {"item_id", ids["plan"]}, {"body", "Tråd"}});
                            put("comment", std::to_string(parse_json(thread.body).at("id").as_int64()));
                        } else if (route.kind == "batch") {
                            auto goal = minimal_body(entity("goal"), ids, "batch-" + std::to_string(checked));
                            body = json::serialize(json::object{{"changes", json::array{json::object{
                                {"action", "create"}, {"collection", "goals"}, {"record", goal}}}}});
                        }
                        if (route.kind == "login") {
                            body = json::serialize(json::object{{"username", p.role ? p.name : "nobody"}, {"password", password}});
                        } else if (route.kind == "password") {
                            body = json::serialize(json::object{{"current_password", password}, {"new_password", "Ett-nytt-lösen-123"}});
                        } else if (route.kind == "import_outcomes" || route.kind == "import_job_start") {
                            body = "measure_id;unit;year;point;value\n" + std::to_string(ids["measure"]) + ";div-a;" +
                                   std::to_string(1900 + checked % 300) + ";ar;1\n";
                        } else if (route.method != "GET" && body.empty()) {
                            body = "{}";
                        }
                    }
                    if (route.kind == "scorecard") {
                        url += "?unit=" + std::to_string(ids["division"]) + "&year=2025&point=da04";
                    }
                    bool csv = route.kind == "import_outcomes" || route.kind == "import_job_start";
                    HeaderList headers{{"Content-Type", csv ? "text/csv" : "application/json"}};
                    if (!p.token.empty()) headers.emplace_back("Authorization", "Bearer " + p.token);
                    auto r = s.anonymous_request(route.method, url, body, headers);
                    bool denied = r.status == 401 || r.status == 403;
                    bool expect = expected_allow(route, p, side, control);
                    // The anonymous login attempt uses a name that does not exist: 401 is its answer, not a denial.
                    if (route.kind == "login" && !p.role) denied = false;
                    ++checked;
                    std::string what = route.method + " " + url + " as " + p.name +
                                       (side == Side::own ? " (own subtree)" : " (foreign subtree)") +
                                       (control ? " [control measure]" : "") + " -> " + std::to_string(r.status) + " " +
                                       r.body.substr(0, 200);
                    if (!denied && !expect) {
                        ++unexpected_allows;
                        ADD_FAILURE() << "unexpected allow: " << what;
                    } else if (denied && expect) {
                        ++unexpected_denials;
                        ADD_FAILURE() << "unexpected denial: " << what;
                    } else if (expect && (r.status < 200 || r.status > 299) && route.kind != "login" &&
                               !(route.kind == "import_job" && r.status == 404) &&
                               // Single sign-on is not configured here: its routes answer 404.
                               !(route.kind.rfind("oidc_", 0) == 0 && r.status == 404)) {
                        // (An import job is visible to the user who started it and to
                        // administrators; any other id, as here, is 404 to everyone.)
                        ADD_FAILURE() << "allowed but failed: " << what;
                    }
                    if (route.kind == "list" && !p.role && r.status == 200 && e != nullptr && e->name != "organisation" &&
                        e->name != "unit") {
                        EXPECT_EQ(parse_json(r.body).at("total").as_int64(), 0) << "drafts listed to the public: " << what;
                    }
                }
            }
        }
    }
    EXPECT_EQ(unexpected_allows, 0);
    EXPECT_EQ(unexpected_denials, 0);
    EXPECT_GT(checked, 1000);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthorisationMatrixTest, backends(), backend_name);

}  // namespace
}  // namespace styrkort::testing
