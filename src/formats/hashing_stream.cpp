#include "formats/hashing_stream.hpp"

#include "domain/errors.hpp"

namespace styrkort::formats {
namespace {

std::string hex(const unsigned char* bytes, std::size_t n) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(n * 2);
    for (std::size_t i = 0; i < n; ++i) {
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 0xf];
    }
    return out;
}

}  // namespace

HashingStreambuf::HashingStreambuf(std::streambuf& source) : source_(source) {
    if (sodium_init() < 0) throw StorageError("libsodium could not be initialised");
    crypto_hash_sha256_init(&state_);
}

HashingStreambuf::int_type HashingStreambuf::underflow() {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    auto n = source_.sgetn(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    if (n <= 0) return traits_type::eof();
    crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(buffer_.data()),
                              static_cast<unsigned long long>(n));
    bytes_ += static_cast<std::size_t>(n);
    setg(buffer_.data(), buffer_.data(), buffer_.data() + n);
    return traits_type::to_int_type(*gptr());
}

std::string HashingStreambuf::hex_digest() {
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256_final(&state_, digest.data());
    return hex(digest.data(), digest.size());
}

std::string sha256_hex(const std::string& bytes) {
    if (sodium_init() < 0) throw StorageError("libsodium could not be initialised");
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return hex(digest.data(), digest.size());
}

}  // namespace styrkort::formats
