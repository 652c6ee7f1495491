#pragma once
// Sets the principal current_principal() returns on this thread for the duration of a
// handler call (or a route's `cached` hook), and clears it however the call ends.
#include "auth/access.hpp"

namespace styrkort::api {

struct PrincipalScope {
    explicit PrincipalScope(const auth::Principal* p);
    ~PrincipalScope();
    PrincipalScope(const PrincipalScope&) = delete;
    PrincipalScope& operator=(const PrincipalScope&) = delete;
};

}  // namespace styrkort::api
