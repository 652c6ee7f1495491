#pragma once
// How the API answers: JSON bodies, and the one place where exceptions from the
// layers below become HTTP status codes (see the error rule in README.md).
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "domain/text.hpp"
#include "http/message.hpp"

namespace styrkort::api {

Language language_of(const http::Request& request);

// The request's body as JSON: InputError (415) unless it is application/json, and the
// parser's errors (with line) for bad JSON.
boost::json::value request_json(const http::Request& request);
// The same, required to be an object.
boost::json::object request_object(const http::Request& request);

http::Response json_response(int status, const boost::json::value& body);
http::Response error_response(int status, const std::string& code, const Text& message, Language lang);

// Calls f; turns InputError (400/415/422), NotFound (404), Conflict (409) and StorageError
// (503) into JSON errors in the request's language. Anything else propagates (500).
http::Response answer(const http::Request& request, const std::function<http::Response()>& f);

}  // namespace styrkort::api
