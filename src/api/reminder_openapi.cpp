#include "api/reminder_openapi.hpp"

#include "api/openapi_parts.hpp"

namespace styrkort::api {
namespace {

namespace json = boost::json;
using openapi_parts::content;
using openapi_parts::error_doc;

json::object nullable(json::object s) {
    s["nullable"] = true;
    return s;
}

json::object settings_schema() {
    return {{"type", "object"},
            {"required", {"user_id", "username", "email", "language", "reminders"}},
            {"properties",
             {{"user_id", {{"type", "integer"}}},
              {"username", {{"type", "string"}}},
              {"email", nullable({{"type", "string"}})},
              {"language", {{"type", "string"}, {"enum", {"sv", "en"}}}},
              {"reminders", {{"type", "boolean"}, {"description", "false: unsubscribed (returns still come)"}}}}}};
}

json::object mail_schema(bool log) {
    json::object id_or_null = nullable({{"type", "integer"}});
    json::object props{{"id", {{"type", "integer"}}},
                       {"kind", {{"type", "string"}, {"enum", {"before_deadline", "after_deadline", "on_return"}}}},
                       {"rule_id", id_or_null},
                       {"period_id", id_or_null},
                       {"report_id", id_or_null},
                       {"unit_id", id_or_null},
                       {"subject", {{"type", "string"}}},
                       {"body", {{"type", "string"}}},
                       {"link", {{"type", "string"}}},
                       {"language", {{"type", "string"}}},
                       {"state", {{"type", "string"}, {"enum", {"pending", "sending", "sent", "failed", "skipped"}}}},
                       {"created_at", {{"type", "string"}}},
                       {"sent_at", nullable({{"type", "string"}})}};
    json::array required{"id", "kind", "subject", "body", "link", "state", "created_at"};
    if (log) {
        props["user_id"] = {{"type", "integer"}};
        props["recipient"] = nullable({{"type", "string"}});
        props["attempts"] = {{"type", "integer"}};
        props["message_id"] = nullable({{"type", "string"}});
        props["result"] = nullable({{"type", "string"}});
    }
    json::object item{{"type", "object"}, {"required", required}, {"properties", props}};
    json::object items{{"type", "array"}, {"items", item}};
    json::object properties{{"items", items}};
    return {{"type", "object"}, {"required", {"items"}}, {"properties", properties}};
}

}  // namespace

bool reminder_operation(const Route& route, json::object& op, json::object& responses) {
    const auto& k = route.kind;
    if (k == "my_settings_get") {
        responses["200"] = {{"description", "the settings"}, {"content", content(settings_schema())}};
    } else if (k == "my_settings") {
        op["requestBody"] = {{"required", true},
                             {"content", content({{"type", "object"},
                                                  {"additionalProperties", false},
                                                  {"properties",
                                                   {{"email", nullable({{"type", "string"}, {"description", "null removes it"}})},
                                                    {"language", {{"type", "string"}, {"enum", {"sv", "en"}}}},
                                                    {"reminders", {{"type", "boolean"}}}}}})}};
        responses["200"] = {{"description", "the settings as stored"}, {"content", content(settings_schema())}};
    } else if (k == "user_email") {
        op["requestBody"] = {{"required", true},
                             {"content", content({{"type", "object"},
                                                  {"additionalProperties", false},
                                                  {"required", {"email"}},
                                                  {"properties", {{"email", nullable({{"type", "string"}})}}}})}};
        responses["200"] = {{"description", "the user's settings as stored"}, {"content", content(settings_schema())}};
    } else if (k == "unsubscribe") {
        op["requestBody"] = {{"required", true},
                             {"content", content({{"type", "object"},
                                                  {"additionalProperties", false},
                                                  {"required", {"token"}},
                                                  {"properties", {{"token", {{"type", "string"}}}}}})}};
        responses["200"] = {{"description", "reminders are off for the link's person"},
                            {"content", content({{"type", "object"},
                                                 {"required", {"reminders", "username"}},
                                                 {"properties", {{"reminders", {{"type", "boolean"}}}, {"username", {{"type", "string"}}}}}})}};
        responses["404"] = error_doc("the link's token is not known");
    } else if (k == "notifications") {
        op["parameters"].as_array().push_back(
            {{"name", "limit"}, {"in", "query"}, {"schema", {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}, {"default", 100}}}});
        responses["200"] = {{"description", "the caller's reminders, newest first"}, {"content", content(mail_schema(false))}};
    } else if (k == "reminder_log") {
        responses["200"] = {{"description", "every reminder message of the organisation, oldest first"},
                            {"content", content(mail_schema(true))}};
    } else {
        return false;
    }
    return true;
}

}  // namespace styrkort::api
