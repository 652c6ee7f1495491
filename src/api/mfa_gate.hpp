#pragma once
// A session that still owes its second factor (auth::Principal::MfaGate: an
// administrator whose organisation requires TOTP, signed in without it): the few
// operations it may use, and the refusal of every other route (docs/security.md
// "Required of administrators").
#include <set>
#include <string>

#include "api/router.hpp"
#include "auth/access.hpp"

namespace styrkort::api {

// Operation ids usable before the second factor: reading one's own account, TOTP status
// and sessions, beginning and confirming enrolment, signing out and ending one's own
// sessions. Open routes (signing in again among them) are always usable.
const std::set<std::string>& operations_before_second_factor();

// Throws Forbidden, code `mfa_enrolment_required` (no TOTP yet: enrol at Mitt konto) or
// `mfa_sign_in_required` (TOTP is on: sign in again with the code), when the session
// may not use `route` yet. The access gate audits the refusal like every 403.
void check_second_factor(const Route& route, const auth::Principal* p);

}  // namespace styrkort::api
