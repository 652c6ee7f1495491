#pragma once
// Users with roles for the identity tests, made directly in the database (as the CLI
// would), each with an API token or signed in through the real login route.
#include <optional>
#include <string>
#include <vector>

#include "api_test_support.hpp"
#include "domain/auth/roles.hpp"

namespace styrkort::testing {

struct Grant {
    Id org = 0;
    auth::Role role = auth::Role::reader;
    std::optional<Id> unit;
};

// Creates the user with `password` and the grants; returns the user's id.
Id make_user(RunningServer& server, const std::string& username, const std::string& password,
             const std::vector<Grant>& grants);
// A new API token of the user: "read" or "write" scope, valid for a day.
std::string make_token(RunningServer& server, const std::string& username, const std::string& scope = "write");

// A signed-in browser: the session cookie and the CSRF token from POST /auth/login.
struct Session {
    std::string cookie;  // "styrkort_session=..."
    std::string csrf;
    HttpResponse login_response;
};
Session login(RunningServer& server, const std::string& username, const std::string& password,
              const HeaderList& extra = {});
// Headers for a request in that session: Cookie, and X-CSRF-Token unless without_csrf.
HeaderList session_headers(const Session& s, bool with_csrf = true);

}  // namespace styrkort::testing
