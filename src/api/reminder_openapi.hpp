#pragma once
// The OpenAPI description of the reminder routes (api/reminder_routes.cpp).
#include <boost/json/object.hpp>

#include "api/router.hpp"

namespace styrkort::api {

bool reminder_operation(const Route& route, boost::json::object& op, boost::json::object& responses);

}  // namespace styrkort::api
