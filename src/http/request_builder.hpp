#pragma once
// From an HTTP message Beast has parsed to the Request a handler sees: the target
// decoded (http/target.hpp), header names lower-cased and repeated fields combined,
// the body moved. Apart from server.cpp so that the fuzz target for requests
// (tests/fuzz/fuzz_http_request.cpp) runs exactly this code without sockets.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <optional>
#include <string>

#include "http/message.hpp"

namespace styrkort::http {

using ParsedMessage = boost::beast::http::request<boost::beast::http::string_body>;

// nullopt when the target does not decode cleanly (the server answers 400).
[[nodiscard]] std::optional<Request> request_from_message(ParsedMessage&& message, std::string remote);

}  // namespace styrkort::http
