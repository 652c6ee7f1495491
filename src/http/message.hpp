#pragma once
// Plain request/response values shared by the HTTP server and the API layer.
// They carry no Beast types so that only src/http/*.cpp has to include Beast.
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace styrkort::http {

struct Request {
    std::string method;                          // "GET", "POST", ...
    std::string target;                          // raw request target, e.g. "/api/v1/x?y=1"
    std::string path;                            // percent-decoded path without query
    std::map<std::string, std::string> query;    // decoded query parameters (last one wins)
    std::map<std::string, std::string> headers;  // lower-cased header names
    std::string body;
    std::string remote_address;  // peer IP, for logs and audit
    std::string user;            // who is acting, set by the caller; empty = anonymous
    bool secure = false;         // reached the client over TLS (set by the API's gate): Secure cookies

    [[nodiscard]] std::string header(const std::string& lower_name) const {
        auto it = headers.find(lower_name);
        return it == headers.end() ? std::string{} : it->second;
    }
};

struct Response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

}  // namespace styrkort::http
