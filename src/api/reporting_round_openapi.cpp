#include "api/reporting_round_openapi.hpp"

#include "api/openapi_parts.hpp"
#include "domain/schema.hpp"

namespace styrkort::api {
namespace {

namespace json = boost::json;

using openapi_parts::content;
using openapi_parts::error_doc;
using openapi_parts::nullable;
using openapi_parts::ref;

json::object integer() { return {{"type", "integer"}}; }
json::object text() { return {{"type", "string"}}; }

json::object counts_schema() {
    return {{"type", "object"},
            {"required", {"required", "done", "percent"}},
            {"properties",
             {{"required", integer()},
              {"done", integer()},
              {"percent", {{"type", "integer"}, {"nullable", true}, {"minimum", 0}, {"maximum", 100},
                           {"description", "whole per cent, rounded down; null: nothing to report"}}},
              {"by_status", {{"type", "object"}, {"additionalProperties", integer()}}}}}};
}

}  // namespace

void reporting_round_parameters(const Route& route, json::array& params) {
    if (route.kind == "completeness") {
        params.push_back({{"name", "unit"}, {"in", "query"}, {"description", "org unit id or key; default the top of the org tree"},
                          {"schema", text()}});
        params.push_back({{"name", "format"}, {"in", "query"},
                          {"schema", {{"type", "string"}, {"enum", {"json", "xlsx", "csv"}}, {"default", "json"}}}});
        params.push_back({{"name", "missing"}, {"in", "query"}, {"description", "false leaves out the lists of missing items"},
                          {"schema", {{"type", "string"}, {"enum", {"true", "false"}}, {"default", "true"}}}});
    }
    if (route.kind == "todo") {
        params.push_back({{"name", "period"}, {"in", "query"}, {"description", "a reporting period's id; default the latest open one"},
                          {"schema", {{"type", "integer"}, {"minimum", 1}}}});
    }
}

bool reporting_round_operation(const Route& route, json::object& op, json::object& responses) {
    const auto& k = route.kind;
    if (k == "completeness") {
        json::object binary{{"type", "string"}, {"format", "binary"}};
        responses["200"] = {{"description", "completeness of the unit's subtree (JSON), or as a spreadsheet"},
                            {"content",
                             {{"application/json", {{"schema", ref("Completeness")}}},
                              {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {{"schema", binary}}},
                              {"text/csv", {{"schema", text()}}}}}};
        responses["422"] = error_doc("format or missing is not one of the allowed values");
    } else if (k == "period_open") {
        op["requestBody"] = {{"required", false},
                             {"content", content({{"type", "object"}, {"additionalProperties", false}, {"properties", json::object{}}})}};
        responses["200"] = {{"description", "the period is open; what was carried to the plans in force"},
                            {"content", content(ref("PeriodOpened"))}};
    } else if (k == "period_close") {
        op["requestBody"] = {{"required", false},
                             {"content", content({{"type", "object"},
                                                  {"additionalProperties", false},
                                                  {"properties",
                                                   {{"force", {{"type", "boolean"}, {"description", "administrators: close although reports are missing"}}},
                                                    {"comment", text()}}}})}};
        responses["200"] = {{"description", "closed (forced: the units without a submitted report are listed)"},
                            {"content", content(ref("PeriodClosed"))}};
        responses["409"] = {{"description", "already closed, or reports are not submitted (error.code unsubmitted_reports, error.reports lists them)"},
                            {"content", content(ref("UnsubmittedReportsError"))}};
    } else if (k == "todo") {
        responses["200"] = {{"description", "the user's to-do by role; sections for roles the user does not hold are null"},
                            {"content", content(ref("Todo"))}};
        responses["422"] = error_doc("period is not a reporting period's id");
    } else {
        return false;
    }
    return true;
}

void add_reporting_round_schemas(json::object& schemas) {
    json::object item{{"type", "object"},
                      {"properties",
                       {{"id", {{"type", "integer"}, {"nullable", true}}},
                        {"key", text()},
                        {"name", text()},
                        {"missing_sexes", {{"type", "array"}, {"items", {{"type", "string"}, {"enum", {"K", "M", "total"}}}}}},
                        {"state", text()}}}};
    auto part = counts_schema();
    part["properties"].as_object()["missing"] = {{"type", "array"}, {"items", item}};
    json::object parts{{"type", "object"},
                       {"required", {"activities", "measures", "assessments", "report"}},
                       {"properties", {{"activities", part}, {"measures", part}, {"assessments", part}, {"report", part}}}};
    schemas["CompletenessUnit"] = {
        {"type", "object"},
        {"required", {"id", "key", "name", "depth", "membership", "nothing_to_report", "complete", "report_state", "overall", "parts"}},
        {"properties",
         {{"id", integer()},
          {"key", text()},
          {"name", text()},
          {"kind", text()},
          {"parent_id", {{"type", "integer"}, {"nullable", true}}},
          {"depth", integer()},
          {"membership", {{"type", "string"}, {"enum", {"whole", "added", "removed"}}}},
          {"valid_from", nullable("string")},
          {"valid_to", nullable("string")},
          {"nothing_to_report", {{"type", "boolean"}}},
          {"complete", {{"type", "boolean"}}},
          {"report_state", {{"type", "string"}, {"enum", {"none", "draft", "submitted", "approved", "returned"}}}},
          {"report_id", {{"type", "integer"}, {"nullable", true}}},
          {"overall", counts_schema()},
          {"parts", parts}}}};
    auto totals = json::object{{"type", "object"},
                               {"properties",
                                {{"activities", counts_schema()},
                                 {"measures", counts_schema()},
                                 {"assessments", counts_schema()},
                                 {"report", counts_schema()},
                                 {"overall", counts_schema()},
                                 {"units", integer()},
                                 {"units_owing", integer()},
                                 {"units_complete", integer()},
                                 {"units_nothing_to_report", integer()}}}};
    schemas["CompletenessTotals"] = totals;
    json::object unit_ref{{"type", "object"},
                          {"nullable", true},
                          {"properties", {{"id", integer()}, {"key", text()}, {"name", text()}}}};
    schemas["Completeness"] = {
        {"type", "object"},
        {"required", {"period", "unit", "parts", "totals", "units"}},
        {"properties",
         {{"period",
           {{"type", "object"},
            {"properties",
             {{"id", {{"type", "integer"}, {"nullable", true}}},
              {"year", integer()},
              {"point", text()},
              {"status", nullable("string")},
              {"deadline", nullable("string")},
              {"starts", text()},
              {"ends", text()}}}}},
          {"unit", unit_ref},
          {"parts", {{"type", "array"}, {"items", text()}}},
          {"totals", ref("CompletenessTotals")},
          {"units", {{"type", "array"}, {"items", ref("CompletenessUnit")}}}}}};
    json::object unsubmitted{{"type", "object"},
                             {"properties",
                              {{"unit_id", integer()},
                               {"key", text()},
                               {"name", text()},
                               {"state", {{"type", "string"}, {"enum", {"none", "draft", "returned"}}}},
                               {"report_id", {{"type", "integer"}, {"nullable", true}}}}}};
    schemas["PeriodOpened"] = {{"type", "object"},
                               {"required", {"period", "carried", "already_open"}},
                               {"properties",
                                {{"period", {{"type", "object"}}},
                                 {"carried", {{"type", "object"}, {"description", "per plan key: what came over from its previous version"}}},
                                 {"already_open", {{"type", "boolean"}}}}}};
    schemas["PeriodClosed"] = {{"type", "object"},
                               {"required", {"period", "closed", "forced", "unsubmitted"}},
                               {"properties",
                                {{"period", {{"type", "object"}}},
                                 {"closed", {{"type", "boolean"}}},
                                 {"forced", {{"type", "boolean"}}},
                                 {"unsubmitted", {{"type", "array"}, {"items", unsubmitted}}}}}};
    schemas["UnsubmittedReportsError"] = {
        {"type", "object"},
        {"required", {"error"}},
        {"properties",
         {{"error",
           {{"type", "object"},
            {"required", {"code", "message"}},
            {"properties", {{"code", text()}, {"message", text()}, {"reports", {{"type", "array"}, {"items", unsubmitted}}}}}}}}}};
    json::object nullable_object{{"type", "object"}, {"nullable", true}};
    schemas["Todo"] = {
        {"type", "object"},
        {"required", {"user", "roles", "period", "reporter", "approver", "controller", "scorecard"}},
        {"properties",
         {{"user", {{"type", "object"}, {"properties", {{"username", text()}, {"display_name", text()}}}}},
          {"roles", {{"type", "array"}, {"items", text()}}},
          {"period", nullable_object},
          {"reporter",
           {{"type", "object"},
            {"nullable", true},
            {"description", "the units the user reports for that still miss something in the period (at most 200; total counts all)"},
            {"properties", {{"units", {{"type", "array"}, {"items", ref("CompletenessUnit")}}}, {"total", integer()}}}}},
          {"approver",
           {{"type", "object"},
            {"nullable", true},
            {"description", "submitted follow-up reports the user decides (planner over the level above)"},
            {"properties", {{"reports", {{"type", "array"}, {"items", {{"type", "object"}}}}}, {"total", integer()}}}}},
          {"controller",
           {{"type", "object"},
            {"nullable", true},
            {"properties",
             {{"subtrees", {{"type", "array"}, {"items", {{"type", "object"}, {"properties", {{"unit", unit_ref}, {"totals", ref("CompletenessTotals")}}}}}}},
              {"findings", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}}},
          {"scorecard",
           {{"type", "object"},
            {"nullable", true},
            {"description", "the region's scorecard for the period: counts and goal statuses"},
            {"properties",
             {{"unit", {{"type", "object"}}},
              {"year", integer()},
              {"point", text()},
              {"counts", {{"type", "object"}}},
              {"goals", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}}}}}};
}

}  // namespace styrkort::api
