#pragma once
// Parsing untrusted JSON text with errors a person can act on: the line and column of
// a syntax error, and, for errors found later in the parsed value, the line where a
// JSON path such as "plans[1].measures[14].targets[2].sex" is written.
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace styrkort::json_text {

// Throws InputError (code "json") with the line and why; rejects invalid UTF-8,
// duplicate keys, and nesting deeper than 64.
boost::json::value parse(std::string_view text);

// The 1-based line of the member or element the path names, or of the nearest part of
// it that exists; nullopt if the text is not JSON.
std::optional<int> line_of_path(std::string_view text, std::string_view path);

}  // namespace styrkort::json_text
