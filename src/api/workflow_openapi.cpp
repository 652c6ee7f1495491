#include "api/workflow_openapi.hpp"

#include "api/openapi_parts.hpp"

#include "domain/schema.hpp"
#include "domain/workflow/state_machine.hpp"

namespace styrkort::api {
namespace {

namespace json = boost::json;

using openapi_parts::content;
using openapi_parts::error_doc;
using openapi_parts::nullable;
using openapi_parts::ref;

json::array points() {
    json::array out;
    for (const auto& p : reporting_point_names()) out.push_back(json::value(p));
    return out;
}

json::array report_states() { return {"draft", "submitted", "approved", "returned"}; }

}  // namespace

void workflow_parameters(const Route& route, json::array& params) {
    if (route.kind == "report_list") {
        params.push_back({{"name", "unit_id"}, {"in", "query"}, {"schema", {{"type", "integer"}, {"minimum", 1}}}});
        params.push_back({{"name", "year"}, {"in", "query"}, {"schema", {{"type", "integer"}, {"minimum", 1900}, {"maximum", 2200}}}});
        params.push_back({{"name", "point"}, {"in", "query"}, {"schema", {{"type", "string"}, {"enum", points()}}}});
        params.push_back({{"name", "state"}, {"in", "query"}, {"schema", {{"type", "string"}, {"enum", report_states()}}}});
        params.push_back({{"name", "limit"}, {"in", "query"}, {"schema", {{"type", "integer"}, {"minimum", 1}, {"maximum", 5000}, {"default", 500}}}});
        params.push_back({{"name", "offset"}, {"in", "query"}, {"schema", {{"type", "integer"}, {"minimum", 0}, {"default", 0}}}});
    }
    if (route.kind == "compare") {
        params.push_back({{"name", "with"}, {"in", "query"}, {"required", true}, {"description", "id of the plan to compare with"},
                          {"schema", {{"type", "integer"}, {"minimum", 1}}}});
    }
}

bool workflow_operation(const Route& route, json::object& op, json::object& responses) {
    const auto& k = route.kind;
    auto transition_body = [&] {
        op["requestBody"] = {{"required", false},
                             {"description", "a comment: required when returning"},
                             {"content", content({{"type", "object"},
                                                  {"additionalProperties", false},
                                                  {"properties", {{"comment", {{"type", "string"}}}}}})}};
    };
    if (k == "report_list") {
        responses["200"] = {{"description", "reports (the public: approved only)"}, {"content", content(ref("FollowupReportPage"))}};
    } else if (k == "report_get") {
        responses["200"] = {{"description", "the report"}, {"content", content(ref("FollowupReport"))}};
    } else if (k == "report_create") {
        op["requestBody"] = {{"required", true}, {"content", content(ref("FollowupReportInput"))}};
        responses["201"] = {{"description", "created as a draft"}, {"content", content(ref("FollowupReport"))}};
    } else if (k.rfind("report_", 0) == 0) {
        transition_body();
        responses["200"] = {{"description", "the report in its new state"}, {"content", content(ref("FollowupReport"))}};
    } else if (k.rfind("plan_", 0) == 0 && k != "plan_versions") {
        transition_body();
        responses["200"] = {{"description", "the plan in its new state"}, {"content", content(ref("PlanWorkflow"))}};
    } else if (k == "new_version") {
        op["requestBody"] = {{"required", false},
                             {"content", content({{"type", "object"},
                                                  {"additionalProperties", false},
                                                  {"properties", {{"key", {{"type", "string"}, {"description", "default: the old key with -vN"}}}}}})}};
        responses["201"] = {{"description", "the new draft version"}, {"content", content(ref("PlanWorkflow"))}};
    } else if (k == "plan_versions") {
        responses["200"] = {{"description", "the versions, oldest first"},
                            {"content", content({{"type", "object"},
                                                 {"required", {"items"}},
                                                 {"properties", {{"items", {{"type", "array"}, {"items", ref("PlanVersionSummary")}}}}}})}};
    } else if (k == "compare") {
        responses["200"] = {{"description", "the differences"}, {"content", content(ref("PlanComparison"))}};
        responses["422"] = error_doc("with is missing or not an id");
    } else {
        return false;
    }
    if (route.method == "GET" && k != "compare" && k != "plan_versions" && k != "report_get") {
        responses["422"] = error_doc("a parameter is wrong: the error names it");
    }
    return true;
}

void add_workflow_schemas(json::object& schemas) {
    json::array actions;
    for (auto a : workflow::all_actions()) actions.push_back(json::value(workflow::action_name(a)));
    schemas["FollowupReport"] = {
        {"type", "object"},
        {"required", {"id", "unit_id", "year", "point", "state", "next_actions"}},
        {"properties",
         {{"id", {{"type", "integer"}}},
          {"org_id", {{"type", "integer"}}},
          {"unit_id", {{"type", "integer"}}},
          {"year", {{"type", "integer"}}},
          {"point", {{"type", "string"}, {"enum", points()}}},
          {"state", {{"type", "string"}, {"enum", report_states()}}},
          {"comment", nullable("string")},
          {"created_by", {{"type", "string"}}},
          {"created_at", {{"type", "string"}}},
          {"submitted_by", nullable("string")},
          {"submitted_at", nullable("string")},
          {"decided_by", nullable("string")},
          {"decided_at", nullable("string")},
          {"next_actions", {{"type", "array"}, {"items", {{"type", "string"}, {"enum", actions}}}}}}}};
    schemas["FollowupReportInput"] = {
        {"type", "object"},
        {"additionalProperties", false},
        {"required", {"unit_id", "year", "point"}},
        {"properties",
         {{"unit_id", {{"type", "integer"}}},
          {"year", {{"type", "integer"}, {"minimum", 1900}, {"maximum", 2200}}},
          {"point", {{"type", "string"}, {"enum", points()}}}}}};
    schemas["FollowupReportPage"] = {{"type", "object"},
                                     {"required", {"items", "total"}},
                                     {"properties",
                                      {{"items", {{"type", "array"}, {"items", ref("FollowupReport")}}},
                                       {"total", {{"type", "integer"}, {"minimum", 0}}}}}};
    json::object version{{"type", "object"},
                         {"required", {"plan_id", "number"}},
                         {"properties",
                          {{"plan_id", {{"type", "integer"}}},
                           {"number", {{"type", "integer"}, {"minimum", 1}}},
                           {"previous_plan_id", nullable("integer")},
                           {"comment", nullable("string")},
                           {"submitted_by", nullable("string")},
                           {"submitted_at", nullable("string")},
                           {"decided_by", nullable("string")},
                           {"decided_at", nullable("string")}}}};
    json::object counts{{"type", "object"}, {"additionalProperties", {{"type", "integer"}, {"minimum", 0}}}};
    json::object carried{{"type", "object"},
                         {"required", {"carried", "updated", "kept_own", "left_on_previous", "from_plan_id", "to_plan_id"}},
                         {"properties",
                          {{"carried", counts},
                           {"updated", counts},
                           {"kept_own", counts},
                           {"left_on_previous", counts},
                           {"from_plan_id", {{"type", "integer"}}},
                           {"to_plan_id", {{"type", "integer"}}}}}};
    schemas["PlanWorkflow"] = {{"type", "object"},
                               {"required", {"plan", "version"}},
                               {"properties",
                                {{"plan", ref("Plan")},
                                 {"version", version},
                                 {"items", {{"type", "object"}, {"additionalProperties", {{"type", "integer"}}}}},
                                 // approve of a version with a predecessor: what of the
                                 // predecessor's follow-up was carried (docs/workflow.md)
                                 {"carried_followup", carried}}}};
    json::object summary{{"type", "object"},
                         {"required", {"id", "key", "status", "number"}},
                         {"properties",
                          {{"id", {{"type", "integer"}}},
                           {"key", {{"type", "string"}}},
                           {"title", {{"type", "string"}}},
                           {"status", {{"type", "string"}}},
                           {"version", nullable("string")},
                           {"number", {{"type", "integer"}}},
                           {"previous_plan_id", nullable("integer")},
                           {"approved_date", nullable("string")},
                           {"submitted_by", nullable("string")},
                           {"submitted_at", nullable("string")},
                           {"decided_by", nullable("string")},
                           {"decided_at", nullable("string")},
                           {"comment", nullable("string")}}}};
    schemas["PlanVersionSummary"] = summary;
    json::object change{{"type", "object"},
                        {"required", {"field", "before", "after"}},
                        {"properties", {{"field", {{"type", "string"}}}, {"before", json::object{}}, {"after", json::object{}}}}};
    json::object keyed_item{{"type", "object"},
                            {"required", {"key", "item"}},
                            {"properties", {{"key", {{"type", "string"}}}, {"item", {{"type", "object"}}}}}};
    json::object changed_item{{"type", "object"},
                              {"required", {"key", "fields"}},
                              {"properties", {{"key", {{"type", "string"}}}, {"fields", {{"type", "array"}, {"items", change}}}}}};
    json::object count{{"type", "integer"}, {"minimum", 0}};
    schemas["PlanComparison"] = {
        {"type", "object"},
        {"required", {"from", "to", "plan", "collections", "summary"}},
        {"properties",
         {{"from", summary},
          {"to", summary},
          {"plan", {{"type", "array"}, {"items", change}}},
          {"collections",
           {{"type", "object"},
            {"additionalProperties",
             {{"type", "object"},
              {"required", {"added", "removed", "changed"}},
              {"properties",
               {{"added", {{"type", "array"}, {"items", keyed_item}}},
                {"removed", {{"type", "array"}, {"items", keyed_item}}},
                {"changed", {{"type", "array"}, {"items", changed_item}}}}}}}}},
          {"summary",
           {{"type", "object"},
            {"required", {"added", "removed", "changed"}},
            {"properties", {{"added", count}, {"removed", count}, {"changed", count}}}}}}}};
}

}  // namespace styrkort::api
