#pragma once
// The document routes' part of the OpenAPI document (api/document_routes.cpp).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/router.hpp"

namespace styrkort::api {

// Fills the parameters and answers of a document route; false for other routes.
bool document_operation(const Route& route, boost::json::object& op, boost::json::object& responses);
void document_parameters(const Route& route, boost::json::array& params);

}  // namespace styrkort::api
