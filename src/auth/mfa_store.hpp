#pragma once
// The second factor's rows (migration 0022): a user's TOTP secret, their recovery
// codes (hashes), sign-ins waiting for a code, and whether an organisation's
// administrators must use TOTP. One connection, inside the caller's transaction.
#include <optional>
#include <string>
#include <vector>

#include "auth/identity_store.hpp"

namespace styrkort::auth {

struct TotpRow {
    Id id = 0;
    Id user_id = 0;
    std::string stored_secret;  // as stored (seal_secret): opened by MfaService; never sent after enrolment
    std::string confirmed_at;  // "" while the enrolment is pending
    std::optional<std::int64_t> last_step;
};

struct RecoveryCodeRow {
    Id id = 0;
    std::string code_hash;
};

struct ChallengeRow {
    Id id = 0;
    Id user_id = 0;
    std::string created_at;
    std::int64_t failures = 0;
};

class MfaStore {
public:
    explicit MfaStore(storage::Connection& c) : c_(c) {}

    std::optional<TotpRow> totp_of(Id user);
    // A new pending enrolment in place of any earlier one (confirmed or not);
    // `stored_secret` as seal_secret made it.
    void put_pending_totp(const User& user, const std::string& stored_secret);
    void confirm_totp(Id user, std::int64_t step);
    // Records `step` as used; false when it (or a later one) already was: another
    // request accepted the same code first.
    bool use_step(Id user, std::int64_t step);
    // Removes the TOTP secret and the recovery codes; false when there was nothing.
    bool remove_totp(Id user);

    void replace_recovery_codes(const User& user, const std::vector<std::string>& hashes);
    std::vector<RecoveryCodeRow> unused_recovery_codes(Id user);
    bool use_recovery_code(Id code);  // false when it was used meanwhile

    void add_challenge(const User& user, const std::string& secret, const std::string& remote);
    std::optional<ChallengeRow> challenge_by_secret(const std::string& secret);
    void note_challenge_failure(Id challenge);
    void remove_challenge(Id challenge);
    void forget_challenges_before(const std::string& at);

    bool admin_mfa_required(Id org);
    void set_admin_mfa_required(Id org, bool on);

private:
    storage::Connection& c_;
};

}  // namespace styrkort::auth
