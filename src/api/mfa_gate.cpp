#include "api/mfa_gate.hpp"

#include "auth/errors.hpp"

namespace styrkort::api {

const std::set<std::string>& operations_before_second_factor() {
    // Not the password change (it would make a new session without the factor), not
    // disabling TOTP or new recovery codes (they belong to a session that gave a code).
    static const std::set<std::string> ops{"me",         "getMfa", "beginTotpEnrolment", "confirmTotpEnrolment",
                                           "logout",     "listSessions", "revokeSession"};
    return ops;
}

void check_second_factor(const Route& route, const auth::Principal* p) {
    using Gate = auth::Principal::MfaGate;
    if (p == nullptr || p->mfa_gate == Gate::open || route.access == Access::open) return;
    if (operations_before_second_factor().count(route.operation_id) != 0) return;
    if (p->mfa_gate == Gate::enrol) {
        throw auth::Forbidden(
            {"tvåstegsverifiering krävs för administratörer i din organisation: aktivera den under Mitt konto "
             "(/account) och logga sedan in igen med koden från appen",
             "two-step verification is required of administrators in your organisation: set it up under My account "
             "(/account), then sign in again with the code from your app"},
            "mfa_enrolment_required");
    }
    throw auth::Forbidden({"tvåstegsverifiering krävs för administratörer i din organisation: logga ut och logga in "
                           "igen med koden från appen",
                           "two-step verification is required of administrators in your organisation: sign out and "
                           "sign in again with the code from your app"},
                          "mfa_sign_in_required");
}

}  // namespace styrkort::api
