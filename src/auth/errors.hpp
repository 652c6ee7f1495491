#pragma once
// The failures of identity and access, thrown where found and turned into 401, 403
// and 429 at the HTTP boundary (api/access_gate.cpp) or an exit status in the CLI.
#include <stdexcept>

#include "domain/text.hpp"

namespace styrkort::auth {

class AccessError : public std::runtime_error {
public:
    AccessError(int status, std::string code, Text what)
        : std::runtime_error(what.en), status_(status), code_(std::move(code)), what_(std::move(what)) {}
    [[nodiscard]] int status() const { return status_; }
    [[nodiscard]] const std::string& code() const { return code_; }
    [[nodiscard]] const Text& what_text() const { return what_; }

private:
    int status_;
    std::string code_;
    Text what_;
};

// No (valid) credentials: sign in first.
struct Unauthenticated : AccessError {
    explicit Unauthenticated(Text what = {"du måste logga in", "you must sign in"})
        : AccessError(401, "unauthenticated", std::move(what)) {}
};

// Signed in, but without the role this needs here.
struct Forbidden : AccessError {
    explicit Forbidden(Text what = {"du saknar behörighet för detta", "you are not allowed to do this"},
                       std::string code = "forbidden")
        : AccessError(403, std::move(code), std::move(what)) {}
};

// Too many failed sign-ins: the account or the address waits.
struct TooManyAttempts : AccessError {
    explicit TooManyAttempts(Text what) : AccessError(429, "too_many_attempts", std::move(what)) {}
};

}  // namespace styrkort::auth
