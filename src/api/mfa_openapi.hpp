#pragma once
// The OpenAPI description of the second factor's routes (api/mfa_routes.cpp and the
// sign-in's second step in api/auth_routes.cpp).
#include <boost/json/object.hpp>

#include "api/router.hpp"

namespace styrkort::api {

bool mfa_operation(const Route& route, boost::json::object& op, boost::json::object& responses);
void add_mfa_schemas(boost::json::object& schemas);

}  // namespace styrkort::api
