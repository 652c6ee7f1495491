#pragma once
// Splits a request target into its percent-decoded path and query parameters.
// Anything a handler could misread (bad escapes, NUL, invalid UTF-8) is refused here
// so that handlers only ever see clean text.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace styrkort::http {

struct DecodedTarget {
    std::string path;                          // decoded, always starts with '/'
    std::map<std::string, std::string> query;  // decoded, '+' is a space, last one wins
};

// Accepts origin-form ("/a/b?x=1") and absolute-form ("http://host/a?x=1") targets;
// returns nullopt for anything else or for data that does not decode cleanly.
[[nodiscard]] std::optional<DecodedTarget> decode_target(std::string_view target);

// The raw path part of a target (no query), for logging requests that could not be
// decoded; never includes query values, which may hold tokens or passwords.
[[nodiscard]] std::string_view raw_path(std::string_view target) noexcept;

}  // namespace styrkort::http
