// Plan versions over HTTP (docs/workflow.md): the workflow of a plan's decision, new
// versions of an approved plan, the line of versions, and the comparison of two plans.
#include <regex>

#include <boost/json/serialize.hpp>

#include "api/api.hpp"
#include "api/responses.hpp"
#include "api/workflow_support.hpp"
#include "auth/access.hpp"
#include "auth/errors.hpp"
#include "domain/errors.hpp"
#include "domain/workflow/state_machine.hpp"
#include "storage/audit.hpp"
#include "storage/clock.hpp"
#include "formats/plan_diff.hpp"
#include "formats/plan_file.hpp"
#include "storage/followup_carry.hpp"
#include "storage/plan_copy.hpp"
#include "storage/comment_store.hpp"
#include "storage/workflow_store.hpp"

namespace styrkort::api {
namespace {

namespace json = boost::json;
using namespace workflow_support;
using storage::Id;
using storage::Record;
using workflow::Action;
using workflow::State;

constexpr const char* org_base = "/api/v1/organisations/{org}";

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
            {"previous_plan_id", v.previous ? json::value(*v.previous) : json::value(nullptr)},
            // The dates of its decision, for the list of versions in the web client.
            {"approved_date", plan.contains("approved_date") ? plan.at("approved_date") : json::value(nullptr)},
            {"submitted_by", v.submitted_by.empty() ? json::value(nullptr) : json::value(v.submitted_by)},
            {"submitted_at", v.submitted_at.empty() ? json::value(nullptr) : json::value(v.submitted_at)},
            {"decided_by", v.decided_by.empty() ? json::value(nullptr) : json::value(v.decided_by)},
            {"decided_at", v.decided_at.empty() ? json::value(nullptr) : json::value(v.decided_at)},
            {"comment", v.comment.empty() ? json::value(nullptr) : json::value(v.comment)}};
}

}  // namespace

void Api::add_plan_version_routes() {
    const std::string plans = std::string(org_base) + "/plans/{id}";
    for (Action action : workflow::all_actions()) {
        auto name = workflow::action_name(action);
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
                             std::optional<storage::CarriedFollowup> carried;
                             if (action == Action::approve) {
                                 // The follow-up reported so far goes with the plan in force
                                 // (storage/followup_carry.hpp): read now, not when the
                                 // version was made, so that nothing reported meanwhile is lost.
                                 if (version.previous) carried = storage::carry_followup(c, org, *version.previous, id);
                                 c.execute("UPDATE plan SET status = 'approved', approved_date = ?, row_version = row_version + 1 WHERE org_id = ? AND id = ?",
                                           {now.substr(0, 10), org, id});
                                 // The version it replaces is now history.
                                 if (version.previous) {
                                     c.execute("UPDATE plan SET status = 'archived', row_version = row_version + 1 WHERE org_id = ? AND id = ? AND status = 'approved'",
                                               {org, *version.previous});
                                     archived = *version.previous;
                                 }
                             } else {
                                 c.execute("UPDATE plan SET status = ?, row_version = row_version + 1 WHERE org_id = ? AND id = ?",
                                           {workflow::state_name(to), org, id});
                             }
                             ws.save_plan_version(org, version);
                             auto after = plan_answer(plan_record(c, org, id), version);
                             // The review's open threads go with the plan to the level above (docs/authoring.md).
                             if (action == Action::submit) after["unresolved_comments"] = storage::unresolved_comments(c, org, id);
                             json::object audited = after;
                             audited["archived_plan_id"] = archived;
                             storage::append_audit(c, org, actor_of(r, principal), workflow::action_name(action), "plan",
                                                   id, before, audited);
                             if (carried) {
                                 auto batch = storage::to_json(*carried);
                                 batch["from_plan_id"] = *version.previous;
                                 batch["to_plan_id"] = id;
                                 storage::append_audit(c, org, actor_of(r, principal), "carry_followup", "plan", id,
                                                       nullptr, batch);
                                 after["carried_followup"] = std::move(batch);
                             }
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

void Api::add_workflow_routes() {
    add_report_routes();
    add_plan_version_routes();
}

}  // namespace styrkort::api
