#pragma once
// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP, HMAC-SHA-1), the
// base32 form authenticator apps read secrets in, and the otpauth:// URI of a QR code.
// Pure functions of their arguments: the clock and the secret come from the caller.
#include <cstdint>
#include <optional>
#include <string>

namespace styrkort::auth {

constexpr std::int64_t totp_step_seconds = 30;
constexpr int totp_digits = 6;

// RFC 4648 base32 (A–Z, 2–7) without padding, as authenticator apps show secrets.
std::string base32_encode(const std::string& bytes);
// Spaces and lower case are accepted; nullopt for any other character.
std::optional<std::string> base32_decode(const std::string& text);

// HOTP (RFC 4226): the `digits`-digit code of `key` for `counter`, zero-padded.
std::string hotp(const std::string& key, std::uint64_t counter, int digits = totp_digits);
// The time step of a Unix time (RFC 6238: T = floor((time - T0) / X), T0 = 0).
std::int64_t totp_step(std::int64_t unix_seconds, std::int64_t step = totp_step_seconds);
// The TOTP code of `key` at `unix_seconds`.
std::string totp(const std::string& key, std::int64_t unix_seconds, int digits = totp_digits,
                 std::int64_t step = totp_step_seconds);

// The time step whose code `code` is, within ±1 step of `unix_seconds` (a clock a
// little off, a code typed as it changed), and later than `last_used_step` (a code
// is accepted once: a replayed or older code is refused). nullopt when none matches.
// The comparison is constant-time per candidate.
std::optional<std::int64_t> match_totp(const std::string& key, const std::string& code, std::int64_t unix_seconds,
                                       std::optional<std::int64_t> last_used_step);

// otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30
// (the Key Uri Format authenticator apps scan), labels percent-encoded.
std::string otpauth_uri(const std::string& issuer, const std::string& account, const std::string& key);

}  // namespace styrkort::auth
