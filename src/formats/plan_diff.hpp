#pragma once
// The difference between two plans, compared in their plan-file form (docs/plan-format.md):
// what was added, removed and changed in each collection, items matched by key, and
// for a changed item each field before and after. References are keys in the file,
// so a copy and its original compare equal until someone changes something.
#include <boost/json/object.hpp>

namespace styrkort::formats {

// `from` and `to` are plan objects of a plan file (organisations[].plans[]).
// The answer: {"plan": [field changes], "collections": {name: {added, removed,
// changed}}, "summary": {added, removed, changed}}; collections without differences
// are left out.
boost::json::object diff_plans(const boost::json::object& from, const boost::json::object& to);

}  // namespace styrkort::formats
