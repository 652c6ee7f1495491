#include "api/authoring_openapi.hpp"

#include "api/openapi_parts.hpp"

namespace styrkort::api {
namespace {

namespace json = boost::json;

using openapi_parts::content;
using openapi_parts::error_doc;
using openapi_parts::nullable;
using openapi_parts::ref;

}  // namespace

bool authoring_operation(const Route& route, json::object& op, json::object& responses) {
    const auto& k = route.kind;
    if (k == "batch") {
        op["requestBody"] = {{"required", true}, {"content", content(ref("BatchInput"))}};
        responses["200"] = {{"description", "every change made, in order"}, {"content", content(ref("BatchResult"))}};
        responses["409"] = error_doc("a change conflicts with what is stored, or stale_version (message: \"Ändring i: …\")");
        responses["428"] = error_doc("a browser session sent an update or delete without row_version");
        return true;
    }
    if (k == "comment_list") {
        auto& params = op["parameters"].as_array();
        params.push_back({{"name", "state"}, {"in", "query"}, {"schema", {{"type", "string"}, {"enum", {"open", "resolved"}}}}});
        params.push_back({{"name", "entity"}, {"in", "query"}, {"schema", {{"type", "string"}}}});
        params.push_back({{"name", "item_id"}, {"in", "query"}, {"schema", {{"type", "integer"}, {"minimum", 1}}}});
        responses["200"] = {{"description", "the threads, oldest first"}, {"content", content(ref("CommentThreadPage"))}};
        responses["422"] = error_doc("a parameter breaks a rule");
        return true;
    }
    if (k == "comment_create") {
        op["requestBody"] = {{"required", true}, {"content", content(ref("CommentInput"))}};
        responses["201"] = {{"description", "the thread with the new comment"}, {"content", content(ref("CommentThread"))}};
        return true;
    }
    if (k == "comment_resolve" || k == "comment_reopen") {
        op["requestBody"] = {{"required", false},
                             {"content", content({{"type", "object"}, {"additionalProperties", false}})}};
        responses["200"] = {{"description", "the thread"}, {"content", content(ref("CommentThread"))}};
        return true;
    }
    if (k == "comment_edit" || k == "comment_delete") {
        op["parameters"].as_array().push_back(
            {{"name", "If-Match"}, {"in", "header"}, {"schema", {{"type", "string"}}},
             {"description", "the row_version read, e.g. \"3\" (or row_version in the body); a browser session must send one"}});
        if (k == "comment_edit") {
            op["requestBody"] = {{"required", true}, {"content", content(ref("CommentEdit"))}};
            responses["200"] = {{"description", "the comment as changed"}, {"content", content(ref("Comment"))}};
            responses["422"] = error_doc("the text is empty or too long (path: body)");
        } else {
            responses["204"] = {{"description", "deleted (a thread's first comment with its replies)"}};
        }
        responses["403"] = error_doc(k == "comment_edit" ? "not the author of the comment"
                                                         : "neither the author nor an administrator over the plan");
        responses["404"] = error_doc("the plan has no such comment");
        responses["409"] = error_doc("stale_version (the comment changed since it was read), the thread is resolved, "
                                     "or the plan is approved");
        responses["428"] = error_doc("a browser session sent no version (If-Match or row_version)");
        return true;
    }
    return false;
}

void add_authoring_schemas(json::object& schemas) {
    json::object change_props{
        {"action", {{"type", "string"}, {"enum", {"create", "update", "replace", "delete"}},
                    {"description", "update changes the fields given (as PATCH), replace the whole record (as PUT)"}}},
        {"collection", {{"type", "string"}, {"description", "a collection of /organisations/{org}/…, e.g. measures"}}},
        {"id", {{"description", "update, replace, delete: an id, or {\"$ref\": name} of a record created earlier in the batch"}}},
        {"ref", {{"type", "string"}, {"description", "create: a name later changes use as {\"$ref\": name} in place of the id"}}},
        {"row_version", {{"type", "integer"}, {"minimum", 1}, {"description", "the version read (required from a browser session)"}}},
        {"record", {{"type", "object"}, {"description", "the record's fields; any id may be {\"$ref\": name}"}}}};
    schemas["BatchInput"] = {{"type", "object"},
                             {"required", {"changes"}},
                             {"additionalProperties", false},
                             {"properties",
                              {{"changes", {{"type", "array"}, {"maxItems", 500},
                                            {"items", {{"type", "object"}, {"required", {"action", "collection"}},
                                                       {"additionalProperties", false}, {"properties", change_props}}}}}}}};
    schemas["BatchResult"] = {
        {"type", "object"},
        {"required", {"results"}},
        {"properties",
         {{"results",
           {{"type", "array"},
            {"items", {{"type", "object"},
                       {"properties", {{"action", {{"type", "string"}}}, {"collection", {{"type", "string"}}},
                                       {"id", {{"type", "integer"}}}, {"ref", {{"type", "string"}}},
                                       {"record", {{"type", "object"}}}}}}}}}}}};
    json::object reply_props{{"id", {{"type", "integer"}}},         {"plan_id", {{"type", "integer"}}},
                             {"entity", {{"type", "string"}}},      {"item_id", {{"type", "integer"}}},
                             {"author", {{"type", "string"}}},      {"body", {{"type", "string"}}},
                             {"created_at", {{"type", "string"}}},  {"row_version", {{"type", "integer"}, {"minimum", 1}}},
                             {"edited_at", nullable("string")}};
    json::object comment_props = reply_props;
    comment_props["thread_id"] = {{"type", "integer"}, {"description", "the thread: its first comment's id (its own for that one)"}};
    comment_props["resolved"] = {{"type", "boolean"}, {"description", "whether the thread is resolved"}};
    schemas["Comment"] = {{"type", "object"},
                          {"required", {"id", "thread_id", "author", "body", "row_version"}},
                          {"properties", comment_props}};
    schemas["CommentEdit"] = {{"type", "object"},
                              {"required", {"body"}},
                              {"additionalProperties", false},
                              {"properties", {{"body", {{"type", "string"}, {"maxLength", 10000}}},
                                              {"row_version", {{"type", "integer"}, {"minimum", 1}}}}}};
    json::object thread_props = reply_props;
    thread_props["item_label"] = {{"type", "string"}};
    thread_props["resolved"] = {{"type", "boolean"}};
    thread_props["resolved_by"] = nullable("string");
    thread_props["resolved_at"] = nullable("string");
    thread_props["replies"] = {{"type", "array"}, {"items", {{"type", "object"}, {"properties", reply_props}}}};
    schemas["CommentThread"] = {{"type", "object"},
                                {"required", {"id", "entity", "item_id", "author", "body", "resolved", "replies"}},
                                {"properties", thread_props}};
    schemas["CommentThreadPage"] = {{"type", "object"},
                                    {"required", {"items", "open"}},
                                    {"properties", {{"items", {{"type", "array"}, {"items", ref("CommentThread")}}},
                                                    {"open", {{"type", "integer"}, {"minimum", 0}}}}}};
    schemas["CommentInput"] = {
        {"type", "object"},
        {"required", {"body"}},
        {"additionalProperties", false},
        {"description", "a new thread: entity and item_id (entity \"plan\" for the plan itself); a reply: thread_id"},
        {"properties", {{"entity", {{"type", "string"}}},
                        {"item_id", {{"type", "integer"}, {"minimum", 1}}},
                        {"thread_id", {{"type", "integer"}, {"minimum", 1}}},
                        {"body", {{"type", "string"}, {"maxLength", 10000}}}}}};
    // The submit answer lists the review's open threads (plan_version_routes.cpp).
    if (auto* workflow = schemas.if_contains("PlanWorkflow"); workflow != nullptr) {
        workflow->as_object()["properties"].as_object()["unresolved_comments"] = {
            {"type", "array"}, {"description", "submit: the comment threads not yet resolved"},
            {"items", ref("CommentThread")}};
    }
}

}  // namespace styrkort::api
