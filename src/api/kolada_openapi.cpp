#include "api/kolada_openapi.hpp"

#include "api/openapi_parts.hpp"

namespace styrkort::api {
namespace {

namespace json = boost::json;

using openapi_parts::content;
using openapi_parts::error_doc;
using openapi_parts::nullable;
using openapi_parts::ref;

json::object etag() {
    return {{"ETag", {{"description", "the link's row_version, quoted"}, {"schema", {{"type", "string"}}}}}};
}

}  // namespace

bool kolada_operation(const Route& route, json::object& op, json::object& responses) {
    const auto& k = route.kind;
    if (k == "kolada_kpi_search") {
        auto& params = op["parameters"].as_array();
        params.push_back({{"name", "q"}, {"in", "query"}, {"description", "part of the KPI's id or title"},
                          {"schema", {{"type", "string"}}}});
        params.push_back({{"name", "limit"}, {"in", "query"}, {"schema", {{"type", "integer"}, {"minimum", 1}, {"maximum", 500}}}});
        responses["200"] = {{"description", "matching KPIs, by id"}, {"content", content(ref("KoladaKpiPage"))}};
        responses["422"] = error_doc("a parameter breaks a rule");
        return true;
    }
    if (k == "kolada_link_get") {
        responses["200"] = {{"description", "the link"}, {"headers", etag()}, {"content", content(ref("KoladaLink"))}};
        return true;
    }
    if (k == "kolada_link_put") {
        op["requestBody"] = {{"required", true}, {"content", content(ref("KoladaLinkInput"))}};
        responses["200"] = {{"description", "the link as stored"}, {"headers", etag()}, {"content", content(ref("KoladaLink"))}};
        responses["428"] = error_doc("a browser session changed an existing link without row_version (If-Match)");
        return true;
    }
    if (k == "kolada_link_delete") {
        responses["204"] = {{"description", "unlinked"}};
        responses["428"] = error_doc("a browser session sent no version (If-Match)");
        return true;
    }
    if (k == "kolada_comparison") {
        op["parameters"].as_array().push_back(
            {{"name", "group"}, {"in", "query"}, {"description", "a municipality group (jämförelsegrupp) instead of the link's"},
             {"schema", {{"type", "string"}}}});
        responses["200"] = {{"description", "raw values (Källa: Kolada), computed figures, outcomes and targets"},
                            {"content", content(ref("KoladaComparison"))}};
        responses["422"] = error_doc("the group is not among the imported groups");
        return true;
    }
    return false;
}

void add_kolada_schemas(json::object& schemas) {
    json::object num = nullable("number");
    json::object str = nullable("string");
    json::object integer{{"type", "integer"}};
    json::object gender{{"type", "string"}, {"enum", {"T", "K", "M"}}};
    schemas["KoladaKpi"] = {{"type", "object"},
                            {"required", {"id", "title"}},
                            {"properties",
                             {{"id", {{"type", "string"}}},
                              {"title", {{"type", "string"}}},
                              {"description", str},
                              {"operating_area", str},
                              {"divided_by_gender", {{"type", "boolean"}}}}}};
    schemas["KoladaKpiPage"] = {{"type", "object"},
                                {"required", {"items", "source"}},
                                {"properties", {{"items", {{"type", "array"}, {"items", ref("KoladaKpi")}}},
                                                {"source", {{"type", "string"}}}}}};
    schemas["KoladaLinkInput"] = {
        {"type", "object"},
        {"required", {"kpi"}},
        {"additionalProperties", false},
        {"properties",
         {{"kpi", {{"type", "string"}, {"description", "a KPI of the imported catalogue, e.g. N00945"}}},
          {"municipality", {{"type", "string"}, {"description", "the organisation in Kolada; default 0025 (Region Norrbotten)"}}},
          {"group", {{"type", "string"}, {"nullable", true}, {"description", "an imported municipality group"}}},
          {"row_version", {{"type", "integer"}, {"minimum", 1}}}}}};
    schemas["KoladaLink"] = {{"type", "object"},
                             {"required", {"measure_id", "kpi", "municipality", "group", "row_version"}},
                             {"properties",
                              {{"measure_id", integer},
                               {"kpi", {{"type", "string"}}},
                               {"municipality", {{"type", "string"}}},
                               {"group", str},
                               {"row_version", integer}}}};
    json::object raw_value{{"type", "object"},
                           {"properties", {{"period", integer}, {"gender", gender}, {"value", num}, {"status", {{"type", "string"}}}}}};
    json::object series{{"type", "object"},
                        {"properties",
                         {{"municipality", {{"type", "string"}}},
                          {"title", str},
                          {"role", {{"type", "string"}, {"enum", {"own", "nation", "region", "group"}}}},
                          {"in_group", {{"type", "boolean"}}},
                          {"values", {{"type", "array"}, {"items", raw_value}}}}}};
    json::object figure{{"type", "object"},
                        {"properties",
                         {{"period", integer}, {"gender", gender}, {"own", num}, {"nation", num},
                          {"difference_to_nation", num}, {"rank", nullable("integer")}, {"ranked", integer},
                          {"percentile", num}, {"regions_median", num}, {"group_mean", num}, {"group_count", integer}}}};
    json::object trend{{"type", "object"},
                       {"properties", {{"per_year", num},
                                       {"word", {{"type", "string"}, {"enum", {"rising", "falling", "flat", "unknown"}}}}}}};
    schemas["KoladaComparison"] = {
        {"type", "object"},
        {"required", {"measure_id", "link", "raw", "figures", "outcomes", "targets", "national_level"}},
        {"properties",
         {{"measure_id", integer},
          {"measure_name", str},
          {"direction", str},
          {"link", ref("KoladaLink")},
          {"kpi", {{"type", "object"}, {"nullable", true}}},
          {"group", {{"type", "object"}, {"nullable", true}}},
          {"raw", {{"type", "object"},
                   {"description", "Kolada's values as imported; shown with the source line"},
                   {"properties", {{"source", {{"type", "string"}}}, {"series", {{"type", "array"}, {"items", series}}}}}}},
          {"figures", {{"type", "object"},
                       {"description", "computed by Styrkort (rank among the regions, percentile, difference to the "
                                       "nation, group mean, trend): processed figures, never attributed to Kolada"},
                       {"properties",
                        {{"source", {{"type", "string"}}},
                         {"source_en", {{"type", "string"}}},
                         {"periods", {{"type", "array"}, {"items", figure}}},
                         {"trend", {{"type", "object"}, {"additionalProperties", trend}}}}}}},
          {"outcomes", {{"type", "array"}, {"items", {{"type", "object"}}}}},
          {"targets", {{"type", "array"}, {"items", {{"type", "object"}}}}},
          {"national_level",
           {{"type", "array"},
            {"items", {{"type", "object"},
                       {"properties",
                        {{"period", integer}, {"gender", gender}, {"own", num}, {"nation", num},
                         {"status", {{"type", "string"}, {"enum", {"met", "improving", "not_met", "no_data", "info_only"}}}}}}}}}}}}};
}

}  // namespace styrkort::api
