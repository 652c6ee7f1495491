#pragma once
// The reporting round's part of the OpenAPI document (api/reporting_round_routes.cpp):
// completeness, opening and closing a period, the user's to-do.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/router.hpp"

namespace styrkort::api {

void reporting_round_parameters(const Route& route, boost::json::array& params);
// Fills the request body and answers of a reporting-round route; false for other routes.
bool reporting_round_operation(const Route& route, boost::json::object& op, boost::json::object& responses);
void add_reporting_round_schemas(boost::json::object& schemas);

}  // namespace styrkort::api
