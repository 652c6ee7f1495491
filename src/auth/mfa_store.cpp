#include "auth/mfa_store.hpp"

#include "auth/crypto.hpp"
#include "storage/clock.hpp"

namespace styrkort::auth {
namespace {

using storage::as_int;
using storage::as_text;
using storage::is_null;

}  // namespace

std::optional<TotpRow> MfaStore::totp_of(Id user) {
    auto rows = c_.query("SELECT id, user_id, secret, confirmed_at, last_step FROM user_totp WHERE user_id = ?", {user});
    if (rows.empty()) return std::nullopt;
    const auto& r = rows[0];
    return TotpRow{as_int(r[0]), as_int(r[1]), as_text(r[2]), is_null(r[3]) ? "" : as_text(r[3]),
                   is_null(r[4]) ? std::nullopt : std::optional<std::int64_t>(as_int(r[4]))};
}

void MfaStore::put_pending_totp(const User& user, const std::string& stored_secret) {
    c_.execute("DELETE FROM user_totp WHERE user_id = ?", {user.id});
    c_.execute("INSERT INTO user_totp (org_id, user_id, secret, created_at) VALUES (?, ?, ?, ?)",
               {user.org_id, user.id, stored_secret, utc_now_iso()});
}

void MfaStore::confirm_totp(Id user, std::int64_t step) {
    c_.execute("UPDATE user_totp SET confirmed_at = ?, last_step = ?, row_version = row_version + 1 WHERE user_id = ?",
               {utc_now_iso(), step, user});
}

bool MfaStore::use_step(Id user, std::int64_t step) {
    return !c_.query("UPDATE user_totp SET last_step = ?, row_version = row_version + 1 "
                     "WHERE user_id = ? AND (last_step IS NULL OR last_step < ?) RETURNING id",
                     {step, user, step})
                .empty();
}

bool MfaStore::remove_totp(Id user) {
    bool had = !c_.query("DELETE FROM user_totp WHERE user_id = ? RETURNING id", {user}).empty();
    c_.execute("DELETE FROM user_recovery_code WHERE user_id = ?", {user});
    return had;
}

void MfaStore::replace_recovery_codes(const User& user, const std::vector<std::string>& hashes) {
    c_.execute("DELETE FROM user_recovery_code WHERE user_id = ?", {user.id});
    auto now = utc_now_iso();
    for (const auto& h : hashes) {
        c_.execute("INSERT INTO user_recovery_code (org_id, user_id, code_hash, created_at) VALUES (?, ?, ?, ?)",
                   {user.org_id, user.id, h, now});
    }
}

std::vector<RecoveryCodeRow> MfaStore::unused_recovery_codes(Id user) {
    std::vector<RecoveryCodeRow> out;
    for (const auto& r : c_.query("SELECT id, code_hash FROM user_recovery_code WHERE user_id = ? AND used_at IS NULL "
                                  "ORDER BY id",
                                  {user})) {
        out.push_back({as_int(r[0]), as_text(r[1])});
    }
    return out;
}

bool MfaStore::use_recovery_code(Id code) {
    return !c_.query("UPDATE user_recovery_code SET used_at = ?, row_version = row_version + 1 "
                     "WHERE id = ? AND used_at IS NULL RETURNING id",
                     {utc_now_iso(), code})
                .empty();
}

void MfaStore::add_challenge(const User& user, const std::string& secret, const std::string& remote) {
    c_.execute("INSERT INTO mfa_challenge (org_id, token_hash, user_id, created_at, remote) VALUES (?, ?, ?, ?, ?)",
               {user.org_id, secret_digest(secret), user.id, utc_now_iso(), remote});
}

std::optional<ChallengeRow> MfaStore::challenge_by_secret(const std::string& secret) {
    auto rows = c_.query("SELECT id, user_id, created_at, failures FROM mfa_challenge WHERE token_hash = ?",
                         {secret_digest(secret)});
    if (rows.empty()) return std::nullopt;
    return ChallengeRow{as_int(rows[0][0]), as_int(rows[0][1]), as_text(rows[0][2]), as_int(rows[0][3])};
}

void MfaStore::note_challenge_failure(Id challenge) {
    c_.execute("UPDATE mfa_challenge SET failures = failures + 1, row_version = row_version + 1 WHERE id = ?",
               {challenge});
}

void MfaStore::remove_challenge(Id challenge) { c_.execute("DELETE FROM mfa_challenge WHERE id = ?", {challenge}); }

void MfaStore::forget_challenges_before(const std::string& at) {
    c_.execute("DELETE FROM mfa_challenge WHERE created_at < ?", {at});
}

bool MfaStore::admin_mfa_required(Id org) {
    auto rows = c_.query("SELECT require_admin_mfa FROM organisation_setting WHERE org_id = ?", {org});
    return !rows.empty() && as_int(rows[0][0]) != 0;
}

void MfaStore::set_admin_mfa_required(Id org, bool on) {
    c_.execute("INSERT INTO organisation_setting (org_id, require_admin_mfa) VALUES (?, ?) "
               "ON CONFLICT (org_id) DO UPDATE SET require_admin_mfa = excluded.require_admin_mfa",
               {org, std::int64_t{on ? 1 : 0}});
}

}  // namespace styrkort::auth
