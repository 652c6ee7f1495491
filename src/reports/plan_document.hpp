#pragma once
// The plan document ("Regionstyrelsens plan 2025–2027" as published): header block,
// the plan's own text in its order, and after each section the tables that belong to
// it (plan_parts.hpp). Pure: built from the plan-file shape of the organisation.
#include <boost/json/object.hpp>

#include <string>

#include "reports/document.hpp"

namespace styrkort::reports {

// Throws NotFound for a plan key the organisation does not hold.
Document plan_document(const boost::json::object& organisation, const std::string& plan_key);

}  // namespace styrkort::reports
