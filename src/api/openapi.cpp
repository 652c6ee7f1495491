#include "api/openapi.hpp"
#include "api/document_openapi.hpp"
#include "api/authoring_openapi.hpp"
#include "api/kolada_openapi.hpp"
#include "api/workflow_openapi.hpp"
#include "api/reporting_round_openapi.hpp"
#include "api/mfa_openapi.hpp"
#include "api/reminder_openapi.hpp"

#include <algorithm>

#include "domain/computed_fields.hpp"
#include "domain/schema.hpp"

namespace styrkort::api {
namespace {

namespace json = boost::json;

json::value enum_of(const std::vector<std::string>& choices) {
    json::array a;
    for (const auto& c : choices) a.push_back(json::value(c));
    return a;
}

json::object field_schema(const Field& f) {
    json::object s;
    switch (f.type) {
        case FieldType::key:
            s = {{"type", "string"}, {"pattern", "^[a-z0-9][a-z0-9._-]{0,99}$"}};
            break;
        case FieldType::string: s = {{"type", "string"}, {"maxLength", 4000}}; break;
        case FieldType::text: s = {{"type", "string"}, {"description", "Markdown"}}; break;
        case FieldType::integer: s = {{"type", "integer"}, {"minimum", *f.min}, {"maximum", *f.max}}; break;
        case FieldType::number: s = {{"type", "number"}}; break;
        case FieldType::amount:
            s = {{"type", "integer"}, {"format", "int64"}, {"description", "whole kronor (SEK)"}};
            break;
        case FieldType::date: s = {{"type", "string"}, {"format", "date"}}; break;
        case FieldType::choice: s = {{"type", "string"}, {"enum", enum_of(f.choices)}}; break;
        case FieldType::ref: s = {{"type", "integer"}, {"minimum", 1}}; break;
        case FieldType::ref_list:
            s = {{"type", "array"}, {"items", {{"type", "integer"}, {"minimum", 1}}}, {"uniqueItems", true}};
            break;
        case FieldType::string_list: s = {{"type", "array"}, {"items", {{"type", "string"}}}}; break;
        case FieldType::choice_list:
            s = {{"type", "array"}, {"items", {{"type", "string"}, {"enum", enum_of(f.choices)}}}, {"uniqueItems", true}};
            break;
        case FieldType::integer_list:
            s = {{"type", "array"},
                 {"items", {{"type", "integer"}, {"minimum", *f.min}, {"maximum", *f.max}}},
                 {"uniqueItems", true}};
            break;
    }
    bool list = s.at("type") == "array";
    if (!f.required && !list) {
        s["nullable"] = true;
        // OpenAPI 3.0: "nullable" does not widen an enum, so null must be one of its values.
        if (auto* e = s.if_contains("enum")) e->as_array().emplace_back(nullptr);
    }
    if (f.type == FieldType::ref || f.type == FieldType::ref_list) {
        s["description"] = "id of " + entity(f.target).label_en;
    }
    s["title"] = f.label_en;
    return s;
}

std::string schema_name(const Entity& e) {
    std::string out;
    bool up = true;
    for (char c : e.name) {
        if (c == '_') {
            up = true;
            continue;
        }
        out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
        up = false;
    }
    return out;
}

json::object ref_to(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }

void add_entity_schemas(json::object& schemas, const Entity& e) {
    bool tenant = e.name == "organisation";
    json::object input_props;
    json::array required;
    for (const auto& f : e.fields) {
        input_props[f.name] = field_schema(f);
        if (f.required) required.push_back(json::value(f.name));
    }
    json::object record_props = input_props;
    json::object read_only_id{{"type", "integer"}, {"readOnly", true}};
    record_props["id"] = read_only_id;
    input_props["id"] = read_only_id;
    if (!tenant) {
        record_props["org_id"] = read_only_id;
        input_props["org_id"] = read_only_id;
        json::object position{{"type", "integer"}, {"minimum", 0}, {"description", "order within its parent"}};
        record_props["position"] = position;
        input_props["position"] = position;
    }
    // Computed on the way out, ignored on the way in (domain/computed_fields.hpp).
    for (const auto& c : computed_fields(e.name)) {
        json::object schema{{"type", c.integer ? "integer" : "number"}, {"nullable", true}, {"readOnly", true},
                            {"description", c.description}};
        record_props[c.name] = schema;
        input_props[c.name] = schema;
    }
    // docs/authoring.md: the version read, sent back as the one a change is made from.
    json::object version{{"type", "integer"}, {"minimum", 1},
                         {"description", "record version, raised by every change; send back to refuse a stale change (409)"}};
    record_props["row_version"] = version;
    input_props["row_version"] = version;
    json::array record_required = required;
    record_required.push_back(json::value("id"));
    auto name = schema_name(e);
    schemas[name] = {{"type", "object"},
                     {"title", e.label_en},
                     {"properties", std::move(record_props)},
                     {"required", std::move(record_required)}};
    schemas[name + "Input"] = {{"type", "object"},
                               {"title", e.label_en + " (input)"},
                               {"additionalProperties", false},
                               {"properties", std::move(input_props)},
                               {"required", std::move(required)}};
    schemas[name + "Page"] = {{"type", "object"},
                              {"required", {"items", "total"}},
                              {"properties",
                               {{"items", {{"type", "array"}, {"items", ref_to(name)}}},
                                {"total", {{"type", "integer"}, {"minimum", 0}}}}}};
}

json::object error_response_doc(const std::string& text) {
    return {{"description", text}, {"content", {{"application/json", {{"schema", ref_to("Error")}}}}}};
}

json::object json_content(const json::object& schema) { return {{"application/json", {{"schema", schema}}}}; }

void add_scorecard_parameters(json::array& params) {
    json::array points;
    for (const auto& p : reporting_point_names()) points.push_back(json::value(p));
    params.push_back({{"name", "unit"}, {"in", "query"}, {"required", true}, {"description", "org unit id or key"},
                      {"schema", {{"type", "string"}}}});
    params.push_back({{"name", "year"}, {"in", "query"}, {"required", true},
                      {"schema", {{"type", "integer"}, {"minimum", 1900}, {"maximum", 2200}}}});
    params.push_back({{"name", "point"}, {"in", "query"}, {"required", true},
                      {"schema", {{"type", "string"}, {"enum", std::move(points)}}}});
    params.push_back({{"name", "plan"}, {"in", "query"},
                      {"description", "one plan version only (id), e.g. an archived one; default: the plans in force"},
                      {"schema", {{"type", "integer"}, {"minimum", 1}}}});
    params.push_back({{"name", "gap_relative"}, {"in", "query"},
                      {"description", "gender gap flagged above this share of the larger of K and M (default 0.10)"},
                      {"schema", {{"type", "number"}, {"minimum", 0}, {"maximum", 1}}}});
    params.push_back({{"name", "gap_points"}, {"in", "query"},
                      {"description", "for per cent measures: gap flagged above these percentage points (default 5)"},
                      {"schema", {{"type", "number"}, {"minimum", 0}, {"maximum", 100}}}});
}

json::array parameters_for(const Route& route) {
    json::array params;
    std::string::size_type pos = 0;
    while ((pos = route.pattern.find('{', pos)) != std::string::npos) {
        auto end = route.pattern.find('}', pos);
        auto name = route.pattern.substr(pos + 1, end - pos - 1);
        bool text_id = name == "org" || route.kind == "import_job";  // a job's id is a random string
        json::object schema = text_id ? json::object{{"type", "string"}} : json::object{{"type", "integer"}, {"minimum", 1}};
        params.push_back({{"name", name},
                          {"in", "path"},
                          {"required", true},
                          {"description", name == "org" ? "organisation id or key" : "id"},
                          {"schema", std::move(schema)}});
        pos = end;
    }
    if (route.kind == "import_outcomes" || route.kind == "import_job_start") {
        params.push_back({{"name", "file"}, {"in", "query"},
                          {"description", "the file's name, for errors, the audit log and the job (default CSV / XLSX)"},
                          {"schema", {{"type", "string"}, {"maxLength", 255}}}});
    }
    if (route.kind == "economy_export" || route.kind == "risk_export") {
        params.push_back({{"name", "format"}, {"in", "query"}, {"schema", {{"type", "string"}, {"enum", {"xlsx", "csv"}}, {"default", "xlsx"}}}});
    }
    if (route.kind == "list") {
        params.push_back({{"name", "limit"}, {"in", "query"}, {"schema", {{"type", "integer"}, {"minimum", 1}, {"maximum", 5000}, {"default", 500}}}});
        params.push_back({{"name", "offset"}, {"in", "query"}, {"schema", {{"type", "integer"}, {"minimum", 0}, {"default", 0}}}});
        for (const auto& f : entity(route.entity).fields) {
            if (f.type == FieldType::text || f.type == FieldType::number || f.type == FieldType::amount ||
                f.type == FieldType::ref_list ||
                f.type == FieldType::string_list || f.type == FieldType::choice_list ||
                f.type == FieldType::integer_list) {
                continue;
            }
            auto s = field_schema(f);
            s.erase("nullable");
            if (auto* e = s.if_contains("enum")) {
                auto& values = e->as_array();
                if (!values.empty() && values.back().is_null()) values.pop_back();
            }
            params.push_back({{"name", f.name}, {"in", "query"}, {"description", "only records whose " + f.name + " equals this"}, {"schema", std::move(s)}});
        }
    }
    if (route.kind == "scorecard") add_scorecard_parameters(params);
    if (route.kind == "oidc_login") {
        params.push_back({{"name", "return_to"}, {"in", "query"}, {"description", "a path of this site to return to"},
                          {"schema", {{"type", "string"}}}});
    }
    if (route.kind == "oidc_callback") {
        for (const char* name : {"code", "state", "error", "error_description", "iss", "session_state"}) {
            params.push_back({{"name", name}, {"in", "query"}, {"description", "from the identity provider"},
                              {"schema", {{"type", "string"}}}});
        }
    }
    workflow_parameters(route, params);
    reporting_round_parameters(route, params);
    document_parameters(route, params);
    if (route.kind == "replace" || route.kind == "patch" || route.kind == "delete") {
        params.push_back({{"name", "If-Match"}, {"in", "header"},
                          {"description", "the record's ETag (its row_version) as read; required from a browser session "
                                          "(428 without it), optional for tokens and the CLI (docs/authoring.md)"},
                          {"schema", {{"type", "string"}}}});
    }
    params.push_back({{"name", "lang"}, {"in", "query"}, {"description", "language of messages (sv, en)"}, {"schema", {{"type", "string"}, {"enum", {"sv", "en"}}}}});
    return params;
}

json::object operation(const Route& route) {
    json::object op{{"operationId", route.operation_id}, {"summary", route.summary}, {"tags", {route.tag}}};
    op["parameters"] = parameters_for(route);
    json::object responses;
    const Entity* e = route.entity.empty() ? nullptr : &entity(route.entity);
    auto name = e ? schema_name(*e) : std::string{};
    auto body = [&](const std::string& schema) {
        op["requestBody"] = {{"required", true}, {"content", json_content(ref_to(schema))}};
    };
    if (route.kind == "list") {
        responses["200"] = {{"description", "a page of records"}, {"content", json_content(ref_to(name + "Page"))}};
    } else if (route.kind == "create") {
        body(name + "Input");
        responses["201"] = {{"description", "created"}, {"content", json_content(ref_to(name))}};
    } else if (route.kind == "get") {
        responses["200"] = {{"description", "the record"}, {"content", json_content(ref_to(name))}};
    } else if (route.kind == "replace" || route.kind == "patch") {
        body(route.kind == "patch" ? name + "Patch" : name + "Input");
        responses["200"] = {{"description", "the stored record"}, {"content", json_content(ref_to(name))}};
    } else if (route.kind == "delete") {
        responses["204"] = {{"description", "deleted"}};
    } else if (route.kind == "export") {
        responses["200"] = {{"description", "a plan file"}, {"content", json_content(ref_to("PlanFile"))}};
    } else if (route.kind == "check") {
        responses["200"] = {{"description", "the findings"}, {"content", json_content(ref_to("Findings"))}};
    } else if (route.kind == "economy_export" || route.kind == "risk_export") {
        json::object binary{{"type", "string"}, {"format", "binary"}};
        responses["200"] = {{"description", route.kind == "risk_export" ? "the risk register, matrix and internal control plan"
                                                                        : "the economy tables"},
                            {"content", {{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {{"schema", binary}}},
                                         {"text/csv", {{"schema", {{"type", "string"}}}}}}}};
        responses["422"] = error_response_doc("format is not xlsx or csv");
    } else if (route.kind == "import") {
        body("PlanFile");
        responses["201"] = {{"description", "imported"}, {"content", json_content(ref_to("ImportSummary"))}};
    } else if (route.kind == "import_outcomes") {
        json::object binary{{"type", "string"}, {"format", "binary"}};
        op["requestBody"] = {{"required", true},
                             {"content", {{"text/csv", {{"schema", {{"type", "string"}, {"description", "docs/followup.md"}}}}},
                                          {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {{"schema", binary}}}}}};
        responses["201"] = {{"description", "imported"},
                            {"content", json_content({{"type", "object"},
                                                      {"required", {"rows"}},
                                                      {"properties", {{"rows", {{"type", "integer"}, {"minimum", 0}}}}}})}};
    } else if (route.kind == "outcome_batch") {
        body("OutcomeBatch");
        responses["200"] = {{"description", "every outcome saved, in the order sent"},
                            {"content", json_content({{"type", "object"},
                                                      {"required", {"items"}},
                                                      {"properties", {{"items", {{"type", "array"}, {"items", ref_to("Outcome")}}}}}})}};
    } else if (route.kind == "import_job_start") {
        json::object text{{"type", "string"}, {"description", "docs/followup.md"}};
        json::object binary{{"type", "string"}, {"format", "binary"}};
        op["requestBody"] = {{"required", true},
                             {"content", {{"text/csv", {{"schema", text}}},
                                          {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {{"schema", binary}}}}}};
        responses["202"] = {{"description", "the job is queued; poll the URL in Location"},
                            {"headers", {{"Location", {{"description", "the job's URL"}, {"schema", {{"type", "string"}}}}}}},
                            {"content", json_content(ref_to("ImportJobStarted"))}};
    } else if (route.kind == "import_job") {
        responses["200"] = {{"description", "the job"}, {"content", json_content(ref_to("ImportJob"))}};
    } else if (route.kind == "corrections") {
        responses["200"] = {{"description", "the period and its corrections, oldest first (docs/followup.md)"},
                            {"content", json_content(ref_to("CorrectionPage"))}};
    } else if (route.kind == "scorecard") {
        responses["200"] = {{"description", "the scorecard (docs/followup.md)"},
                            {"content", json_content(ref_to("Scorecard"))}};
        responses["422"] = error_response_doc("a parameter is missing or wrong: the error names it");
    } else if (route.kind == "login" || route.kind == "password") {
        op["requestBody"] = {{"required", true},
                             {"content", json_content(ref_to(route.kind == "login" ? "LoginInput" : "PasswordChange"))}};
        responses["200"] = {{"description", "signed in; the session cookie is set"}, {"content", json_content(ref_to("Me"))}};
        if (route.kind == "login") {
            responses["202"] = {{"description", "the password is right and the user has TOTP: send a code with the challenge "
                                                "to /auth/login/mfa (no session yet)"},
                                {"content", json_content(ref_to("MfaChallenge"))}};
        }
    } else if (mfa_operation(route, op, responses)) {
        // the second factor: api/mfa_openapi.cpp
    } else if (route.kind == "me") {
        responses["200"] = {{"description", "the signed-in user"}, {"content", json_content(ref_to("Me"))}};
    } else if (route.kind == "sessions") {
        responses["200"] = {{"description", "the user's open sessions, oldest first"},
                            {"content", json_content(ref_to("SessionList"))}};
    } else if (route.kind == "session_revoke") {
        responses["204"] = {{"description", "the session is ended (its cookies are cleared when it is the one asking)"}};
    } else if (route.kind == "logout") {
        op["requestBody"] = {{"required", false},
                             {"description", "ignored"},
                             {"content", json_content({{"type", "object"}})}};
        responses["204"] = {{"description", "signed out"}};
        responses["200"] = {{"description", "signed out here; the session began at the identity provider, where the "
                                             "browser should go next to sign out there too"},
                            {"content", json_content({{"type", "object"},
                                                      {"required", {"end_session_url"}},
                                                      {"properties", {{"end_session_url", {{"type", "string"}}}}}})}};
    } else if (route.kind == "oidc_status") {
        responses["200"] = {{"description", "whether single sign-on is configured, and where it begins"},
                            {"content", json_content({{"type", "object"},
                                                      {"required", {"enabled"}},
                                                      {"properties", {{"enabled", {{"type", "boolean"}}},
                                                                      {"login_url", {{"type", "string"}}}}}})}};
    } else if (route.kind == "oidc_login" || route.kind == "oidc_callback") {
        responses["302"] = {{"description", route.kind == "oidc_login"
                                                ? "to the identity provider (or to /login?sso_error=… when it cannot be reached)"
                                                : "signed in: into the app; refused: to /login?sso_error=<reason>"},
                            {"headers", {{"Location", {{"schema", {{"type", "string"}}}}}}}};
        responses["404"] = error_response_doc("single sign-on is not configured");
    } else if (route.kind == "audit") {
        responses["200"] = {{"description", "audit records, oldest first"},
                            {"content",
                             {{"application/json", {{"schema", ref_to("AuditPage")}}},
                              {"text/csv", {{"schema", {{"type", "string"}}}}}}}};
        op["parameters"].as_array().push_back({{"name", "entity"}, {"in", "query"}, {"schema", {{"type", "string"}}}});
        op["parameters"].as_array().push_back({{"name", "user"}, {"in", "query"}, {"schema", {{"type", "string"}}}});
        op["parameters"].as_array().push_back({{"name", "action"}, {"in", "query"}, {"schema", {{"type", "string"}}}});
        op["parameters"].as_array().push_back({{"name", "from"}, {"in", "query"}, {"schema", {{"type", "string"}}}});
        op["parameters"].as_array().push_back({{"name", "to"}, {"in", "query"}, {"schema", {{"type", "string"}}}});
        op["parameters"].as_array().push_back({{"name", "limit"}, {"in", "query"}, {"schema", {{"type", "integer"}, {"minimum", 1}}}});
        op["parameters"].as_array().push_back({{"name", "offset"}, {"in", "query"}, {"schema", {{"type", "integer"}, {"minimum", 0}}}});
        op["parameters"].as_array().push_back({{"name", "format"}, {"in", "query"}, {"schema", {{"type", "string"}, {"enum", {"json", "csv"}}}}});
        responses["400"] = error_response_doc("malformed parameters");
        responses["422"] = error_response_doc("a parameter breaks a rule");
    } else if (document_operation(route, op, responses)) {
        // the plan and follow-up documents: api/document_routes.cpp
    } else if (route.kind == "audit_head") {
        responses["200"] = {{"description", "the chain's last entry (docs/audit.md); id 0 and count 0 when empty"},
                            {"content", json_content({{"type", "object"},
                                                      {"required", {"id", "hash", "count", "time"}},
                                                      {"properties",
                                                       {{"id", {{"type", "integer"}}},
                                                        {"hash", {{"type", "string"}, {"pattern", "^[0-9a-f]{64}$"}}},
                                                        {"count", {{"type", "integer"}}},
                                                        {"time", {{"type", "string"}, {"nullable", true}}}}}})}};
    } else if (workflow_operation(route, op, responses)) {
        // reports, plan versions, compare: api/workflow_openapi.cpp
    } else if (reminder_operation(route, op, responses)) {
        // e-mail settings, unsubscribe, notifications: api/reminder_openapi.cpp
    } else if (authoring_operation(route, op, responses)) {
        // batch, review comments: api/authoring_openapi.cpp
    } else if (kolada_operation(route, op, responses)) {
        // Kolada's KPIs, the link and the comparison: api/kolada_openapi.cpp
    } else if (reporting_round_operation(route, op, responses)) {
        // completeness, open/close, to-do: api/reporting_round_openapi.cpp
    } else if (route.kind == "health") {
        responses["200"] = {{"description", "the service and its database answer"},
                            {"content", json_content(ref_to("Health"))}};
    } else {
        responses["200"] = {{"description", "the OpenAPI document"}, {"content", json_content({{"type", "object"}})}};
    }
    if (route.method != "GET" || route.kind == "list") {
        responses["400"] = error_response_doc("malformed JSON or parameters");
        responses["422"] = error_response_doc("the input breaks a rule: the error names the field and why");
    }
    if (route.method == "POST" || route.method == "PUT" || route.method == "PATCH") {
        bool import = route.kind == "import_outcomes" || route.kind == "import_job_start";
        responses["415"] = error_response_doc(import ? "the body is neither text/csv nor XLSX" : "the body is not application/json");
        responses["413"] = error_response_doc("the body is too large");
    }
    if (route.pattern.find('{') != std::string::npos) responses["404"] = error_response_doc("not found");
    if (route.method != "GET" && !responses.contains("409")) responses["409"] = error_response_doc("conflicts with what is stored");
    if (route.kind == "replace" || route.kind == "patch" || route.kind == "delete") {
        responses["409"] = error_response_doc("conflicts with what is stored, or stale_version: changed since the "
                                              "version sent (error.current, error.changed_fields)");
        responses["428"] = error_response_doc("a browser session sent no version (If-Match or row_version)");
    }
    responses["503"] = error_response_doc("the database is unavailable");
    // Every request may carry credentials; a bad token is refused whatever the route.
    responses["401"] = error_response_doc("not signed in, or the token is invalid, expired or revoked");
    if (route.access != Access::open || route.method != "GET") {
        responses["403"] = error_response_doc("signed in without the role this needs here, or a CSRF/Origin failure");
    }
    if (route.kind == "login" || route.kind == "mfa_login") responses["429"] = error_response_doc("too many failed sign-ins: wait");
    if (route.kind == "oidc_login") responses["429"] = error_response_doc("too many sign-ins under way from this address: wait");
    // Revalidation (api/etag.hpp): every 200 of a GET carries an ETag of its bytes, and
    // If-None-Match with that tag answers 304 without a body.
    // Not for records and Kolada links, whose ETag is their row_version (for If-Match).
    bool row_version_tag = (route.kind == "get" && !route.entity.empty()) || route.kind == "kolada_link_get";
    if (route.method == "GET" && responses.contains("200") && !row_version_tag) {
        json::object etag{{"description", "a digest of the body's bytes: send it as If-None-Match to revalidate"},
                          {"schema", {{"type", "string"}}}};
        auto& ok = responses["200"].as_object();
        if (!ok.contains("headers")) ok["headers"] = json::object{};
        ok["headers"].as_object()["ETag"] = etag;
        responses["304"] = {{"description", "not modified: If-None-Match named the ETag of the body this request would "
                                            "get; no body (docs/scale-out.md, \"The HTTP fast path and revalidation\")"},
                            {"headers", {{"ETag", etag}}}};
        op["parameters"].as_array().push_back(
            {{"name", "If-None-Match"},
             {"in", "header"},
             {"description", "an ETag from an earlier 200 of this request: 304 when the body would be the same bytes"},
             {"schema", {{"type", "string"}}}});
    }
    op["x-styrkort-access"] = access_name(route.access);
    if (route.access != Access::open) {
        op["security"] = {json::object{}, {{"session", json::array{}}}, {{"bearer", json::array{}}}};
    }
    op["responses"] = std::move(responses);
    return op;
}

void add_scorecard_schemas(json::object& schemas) {
    json::object count{{"type", "integer"}, {"minimum", 0}};
    json::object nullable_number{{"type", "number"}, {"nullable", true}};
    json::object nullable_string{{"type", "string"}, {"nullable", true}};
    schemas["StatusCounts"] = {{"type", "object"},
                               {"required", {"met", "improving", "not_met", "no_data", "info_only"}},
                               {"properties",
                                {{"met", count}, {"improving", count}, {"not_met", count}, {"no_data", count},
                                 {"info_only", count}}}};
    json::array measure_status{"met", "improving", "not_met", "no_data", "info_only"};
    json::array goal_status{"met", "partly_met", "not_met", "no_status"};
    schemas["ScorecardMeasure"] = {
        {"type", "object"},
        {"required", {"id", "key", "name", "status", "values_by_sex", "gender_gap"}},
        {"properties",
         {{"id", {{"type", "integer"}}},
          {"key", {{"type", "string"}}},
          {"name", {{"type", "string"}}},
          {"unit", {{"type", "string"}, {"description", "unit of measure"}}},
          {"direction", nullable_string},
          {"status", {{"type", "string"}, {"enum", measure_status}}},
          {"judged_by",
           {{"type", "string"},
            {"enum", {"total", "sex"}},
            {"description", "sex: the total could not be judged (none reported, or no target for it), so the status combines those of women and men"}}},
          {"status_by_sex",
           {{"type", "object"},
            {"nullable", true},
            {"properties", {{"K", {{"type", "string"}, {"enum", measure_status}}}, {"M", {{"type", "string"}, {"enum", measure_status}}}}}}},
          {"value", nullable_number},
          {"target", nullable_number},
          {"reference", nullable_number},
          {"values_by_sex",
           {{"type", "object"}, {"properties", {{"K", nullable_number}, {"M", nullable_number}, {"total", nullable_number}}}}},
          {"gender_gap",
           {{"type", "object"},
            {"required", {"flag", "grows"}},
            {"properties", {{"flag", {{"type", "boolean"}}}, {"grows", {{"type", "boolean"}}}, {"gap", nullable_number}}}}}}}};
    schemas["ScorecardActivity"] = {{"type", "object"},
                                    {"required", {"id", "key", "name", "status"}},
                                    {"properties",
                                     {{"id", {{"type", "integer"}}},
                                      {"key", {{"type", "string"}}},
                                      {"name", {{"type", "string"}}},
                                      {"owner_unit_id", {{"type", "integer"}, {"nullable", true}}},
                                      {"status", nullable_string},
                                      {"comment", nullable_string}}}};
    schemas["ScorecardGoal"] = {
        {"type", "object"},
        {"required", {"id", "title", "status", "computed_status", "counts", "measures", "activities"}},
        {"properties",
         {{"id", {{"type", "integer"}, {"nullable", true}, {"description", "null: measures and activities without a goal"}}},
          {"key", nullable_string},
          {"title", {{"type", "string"}}},
          {"status", {{"type", "string"}, {"enum", goal_status}, {"description", "the assessment's when there is one"}}},
          {"computed_status", {{"type", "string"}, {"enum", goal_status}}},
          {"assessment",
           {{"type", "object"},
            {"nullable", true},
            {"properties", {{"status", {{"type", "string"}}}, {"analysis", {{"type", "string"}}}}}}},
          {"counts", ref_to("StatusCounts")},
          {"measures", {{"type", "array"}, {"items", ref_to("ScorecardMeasure")}}},
          {"activities", {{"type", "array"}, {"items", ref_to("ScorecardActivity")}}}}}};
    schemas["Scorecard"] = {{"type", "object"},
                            {"description", "docs/followup.md"},
                            {"required", {"unit", "year", "point", "counts", "goals"}},
                            {"properties",
                             {{"unit",
                               {{"type", "object"},
                                {"properties",
                                 {{"id", {{"type", "integer"}}}, {"key", {{"type", "string"}}}, {"name", {{"type", "string"}}}}}}},
                              {"year", {{"type", "integer"}}},
                              {"point", {{"type", "string"}}},
                              {"counts", ref_to("StatusCounts")},
                              {"goals", {{"type", "array"}, {"items", ref_to("ScorecardGoal")}}}}}};
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

}  // namespace

json::value openapi_document(const Router& router) {
    json::object schemas;
    for (const auto& e : entities()) {
        add_entity_schemas(schemas, e);
        // A patch names only the fields to change: the input without required.
        json::object patch = schemas.at(schema_name(e) + "Input").as_object();
        patch.erase("required");
        patch["title"] = e.label_en + " (patch)";
        schemas[schema_name(e) + "Patch"] = std::move(patch);
    }
    // Outcomes saved together: an outcome's input, with the id of one to replace.
    json::object batch_item = schemas.at("OutcomeInput").as_object();
    batch_item["title"] = "Outcome to create, or with id to replace";
    batch_item["properties"].as_object()["id"] = {{"type", "integer"}, {"minimum", 1}};
    schemas["OutcomeBatchItem"] = std::move(batch_item);
    schemas["OutcomeBatch"] = {{"type", "object"},
                               {"required", {"outcomes"}},
                               {"additionalProperties", false},
                               {"properties",
                                {{"outcomes", {{"type", "array"}, {"minItems", 1}, {"maxItems", 100}, {"items", ref_to("OutcomeBatchItem")}}}}}};
    schemas["Error"] = {{"type", "object"},
                        {"required", {"error"}},
                        {"properties",
                         {{"error",
                           {{"type", "object"},
                            {"required", {"code", "message"}},
                            {"properties",
                             {{"code", {{"type", "string"}}},
                              {"message", {{"type", "string"}, {"description", "in the request's language"}}},
                              {"path", {{"type", "string"}, {"description", "the JSON path of the bad value"}}},
                              {"line", {{"type", "integer"}, {"description", "line in the submitted text"}}},
                              {"current", {{"type", "object"}, {"nullable", true},
                                           {"description", "stale_version: the record as stored now (null: deleted)"}}},
                              {"changed_fields", {{"type", "array"},
                                                  {"description", "stale_version: the fields changed since the version sent"},
                                                  {"items", {{"type", "object"}, {"properties",
                                                             {{"field", {{"type", "string"}}},
                                                              {"label_sv", {{"type", "string"}}},
                                                              {"label_en", {{"type", "string"}}}}}}}}}}}}}}}};
    schemas["PlanFile"] = {{"type", "object"},
                           {"description", "docs/plan-format.md"},
                           {"required", {"format", "format_version", "organisations"}},
                           {"properties",
                            {{"format", {{"type", "string"}, {"enum", {"styrkort-plan"}}}},
                             {"format_version", {{"type", "integer"}, {"enum", {1}}}},
                             {"organisations", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}};
    schemas["ImportSummary"] = {{"type", "object"},
                                {"required", {"plans"}},
                                {"properties",
                                 {{"organisations_created", {{"type", "integer"}}},
                                  {"units_created", {{"type", "integer"}}},
                                  {"units_updated", {{"type", "integer"}}},
                                  {"plans", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                                  {"items", {{"type", "object"}, {"additionalProperties", {{"type", "integer"}}}}}}}};
    json::array job_states{"queued", "running", "succeeded", "failed", "interrupted"};
    schemas["ImportJobStarted"] = {{"type", "object"},
                                   {"required", {"id", "state"}},
                                   {"properties", {{"id", {{"type", "string"}}}, {"state", {{"type", "string"}, {"enum", {"queued"}}}}}}};
    schemas["ImportJob"] = {
        {"type", "object"},
        {"required", {"id", "state", "rows_done", "rows_total", "imported", "errors", "file_name", "created_at",
                      "started_at", "finished_at"}},
        {"properties",
         {{"id", {{"type", "string"}}},
          {"state", {{"type", "string"}, {"enum", job_states}}},
          {"rows_done", {{"type", "integer"}, {"minimum", 0}, {"description", "rows read and checked so far"}}},
          {"rows_total", {{"type", "integer"}, {"minimum", 0}, {"nullable", true}, {"description", "null until known"}}},
          {"imported", {{"type", "integer"}, {"minimum", 0}, {"nullable", true}, {"description", "set when succeeded"}}},
          {"file_name", {{"type", "string"}, {"description", "?file= of the upload, or CSV / XLSX"}}},
          {"created_at", {{"type", "string"}, {"format", "date-time"}}},
          {"started_at", {{"type", "string"}, {"format", "date-time"}, {"nullable", true}}},
          {"finished_at", {{"type", "string"}, {"format", "date-time"}, {"nullable", true}}},
          {"errors",
           {{"type", "array"},
            {"items",
             {{"type", "object"},
              {"required", {"row", "column", "message"}},
              {"properties",
               {{"row", {{"type", "integer"}, {"nullable", true}, {"description", "row of the file (CSV line, sheet row)"}}},
                {"column", {{"type", "string"}, {"nullable", true}}},
                {"message", {{"type", "string"}, {"description", "in the request's language"}}}}}}}}}}}};
    json::object count{{"type", "integer"}, {"minimum", 0}};
    schemas["Findings"] = {
        {"type", "object"},
        {"required", {"findings", "counts"}},
        {"properties",
         {{"findings",
           {{"type", "array"},
            {"items",
             {{"type", "object"},
              {"required", {"rule", "severity", "plan", "place", "item", "message"}},
              {"properties",
               {{"rule", {{"type", "string"}}},
                {"severity", {{"type", "string"}, {"enum", {"error", "warning", "info"}}}},
                {"plan", {{"type", "string"}}},
                {"place", {{"type", "string"}}},
                {"item", {{"type", "string"}}},
                {"message", {{"type", "string"}}}}}}}}},
          {"counts",
           {{"type", "object"},
            {"required", {"error", "warning", "info"}},
            {"properties", {{"error", count}, {"warning", count}, {"info", count}}}}}}}};
    add_scorecard_schemas(schemas);
    add_workflow_schemas(schemas);
    add_authoring_schemas(schemas);
    add_kolada_schemas(schemas);
    add_reporting_round_schemas(schemas);
    schemas["Health"] = {{"type", "object"},
                         {"required", {"status", "database", "schema_version"}},
                         {"properties",
                          {{"status", {{"type", "string"}}},
                           {"database", {{"type", "string"}, {"enum", {"sqlite", "postgresql"}}}},
                           {"schema_version", {{"type", "integer"}}}}}};

    schemas["LoginInput"] = {{"type", "object"},
                             {"required", {"username", "password"}},
                             {"properties", {{"username", {{"type", "string"}}}, {"password", {{"type", "string"}, {"format", "password"}}}}}};
    schemas["PasswordChange"] = {{"type", "object"},
                                 {"required", {"current_password", "new_password"}},
                                 {"properties",
                                  {{"current_password", {{"type", "string"}, {"format", "password"}}},
                                   {"new_password", {{"type", "string"}, {"format", "password"}, {"minLength", 12}}}}}};
    schemas["SessionList"] = {
        {"type", "object"},
        {"required", {"items"}},
        {"properties",
         {{"items",
           {{"type", "array"},
            {"items",
             {{"type", "object"},
              {"required", {"id", "created_at", "last_seen_at", "remote", "current"}},
              {"properties",
               {{"id", {{"type", "integer"}}},
                {"created_at", {{"type", "string"}}},
                {"last_seen_at", {{"type", "string"}, {"description", "updated at most once a minute"}}},
                {"remote", {{"type", "string"}, {"nullable", true}, {"description", "the client address at sign-in"}}},
                {"current", {{"type", "boolean"}, {"description", "the session making this request"}}}}}}}}}}}};
    schemas["Me"] = {{"type", "object"},
                     {"required", {"user", "roles", "installation_admin"}},
                     {"properties",
                      {{"user",
                        {{"type", "object"},
                         {"required", {"id", "username", "display_name"}},
                         {"properties",
                          {{"id", {{"type", "integer"}}}, {"username", {{"type", "string"}}}, {"display_name", {{"type", "string"}}}}}}},
                       {"roles",
                        {{"type", "array"},
                         {"items",
                          {{"type", "object"},
                           {"required", {"organisation_id", "role", "unit_id"}},
                           {"properties",
                            {{"organisation_id", {{"type", "integer"}, {"description", "0: every organisation"}}},
                             {"role", {{"type", "string"}}},
                             {"unit_id", {{"type", "integer"}, {"nullable", true}}}}}}}}},
                       {"installation_admin", {{"type", "boolean"}}},
                       {"csrf_token", {{"type", "string"}, {"description", "send as X-CSRF-Token with every change"}}},
                       {"mfa_enrolment_required",
                        {{"type", "boolean"},
                         {"description", "an administrator whose organisation requires TOTP and who has none: this session "
                                         "may only enrol (GET /auth/mfa, POST /auth/mfa/totp[/confirm]), read its own "
                                         "account and sign out; every other route answers 403 mfa_enrolment_required"}}},
                       {"mfa_sign_in_required",
                        {{"type", "boolean"},
                         {"description", "an administrator who must use TOTP, in a session signed in without the code: "
                                         "limited as above (403 mfa_sign_in_required) until they sign in again"}}}}}};
    add_mfa_schemas(schemas);
    schemas["CorrectionPage"] = {
        {"type", "object"},
        {"required", {"period", "items", "total"}},
        {"properties",
         {{"period", ref_to("ReportingPeriod")},
          {"total", {{"type", "integer"}, {"minimum", 0}}},
          {"items",
           {{"type", "array"},
            {"items",
             {{"type", "object"},
              {"required", {"audit_id", "at", "actor", "action", "entity"}},
              {"properties",
               {{"audit_id", {{"type", "integer"}, {"description", "the change's row in the audit log"}}},
                {"at", {{"type", "string"}}},
                {"actor", {{"type", "string"}}},
                {"action", {{"type", "string"}, {"enum", {"create", "update", "delete"}}}},
                {"entity", {{"type", "string"}}},
                {"entity_id", {{"type", "integer"}, {"nullable", true}}},
                {"before", json::object{{"type", "object"}, {"nullable", true}}},
                {"after", json::object{{"type", "object"}, {"nullable", true}}}}}}}}}}}};
    schemas["AuditPage"] = {{"type", "object"},
                            {"required", {"items"}},
                            {"properties",
                             {{"items",
                               {{"type", "array"},
                                {"items",
                                 {{"type", "object"},
                                  {"required", {"id", "at", "actor", "action", "entity"}},
                                  {"properties",
                                   {{"id", {{"type", "integer"}}},
                                    {"at", {{"type", "string"}}},
                                    {"actor", {{"type", "string"}}},
                                    {"remote", {{"type", "string"}, {"nullable", true}}},
                                    {"action", {{"type", "string"}}},
                                    {"entity", {{"type", "string"}}},
                                    {"entity_id", {{"type", "integer"}, {"nullable", true}}},
                                    {"before", json::object{{"type", "object"}, {"nullable", true}}},
                                    {"after", json::object{{"type", "object"}, {"nullable", true}}}}}}}}}}}};

    json::object paths;
    for (const auto& route : router.routes()) {
        auto& item = paths[route.pattern];
        if (!item.is_object()) item = json::object{};
        item.as_object()[lower(route.method)] = operation(route);
    }
    return json::object{{"openapi", "3.0.3"},
                        {"info",
                         {{"title", "Styrkort API"},
                          {"version", "1"},
                          {"description", "Mål- och resultatstyrning: the plan model of a region or municipality."},
                          {"license", {{"name", "AGPL-3.0-or-later"}}}}},
                        {"servers", {{{"url", "/"}}}},
                        {"paths", std::move(paths)},
                        {"components",
                         {{"schemas", std::move(schemas)},
                          {"securitySchemes",
                           {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "styrkort_session"}}},
                            {"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}}};
}

}  // namespace styrkort::api
