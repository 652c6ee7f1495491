#pragma once
// A change made from an older version of a record than the one stored (issue 18,
// docs/authoring.md): refused with 409, and the answer carries the record as it is now
// and the fields others changed since the version the client read, so that the form
// can show them and the user decide again. Caught at the boundary like Conflict.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>

#include "domain/errors.hpp"

namespace styrkort {

class VersionConflict : public Conflict {
public:
    VersionConflict(Text what, boost::json::object current, boost::json::array changed_fields)
        : Conflict(std::move(what)), current_(std::move(current)), changed_(std::move(changed_fields)) {}

    // The record as stored now (null object when it was deleted meanwhile).
    [[nodiscard]] const boost::json::object& current() const { return current_; }
    // [{"field": "name", "label": "Namn"}, …]: what changed after the client's version.
    [[nodiscard]] const boost::json::array& changed_fields() const { return changed_; }

private:
    boost::json::object current_;
    boost::json::array changed_;
};

}  // namespace styrkort
