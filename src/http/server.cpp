// The only translation unit that includes Beast: it is expensive to compile, so every
// piece of logic that does not need it lives in the small helpers next to this file.
#include "http/server.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <csignal>
#include <exception>
#include <iostream>
#include <limits>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "http/access_log.hpp"
#include "http/json_text.hpp"
#include "http/request_builder.hpp"
#include "http/target.hpp"

namespace styrkort::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kReadChunk = 16 * 1024;
// Bounds on reading what a client still sends after we decided to close; see
// close_gracefully().
constexpr std::chrono::milliseconds kDrainTimeout{1000};
constexpr std::size_t kDrainMaxBytes = 1024 * 1024;
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

void log_error(std::string_view what) {
    std::string line = "styrkort http: ";
    line += what;
    line += '\n';
    std::cerr << line;  // one insertion so concurrent lines do not interleave
}

void log_exception(std::string_view context, const std::exception_ptr& e) {
    try {
        std::rethrow_exception(e);
    } catch (const std::exception& ex) {
        log_error(std::string(context) + ": " + ex.what());
    } catch (...) {
        log_error(std::string(context) + ": unknown exception");
    }
}

Response error_response(int status, std::string_view code, std::string_view message) {
    Response res;
    res.status = status;
    res.body = error_body(code, message);
    return res;
}

Response internal_error() { return error_response(500, "internal", "Internt serverfel"); }

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return ascii_lower(x) == ascii_lower(y);
           });
}

// RFC 9110 token: what a header name may consist of.
bool valid_field_name(std::string_view name) {
    static constexpr std::string_view extra = "!#$%&'*+-.^_`|~";
    if (name.empty()) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               extra.find(c) != std::string_view::npos;
    });
}

// Handlers may echo user data into headers; CR/LF there would let a client inject
// headers or whole responses.
bool valid_field_value(std::string_view value) {
    return std::none_of(value.begin(), value.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && c != '\t') || u == 0x7f;
    });
}

bool wants_close(const Response& res) {
    return std::any_of(res.headers.begin(), res.headers.end(), [](const auto& h) {
        return iequals(h.first, "connection") && iequals(h.second, "close");
    });
}

// Errors that mean the bytes on the wire were not HTTP, as opposed to the peer going
// away or a limit being hit.
bool is_malformed(const beast::error_code& ec) {
    static const auto& category = bhttp::make_error_code(bhttp::error::bad_method).category();
    if (ec.category() != category) return false;
    return ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message &&
           ec != bhttp::error::short_read && ec != bhttp::error::body_limit &&
           ec != bhttp::error::header_limit && ec != bhttp::error::bad_alloc;
}

struct Connection {
    explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
    beast::tcp_stream stream;
    // True while waiting for the first byte of the next request; only touched on the
    // connection's strand, which is what makes the shutdown notice race-free.
    bool idle = false;
};

struct WriteResult {
    beast::error_code ec;
    std::size_t body_bytes = 0;
};

}  // namespace

struct Server::Impl {
    Impl(ServerConfig cfg, Handler h)
        : config(std::move(cfg)),
          handler(std::move(h)),
          access_log(config.access_log),
          ioc(static_cast<int>(std::max(1U, config.io_threads))),
          control(asio::make_strand(ioc)),
          acceptor(control),
          grace_timer(control),
          pool(std::max(1U, config.worker_threads)) {}

    ~Impl() {
        {
            const std::lock_guard lock(mutex);
            tearing_down = true;
        }
        // Handlers still running (past shutdown_grace) reference request data that
        // lives in coroutine frames owned by ioc; those frames must outlive them.
        pool.join();
    }

    void listen();
    void run(bool handle_signals);
    void begin_shutdown();
    bool register_connection(const std::shared_ptr<Connection>& conn);
    void unregister_connection(Connection* conn);

    asio::awaitable<void> accept_loop();
    asio::awaitable<void> session(std::shared_ptr<Connection> conn, std::string remote);
    asio::awaitable<WriteResult> write_response(beast::tcp_stream& stream, Response& res,
                                                unsigned version, bool head, bool keep_alive);
    asio::awaitable<void> close_gracefully(beast::tcp_stream& stream);
    Response invoke_handler(const Request& req);
    std::optional<Response> invoke_fast_handler(const Request& req);

    // Runs the blocking handler on the worker pool and resumes the caller on its own
    // executor. The caller's executor is kept busy (outstanding work) meanwhile, so
    // the io_context cannot run dry while a handler is still working.
    template <typename Token>
    auto async_call_handler(const Request& req, Token&& token) {
        return asio::async_initiate<Token, void(Response)>(
            [this](auto completion, const Request* request) {
                auto io_ex =
                    asio::prefer(asio::get_associated_executor(completion, ioc.get_executor()),
                                 asio::execution::outstanding_work.tracked);
                asio::post(pool.get_executor(), [this, request, io_ex = std::move(io_ex),
                                                 completion = std::move(completion)]() mutable {
                    Response res;
                    try {
                        res = invoke_handler(*request);
                    } catch (...) {
                        // Only reachable when even building the 500 response failed.
                        log_exception("failed to build error response", std::current_exception());
                    }
                    asio::dispatch(io_ex, [completion = std::move(completion),
                                           res = std::move(res)]() mutable {
                        std::move(completion)(std::move(res));
                    });
                });
            },
            token, &req);
    }

    struct Registration {
        Impl& impl;
        Connection* conn;
        Registration(Impl& i, Connection* c) : impl(i), conn(c) {}
        Registration(const Registration&) = delete;
        Registration& operator=(const Registration&) = delete;
        ~Registration() { impl.unregister_connection(conn); }
    };

    // Declaration order matters for destruction: the pool (joined in ~Impl) goes
    // before ioc, and ioc (whose destruction destroys suspended sessions, which
    // unregister themselves) goes before the registry.
    ServerConfig config;
    Handler handler;
    AccessLog access_log;

    std::mutex mutex;  // guards connections, tearing_down and the transition of stopping
    std::unordered_map<Connection*, std::weak_ptr<Connection>> connections;
    std::atomic<bool> stopping{false};
    bool tearing_down = false;

    asio::io_context ioc;
    asio::strand<asio::io_context::executor_type> control;  // acceptor, signals, shutdown
    tcp::acceptor acceptor;
    asio::steady_timer grace_timer;
    std::optional<asio::signal_set> signals;
    std::atomic<std::uint16_t> bound_port{0};
    bool ran = false;

    asio::thread_pool pool;
};

void Server::Impl::listen() {
    const tcp::endpoint endpoint(asio::ip::make_address(config.address), config.port);
    acceptor.open(endpoint.protocol());
    acceptor.set_option(tcp::acceptor::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(asio::socket_base::max_listen_connections);
    bound_port = acceptor.local_endpoint().port();
}

void Server::Impl::run(bool handle_signals) {
    if (ran) throw std::logic_error("styrkort::http::Server::run() may only be called once");
    ran = true;
    if (!acceptor.is_open()) listen();

    if (handle_signals) {
        signals.emplace(control, SIGINT, SIGTERM);
        signals->async_wait([this](const beast::error_code& ec, int) {
            if (!ec) begin_shutdown();
        });
    }
    asio::co_spawn(control, accept_loop(), [](const std::exception_ptr& e) {
        if (e) log_exception("accept loop failed", e);
    });

    const auto run_io = [this] {
        // Sessions catch their own errors; this is the last line so that a bug in
        // one connection cannot take the whole server down.
        for (;;) {
            try {
                ioc.run();
                return;
            } catch (...) {
                log_exception("I/O thread", std::current_exception());
            }
        }
    };
    std::vector<std::thread> threads;
    const unsigned io_threads = std::max(1U, config.io_threads);
    threads.reserve(io_threads - 1);
    for (unsigned i = 1; i < io_threads; ++i) threads.emplace_back(run_io);
    run_io();
    for (auto& t : threads) t.join();
    // Restores the default signal disposition now that nobody is listening.
    signals.reset();
}

void Server::Impl::begin_shutdown() {
    std::vector<std::shared_ptr<Connection>> open;
    {
        const std::lock_guard lock(mutex);
        if (stopping.exchange(true)) return;
        open.reserve(connections.size());
        for (auto& [ptr, weak] : connections) {
            if (auto conn = weak.lock()) open.push_back(std::move(conn));
        }
    }
    beast::error_code ignored;
    acceptor.close(ignored);
    if (signals) signals->cancel(ignored);

    // Only idle connections are cut; busy ones notice `stopping` themselves when they
    // write their response (Connection: close) or go back to waiting.
    for (auto& conn : open) {
        asio::post(conn->stream.get_executor(), [conn] {
            if (conn->idle) conn->stream.cancel();
        });
    }
    if (!open.empty()) {
        grace_timer.expires_after(config.shutdown_grace);
        grace_timer.async_wait([this](const beast::error_code& ec) {
            if (ec) return;  // cancelled: the last connection finished in time
            std::size_t left = 0;
            {
                const std::lock_guard lock(mutex);
                left = connections.size();
            }
            log_error("shutdown grace period expired with " + std::to_string(left) +
                      " connection(s) still busy; abandoning them");
            ioc.stop();
        });
    }
}

bool Server::Impl::register_connection(const std::shared_ptr<Connection>& conn) {
    const std::lock_guard lock(mutex);
    if (stopping) return false;
    connections.emplace(conn.get(), conn);
    return true;
}

void Server::Impl::unregister_connection(Connection* conn) {
    bool last = false;
    {
        const std::lock_guard lock(mutex);
        connections.erase(conn);
        last = stopping && connections.empty() && !tearing_down;
    }
    // The grace timer is the only thing left keeping run() alive once the last
    // connection is gone.
    if (last) asio::post(control, [this] { grace_timer.cancel(); });
}

asio::awaitable<void> Server::Impl::accept_loop() {
    asio::steady_timer backoff(control);
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), use_tuple);
        if (stopping || !acceptor.is_open()) co_return;
        if (ec) {
            // Typically EMFILE/ENFILE: retrying at once would spin on the same error.
            log_error("accept failed: " + ec.message());
            backoff.expires_after(std::chrono::milliseconds(100));
            co_await backoff.async_wait(use_tuple);
            continue;
        }
        beast::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        const auto endpoint = socket.remote_endpoint(ignored);
        std::string remote = ignored ? std::string("-") : endpoint.address().to_string();

        auto conn = std::make_shared<Connection>(std::move(socket));
        if (!register_connection(conn)) co_return;
        asio::co_spawn(conn->stream.get_executor(), session(conn, std::move(remote)),
                       [](const std::exception_ptr& e) {
                           if (e) log_exception("connection failed", e);
                       });
    }
}

Response Server::Impl::invoke_handler(const Request& req) {
    try {
        return handler(req);
    } catch (const std::exception& e) {
        // The request body may hold personal data, so it is never logged.
        log_error("handler threw for " + req.method + " " + req.path + ": " + e.what());
    } catch (...) {
        log_error("handler threw a non-exception for " + req.method + " " + req.path);
    }
    return internal_error();
}

std::optional<Response> Server::Impl::invoke_fast_handler(const Request& req) {
    if (!config.fast_handler) return std::nullopt;
    try {
        return config.fast_handler(req);
    } catch (const std::exception& e) {
        // Declining is always safe: the worker pool's handler answers instead.
        log_error("fast handler threw for " + req.method + " " + req.path + ": " + e.what());
    } catch (...) {
        log_error("fast handler threw a non-exception for " + req.method + " " + req.path);
    }
    return std::nullopt;
}

asio::awaitable<void> Server::Impl::session(std::shared_ptr<Connection> conn, std::string remote) {
    const Registration registration(*this, conn.get());
    auto& stream = conn->stream;
    beast::flat_buffer buffer;
    const auto header_limit = static_cast<std::uint32_t>(
        std::min<std::size_t>(config.max_header_bytes, std::numeric_limits<std::uint32_t>::max()));

    for (bool first = true;; first = false) {
        if (buffer.size() == 0) {
            if (stopping) co_return;
            // A fresh connection has read_timeout for its whole first request, so
            // that a client cannot hold a socket by connecting and never sending.
            stream.expires_after(first ? config.read_timeout : config.idle_timeout);
            conn->idle = true;
            auto [ec, n] = co_await stream.async_read_some(buffer.prepare(kReadChunk), use_tuple);
            conn->idle = false;
            if (ec) co_return;  // peer closed, idle timeout, or shutdown
            buffer.commit(n);
        }
        if (!first) stream.expires_after(config.read_timeout);
        const auto started = Clock::now();
        const auto started_wall = std::chrono::system_clock::now();

        bhttp::request_parser<bhttp::string_body> parser;
        parser.header_limit(header_limit);
        parser.body_limit(static_cast<std::uint64_t>(config.max_body_bytes));

        auto [read_ec, header_n] =
            co_await bhttp::async_read_header(stream, buffer, parser, use_tuple);
        beast::error_code ec = read_ec;
        if (!ec && !parser.is_done()) {
            const auto& h = parser.get();
            if (h.version() >= 11 && iequals(h[bhttp::field::expect], "100-continue")) {
                auto [wec, wn] =
                    co_await asio::async_write(stream, asio::buffer(kContinue), use_tuple);
                if (wec) co_return;
            }
            auto [body_ec, body_n] = co_await bhttp::async_read(stream, buffer, parser, use_tuple);
            ec = body_ec;
        }

        const auto log_request = [&](std::string_view method, std::string_view path, int status,
                                     std::size_t bytes) {
            if (!access_log.enabled()) return;
            const std::chrono::duration<double, std::milli> ms = Clock::now() - started;
            access_log.write(
                AccessLogEntry{started_wall, remote, method, path, status, bytes, ms.count()});
        };

        if (ec) {
            Response res;
            if (ec == bhttp::error::body_limit) {
                res = error_response(413, "payload_too_large", "Begäran är för stor");
            } else if (ec == bhttp::error::header_limit) {
                res = error_response(431, "header_too_large", "Begärans huvuden är för stora");
            } else if (is_malformed(ec)) {
                res = error_response(400, "bad_request", "Felaktig HTTP-begäran");
            } else {
                co_return;  // timeout, reset or EOF mid-request: nobody to answer
            }
            // What was parsed before the error is all there is to describe the
            // request; it may be empty.
            const auto& partial = parser.get();
            const std::string method(partial.method_string());
            const std::string path(raw_path(partial.target()));
            const unsigned version = partial.version() == 10 ? 10 : 11;
            auto result = co_await write_response(stream, res, version, false, false);
            log_request(method, path, res.status, result.body_bytes);
            if (!result.ec) co_await close_gracefully(stream);
            co_return;
        }

        auto message = parser.release();
        const unsigned version = message.version();
        const bool head = message.method() == bhttp::verb::head;
        bool keep_alive = message.keep_alive();

        Request req;
        req.method = std::string(message.method_string());
        req.target = std::string(message.target());
        req.remote_address = remote;

        Response res;
        std::string logged_path;
        if (version != 10 && version != 11) {
            res = error_response(505, "http_version_not_supported", "HTTP-versionen stöds inte");
            logged_path = raw_path(req.target);
            keep_alive = false;
        } else if (auto built = request_from_message(std::move(message), remote)) {
            req = std::move(*built);
            if (auto quick = invoke_fast_handler(req)) {
                res = std::move(*quick);
            } else {
                res = co_await async_call_handler(req, asio::use_awaitable);
            }
            logged_path = req.path;
        } else {
            res = error_response(400, "bad_request", "Ogiltig sökväg eller frågesträng");
            logged_path = raw_path(req.target);
        }

        keep_alive = keep_alive && !stopping && !wants_close(res);
        auto result = co_await write_response(stream, res, version, head, keep_alive);
        log_request(req.method, logged_path, res.status, result.body_bytes);
        if (result.ec) co_return;
        if (!keep_alive) {
            co_await close_gracefully(stream);
            co_return;
        }
    }
}

asio::awaitable<WriteResult> Server::Impl::write_response(beast::tcp_stream& stream, Response& res,
                                                          unsigned version, bool head,
                                                          bool keep_alive) {
    if (res.status < 200 || res.status > 599) {
        // 1xx would change the connection's framing; anything else is not HTTP.
        log_error("handler returned invalid status " + std::to_string(res.status));
        res = internal_error();
    }
    bhttp::response_header<> header;
    header.version(version == 10 ? 10 : 11);
    header.result(static_cast<unsigned>(res.status));
    header.set(bhttp::field::server, "styrkort");
    if (!res.content_type.empty()) {
        if (valid_field_value(res.content_type)) {
            header.set(bhttp::field::content_type, res.content_type);
        } else {
            log_error("dropping invalid Content-Type from handler");
        }
    }
    for (const auto& [name, value] : res.headers) {
        if (!valid_field_name(name) || !valid_field_value(value)) {
            log_error("dropping invalid response header from handler");
            continue;
        }
        // Framing and connection management belong to the server.
        if (iequals(name, "content-length") || iequals(name, "transfer-encoding") ||
            iequals(name, "connection") || iequals(name, "server")) {
            continue;
        }
        // The dedicated content_type member is the usual way, but a handler that
        // sets the header explicitly means to replace it rather than add a second.
        if (iequals(name, "content-type")) {
            header.set(bhttp::field::content_type, value);
        } else {
            header.insert(name, value);
        }
    }
    for (const auto& [name, value] : config.default_headers) {
        if (header.find(name) == header.end()) header.insert(name, value);
    }

    // RFC 9110 6.4.1 / 8.6: these never have a body, and 204 must not carry a length.
    const bool bodiless_status = res.status == 204 || res.status == 304;
    stream.expires_after(config.write_timeout);
    if (head || bodiless_status) {
        bhttp::response<bhttp::empty_body> message(std::move(header));
        message.keep_alive(keep_alive);
        // HEAD advertises the length that GET would have sent.
        if (!bodiless_status) message.content_length(res.body.size());
        auto [ec, n] = co_await bhttp::async_write(stream, message, use_tuple);
        co_return WriteResult{ec, 0};
    }
    bhttp::response<bhttp::string_body> message(std::move(header), std::move(res.body));
    message.keep_alive(keep_alive);
    message.content_length(message.body().size());
    const std::size_t body_bytes = message.body().size();
    auto [ec, n] = co_await bhttp::async_write(stream, message, use_tuple);
    co_return WriteResult{ec, ec ? 0 : body_bytes};
}

asio::awaitable<void> Server::Impl::close_gracefully(beast::tcp_stream& stream) {
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    // Closing with unread request bytes (e.g. the rest of a too-large body) makes the
    // kernel send a RST, which can destroy our response before the client reads it.
    // So read until the client closes, within modest bounds.
    stream.expires_after(std::min<std::chrono::milliseconds>(kDrainTimeout, config.read_timeout));
    std::array<char, 4096> scratch{};
    std::size_t drained = 0;
    while (drained < kDrainMaxBytes) {
        auto [ec, n] = co_await stream.async_read_some(asio::buffer(scratch), use_tuple);
        if (ec) break;
        drained += n;
    }
    stream.close();
}

Server::Server(ServerConfig config, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(handler))) {}

Server::~Server() = default;

void Server::listen() { impl_->listen(); }

std::uint16_t Server::port() const { return impl_->bound_port; }

void Server::run(bool handle_signals) { impl_->run(handle_signals); }

void Server::stop() {
    Impl* impl = impl_.get();
    asio::post(impl->control, [impl] { impl->begin_shutdown(); });
}

}  // namespace styrkort::http
