#pragma once
// An input stream that passes another stream's bytes through unchanged while taking
// their SHA-256 (libsodium) and counting them: the checksum an import records in the
// audit log is that of exactly the bytes it read, as sha256sum would print it.
#include <sodium.h>

#include <array>
#include <istream>
#include <streambuf>
#include <string>

namespace styrkort::formats {

class HashingStreambuf : public std::streambuf {
public:
    explicit HashingStreambuf(std::streambuf& source);
    [[nodiscard]] std::size_t bytes() const { return bytes_; }
    // The hex digest of everything read so far; call once, at the end.
    std::string hex_digest();

protected:
    int_type underflow() override;

private:
    std::streambuf& source_;
    crypto_hash_sha256_state state_{};
    std::array<char, 1 << 16> buffer_{};
    std::size_t bytes_ = 0;
};

class HashingIstream : public std::istream {
public:
    explicit HashingIstream(std::istream& source) : std::istream(nullptr), buf_(*source.rdbuf()) { rdbuf(&buf_); }
    [[nodiscard]] std::size_t bytes() const { return buf_.bytes(); }
    std::string hex_digest() { return buf_.hex_digest(); }

private:
    HashingStreambuf buf_;
};

// The SHA-256 of a byte string, as hex.
std::string sha256_hex(const std::string& bytes);

}  // namespace styrkort::formats
