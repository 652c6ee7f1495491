#pragma once
// One simulated browser's HTTP/1.1 keep-alive connection (Boost.Beast, coroutines):
// sends a request, reads the answer, reconnects when the server or proxy closed an
// idle connection, and keeps the cookies the server set (the session and the CSRF
// token), as a browser does.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace styrkort::load {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct Answer {
    int status = 0;  // 0: no answer (connection failed or timed out)
    std::string body;
    std::chrono::steady_clock::duration took{};
};

class Connection {
public:
    Connection(asio::any_io_executor ex, asio::ip::tcp::endpoint endpoint, std::string host)
        : stream_(ex), endpoint_(endpoint), host_(std::move(host)) {}

    // `if_match`: the row_version sent as If-Match. Changes carry Origin and, once signed in,
    // X-CSRF-Token from the styrkort_csrf cookie, as web/src/api/client.ts does.
    asio::awaitable<Answer> request(http::verb method, const std::string& target, const std::string& body = {},
                                    std::optional<std::int64_t> if_match = std::nullopt);
    [[nodiscard]] std::string cookie(const std::string& name) const {
        auto it = cookies_.find(name);
        return it == cookies_.end() ? std::string{} : it->second;
    }
    void close();

private:
    asio::awaitable<bool> exchange(http::request<http::string_body>& req, http::response<http::string_body>& res);
    void keep_cookies(const http::response<http::string_body>& res);

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    asio::ip::tcp::endpoint endpoint_;
    std::string host_;  // host:port, for Host and Origin
    bool open_ = false;
    std::map<std::string, std::string> cookies_;
};

}  // namespace styrkort::load
