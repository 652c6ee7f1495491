#include "auth/mfa_service.hpp"

#include <algorithm>
#include <cctype>

#include "auth/crypto.hpp"
#include "auth/errors.hpp"
#include "auth/mfa_store.hpp"
#include "auth/qr_svg.hpp"
#include "auth/sign_in.hpp"
#include "auth/totp.hpp"
#include "domain/errors.hpp"
#include "storage/clock.hpp"
#include "storage/tenant_scope.hpp"

namespace styrkort::auth {
namespace {

namespace json = boost::json;

constexpr const char* issuer = "Styrkort";

// "abcde-fghij": 50 random bits in base32 (a–z, 2–7: no 0/1/8/9 to mistake for letters).
std::string new_recovery_code() {
    std::string code = base32_encode(random_bytes(7)).substr(0, 10);
    for (auto& ch : code) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return code.substr(0, 5) + "-" + code.substr(5);
}

// What is hashed and compared: lower case, without the dash and spaces people type.
std::string normalised_recovery_code(const std::string& typed) {
    std::string out;
    for (char ch : typed) {
        if (ch == '-' || ch == ' ') continue;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    return out;
}

bool looks_like_totp(const std::string& code) {
    std::size_t digits = 0;
    for (char ch : code) {
        if (ch >= '0' && ch <= '9') {
            ++digits;
        } else if (ch != ' ' && ch != '-') {
            return false;
        }
    }
    return digits == static_cast<std::size_t>(totp_digits);
}

// The TOTP key of a stored row; a sealed secret without the right key is the
// operator's to fix (STYRKORT_TOTP_KEY_FILE), not the user's.
std::string key_of(const TotpRow& t, const std::string& sealing_key) {
    auto key = open_secret(t.stored_secret, sealing_key);
    if (!key) {
        throw StorageError("a TOTP secret cannot be opened: STYRKORT_TOTP_KEY_FILE is missing or not the key it was sealed with");
    }
    return *key;
}

User user_or_throw(IdentityStore& store, Id id) {
    auto user = store.user_by_id(id);
    if (!user) throw NotFound({"användaren finns inte", "the user does not exist"});
    return *user;
}

std::vector<std::string> fresh_codes(std::vector<std::string>& hashes) {
    std::vector<std::string> codes;
    for (int i = 0; i < recovery_code_count; ++i) {
        codes.push_back(new_recovery_code());
        hashes.push_back(hash_password(normalised_recovery_code(codes.back())));
    }
    return codes;
}

}  // namespace

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool mfa_required_for(storage::Connection& c, const std::vector<RoleGrant>& grants) {
    auto admin = [](const RoleGrant& g) { return g.role == Role::administrator; };
    // Most users hold no administrator role: no query for them (this runs on every request).
    if (std::none_of(grants.begin(), grants.end(), admin)) return false;
    MfaStore store(c);
    if (store.admin_mfa_required(installation)) return true;
    return std::any_of(grants.begin(), grants.end(), [&](const RoleGrant& g) {
        return admin(g) && g.org_id != installation && store.admin_mfa_required(g.org_id);
    });
}

bool mfa_required_for(storage::Connection& c, Id user) { return mfa_required_for(c, IdentityStore(c).grants_of(user)); }

Principal::MfaGate mfa_gate_for(storage::Connection& c, const Principal& p) {
    using Gate = Principal::MfaGate;
    if (p.via != Principal::Via::session || p.second_factor == "identity_provider") return Gate::open;
    if (!mfa_required_for(c, p.grants)) return Gate::open;
    auto t = MfaStore(c).totp_of(p.user_id);
    if (!t || t->confirmed_at.empty()) return Gate::enrol;
    return p.second_factor == "totp" || p.second_factor == "recovery_code" ? Gate::open : Gate::sign_in_again;
}

MfaStatus MfaService::status(const Principal& p) {
    // The user-centric rows (secret, recovery codes) are keyed by user, not by a
    // request's organisation: read and written in the system scope (tenant_scope.hpp).
    storage::SystemScope scope(storage::SystemWork::identity);
    return db_.read([&](storage::Connection& c) {
        MfaStatus s;
        MfaStore store(c);
        if (auto t = store.totp_of(p.user_id)) {
            s.enabled = !t->confirmed_at.empty();
            s.pending = !s.enabled;
            s.confirmed_at = t->confirmed_at;
        }
        s.recovery_codes_left = static_cast<std::int64_t>(store.unused_recovery_codes(p.user_id).size());
        s.required = mfa_required_for(c, p.user_id);
        return s;
    });
}

Enrolment MfaService::begin_enrolment(const Principal& p, const std::string& remote) {
    storage::SystemScope scope(storage::SystemWork::identity);
    auto key = random_bytes(20);  // 160 bits, RFC 4226's recommended length for HMAC-SHA-1
    db_.write([&](storage::Connection& c) {
        IdentityStore identities(c);
        auto user = user_or_throw(identities, p.user_id);
        MfaStore store(c);
        auto existing = store.totp_of(user.id);
        if (existing && !existing->confirmed_at.empty()) {
            throw Conflict({"tvåstegsverifiering är redan på; stäng av den först för att byta app",
                            "two-step verification is already on; turn it off first to change app"});
        }
        store.put_pending_totp(user, seal_secret(key, config_.totp_key));
        // The secret itself is never written to the log.
        storage::append_audit(c, user.org_id, {p.username, remote}, "totp_enrolment_begun", "user", user.id, nullptr,
                              nullptr);
    });
    Enrolment e;
    e.secret_base32 = base32_encode(key);
    e.otpauth_uri = otpauth_uri(issuer, p.username, key);
    e.qr_svg = qr_svg(e.otpauth_uri, "QR-kod för autentiseringsappen / QR code for the authenticator app");
    return e;
}

std::vector<std::string> MfaService::confirm(const Principal& p, const std::string& code, const std::string& remote) {
    storage::SystemScope scope(storage::SystemWork::identity);
    std::vector<std::string> hashes;
    auto codes = fresh_codes(hashes);  // hashed before the write: Argon2id takes a moment
    db_.write([&](storage::Connection& c) {
        IdentityStore identities(c);
        auto user = user_or_throw(identities, p.user_id);
        MfaStore store(c);
        auto t = store.totp_of(user.id);
        if (!t || !t->confirmed_at.empty()) {
            throw Conflict({"det finns ingen påbörjad registrering att bekräfta", "there is no enrolment to confirm"});
        }
        auto step = match_totp(key_of(*t, config_.totp_key), code, unix_now(), std::nullopt);
        if (!step) {
            throw InputError("code", {"koden stämmer inte; skriv koden som appen visar nu",
                                      "the code is not correct; type the code the app shows now"},
                             "wrong_code");
        }
        store.confirm_totp(user.id, *step);
        store.replace_recovery_codes(user, hashes);
        storage::append_audit(c, user.org_id, {p.username, remote}, "totp_enabled", "user", user.id,
                              json::object{{"totp", false}}, json::object{{"totp", true}, {"recovery_codes", recovery_code_count}});
    });
    return codes;
}

void MfaService::check_proof(storage::Connection& c, const User& user, const std::string& proof) {
    MfaStore store(c);
    auto t = store.totp_of(user.id);
    if (!t || t->confirmed_at.empty()) {
        throw Conflict({"tvåstegsverifiering är inte på", "two-step verification is not on"});
    }
    if (looks_like_totp(proof)) {
        auto step = match_totp(key_of(*t, config_.totp_key), proof, unix_now(), t->last_step);
        if (step && store.use_step(user.id, *step)) return;
        throw InputError("code", {"koden stämmer inte eller har redan använts", "the code is wrong or was already used"},
                         "wrong_code");
    }
    if (!verify_password(user.password_hash, proof)) {
        throw InputError("password", {"lösenordet stämmer inte", "the password is not correct"}, "wrong_password");
    }
}

void MfaService::disable(const Principal& p, const std::string& proof, const std::string& remote) {
    storage::SystemScope scope(storage::SystemWork::identity);
    db_.write([&](storage::Connection& c) {
        IdentityStore identities(c);
        auto user = user_or_throw(identities, p.user_id);
        check_proof(c, user, proof);
        MfaStore(c).remove_totp(user.id);
        storage::append_audit(c, user.org_id, {p.username, remote}, "totp_disabled", "user", user.id,
                              json::object{{"totp", true}}, json::object{{"totp", false}});
    });
}

std::vector<std::string> MfaService::regenerate_recovery_codes(const Principal& p, const std::string& proof,
                                                               const std::string& remote) {
    storage::SystemScope scope(storage::SystemWork::identity);
    std::vector<std::string> hashes;
    auto codes = fresh_codes(hashes);
    db_.write([&](storage::Connection& c) {
        IdentityStore identities(c);
        auto user = user_or_throw(identities, p.user_id);
        check_proof(c, user, proof);
        MfaStore(c).replace_recovery_codes(user, hashes);
        storage::append_audit(c, user.org_id, {p.username, remote}, "recovery_codes_replaced", "user", user.id, nullptr,
                              json::object{{"recovery_codes", recovery_code_count}});
    });
    return codes;
}

bool MfaService::reset(Id org, Id user_id, const storage::Actor& actor) {
    storage::SystemScope scope(storage::SystemWork::identity);
    return db_.write([&](storage::Connection& c) {
        IdentityStore identities(c);
        auto user = identities.user_by_id(user_id);
        // A user of this organisation: administered by it, or holding a role in it (the
        // installation's administrator reaches every organisation through the route).
        bool ours = user && (user->org_id == org ||
                             !c.query("SELECT 1 FROM role_assignment WHERE user_id = ? AND org_id = ?", {user_id, org}).empty());
        if (!ours) {
            throw NotFound({"användaren finns inte i organisationen", "the user is not in the organisation"});
        }
        bool had = MfaStore(c).remove_totp(user->id);
        storage::append_audit(c, org, actor, "totp_reset", "user", user->id, json::object{{"totp", had}},
                              json::object{{"totp", false}});
        return had;
    });
}

SignedIn MfaService::complete_login(const std::string& challenge, const std::string& code, const std::string& remote) {
    storage::SystemScope scope(storage::SystemWork::authentication);
    enum class Outcome { ok, expired, wrong, replayed, locked, address_limited };
    Outcome outcome = Outcome::wrong;
    std::optional<ChallengeRow> ch;
    std::optional<User> user;
    std::optional<TotpRow> totp;
    std::vector<RecoveryCodeRow> recovery;
    db_.read([&](storage::Connection& c) {
        MfaStore store(c);
        IdentityStore identities(c);
        ch = challenge.empty() ? std::nullopt : store.challenge_by_secret(challenge);
        if (ch) user = identities.user_by_id(ch->user_id);
        if (!ch || !user || user->disabled || ch->created_at < utc_iso_from_now(-challenge_lifetime) ||
            ch->failures >= challenge_max_failures) {
            outcome = Outcome::expired;
            return;
        }
        auto since = utc_iso_from_now(-std::chrono::duration_cast<std::chrono::seconds>(config_.address_window));
        if (identities.failures_from_since(remote, since) >= config_.max_failures_per_address) {
            outcome = Outcome::address_limited;
        } else if (!user->locked_until.empty() && user->locked_until > utc_now_iso()) {
            outcome = Outcome::locked;
        }
        totp = store.totp_of(user->id);
        if (!looks_like_totp(code)) recovery = store.unused_recovery_codes(user->id);
    });
    if (outcome == Outcome::expired) {
        throw Unauthenticated({"inloggningen har gått ut eller finns inte; logga in med lösenordet igen",
                               "the sign-in has expired or does not exist; sign in with your password again"});
    }
    std::optional<std::int64_t> step;
    std::optional<Id> recovery_id;
    if (outcome == Outcome::wrong && totp && !totp->confirmed_at.empty()) {
        if (looks_like_totp(code)) {
            auto key = key_of(*totp, config_.totp_key);
            step = match_totp(key, code, unix_now(), totp->last_step);
            if (step) {
                outcome = Outcome::ok;
            } else if (match_totp(key, code, unix_now(), std::nullopt)) {
                outcome = Outcome::replayed;
            }
        } else {
            // Argon2id per unused code (at most ten), outside the write transaction.
            auto typed = normalised_recovery_code(code);
            for (const auto& r : recovery) {
                if (!typed.empty() && verify_password(r.code_hash, typed)) {
                    recovery_id = r.id;
                    outcome = Outcome::ok;
                    break;
                }
            }
        }
    } else if (outcome == Outcome::wrong) {
        // The second factor was removed (reset) while the sign-in waited: sign in again.
        outcome = Outcome::expired;
    }
    SignedIn result;
    db_.write([&](storage::Connection& c) {
        IdentityStore identities(c);
        MfaStore store(c);
        // Taken under the write lock: two requests with the same code, one wins.
        if (outcome == Outcome::ok && step && !store.use_step(user->id, *step)) outcome = Outcome::replayed;
        if (outcome == Outcome::ok && recovery_id && !store.use_recovery_code(*recovery_id)) outcome = Outcome::replayed;
        identities.record_attempt(remote, user->username, outcome == Outcome::ok);
        store.forget_challenges_before(utc_iso_from_now(-challenge_lifetime));
        storage::Actor actor{user->username, remote};
        if (outcome != Outcome::ok) {
            if (outcome == Outcome::wrong || outcome == Outcome::replayed) {
                identities.note_failed_login(user->id, config_.lock_after_failures, utc_iso_from_now(config_.lock_for));
                store.note_challenge_failure(ch->id);
            }
            const char* why = outcome == Outcome::wrong      ? "wrong_second_factor"
                              : outcome == Outcome::replayed ? "replayed_code"
                              : outcome == Outcome::locked   ? "account_locked"
                              : outcome == Outcome::expired  ? "second_factor_removed"
                                                             : "address_rate_limited";
            storage::append_audit(c, user->org_id, actor, "login_failed", "user", user->id, nullptr,
                                  json::object{{"username", user->username}, {"reason", why}});
            return;
        }
        store.remove_challenge(ch->id);
        identities.note_successful_login(user->id);
        // A new session, only now: nothing of the half-done sign-in is a session.
        const char* factor = recovery_id ? "recovery_code" : "totp";
        result = open_session(c, *user, remote, factor);
        json::object detail{{"session_id", result.principal.session_id}, {"second_factor", factor}};
        if (recovery_id) detail["recovery_codes_left"] = static_cast<std::int64_t>(store.unused_recovery_codes(user->id).size());
        storage::append_audit(c, user->org_id, actor, "login", "user", user->id, nullptr, detail);
    });
    switch (outcome) {
        case Outcome::ok: return result;
        case Outcome::wrong:
            throw Unauthenticated({"fel kod", "wrong code"});
        case Outcome::replayed:
            throw Unauthenticated({"koden har redan använts; vänta på nästa kod i appen",
                                   "the code was already used; wait for the app's next code"});
        case Outcome::expired:
            throw Unauthenticated({"inloggningen har gått ut; logga in med lösenordet igen",
                                   "the sign-in has expired; sign in with your password again"});
        case Outcome::locked: refuse_throttled(Throttled::account_locked);
        case Outcome::address_limited: refuse_throttled(Throttled::address_limited);
    }
    return result;
}

}  // namespace styrkort::auth
