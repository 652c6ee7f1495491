#pragma once
// A small outbound HTTP/1.1 client (Boost.Beast; TLS through OpenSSL with the system's
// trusted certificates and host name verification) for talking to an identity
// provider: discovery, its keys and its token endpoint. One connection per request,
// a deadline on the whole exchange, a bounded response body, no redirects followed.
#include <chrono>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace styrkort::http {

// The request could not be made or answered (name resolution, connection, TLS,
// certificate, timeout, a malformed or too large response).
class FetchError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct FetchResponse {
    int status = 0;
    std::string content_type;
    std::string body;
};

struct FetchRequest {
    std::string method = "GET";
    std::string url;  // http:// or https://
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::chrono::seconds timeout{10};
    std::size_t max_body = 1 << 20;
};

FetchResponse fetch(const FetchRequest& request);

}  // namespace styrkort::http
