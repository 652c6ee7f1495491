#pragma once
// Record versions over HTTP (docs/authoring.md "Versions and conflicts"): a record is
// answered with its row_version and the ETag "<row_version>"; a change names the version
// it was made from in If-Match or in the body's row_version, and a stale one gets 409.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>

#include "http/message.hpp"

namespace styrkort::api {

// The version a PUT, PATCH or DELETE was made from: If-Match ("3", W/"3" or 3) or the
// body's row_version; both given must agree. "*" and none: nullopt. A browser session
// must give one (428 version_required): the web client always knows what it read.
// Bad values are InputError naming If-Match or row_version.
std::optional<std::int64_t> expected_version(const http::Request& request, const boost::json::value* body);

// The response for one record, with its ETag.
http::Response record_response(int status, const boost::json::object& record);

}  // namespace styrkort::api
