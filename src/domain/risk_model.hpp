#pragma once
// The risk and internal control part of the plan model (issue 14, docs/risk.md):
// appended to the catalogue by plan_model.cpp, after the entities it refers to.
#include <vector>

#include "domain/schema.hpp"

namespace styrkort {

void add_risk_entities(std::vector<Entity>& all);

}  // namespace styrkort
