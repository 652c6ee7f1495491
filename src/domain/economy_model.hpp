#pragma once
// The economy part of the plan model (nettokostnadsramar, investeringar): appended to
// the catalogue by plan_model.cpp, after the entities it refers to.
#include <string>
#include <vector>

#include "domain/schema.hpp"

namespace styrkort {

void add_economy_entities(std::vector<Entity>& all);

// The frame types of investment requests (Bilaga 5), in the plan's order.
const std::vector<std::string>& request_frame_types();

}  // namespace styrkort
