#pragma once
// The second factor for local accounts (docs/security.md "Second factor"): enrolment
// in TOTP with a confirming code, ten single-use recovery codes, the sign-in's second
// step (throttled and locked like passwords), disabling, new recovery codes, and an
// administrator's reset. Each change is one transaction with its audit row.
#include <string>
#include <vector>

#include "auth/service.hpp"

namespace styrkort::auth {

constexpr int recovery_code_count = 10;
// A sign-in waits this long for its code before the password must be typed again.
constexpr std::chrono::seconds challenge_lifetime{5 * 60};
constexpr std::int64_t challenge_max_failures = 5;

struct MfaStatus {
    bool enabled = false;            // confirmed TOTP
    bool pending = false;            // enrolment begun, not yet confirmed
    std::string confirmed_at;
    std::int64_t recovery_codes_left = 0;
    bool required = false;           // an administrator in an organisation that requires it
};

struct Enrolment {
    std::string secret_base32;  // shown once, for typing into an app
    std::string otpauth_uri;
    std::string qr_svg;
};

class MfaService {
public:
    MfaService(storage::Database& db, AuthConfig config) : db_(db), config_(std::move(config)) {}

    MfaStatus status(const Principal& p);
    // A new secret (160 bits from libsodium's randombytes) in place of a pending one;
    // Conflict when TOTP is already on (disable it first).
    Enrolment begin_enrolment(const Principal& p, const std::string& remote);
    // The first code turns TOTP on and returns the recovery codes (shown once);
    // InputError on "code" when it does not match.
    std::vector<std::string> confirm(const Principal& p, const std::string& code, const std::string& remote);
    // Both need a current code or the password (`proof` is either).
    void disable(const Principal& p, const std::string& proof, const std::string& remote);
    std::vector<std::string> regenerate_recovery_codes(const Principal& p, const std::string& proof,
                                                       const std::string& remote);
    // An administrator's (or the operator's) reset: the user signs in with the password
    // alone until they enrol again. False when the user had no second factor.
    bool reset(Id org, Id user, const storage::Actor& actor);

    // The sign-in's second step: `code` is a current TOTP code or an unused recovery
    // code. Throws Unauthenticated (unknown or expired challenge, wrong or replayed
    // code) or TooManyAttempts; on success the session is created (a new one).
    SignedIn complete_login(const std::string& challenge, const std::string& code, const std::string& remote);

private:
    void check_proof(storage::Connection& c, const User& user, const std::string& proof);
    storage::Database& db_;
    AuthConfig config_;
};

// Whether a user with these roles must use TOTP: an administrator (the role
// `administrator`, over a whole organisation, a subtree of it or the installation) in
// an organisation whose setting requires it, or any administrator when the
// installation's setting does. Other roles are not administrative: they change plan
// content, not accounts, roles, settings or the audit log.
bool mfa_required_for(storage::Connection& c, const std::vector<RoleGrant>& grants);
bool mfa_required_for(storage::Connection& c, Id user);

// What a session may do before its second factor (Principal::MfaGate): open unless the
// user must use TOTP and the session was signed in without it — `enrol` when the user
// has no confirmed TOTP, `sign_in_again` when they have and signed in before it was
// required (or before the requirement was switched on). Single sign-on sessions are
// open: the identity provider's own second factor counts (docs/security.md). Tokens
// and the CLI are open (tokens are made only by the operator, `styrkort user token`).
Principal::MfaGate mfa_gate_for(storage::Connection& c, const Principal& p);

// The current Unix time, for TOTP.
std::int64_t unix_now();

}  // namespace styrkort::auth
