#pragma once
// UTF-8 validation shared by target decoding and JSON output; decoded request data
// reaches handlers and logs, so it must be well-formed text.
#include <cstddef>
#include <string_view>

namespace styrkort::http {

// Length of the well-formed UTF-8 sequence starting at s[pos], or 0 if the bytes
// there are not one (overlongs, surrogates and code points above U+10FFFF included).
[[nodiscard]] std::size_t utf8_sequence_length(std::string_view s, std::size_t pos) noexcept;

[[nodiscard]] bool is_valid_utf8(std::string_view s) noexcept;

}  // namespace styrkort::http
