#pragma once
#include <boost/json/value.hpp>

#include <vector>

#include "domain/checks/finding.hpp"

namespace styrkort::formats {

// {"findings": [{rule, severity, plan, place, item, message}], "counts": {error, warning, info}}
boost::json::value findings_json(const std::vector<checks::Finding>& findings, Language lang);

}  // namespace styrkort::formats
