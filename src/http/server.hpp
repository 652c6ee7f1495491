#pragma once
// The HTTP/1.1 server: Boost.Beast on Asio with C++20 coroutines. I/O threads parse
// and write; handler calls run on the worker pool because handlers do blocking
// database work. The one exception is the optional fast handler: it runs on the I/O
// thread and answers what it can answer at once (a cached response after a short
// check), saving the hop to the pool and back, which was most of a cached answer's cost.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "http/message.hpp"

namespace styrkort::http {

using Handler = std::function<Response(const Request&)>;
// Answers on the I/O thread, or declines (nullopt) and the request goes to the worker
// pool's Handler as usual. Must return quickly: other connections wait meanwhile.
using FastHandler = std::function<std::optional<Response>(const Request&)>;

struct ServerConfig {
    std::string address = "127.0.0.1";
    std::uint16_t port = 8080;  // 0 = let the OS pick
    unsigned io_threads = 1;
    unsigned worker_threads = 4;
    std::size_t max_body_bytes = 8 * 1024 * 1024;
    std::size_t max_header_bytes = 16 * 1024;
    std::chrono::seconds read_timeout{30};    // whole request must arrive within this
    std::chrono::seconds idle_timeout{60};    // keep-alive connections idle longer are closed
    std::chrono::seconds shutdown_grace{20};  // SIGTERM: how long in-flight requests may take
    std::ostream* access_log = nullptr;       // one JSON line per request; null = off
    std::chrono::seconds write_timeout{30};   // a response must be taken by the client within this
    // Added to every response that does not set them itself, including the server's
    // own errors (security headers: CSP, nosniff, ...).
    std::vector<std::pair<std::string, std::string>> default_headers;
    FastHandler fast_handler;  // empty: every request goes to the worker pool
};

class Server {
public:
    Server(ServerConfig config, Handler handler);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and listens; after this port() is the real port.
    void listen();
    [[nodiscard]] std::uint16_t port() const;
    // Serves until stop() or SIGTERM/SIGINT (when handle_signals is true); then stops
    // accepting, lets in-flight requests finish (up to shutdown_grace) and returns.
    void run(bool handle_signals = true);
    // Thread-safe; begins the graceful shutdown.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace styrkort::http
