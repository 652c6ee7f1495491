#pragma once
// A small blocking HTTP/1.1 client on POSIX sockets for the integration tests. It
// opens one connection per request (Connection: close), sends exactly the bytes it is
// given and reads the whole response, so a test sees what a real client would see.
// Every socket operation has a deadline: a hanging server fails the test, it does not
// hang it.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace styrkort::testing {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
    int status = 0;
    HeaderList headers;  // names as the server wrote them, in order
    std::string body;

    // The first header of that name (case-insensitive), or "" when absent.
    [[nodiscard]] std::string header(const std::string& name) const;
    [[nodiscard]] bool has_header(const std::string& name) const;
};

class HttpClient {
public:
    explicit HttpClient(std::uint16_t port, std::string host = "127.0.0.1");

    // `target` is sent as is (it may hold bytes that are not valid in a URL, on
    // purpose). Content-Length is added when there is a body or the method is POST,
    // PUT or PATCH; Host and Connection: close are always added.
    [[nodiscard]] HttpResponse request(const std::string& method, const std::string& target,
                                       const std::string& body = {}, const HeaderList& headers = {}) const;

private:
    std::uint16_t port_;
    std::string host_;
};

}  // namespace styrkort::testing
