#pragma once
// Read-only fields that the API adds to records it returns, computed from the stored
// fields and never stored nor part of the plan file (so a plan file still round-trips
// byte for byte): a net cost frame line's closing frame (UB), a budget follow-up's
// deviations. Documented in docs/plan-format.md ("Computed fields") and in OpenAPI as
// readOnly. A client may send them back as it read them: they are ignored on input.
#include <boost/json/object.hpp>

#include <functional>
#include <string>
#include <vector>

namespace styrkort {

struct ComputedField {
    std::string name;
    bool integer = true;  // whole kronor; otherwise a number (a per cent)
    std::string description;
    std::function<boost::json::value(const boost::json::object&)> compute;  // null when it cannot be computed
};

// The computed fields of an entity (none for most).
const std::vector<ComputedField>& computed_fields(const std::string& entity_name);

// Adds the entity's computed fields to a record as returned by the store.
void add_computed_fields(const std::string& entity_name, boost::json::object& record);

// Removes them from a request body (they are read-only: whatever is sent is ignored).
void drop_computed_fields(const std::string& entity_name, boost::json::value& body);

}  // namespace styrkort
