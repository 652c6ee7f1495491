#pragma once
// Turns untrusted JSON into a complete, typed record of an entity, or throws InputError
// naming the field and why. Pure: references are only checked for shape here; whether
// they exist is the repository's question.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "domain/schema.hpp"

namespace styrkort {

// Fields a client may send back unchanged after reading a record. row_version is the
// version the client read (docs/authoring.md): the API takes it as the expected one.
inline bool is_read_only_field(const std::string& name) {
    return name == "id" || name == "org_id" || name == "row_version";
}

// Every field of the entity present (null / [] where absent), plus "position" when
// the input gave one. Unknown fields, wrong types and missing required fields throw.
boost::json::object normalize_record(const Entity& entity, const boost::json::value& input);

// Cross-field rules of the domain (years in order, exactly one of value/qualitative …).
void check_record_rules(const Entity& entity, const boost::json::object& record);

// normalize_record + check_record_rules.
boost::json::object validate_record(const Entity& entity, const boost::json::value& input);

}  // namespace styrkort
