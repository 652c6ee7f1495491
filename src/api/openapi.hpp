#pragma once
#include <boost/json/value.hpp>

#include "api/router.hpp"

namespace styrkort::api {

// The OpenAPI 3.0 document of every route in the router, with schemas generated from
// the plan model.
boost::json::value openapi_document(const Router& router);

}  // namespace styrkort::api
