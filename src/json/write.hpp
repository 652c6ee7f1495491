#pragma once
// Deterministic JSON text: members in insertion order, numbers in their shortest exact
// form (87.3, not 8.73E1), UTF-8 written as is. The plan file's byte-identical round
// trip depends on this being the only writer of plan files.
#include <boost/json/value.hpp>

#include <string>

namespace styrkort::json_text {

// Indented by two spaces per level, with a trailing newline (plan files).
std::string pretty(const boost::json::value& v);
// No whitespace at all (API responses).
std::string compact(const boost::json::value& v);

}  // namespace styrkort::json_text
