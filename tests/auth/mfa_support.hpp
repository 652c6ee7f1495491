#pragma once
// The second factor as a test drives it over HTTP (tests/auth/mfa_test.cpp,
// mfa_enforcement_test.cpp): enrolment with a code computed here from the secret the
// server showed (the same RFC 6238 function), and the sign-in's second step.
#include <string>
#include <vector>

#include "identity_support.hpp"

namespace styrkort::testing {

// The session's headers with Content-Type: application/json.
HeaderList json_session(const Session& s);

struct Enrolled {
    std::string key;  // raw secret
    std::vector<std::string> recovery;
};

// Begins and confirms TOTP in the session (expecting both to succeed).
Enrolled enrol(RunningServer& s, const Session& session);

// The last time step the server accepted for the user: the next code is that step + 1
// (inside the ±1 window as long as the server's clock has reached that step).
std::int64_t last_step(RunningServer& s, Id user);
std::string next_code(RunningServer& s, Id user, const std::string& key);

// POST /auth/login/mfa.
HttpResponse second_step(RunningServer& s, const std::string& challenge, const std::string& code);

// The challenge of a sign-in answered 202 (expecting no session yet).
std::string challenge_of(const Session& first);

}  // namespace styrkort::testing
