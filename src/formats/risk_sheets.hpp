#pragma once
// The risk register, the heat map and the internal control plan of one plan as sheets
// (economy_sheets.hpp's neutral grid), written as XLSX or CSV by economy_export.hpp's
// writers. Built from the plan-file shape, so a file and a database export the same.
#include <boost/json/object.hpp>

#include <string>
#include <vector>

#include "formats/economy_sheets.hpp"

namespace styrkort::formats {

// "Riskregister", "Riskmatris" (counts before and after actions), "Internkontrollplan".
// Throws NotFound for a plan key the organisation does not hold.
std::vector<Sheet> risk_sheets(const boost::json::object& organisation, const std::string& plan_key);

}  // namespace styrkort::formats
