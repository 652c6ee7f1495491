#pragma once
// The Kolada routes' part of the OpenAPI document (kolada_routes.cpp, docs/kolada.md).
#include <boost/json/object.hpp>

#include "api/router.hpp"

namespace styrkort::api {

// Fills parameters, request body and answers of a Kolada route; false for other routes.
bool kolada_operation(const Route& route, boost::json::object& op, boost::json::object& responses);
void add_kolada_schemas(boost::json::object& schemas);

}  // namespace styrkort::api
