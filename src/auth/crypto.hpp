#pragma once
// The few cryptographic operations identity needs, all from libsodium: Argon2id
// password hashes, random secrets, and digests of secrets stored at rest.
#include <optional>
#include <string>

namespace styrkort::auth {

// Argon2id in libsodium's self-describing string form ($argon2id$v=19$m=...).
std::string hash_password(const std::string& password);
bool verify_password(const std::string& hash, const std::string& password);
// True when the hash was made with weaker parameters than hash_password uses now.
bool password_needs_rehash(const std::string& hash);

// `bytes` raw random bytes (libsodium's randombytes: the TOTP secret, recovery codes).
std::string random_bytes(std::size_t bytes);
// `bytes` random bytes as URL-safe base64 without padding.
std::string random_secret(std::size_t bytes = 32);
// SHA-256 of a secret in hex: what is stored for session and API tokens.
std::string secret_digest(const std::string& secret);
// URL-safe base64 without padding (JWTs, PKCE), and back; nullopt for bad input.
std::string base64url(const std::string& bytes);
std::optional<std::string> base64url_decode(const std::string& text);
// The raw 32-byte SHA-256 of `data`.
std::string sha256(const std::string& data);
// A secret kept at rest (the TOTP secret): with a 32-byte `key`, "sb1:" and libsodium's
// secretbox (XSalsa20-Poly1305, random nonce) in URL-safe base64; without a key, the
// bytes in URL-safe base64 as they are. open_secret reads both; nullopt when the value
// is sealed and the key is missing or another.
std::string seal_secret(const std::string& plain, const std::string& key);
std::optional<std::string> open_secret(const std::string& stored, const std::string& key);
// Constant-time comparison of two strings.
bool same_secret(const std::string& a, const std::string& b);

}  // namespace styrkort::auth
