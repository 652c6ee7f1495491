#pragma once
// Minimal JSON text production for the server's own output (error bodies and the
// access log); the HTTP layer deliberately does not depend on a JSON library.
#include <string>
#include <string_view>

namespace styrkort::http {

// Appends s as a quoted JSON string. Bytes that are not well-formed UTF-8 become
// U+FFFD so that the output is always valid JSON whatever a client sent.
void append_json_string(std::string& out, std::string_view s);

[[nodiscard]] std::string json_string(std::string_view s);

// {"error":{"code":"...","message":"..."}}
[[nodiscard]] std::string error_body(std::string_view code, std::string_view message);

}  // namespace styrkort::http
