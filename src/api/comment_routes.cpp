// Review comments on a plan version (issue 18, docs/authoring.md "Review"): members of
// the organisation read the threads of a plan, start one on any item of it (or the plan
// itself), reply, resolve and reopen; every change is audited in its transaction.
// Comments are made while the plan is a draft, submitted or returned; an approved or
// archived plan keeps its threads readable.
#include "api/api.hpp"
#include "api/record_guards.hpp"
#include "api/record_version.hpp"
#include "auth/access.hpp"
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

// An administrator over the plan's unit (or the whole organisation, or the installation).
bool plan_admin(storage::Connection& c, const auth::Principal& p, Id org, Id plan) {
    auto rows = c.query("SELECT owner_unit_id FROM plan WHERE org_id = ? AND id = ?", {org, plan});
    if (rows.empty()) return false;
    return auth::holds_role_over(c, p, org, auth::Role::administrator, storage::as_int(rows[0][0]));
}

// The one comment the route names; NotFound when it is not the plan's.
boost::json::object comment_of(storage::CommentStore& store, Id org, Id plan, Id id) {
    auto found = store.comment(org, plan, id);
    if (!found) throw NotFound({"kommentaren finns inte", "the comment does not exist"});
    return *found;
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
    // Changing a comment: its author, while the thread is open, from the version read
    // (a browser session must send it: 428 otherwise).
    router_.add({"PATCH", base + "/{comment}", "editPlanComment",
                 "Change the text of one's own comment while its thread is unresolved ({body}, If-Match or row_version)",
                 "Authoring", "", "comment_edit",
                 [this](const http::Request& r, const Params& p) {
                     Id org = organisation_of(p.at("org"));
                     const auto& who = writing_member(org);
                     Id plan = number_param(p, "id");
                     Id id = number_param(p, "comment");
                     auto body = request_object(r);
                     for (const auto& [k, v] : body) {
                         std::string n(k);
                         if (n != "body" && n != "row_version") {
                             throw InputError(n, {"kan inte ändras i en kommentar (body)", "cannot be changed in a comment (body)"},
                                              "unknown_field");
                         }
                     }
                     json::value whole(body);
                     auto expected = expected_version(r, &whole);
                     auto text = text_field(body, "body");
                     auto changed = db_.write([&](storage::Connection& c) {
                         check_open_for_comments(c, org, plan);
                         storage::CommentStore store(c);
                         auto before = comment_of(store, org, plan, id);
                         if (before.at("author").as_string() != who.username) {
                             throw auth::Forbidden({"bara den som skrev kommentaren kan ändra den",
                                                    "only the author of a comment may change it"});
                         }
                         if (before.at("resolved").as_bool()) {
                             throw Conflict({"tråden är löst; öppna den igen för att ändra kommentaren",
                                             "the thread is resolved; reopen it to change the comment"});
                         }
                         if (expected.missing) {
                             throw InputError("If-Match",
                                              {"saknas: skicka den row_version du läste (If-Match), så att ingen annans ändring skrivs över",
                                               "missing: send the row_version you read (If-Match) so that no one else's change is overwritten"},
                                              "version_required");
                         }
                         auto after = store.edit(org, plan, id, text, expected.version);
                         storage::append_audit(c, org, request_actor(r), "edit", "plan_comment", id,
                                               json::object{{"body", json::value(before.at("body"))},
                                                            {"row_version", json::value(before.at("row_version"))}},
                                               json::object{{"plan_id", plan}, {"thread_id", json::value(after.at("thread_id"))},
                                                            {"body", text}, {"row_version", json::value(after.at("row_version"))}});
                         return after;
                     });
                     return record_response(200, changed);
                 },
                 Access::signed_in});
    // Deleting a comment: its author, or an administrator over the plan; a thread's first
    // comment takes its replies along. Audited with what was deleted.
    router_.add({"DELETE", base + "/{comment}", "deletePlanComment",
                 "Delete a comment (its author or an administrator over the plan); a thread goes with its replies",
                 "Authoring", "", "comment_delete",
                 [this](const http::Request& r, const Params& p) {
                     Id org = organisation_of(p.at("org"));
                     const auto& who = writing_member(org);
                     Id plan = number_param(p, "id");
                     Id id = number_param(p, "comment");
                     auto expected = expected_version(r, nullptr);
                     db_.write([&](storage::Connection& c) {
                         check_open_for_comments(c, org, plan);
                         storage::CommentStore store(c);
                         auto before = comment_of(store, org, plan, id);
                         if (before.at("author").as_string() != who.username && !plan_admin(c, who, org, plan)) {
                             throw auth::Forbidden({"bara den som skrev kommentaren eller en administratör för planen kan ta bort den",
                                                    "only the author of a comment or an administrator of the plan may delete it"});
                         }
                         if (expected.missing) {
                             throw InputError("If-Match",
                                              {"saknas: skicka den row_version du läste (If-Match)",
                                               "missing: send the row_version you read (If-Match)"},
                                              "version_required");
                         }
                         int gone = store.remove(org, plan, id, expected.version);
                         storage::append_audit(c, org, request_actor(r), "delete", "plan_comment", id, before,
                                               json::object{{"plan_id", plan}, {"deleted_comments", gone}});
                     });
                     http::Response res;
                     res.status = 204;
                     res.content_type.clear();
                     return res;
                 },
                 Access::signed_in});
}

}  // namespace styrkort::api
