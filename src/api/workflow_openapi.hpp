#pragma once
// The workflow routes' part of the OpenAPI document (api/workflow_routes.cpp).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/router.hpp"

namespace styrkort::api {

// Fills the request body and success answers of a workflow route; false for other routes.
bool workflow_operation(const Route& route, boost::json::object& op, boost::json::object& responses);
void workflow_parameters(const Route& route, boost::json::array& params);
void add_workflow_schemas(boost::json::object& schemas);

}  // namespace styrkort::api
