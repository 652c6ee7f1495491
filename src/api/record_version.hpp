#pragma once
// Record versions over HTTP (docs/authoring.md "Versions and conflicts"): a record is
// answered with its row_version and the ETag "<row_version>"; a change names the version
// it was made from in If-Match or in the body's row_version, and a stale one gets 409.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>

#include "http/message.hpp"
#include "storage/repository.hpp"

namespace styrkort::api {

// The version a PUT, PATCH or DELETE was made from: If-Match ("3", W/"3" or 3) or the
// body's row_version; both given must agree. "*" and none: no version. Bad values are
// InputError naming If-Match or row_version.
struct ExpectedVersion {
    std::optional<std::int64_t> version;
    // A browser session gave none (not even "*"): the web client always knows what it
    // read, so the change is refused (428 version_required) — but only once access has
    // been granted, so that a caller without the right learns nothing but 403.
    bool missing = false;
};
ExpectedVersion expected_version(const http::Request& request, const boost::json::value* body);

// `guard`, then the version rule of `expected`: the write guard of a PUT, PATCH or DELETE.
storage::WriteGuard then_require_version(storage::WriteGuard guard, const ExpectedVersion& expected);

// The response for one record, with its ETag.
http::Response record_response(int status, const boost::json::object& record);

}  // namespace styrkort::api
