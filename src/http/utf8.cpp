#include "http/utf8.hpp"

namespace styrkort::http {

std::size_t utf8_sequence_length(std::string_view s, std::size_t pos) noexcept {
    if (pos >= s.size()) return 0;
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char b0 = byte(pos);
    if (b0 < 0x80) return 1;

    std::size_t len = 0;
    // Bounds of the second byte follow RFC 3629's table; they exclude overlongs,
    // UTF-16 surrogates and values past U+10FFFF.
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
    } else if (b0 == 0xE0) {
        len = 3;
        lo = 0xA0;
    } else if (b0 >= 0xE1 && b0 <= 0xEC) {
        len = 3;
    } else if (b0 == 0xED) {
        len = 3;
        hi = 0x9F;
    } else if (b0 >= 0xEE && b0 <= 0xEF) {
        len = 3;
    } else if (b0 == 0xF0) {
        len = 4;
        lo = 0x90;
    } else if (b0 >= 0xF1 && b0 <= 0xF3) {
        len = 4;
    } else if (b0 == 0xF4) {
        len = 4;
        hi = 0x8F;
    } else {
        return 0;
    }
    if (s.size() - pos < len) return 0;
    const unsigned char b1 = byte(pos + 1);
    if (b1 < lo || b1 > hi) return 0;
    for (std::size_t i = 2; i < len; ++i) {
        const unsigned char b = byte(pos + i);
        if (b < 0x80 || b > 0xBF) return 0;
    }
    return len;
}

bool is_valid_utf8(std::string_view s) noexcept {
    std::size_t pos = 0;
    while (pos < s.size()) {
        const std::size_t n = utf8_sequence_length(s, pos);
        if (n == 0) return false;
        pos += n;
    }
    return true;
}

}  // namespace styrkort::http
