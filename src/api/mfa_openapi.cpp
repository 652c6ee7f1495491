#include "api/mfa_openapi.hpp"

#include "api/openapi_parts.hpp"

namespace styrkort::api {
namespace {

namespace json = boost::json;
using openapi_parts::content;
using openapi_parts::error_doc;
using openapi_parts::ref;

json::object body_with(json::object properties, json::array required) {
    return {{"type", "object"}, {"required", std::move(required)}, {"properties", std::move(properties)}};
}

json::object proof_body() {
    return {{"type", "object"},
            {"description", "a current TOTP code, or the password"},
            {"properties",
             {{"code", {{"type", "string"}}}, {"password", {{"type", "string"}, {"format", "password"}}}}}};
}

}  // namespace

void add_mfa_schemas(json::object& schemas) {
    schemas["MfaChallenge"] = body_with({{"mfa_required", {{"type", "string"}, {"enum", {"totp"}}}},
                                         {"mfa_challenge", {{"type", "string"}, {"description", "send to /auth/login/mfa within five minutes"}}}},
                                        {"mfa_required", "mfa_challenge"});
    schemas["RecoveryCodes"] = body_with(
        {{"recovery_codes",
          {{"type", "array"}, {"minItems", 10}, {"maxItems", 10}, {"items", {{"type", "string"}, {"pattern", "^[a-z2-7]{5}-[a-z2-7]{5}$"}}}}}},
        {"recovery_codes"});
}

bool mfa_operation(const Route& route, json::object& op, json::object& responses) {
    const auto& k = route.kind;
    auto body = [&](const json::object& schema) { op["requestBody"] = {{"required", true}, {"content", content(schema)}}; };
    if (k == "mfa_login") {
        body(body_with({{"mfa_challenge", {{"type", "string"}}},
                        {"code", {{"type", "string"}, {"description", "six digits from the app, or a recovery code"}}}},
                       {"mfa_challenge", "code"}));
        responses["200"] = {{"description", "signed in; the session cookie is set"}, {"content", content(ref("Me"))}};
    } else if (k == "mfa_status") {
        json::object props{{"totp_enabled", {{"type", "boolean"}}},
                           {"totp_pending", {{"type", "boolean"}, {"description", "enrolment begun, not confirmed"}}},
                           {"confirmed_at", openapi_parts::nullable("string")},
                           {"recovery_codes_left", {{"type", "integer"}, {"minimum", 0}}},
                           {"required", {{"type", "boolean"}, {"description", "the organisation requires TOTP of this administrator"}}}};
        responses["200"] = {{"description", "the user's second factor"},
                            {"content", content(body_with(props, {"totp_enabled", "totp_pending", "confirmed_at",
                                                                  "recovery_codes_left", "required"}))}};
    } else if (k == "mfa_enrol") {
        op["requestBody"] = {{"required", false}, {"description", "ignored"}, {"content", content({{"type", "object"}})}};
        responses["200"] = {{"description", "the new secret, shown this once; confirm it with a code"},
                            {"content", content(body_with({{"secret", {{"type", "string"}, {"description", "base32"}}},
                                                           {"otpauth_uri", {{"type", "string"}}},
                                                           {"qr_svg", {{"type", "string"}, {"description", "the URI as a QR code (SVG)"}}}},
                                                          {"secret", "otpauth_uri", "qr_svg"}))}};
        responses["409"] = error_doc("TOTP is already on: turn it off first");
    } else if (k == "mfa_confirm") {
        body(body_with({{"code", {{"type", "string"}}}}, {"code"}));
        responses["200"] = {{"description", "TOTP is on; the recovery codes, shown this once"}, {"content", content(ref("RecoveryCodes"))}};
        responses["409"] = error_doc("no enrolment to confirm");
    } else if (k == "mfa_disable") {
        body(proof_body());
        responses["204"] = {{"description", "TOTP is off"}};
        responses["409"] = error_doc("TOTP is not on");
    } else if (k == "mfa_recovery_codes") {
        body(proof_body());
        responses["200"] = {{"description", "the new recovery codes, shown this once"}, {"content", content(ref("RecoveryCodes"))}};
        responses["409"] = error_doc("TOTP is not on");
    } else if (k == "mfa_reset") {
        op["requestBody"] = {{"required", false}, {"description", "ignored"}, {"content", content({{"type", "object"}})}};
        responses["200"] = {{"description", "the user's TOTP and recovery codes are removed"},
                            {"content", content(body_with({{"user_id", {{"type", "integer"}}}, {"had_totp", {{"type", "boolean"}}}},
                                                          {"user_id", "had_totp"}))}};
    } else {
        return false;
    }
    return true;
}

}  // namespace styrkort::api
