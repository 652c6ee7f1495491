#include "auth/totp.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

#include "auth/crypto.hpp"

namespace styrkort::auth {
namespace {

constexpr const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::string percent_encode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                     c == '.' || c == '_' || c == '~';
        if (plain) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace

std::string base32_encode(const std::string& bytes) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char c : bytes) {
        buffer = (buffer << 8) | c;
        bits += 8;
        while (bits >= 5) {
            out += alphabet[(buffer >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0) out += alphabet[(buffer << (5 - bits)) & 31];
    return out;
}

std::optional<std::string> base32_decode(const std::string& text) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char raw : text) {
        if (raw == ' ' || raw == '=') continue;
        char c = (raw >= 'a' && raw <= 'z') ? static_cast<char>(raw - 'a' + 'A') : raw;
        int value = -1;
        if (c >= 'A' && c <= 'Z') value = c - 'A';
        if (c >= '2' && c <= '7') value = c - '2' + 26;
        if (value < 0) return std::nullopt;
        buffer = (buffer << 5) | static_cast<std::uint32_t>(value);
        bits += 5;
        if (bits >= 8) {
            out += static_cast<char>((buffer >> (bits - 8)) & 0xff);
            bits -= 8;
        }
    }
    return out;
}

std::string hotp(const std::string& key, std::uint64_t counter, int digits) {
    unsigned char message[8];
    for (int i = 7; i >= 0; --i) {
        message[i] = static_cast<unsigned char>(counter & 0xff);
        counter >>= 8;
    }
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), message, sizeof message, mac, &length) == nullptr ||
        length < 20) {
        throw std::runtime_error("HMAC-SHA-1 failed");
    }
    // Dynamic truncation (RFC 4226 section 5.3).
    int offset = mac[length - 1] & 0x0f;
    std::uint32_t binary = (static_cast<std::uint32_t>(mac[offset] & 0x7f) << 24) |
                           (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                           (static_cast<std::uint32_t>(mac[offset + 2]) << 8) | mac[offset + 3];
    std::uint32_t modulus = 1;
    for (int i = 0; i < digits; ++i) modulus *= 10;
    auto code = std::to_string(binary % modulus);
    return std::string(static_cast<std::size_t>(digits) - code.size(), '0') + code;
}

std::int64_t totp_step(std::int64_t unix_seconds, std::int64_t step) {
    return unix_seconds >= 0 ? unix_seconds / step : -((-unix_seconds + step - 1) / step);
}

std::string totp(const std::string& key, std::int64_t unix_seconds, int digits, std::int64_t step) {
    return hotp(key, static_cast<std::uint64_t>(totp_step(unix_seconds, step)), digits);
}

std::optional<std::int64_t> match_totp(const std::string& key, const std::string& code, std::int64_t unix_seconds,
                                       std::optional<std::int64_t> last_used_step) {
    std::string typed;
    for (char c : code) {
        if (c == ' ' || c == '-') continue;  // "123 456" as some apps show it
        if (c < '0' || c > '9') return std::nullopt;
        typed += c;
    }
    if (typed.size() != static_cast<std::size_t>(totp_digits)) return std::nullopt;
    std::int64_t now = totp_step(unix_seconds);
    std::optional<std::int64_t> found;
    for (std::int64_t s = now - 1; s <= now + 1; ++s) {
        if (s < 0 || (last_used_step && s <= *last_used_step)) continue;
        if (same_secret(hotp(key, static_cast<std::uint64_t>(s)), typed) && !found) found = s;
    }
    return found;
}

std::string otpauth_uri(const std::string& issuer, const std::string& account, const std::string& key) {
    return "otpauth://totp/" + percent_encode(issuer) + ":" + percent_encode(account) + "?secret=" + base32_encode(key) +
           "&issuer=" + percent_encode(issuer) + "&algorithm=SHA1&digits=" + std::to_string(totp_digits) +
           "&period=" + std::to_string(totp_step_seconds);
}

}  // namespace styrkort::auth
