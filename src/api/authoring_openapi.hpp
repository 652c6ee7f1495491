#pragma once
// The authoring routes' part of the OpenAPI document (batch_routes.cpp, comment_routes.cpp).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/router.hpp"

namespace styrkort::api {

// Fills parameters, request body and answers of an authoring route; false for other routes.
bool authoring_operation(const Route& route, boost::json::object& op, boost::json::object& responses);
void add_authoring_schemas(boost::json::object& schemas);

}  // namespace styrkort::api
