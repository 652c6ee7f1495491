#pragma once
// What every way of signing in ends with, in one place: the password step
// (AuthService::login), the second factor's step (MfaService::complete_login), a
// password change and single sign-on all create the session the same way and refuse a
// locked account or a throttled address with the same words.
#include <string>

#include "auth/service.hpp"

namespace styrkort::auth {

// A new session for `user` (never one the client had before) and the answer of the
// sign-in: principal with session id, CSRF token and how it was signed in, the
// enrolment gate, and the cookie's secret. `second_factor` as Principal::second_factor.
// Inside the caller's write transaction; the caller audits.
SignedIn open_session(storage::Connection& c, const User& user, const std::string& remote,
                      const std::string& second_factor);

// The refusals of a throttled sign-in (429), the same for the password and the code.
enum class Throttled { account_locked, address_limited };
[[noreturn]] void refuse_throttled(Throttled why);

}  // namespace styrkort::auth
