// Review comments on a plan version (issue 18, docs/authoring.md "Review"): members of
// the organisation read the threads of a plan, start one on any item of it (or the plan
// itself), reply, resolve and reopen; every change is audited in its transaction.
// Comments are made while the plan is a draft, submitted or returned; an approved or
// archived plan keeps its threads readable.
#include "api/api.hpp"
#include "api/record_guards.hpp"
#include "api/responses.hpp"
#include "auth/errors.hpp"
#include "domain/errors.hpp"
#include "storage/comment_store.hpp"

#include <charconv>

namespace styrkort::api {
namespace {

namespace json = boost::json;

Id number_param(const Params& p, const std::string& name) {
    const auto& s = p.at(name);
    Id id = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
    if (ec != std::errc{} || end != s.data() + s.size() || id <= 0) {
        throw NotFound({"'" + s + "' är inget id", "'" + s + "' is not an id"});
    }
    return id;
}

const auth::Principal& member(Id org) {
    const auto* p = current_principal();
    if (p == nullptr) throw auth::Unauthenticated();
    if (!p->member_of(org)) {
        throw auth::Forbidden({"kommentarer läses och skrivs av dem som har en roll i organisationen",
                               "comments are read and written by those who hold a role in the organisation"});
    }
    return *p;
}

const auth::Principal& writing_member(Id org) {
    const auto& p = member(org);
    if (!p.can_write) throw auth::Forbidden({"nyckeln får bara läsa", "this token may only read"}, "read_only_token");
    return p;
}

// The plan's status; NotFound when the organisation has no such plan.
std::string plan_status(storage::Connection& c, Id org, Id plan) {
    auto rows = c.query("SELECT status FROM plan WHERE org_id = ? AND id = ?", {org, plan});
    if (rows.empty()) throw NotFound({"planen finns inte", "the plan does not exist"});
    return storage::as_text(rows[0][0]);
}

void check_open_for_comments(storage::Connection& c, Id org, Id plan) {
    auto status = plan_status(c, org, plan);
    if (status == "approved" || status == "archived") {
        throw Conflict({"planen är fastställd; kommentarer skrivs på en ny version",
                        "the plan is approved; comments are made on a new version"});
    }
}

std::string text_field(const json::object& body, const char* name) {
    const auto* v = body.if_contains(name);
    if (v == nullptr || !v->is_string()) throw InputError(name, {"måste anges som text", "must be given as text"}, "type");
    return std::string(v->get_string());
}

}  // namespace

void Api::add_comment_routes() {
    const std::string base = "/api/v1/organisations/{org}/plans/{id}/comments";
    router_.add({"GET", base, "listPlanComments",
                 "The review comments of a plan version, as threads with replies (state=open|resolved, entity, item_id)",
                 "Authoring", "", "comment_list",
                 [this](const http::Request& r, const Params& p) {
                     Id org = organisation_of(p.at("org"));
                     member(org);
                     Id plan = number_param(p, "id");
                     storage::CommentFilter filter;
                     for (const auto& [name, value] : r.query) {
                         if (name == "lang") continue;
                         if (name == "state") {
                             if (value != "open" && value != "resolved") {
                                 throw InputError("state", {"måste vara open eller resolved", "must be open or resolved"}, "choice");
                             }
                             filter.resolved = value == "resolved";
                         } else if (name == "entity") {
                             filter.entity = value;
                         } else if (name == "item_id") {
                             Id id = 0;
                             auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), id);
                             if (ec != std::errc{} || end != value.data() + value.size() || id <= 0) {
                                 throw InputError("item_id", {"måste vara ett id", "must be an id"}, "type");
                             }
                             filter.item_id = id;
                         } else {
                             throw InputError(name, {"går inte att filtrera på", "is not a filter of this list"}, "unknown_parameter");
                         }
                     }
                     auto items = db_.read([&](storage::Connection& c) {
                         plan_status(c, org, plan);
                         return storage::CommentStore(c).threads(org, plan, filter);
                     });
                     std::int64_t open = 0;
                     for (const auto& t : items) open += t.at("resolved").as_bool() ? 0 : 1;
                     return json_response(200, json::object{{"items", std::move(items)}, {"open", open}});
                 },
                 Access::read_records});
    router_.add({"POST", base, "createPlanComment",
                 "Start a thread on an item of the plan ({entity, item_id, body}) or reply to one ({thread_id, body})",
                 "Authoring", "", "comment_create",
                 [this](const http::Request& r, const Params& p) {
                     Id org = organisation_of(p.at("org"));
                     const auto& who = writing_member(org);
                     Id plan = number_param(p, "id");
                     auto body = request_object(r);
                     for (const auto& [k, v] : body) {
                         std::string n(k);
                         if (n != "entity" && n != "item_id" && n != "thread_id" && n != "body") {
                             throw InputError(n, {"är inget fält i en kommentar (entity, item_id, thread_id, body)",
                                                  "is not a field of a comment (entity, item_id, thread_id, body)"},
                                              "unknown_field");
                         }
                     }
                     auto text = text_field(body, "body");
                     auto id_of = [&](const char* name) {
                         const auto* v = body.if_contains(name);
                         if (v == nullptr || !v->is_int64() || v->get_int64() <= 0) {
                             throw InputError(name, {"måste vara ett id", "must be an id"}, "type");
                         }
                         return v->get_int64();
                     };
                     auto thread = db_.write([&](storage::Connection& c) {
                         check_open_for_comments(c, org, plan);
                         storage::CommentStore store(c);
                         bool reply = body.contains("thread_id");
                         auto t = reply ? store.reply(org, plan, id_of("thread_id"), who.username, text)
                                        : store.start(org, plan, text_field(body, "entity"), id_of("item_id"), who.username, text);
                         storage::append_audit(c, org, request_actor(r), reply ? "reply" : "comment", "plan_comment",
                                               t.at("id").as_int64(), nullptr,
                                               json::object{{"plan_id", plan}, {"thread_id", json::value(t.at("id"))},
                                                            {"entity", json::value(t.at("entity"))},
                                                            {"item_id", json::value(t.at("item_id"))}, {"body", text}});
                         return t;
                     });
                     return json_response(201, thread);
                 },
                 Access::signed_in});
    for (bool resolve : {true, false}) {
        std::string action = resolve ? "resolve" : "reopen";
        router_.add({"POST", base + "/{comment}/" + action, resolve ? "resolvePlanComment" : "reopenPlanComment",
                     resolve ? "Mark a comment thread resolved" : "Reopen a resolved comment thread", "Authoring", "",
                     "comment_" + action,
                     [this, resolve, action](const http::Request& r, const Params& p) {
                         Id org = organisation_of(p.at("org"));
                         const auto& who = writing_member(org);
                         Id plan = number_param(p, "id");
                         Id id = number_param(p, "comment");
                         auto thread = db_.write([&](storage::Connection& c) {
                             check_open_for_comments(c, org, plan);
                             storage::CommentStore store(c);
                             auto before = store.thread(org, plan, id);
                             auto t = store.set_resolved(org, plan, id, resolve, who.username);
                             if (before && before->at("resolved") != t.at("resolved")) {
                                 storage::append_audit(c, org, request_actor(r), action, "plan_comment", id,
                                                       json::object{{"resolved", json::value(before->at("resolved"))}},
                                                       json::object{{"plan_id", plan}, {"resolved", json::value(t.at("resolved"))}});
                             }
                             return t;
                         });
                         return json_response(200, thread);
                     },
                     Access::signed_in});
    }
}

}  // namespace styrkort::api
