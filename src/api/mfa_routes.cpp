// The second factor (docs/security.md "Tvåstegsverifiering"): the signed-in user's
// TOTP status, enrolment with a confirming code, disabling and new recovery codes
// (session only, like the password change), and an administrator's reset of a user's
// TOTP. The sign-in's second step, POST /auth/login/mfa, is in auth_routes.cpp.
#include "api/api.hpp"
#include "api/responses.hpp"
#include "api/workflow_support.hpp"
#include "auth/errors.hpp"
#include "auth/mfa_service.hpp"
#include "domain/errors.hpp"

namespace styrkort::api {
namespace {

namespace json = boost::json;
using namespace workflow_support;

constexpr const char* base = "/api/v1/auth/mfa";

// Changing one's second factor is done in a signed-in browser session, never with an
// API token (a stolen token must not be able to turn the second factor off).
const auth::Principal& in_session() {
    const auto* p = current_principal();
    if (p == nullptr) throw auth::Unauthenticated();
    if (p->via != auth::Principal::Via::session) {
        throw auth::Forbidden({"tvåstegsverifiering ändras i en inloggad session", "change two-step verification in a signed-in session"});
    }
    return *p;
}

// "code" (a current TOTP code) or "password": what disabling and new recovery codes need.
std::string proof_of(const json::object& body) {
    for (const char* name : {"code", "password"}) {
        if (const auto* v = body.if_contains(name)) {
            if (!v->is_string()) throw InputError(name, {"är inte text", "is not text"}, "type");
            if (!v->as_string().empty()) return std::string(v->as_string());
        }
    }
    throw InputError("code", {"saknas: ange en aktuell kod från appen eller ditt lösenord",
                              "is missing: give a current code from the app or your password"},
                     "required");
}

json::object codes_json(const std::vector<std::string>& codes) {
    json::array items;
    for (const auto& c : codes) items.emplace_back(c);
    return {{"recovery_codes", std::move(items)}};
}

}  // namespace

void Api::add_mfa_routes() {
    router_.add({"GET", base, "getMfa", "The signed-in user's second factor: TOTP on or pending, recovery codes left",
                 "Identity", "", "mfa_status",
                 [this](const http::Request&, const Params&) {
                     const auto* p = current_principal();
                     if (p == nullptr) throw auth::Unauthenticated();
                     auto s = auth::MfaService(db_, auth_.config()).status(*p);
                     return json_response(200, json::object{{"totp_enabled", s.enabled},
                                                            {"totp_pending", s.pending},
                                                            {"confirmed_at", s.confirmed_at.empty() ? json::value(nullptr)
                                                                                                    : json::value(s.confirmed_at)},
                                                            {"recovery_codes_left", s.recovery_codes_left},
                                                            {"required", s.required}});
                 },
                 Access::signed_in});
    router_.add({"POST", std::string(base) + "/totp", "beginTotpEnrolment",
                 "Begin TOTP enrolment: a new secret as base32, otpauth:// URI and QR code (SVG), shown this once",
                 "Identity", "", "mfa_enrol",
                 [this](const http::Request& r, const Params&) {
                     const auto& p = in_session();
                     auto e = auth::MfaService(db_, auth_.config()).begin_enrolment(p, r.remote_address);
                     return json_response(200, json::object{{"secret", e.secret_base32},
                                                            {"otpauth_uri", e.otpauth_uri},
                                                            {"qr_svg", e.qr_svg}});
                 },
                 Access::signed_in});
    router_.add({"POST", std::string(base) + "/totp/confirm", "confirmTotpEnrolment",
                 "Confirm TOTP with a current code: it is on from now; ten recovery codes, shown this once",
                 "Identity", "", "mfa_confirm",
                 [this](const http::Request& r, const Params&) {
                     const auto& p = in_session();
                     auto body = request_object(r);
                     auto code = string_field(body, "code");
                     auto codes = auth::MfaService(db_, auth_.config()).confirm(p, code, r.remote_address);
                     return json_response(200, codes_json(codes));
                 },
                 Access::signed_in});
    router_.add({"POST", std::string(base) + "/totp/disable", "disableTotp",
                 "Turn TOTP off (needs a current code or the password); the recovery codes go with it", "Identity", "",
                 "mfa_disable",
                 [this](const http::Request& r, const Params&) {
                     const auto& p = in_session();
                     auth::MfaService(db_, auth_.config()).disable(p, proof_of(request_object(r)), r.remote_address);
                     http::Response res;
                     res.status = 204;
                     res.content_type.clear();
                     return res;
                 },
                 Access::signed_in});
    router_.add({"POST", std::string(base) + "/recovery-codes", "replaceRecoveryCodes",
                 "Ten new recovery codes in place of the old (needs a current code or the password), shown this once",
                 "Identity", "", "mfa_recovery_codes",
                 [this](const http::Request& r, const Params&) {
                     const auto& p = in_session();
                     auto codes = auth::MfaService(db_, auth_.config())
                                      .regenerate_recovery_codes(p, proof_of(request_object(r)), r.remote_address);
                     return json_response(200, codes_json(codes));
                 },
                 Access::signed_in});
    router_.add({"POST", "/api/v1/organisations/{org}/users/{id}/mfa/reset", "resetUserMfa",
                 "An administrator removes a user's TOTP and recovery codes (a lost phone): password alone until they enrol again",
                 "Identity", "", "mfa_reset",
                 [this](const http::Request& r, const Params& params) {
                     Id org = organisation_of(params.at("org"));
                     const auto& p = writer();
                     Id user = path_id(params);
                     bool had = auth::MfaService(db_, auth_.config()).reset(org, user, actor_of(r, p));
                     return json_response(200, json::object{{"user_id", user}, {"had_totp", had}});
                 },
                 Access::org_admin});
}

}  // namespace styrkort::api
