// The approval workflow over HTTP (docs/workflow.md): follow-up reports per unit and
// reporting period, plan versions and their decisions, and the comparison of two plans.
#include <boost/json/serialize.hpp>

#include <charconv>
#include <regex>

#include "api/api.hpp"
#include "api/responses.hpp"
#include "auth/access.hpp"
#include "auth/errors.hpp"
#include "auth/identity_store.hpp"
#include "domain/errors.hpp"
#include "domain/workflow/state_machine.hpp"
#include "formats/plan_diff.hpp"
#include "formats/plan_file.hpp"
#include "json/read.hpp"
#include "storage/audit.hpp"
#include "storage/clock.hpp"
#include "storage/plan_copy.hpp"
#include "storage/workflow_store.hpp"

namespace styrkort::api {
namespace {

namespace json = boost::json;
using storage::Id;
using storage::Record;
using workflow::Action;
using workflow::State;

constexpr const char* org_base = "/api/v1/organisations/{org}";

std::optional<std::int64_t> parse_number(const std::string& s) {
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
    return n;
}

Id path_id(const Params& p, const std::string& name = "id") {
    auto n = parse_number(p.at(name));
    if (!n || *n <= 0) throw NotFound({"'" + p.at(name) + "' är inget id", "'" + p.at(name) + "' is not an id"});
    return *n;
}

// The body of a change: empty, or a JSON object.
json::object body_object(const http::Request& r) {
    if (r.body.find_first_not_of(" \t\r\n") == std::string::npos) return {};
    if (r.header("content-type").find("application/json") == std::string::npos) {
        throw InputError("", {"innehållet måste vara application/json", "the body must be application/json"},
                         "unsupported_media_type");
    }
    auto v = json_text::parse(r.body);
    if (!v.is_object()) throw InputError("", {"måste vara ett JSON-objekt", "must be a JSON object"}, "type");
    return v.as_object();
}

std::string string_field(const json::object& body, const std::string& name) {
    const auto* v = body.if_contains(name);
    if (v == nullptr || v->is_null()) return {};
    if (!v->is_string()) throw InputError(name, {"måste vara en text", "must be a string"}, "type");
    return std::string(v->as_string());
}

const auth::Principal& writer() {
    const auto* p = current_principal();
    if (p == nullptr) throw auth::Unauthenticated();
    if (!p->can_write) throw auth::Forbidden({"nyckeln får bara läsa", "this token may only read"}, "read_only_token");
    return *p;
}

storage::Actor actor_of(const http::Request& r, const auth::Principal& p) { return {p.username, r.remote_address}; }

std::optional<Id> parent_unit(storage::Connection& c, Id org, Id unit) {
    auto rows = c.query("SELECT parent_id FROM org_unit WHERE org_id = ? AND id = ?", {org, unit});
    if (rows.empty() || storage::is_null(rows[0][0])) return std::nullopt;
    return storage::as_int(rows[0][0]);
}

// The author holds `author_role` over the unit; the approver is a planner over the
// level above it (over the whole organisation for a root unit).
workflow::Actor actor_over(storage::Connection& c, const auth::Principal& p, Id org, Id unit, auth::Role author_role) {
    return {p.username, auth::holds_role_over(c, p, org, author_role, unit),
            auth::holds_role_over(c, p, org, auth::Role::planner, parent_unit(c, org, unit))};
}

State decided(const std::variant<State, workflow::Refusal>& d) {
    if (const auto* s = std::get_if<State>(&d)) return *s;
    const auto& refusal = std::get<workflow::Refusal>(d);
    switch (refusal.kind) {
        case workflow::Refusal::Kind::forbidden: throw auth::Forbidden(refusal.why);
        case workflow::Refusal::Kind::input: throw InputError(refusal.field, refusal.why, "required");
        case workflow::Refusal::Kind::conflict: break;
    }
    throw Conflict(refusal.why);
}

Text report_name(storage::Connection& c, const storage::FollowupReport& r) {
    auto rows = c.query("SELECT name FROM org_unit WHERE org_id = ? AND id = ?", {r.org, r.unit});
    std::string unit = rows.empty() ? std::to_string(r.unit) : storage::as_text(rows[0][0]);
    auto period = std::to_string(r.year) + " " + r.point;
    return {"uppföljningsrapporten för " + unit + " " + period, "the follow-up report of " + unit + " " + period};
}

// Members read every report; everyone else only approved ones, when the organisation
// lets the public read. Returns whether the reader sees everything.
bool reads_everything(storage::Database& db, Id org) {
    const auto* p = current_principal();
    if (p != nullptr && p->member_of(org)) return true;
    bool open = db.read([&](storage::Connection& c) { return auth::IdentityStore(c).public_read(org); });
    if (open) return false;
    if (p == nullptr) throw auth::Unauthenticated();
    throw auth::Forbidden({"du har ingen roll i den här organisationen", "you hold no role in this organisation"});
}

std::int64_t query_integer(const http::Request& r, const std::string& name, std::int64_t min, std::int64_t max,
                           std::int64_t fallback) {
    auto it = r.query.find(name);
    if (it == r.query.end()) return fallback;
    auto n = parse_number(it->second);
    if (!n || *n < min || *n > max) {
        throw InputError(name, {"måste vara ett heltal mellan " + std::to_string(min) + " och " + std::to_string(max),
                                "must be an integer between " + std::to_string(min) + " and " + std::to_string(max)},
                         "range");
    }
    return *n;
}

storage::ReportFilter report_filter(const http::Request& r) {
    storage::ReportFilter f;
    for (const auto& [name, value] : r.query) {
        if (name == "unit_id") {
            f.unit = query_integer(r, name, 1, INT64_MAX, 0);
        } else if (name == "year") {
            f.year = query_integer(r, name, 1900, 2200, 0);
        } else if (name == "point") {
            const auto& points = reporting_point_names();
            if (std::find(points.begin(), points.end(), value) == points.end()) {
                throw InputError(name, {"är inget rapporteringstillfälle", "is not a reporting point"}, "choice");
            }
            f.point = value;
        } else if (name == "state") {
            f.state = workflow::parse_state(value);
            if (!f.state || *f.state == State::archived) {
                throw InputError(name, {"måste vara draft, submitted, approved eller returned",
                                        "must be draft, submitted, approved or returned"},
                                 "choice");
            }
        } else if (name != "limit" && name != "offset" && name != "lang") {
            throw InputError(name, {"går inte att filtrera på", "is not a filter of this list"}, "unknown_parameter");
        }
    }
    return f;
}

Record plan_record(storage::Connection& c, Id org, Id id) {
    auto plan = storage::RecordStore(c).find(entity("plan"), org, id);
    if (!plan) throw NotFound({"planen " + std::to_string(id) + " finns inte", "the plan " + std::to_string(id) + " does not exist"});
    return *plan;
}

State plan_state(const Record& plan) {
    return workflow::parse_state(std::string(plan.at("status").as_string())).value_or(State::draft);
}

json::object plan_answer(const Record& plan, const storage::PlanVersion& v) {
    return {{"plan", plan}, {"version", storage::to_json(v)}};
}

// A new version's key: the old key with -vN (replacing an -vN it had).
std::string next_key(const std::string& key, std::int64_t number) {
    static const std::regex suffix("-v[0-9]+$");
    return std::regex_replace(key, suffix, "") + "-v" + std::to_string(number);
}

json::object plan_summary(const Record& plan, const storage::PlanVersion& v) {
    return {{"id", plan.at("id")}, {"key", plan.at("key")}, {"title", plan.at("title")},
            {"status", plan.at("status")}, {"version", plan.at("version")}, {"number", v.number},
            {"previous_plan_id", v.previous ? json::value(*v.previous) : json::value(nullptr)}};
}

}  // namespace

void Api::add_workflow_routes() {
    const std::string reports = std::string(org_base) + "/followup-reports";
    const std::string plans = std::string(org_base) + "/plans/{id}";

    router_.add({"GET", reports, "listFollowupReports",
                 "Follow-up reports per unit and reporting period, with their workflow state", "Workflow", "",
                 "report_list",
                 [this](const http::Request& r, const Params& p) {
                     Id org = organisation_of(p.at("org"));
                     auto filter = report_filter(r);
                     if (!reads_everything(db_, org)) filter.state = State::approved;  // the public: approved only
                     auto limit = query_integer(r, "limit", 1, 5000, 500);
                     auto offset = query_integer(r, "offset", 0, INT64_MAX, 0);
                     auto [items, total] = db_.read([&](storage::Connection& c) {
                         storage::WorkflowStore ws(c);
                         json::array out;
                         for (const auto& rep : ws.reports(org, filter, limit, offset)) out.push_back(storage::to_json(rep));
                         auto all = static_cast<std::int64_t>(ws.reports(org, filter, INT64_MAX, 0).size());
                         return std::pair{std::move(out), all};
                     });
                     return json_response(200, json::object{{"items", std::move(items)}, {"total", total}});
                 },
                 Access::read_records});
    router_.add({"GET", reports + "/{id}", "getFollowupReport", "One follow-up report", "Workflow", "", "report_get",
                 [this](const http::Request&, const Params& p) {
                     Id org = organisation_of(p.at("org"));
                     bool everything = reads_everything(db_, org);
                     Id id = path_id(p);
                     auto rep = db_.read([&](storage::Connection& c) { return storage::WorkflowStore(c).report(org, id); });
                     if (!rep) throw NotFound({"rapporten " + std::to_string(id) + " finns inte", "the report " + std::to_string(id) + " does not exist"});
                     if (!everything && rep->state != State::approved) {
                         if (current_principal() == nullptr) throw auth::Unauthenticated();
                         throw auth::Forbidden({"rapporten är inte godkänd och därför inte publicerad",
                                                "the report is not approved, so not published"});
                     }
                     return json_response(200, storage::to_json(*rep));
                 },
                 Access::read_records});
    router_.add({"POST", reports, "createFollowupReport",
                 "Start the follow-up report of a unit for a reporting period (as a draft)", "Workflow", "",
                 "report_create",
                 [this](const http::Request& r, const Params& p) {
                     Id org = organisation_of(p.at("org"));
                     const auto& principal = writer();
                     auto body = body_object(r);
                     const auto* unit = body.if_contains("unit_id");
                     const auto* year = body.if_contains("year");
                     if (unit == nullptr || !unit->is_int64()) {
                         throw InputError("unit_id", {"krävs: enhetens id", "is required: the unit's id"}, "required");
                     }
                     if (year == nullptr || !year->is_int64() || year->as_int64() < 1900 || year->as_int64() > 2200) {
                         throw InputError("year", {"krävs: ett år mellan 1900 och 2200", "is required: a year between 1900 and 2200"},
                                          "required");
                     }
                     auto point = string_field(body, "point");
                     const auto& points = reporting_point_names();
                     if (std::find(points.begin(), points.end(), point) == points.end()) {
                         throw InputError("point", {"måste vara ett av da04, da08, ar, t1, t2, t3, every_4_years",
                                                    "must be one of da04, da08, ar, t1, t2, t3, every_4_years"},
                                          "choice");
                     }
                     for (const auto& [k, v] : body) {
                         if (k != "unit_id" && k != "year" && k != "point") {
                             throw InputError(std::string(k), {"är inget fält här", "is not a field here"}, "unknown_field");
                         }
                     }
                     auto created = db_.write([&](storage::Connection& c) {
                         Id unit_id = unit->as_int64();
                         if (c.query("SELECT 1 FROM org_unit WHERE org_id = ? AND id = ?", {org, unit_id}).empty()) {
                             throw InputError("unit_id", {"det finns ingen enhet med id " + std::to_string(unit_id) + " i organisationen",
                                                          "there is no unit with id " + std::to_string(unit_id) + " in the organisation"},
                                              "reference");
                         }
                         if (!auth::holds_role_over(c, principal, org, auth::Role::reporter, unit_id)) {
                             throw auth::Forbidden({"rapporten kräver rollen reporter för enheten",
                                                    "the report needs the reporter role over the unit"});
                         }
                         auto rep = storage::WorkflowStore(c).create_report(org, unit_id, year->as_int64(), point,
                                                                            principal.username);
                         storage::append_audit(c, org, actor_of(r, principal), "create", "followup_report", rep.id,
                                               nullptr, storage::to_json(rep));
                         return rep;
                     });
                     return json_response(201, storage::to_json(created));
                 },
                 Access::write_records});
    for (Action action : workflow::all_actions()) {
        auto name = workflow::action_name(action);
        auto Name = std::string(1, static_cast<char>(std::toupper(name[0]))) + name.substr(1);
        router_.add({"POST", reports + "/{id}/" + name, name + "FollowupReport",
                     "Workflow: " + name + " a follow-up report (docs/workflow.md)", "Workflow", "",
                     "report_" + name,
                     [this, action](const http::Request& r, const Params& p) {
                         Id org = organisation_of(p.at("org"));
                         const auto& principal = writer();
                         Id id = path_id(p);
                         auto comment = string_field(body_object(r), "comment");
                         auto after = db_.write([&](storage::Connection& c) {
                             storage::WorkflowStore ws(c);
                             auto rep = ws.report(org, id);
                             if (!rep) throw NotFound({"rapporten " + std::to_string(id) + " finns inte", "the report " + std::to_string(id) + " does not exist"});
                             auto actor = actor_over(c, principal, org, rep->unit, auth::Role::reporter);
                             auto to = decided(workflow::decide({rep->state, rep->submitted_by, report_name(c, *rep)},
                                                                action, actor, comment));
                             auto moved = ws.move_report(*rep, action, to, principal.username, comment);
                             storage::append_audit(c, org, actor_of(r, principal), workflow::action_name(action),
                                                   "followup_report", id, storage::to_json(*rep), storage::to_json(moved));
                             return moved;
                         });
                         return json_response(200, storage::to_json(after));
                     },
                     Access::write_records});
        router_.add({"POST", plans + "/" + name, name + "Plan", "Workflow: " + name + " a plan version (docs/workflow.md)",
                     "Workflow", "", "plan_" + name,
                     [this, action](const http::Request& r, const Params& p) {
                         Id org = organisation_of(p.at("org"));
                         const auto& principal = writer();
                         Id id = path_id(p);
                         auto comment = string_field(body_object(r), "comment");
                         auto answer = db_.write([&](storage::Connection& c) {
                             storage::WorkflowStore ws(c);
                             auto plan = plan_record(c, org, id);
                             auto version = ws.plan_version(org, id);
                             auto key = std::string(plan.at("key").as_string());
                             auto actor = actor_over(c, principal, org, plan.at("owner_unit_id").as_int64(), auth::Role::planner);
                             auto to = decided(workflow::decide({plan_state(plan), version.submitted_by,
                                                                 {"planen '" + key + "'", "the plan '" + key + "'"}},
                                                                action, actor, comment));
                             auto before = json::object{{"plan", plan}, {"version", storage::to_json(version)}};
                             auto now = utc_now_iso();
                             if (action == Action::submit) {
                                 version.submitted_by = principal.username;
                                 version.submitted_at = now;
                             } else if (workflow::by_approver(action)) {
                                 version.decided_by = principal.username;
                                 version.decided_at = now;
                                 version.comment = comment;
                             }
                             json::value archived = nullptr;
                             if (action == Action::approve) {
                                 c.execute("UPDATE plan SET status = 'approved', approved_date = ? WHERE org_id = ? AND id = ?",
                                           {now.substr(0, 10), org, id});
                                 // The version it replaces is now history.
                                 if (version.previous) {
                                     c.execute("UPDATE plan SET status = 'archived' WHERE org_id = ? AND id = ? AND status = 'approved'",
                                               {org, *version.previous});
                                     archived = *version.previous;
                                 }
                             } else {
                                 c.execute("UPDATE plan SET status = ? WHERE org_id = ? AND id = ?",
                                           {workflow::state_name(to), org, id});
                             }
                             ws.save_plan_version(org, version);
                             auto after = plan_answer(plan_record(c, org, id), version);
                             json::object audited = after;
                             audited["archived_plan_id"] = archived;
                             storage::append_audit(c, org, actor_of(r, principal), workflow::action_name(action), "plan",
                                                   id, before, audited);
                             return after;
                         });
                         return json_response(200, answer);
                     },
                     Access::write_records});
    }
    router_.add({"POST", plans + "/versions", "createPlanVersion",
                 "A new draft version of an approved plan: a copy of all its content, numbered +1", "Workflow", "",
                 "new_version",
                 [this](const http::Request& r, const Params& p) {
                     Id org = organisation_of(p.at("org"));
                     const auto& principal = writer();
                     Id id = path_id(p);
                     auto wanted_key = string_field(body_object(r), "key");
                     auto answer = db_.write([&](storage::Connection& c) {
                         storage::WorkflowStore ws(c);
                         auto plan = plan_record(c, org, id);
                         auto key = std::string(plan.at("key").as_string());
                         if (!auth::holds_role_over(c, principal, org, auth::Role::planner, plan.at("owner_unit_id").as_int64())) {
                             throw auth::Forbidden({"en ny version av planen '" + key + "' kräver rollen planner för dess enhet",
                                                    "a new version of the plan '" + key + "' needs the planner role over its unit"});
                         }
                         auto state = plan_state(plan);
                         if (state != State::approved) {
                             throw Conflict({"planen '" + key + "' är " + workflow::state_label(state).sv +
                                                 "; bara en godkänd plan får en ny version" +
                                                 (state == State::archived ? " (utgå från den senaste godkända versionen)"
                                                                           : " (ändra utkastet direkt)"),
                                             "the plan '" + key + "' is " + workflow::state_label(state).en +
                                                 "; only an approved plan gets a new version" +
                                                 (state == State::archived ? " (start from the latest approved version)"
                                                                           : " (change the draft itself)")});
                         }
                         if (auto open = ws.open_successor(org, id)) {
                             throw Conflict({"planen '" + key + "' har redan en ny version under arbete: plan " + std::to_string(*open),
                                             "the plan '" + key + "' already has a new version in the works: plan " + std::to_string(*open)});
                         }
                         auto previous = ws.plan_version(org, id);
                         storage::PlanVersion v;
                         v.number = previous.number + 1;
                         v.previous = id;
                         auto new_key = wanted_key.empty() ? next_key(key, v.number) : wanted_key;
                         if (!is_valid_key(new_key)) {
                             throw InputError("key", {"a–z, 0–9, . _ -, högst 100 tecken", "a-z, 0-9, . _ -, at most 100 characters"}, "key");
                         }
                         if (storage::RecordStore(c).id_by_key(entity("plan"), org, std::nullopt, new_key)) {
                             throw Conflict({"nyckeln '" + new_key + "' används redan av en annan plan; ange en annan med \"key\"",
                                             "the key '" + new_key + "' is already used by another plan; give another as \"key\""});
                         }
                         auto copy = storage::copy_plan(c, org, id,
                                                        json::object{{"key", new_key}, {"status", "draft"},
                                                                     {"version", std::to_string(v.number)},
                                                                     {"approved_date", nullptr}});
                         v.plan = copy.plan.at("id").as_int64();
                         ws.save_plan_version(org, v);
                         json::object items;
                         for (const auto& [k, n] : copy.items) items[k] = n;
                         auto out = plan_answer(copy.plan, v);
                         out["items"] = std::move(items);
                         storage::append_audit(c, org, actor_of(r, principal), "new_version", "plan", v.plan, nullptr, out);
                         return out;
                     });
                     return json_response(201, answer);
                 },
                 Access::write_records});
    router_.add({"GET", plans + "/versions", "listPlanVersions", "The versions of a plan, oldest first", "Workflow", "",
                 "plan_versions",
                 [this](const http::Request&, const Params& p) {
                     check_plan_readable(p);
                     Id org = organisation_of(p.at("org"));
                     bool everything = reads_everything(db_, org);
                     Id id = path_id(p);
                     auto items = db_.read([&](storage::Connection& c) {
                         json::array out;
                         for (const auto& v : storage::WorkflowStore(c).line_of(org, id)) {
                             auto plan = plan_record(c, org, v.plan);
                             auto state = plan_state(plan);
                             if (!everything && state != State::approved && state != State::archived) continue;
                             out.push_back(plan_summary(plan, v));
                         }
                         return out;
                     });
                     return json_response(200, json::object{{"items", std::move(items)}});
                 },
                 Access::read_records});
    router_.add({"GET", plans + "/compare", "comparePlans",
                 "What changed from this plan to another (with=ID): added, removed and changed items per collection",
                 "Workflow", "", "compare",
                 [this](const http::Request& r, const Params& p) {
                     auto with_it = r.query.find("with");
                     if (with_it == r.query.end() || with_it->second.empty()) {
                         throw InputError("with", {"saknas: id för planen att jämföra med", "is required: the id of the plan to compare with"},
                                          "required");
                     }
                     auto with = parse_number(with_it->second);
                     if (!with || *with <= 0) throw InputError("with", {"måste vara ett plan-id", "must be a plan id"}, "type");
                     check_plan_readable(p);
                     Params other = p;
                     other["id"] = std::to_string(*with);
                     check_plan_readable(other);
                     Id org = organisation_of(p.at("org"));
                     auto diff = db_.read([&](storage::Connection& c) {
                         auto org_key = std::string(storage::RecordStore(c).find(entity("organisation"), org, org)->at("key").as_string());
                         auto one = [&](Id plan_id) {
                             auto plan = plan_record(c, org, plan_id);
                             auto doc = formats::export_plans(c, {org_key, {std::string(plan.at("key").as_string())}});
                             return std::pair{plan, doc.at("organisations").at(0).at("plans").at(0).as_object()};
                         };
                         auto [from_plan, from] = one(path_id(p));
                         auto [to_plan, to] = one(*with);
                         auto out = formats::diff_plans(from, to);
                         storage::WorkflowStore ws(c);
                         out["from"] = plan_summary(from_plan, ws.plan_version(org, from_plan.at("id").as_int64()));
                         out["to"] = plan_summary(to_plan, ws.plan_version(org, to_plan.at("id").as_int64()));
                         return out;
                     });
                     return json_response(200, diff);
                 },
                 Access::read_records});
}

}  // namespace styrkort::api
