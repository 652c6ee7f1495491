#pragma once
// ETag and If-None-Match for the API's GETs (docs/scale-out.md "The HTTP fast path and revalidation"): the tag is a
// digest of the exact body, so a 304 can only ever tell a client that the bytes it
// holds are the bytes it would get now; it is computed after the handler has decided
// what this principal may see, so it reveals nothing the body would not.
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace styrkort::api {

// A strong entity tag, quoted: "sk-" and 32 hex digits of the body's BLAKE2b digest.
std::string etag_of(std::string_view body);

// Whether the request's If-None-Match names this tag (or is "*"); weak comparison
// (RFC 9110 13.1.2), as the header allows W/ tags.
bool none_match(const http::Request& request, std::string_view etag);

// For a 200 GET/HEAD answer under /api/: sets ETag (unless the route already set this
// digest) and turns the answer into a bodiless 304 when the client already holds these
// bytes. Answers whose route set another ETag (a record's row_version) are left alone.
void revalidate(http::Response& response, const http::Request& request);

}  // namespace styrkort::api
