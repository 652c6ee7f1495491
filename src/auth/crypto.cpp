#include "auth/crypto.hpp"

#include <sodium.h>

#include <stdexcept>
#include <vector>

namespace styrkort::auth {
namespace {

void ensure_sodium() {
    static const int ready = sodium_init();
    if (ready < 0) throw std::runtime_error("libsodium could not be initialised");
}

// libsodium's "interactive" limits: what it recommends for online logins.
constexpr unsigned long long ops_limit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr std::size_t mem_limit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

}  // namespace

std::string hash_password(const std::string& password) {
    ensure_sodium();
    std::vector<char> out(crypto_pwhash_STRBYTES);
    if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), ops_limit, mem_limit,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw std::runtime_error("out of memory while hashing a password");
    }
    return std::string(out.data());
}

bool verify_password(const std::string& hash, const std::string& password) {
    ensure_sodium();
    if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool password_needs_rehash(const std::string& hash) {
    ensure_sodium();
    return crypto_pwhash_str_needs_rehash(hash.c_str(), ops_limit, mem_limit) != 0;
}

std::string random_bytes(std::size_t bytes) {
    ensure_sodium();
    std::string raw(bytes, '\0');
    randombytes_buf(raw.data(), raw.size());
    return raw;
}

std::string random_secret(std::size_t bytes) {
    ensure_sodium();
    std::vector<unsigned char> raw(bytes);
    randombytes_buf(raw.data(), raw.size());
    std::vector<char> out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING));
    sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return std::string(out.data());
}

std::string secret_digest(const std::string& secret) {
    ensure_sodium();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

std::string base64url(const std::string& bytes) {
    ensure_sodium();
    std::vector<char> out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING));
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return std::string(out.data());
}

std::optional<std::string> base64url_decode(const std::string& text) {
    ensure_sodium();
    std::string out(text.size() * 3 / 4 + 3, '\0');
    std::size_t length = 0;
    const char* end = nullptr;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                          &length, &end, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        end != text.data() + text.size()) {
        return std::nullopt;
    }
    out.resize(length);
    return out;
}

std::string sha256(const std::string& data) {
    ensure_sodium();
    std::string digest(crypto_hash_sha256_BYTES, '\0');
    crypto_hash_sha256(reinterpret_cast<unsigned char*>(digest.data()), reinterpret_cast<const unsigned char*>(data.data()),
                       data.size());
    return digest;
}

std::string seal_secret(const std::string& plain, const std::string& key) {
    ensure_sodium();
    if (key.empty()) return base64url(plain);
    if (key.size() != crypto_secretbox_KEYBYTES) throw std::runtime_error("the secret key must be 32 bytes");
    std::string out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), '\0');
    auto* nonce = reinterpret_cast<unsigned char*>(out.data());
    randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plain.data()),
                          plain.size(), nonce, reinterpret_cast<const unsigned char*>(key.data()));
    return "sb1:" + base64url(out);
}

std::optional<std::string> open_secret(const std::string& stored, const std::string& key) {
    ensure_sodium();
    if (stored.rfind("sb1:", 0) != 0) return base64url_decode(stored);
    auto raw = base64url_decode(stored.substr(4));
    if (!raw || key.size() != crypto_secretbox_KEYBYTES ||
        raw->size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
        return std::nullopt;
    }
    const auto* nonce = reinterpret_cast<const unsigned char*>(raw->data());
    std::string plain(raw->size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), nonce + crypto_secretbox_NONCEBYTES,
                                   raw->size() - crypto_secretbox_NONCEBYTES, nonce,
                                   reinterpret_cast<const unsigned char*>(key.data())) != 0) {
        return std::nullopt;
    }
    return plain;
}

bool same_secret(const std::string& a, const std::string& b) {
    ensure_sodium();
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace styrkort::auth
