// End-to-end tests over real loopback sockets. Assertions are about order and
// content, never about how long something took, so a slow machine cannot make them
// fail; timeouts below only turn a hang into a failure.
#include "http/server.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <future>
#include <mutex>
#include <random>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace styrkort::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

// Generous: only reached if something hangs.
constexpr auto kClientTimeout = 20s;

using ClientResponse = bhttp::response<bhttp::string_body>;

// A blocking client built on async operations plus run_for, so that every wait has
// a deadline and a broken server fails the test instead of hanging it.
class Client {
public:
    explicit Client(std::uint16_t port) {
        run([&](auto done) {
            stream_.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), done);
        });
    }

    void send_raw(std::string_view data) {
        run([&](auto done) { asio::async_write(stream_, asio::buffer(data), done); });
    }

    void send(bhttp::request<bhttp::string_body> req) {
        req.prepare_payload();
        run([&](auto done) { bhttp::async_write(stream_, req, done); });
    }

    ClientResponse read_response(bool head = false) {
        bhttp::response_parser<bhttp::string_body> parser;
        parser.skip(head);
        parser.body_limit(boost::none);
        run([&](auto done) { bhttp::async_read(stream_, buffer_, parser, done); });
        return parser.release();
    }

    ClientResponse request(bhttp::verb method, std::string target, std::string body = {},
                           unsigned version = 11) {
        bhttp::request<bhttp::string_body> req{method, target, version};
        req.set(bhttp::field::host, "127.0.0.1");
        req.body() = std::move(body);
        send(std::move(req));
        return read_response(method == bhttp::verb::head);
    }

    ClientResponse get(std::string target) { return request(bhttp::verb::get, std::move(target)); }

    // Tells the server we will send nothing more, as a client that is done would.
    void shutdown_send() { stream_.socket().shutdown(tcp::socket::shutdown_send); }

    // Reads until the server closes; returns what arrived (after anything buffered).
    // Throws if the server does not close within the client timeout.
    std::string read_until_closed() {
        std::string out(static_cast<const char*>(buffer_.data().data()), buffer_.size());
        buffer_.consume(buffer_.size());
        for (;;) {
            std::array<char, 4096> chunk{};
            beast::error_code ec;
            std::size_t n = 0;
            stream_.expires_after(kClientTimeout);
            stream_.async_read_some(asio::buffer(chunk), [&](beast::error_code e, std::size_t k) {
                ec = e;
                n = k;
            });
            ioc_.restart();
            ioc_.run();
            out.append(chunk.data(), n);
            if (ec == beast::error::timeout)
                throw std::runtime_error("server did not close the connection");
            if (ec) return out;  // EOF or reset: closed
        }
    }

private:
    template <typename Start>
    void run(Start start) {
        beast::error_code result;
        bool finished = false;
        stream_.expires_after(kClientTimeout);
        start([&](beast::error_code ec, auto&&...) {
            result = ec;
            finished = true;
        });
        ioc_.restart();
        ioc_.run();
        if (!finished) throw std::runtime_error("client operation did not complete");
        if (result) throw beast::system_error(result);
    }

    asio::io_context ioc_;
    beast::tcp_stream stream_{ioc_};
    beast::flat_buffer buffer_;
};

// Runs a Server on a background thread for the duration of a test.
class RunningServer {
public:
    RunningServer(ServerConfig config, Handler handler)
        : server_(adjust(std::move(config)), std::move(handler)) {
        server_.listen();
        thread_ = std::thread([this] {
            server_.run(false);
            returned_ = true;
        });
    }
    ~RunningServer() { stop_and_join(); }
    RunningServer(const RunningServer&) = delete;
    RunningServer& operator=(const RunningServer&) = delete;

    std::uint16_t port() const { return server_.port(); }
    Server& server() { return server_; }
    void stop_and_join() {
        if (!thread_.joinable()) return;
        server_.stop();
        thread_.join();
    }
    bool returned() const { return returned_; }

private:
    static ServerConfig adjust(ServerConfig c) {
        c.address = "127.0.0.1";
        c.port = 0;
        return c;
    }
    Server server_;
    std::thread thread_;
    std::atomic<bool> returned_{false};
};

// A one-shot latch with a deadline, for making handler and test threads meet.
class Gate {
public:
    void open() {
        {
            const std::lock_guard lock(mutex_);
            open_ = true;
        }
        cv_.notify_all();
    }
    bool wait() {
        std::unique_lock lock(mutex_);
        return cv_.wait_for(lock, kClientTimeout, [&] { return open_; });
    }
    bool is_open() {
        const std::lock_guard lock(mutex_);
        return open_;
    }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    bool open_ = false;
};

Response text(std::string body, int status = 200) {
    Response r;
    r.status = status;
    r.content_type = "text/plain";
    r.body = std::move(body);
    return r;
}

std::string json_error_code(const std::string& body) {
    return std::string(boost::json::parse(body).at("error").at("code").as_string());
}

TEST(HttpServer, GetReturnsHandlerResponse) {
    std::mutex mutex;
    Request seen;
    RunningServer srv({}, [&](const Request& req) {
        {
            const std::lock_guard lock(mutex);
            seen = req;
        }
        Response r = text("hello", 201);
        r.headers.emplace_back("X-Test", "yes");
        return r;
    });
    Client client(srv.port());
    bhttp::request<bhttp::string_body> req{bhttp::verb::get, "/greet?name=x", 11};
    req.set(bhttp::field::host, "127.0.0.1");
    req.set("X-Custom-Header", "abc");
    client.send(req);
    auto res = client.read_response();

    EXPECT_EQ(res.result_int(), 201);
    EXPECT_EQ(res.body(), "hello");
    EXPECT_EQ(res[bhttp::field::content_type], "text/plain");
    EXPECT_EQ(res[bhttp::field::content_length], "5");
    EXPECT_EQ(res[bhttp::field::server], "styrkort");
    EXPECT_EQ(res["X-Test"], "yes");

    const std::lock_guard lock(mutex);
    EXPECT_EQ(seen.method, "GET");
    EXPECT_EQ(seen.target, "/greet?name=x");
    EXPECT_EQ(seen.path, "/greet");
    EXPECT_EQ(seen.query.at("name"), "x");
    EXPECT_EQ(seen.header("x-custom-header"), "abc");
    EXPECT_EQ(seen.header("host"), "127.0.0.1");
    EXPECT_EQ(seen.remote_address, "127.0.0.1");
}

TEST(HttpServer, PostBodyReachesHandler) {
    RunningServer srv({}, [](const Request& req) { return text(req.method + ":" + req.body); });
    Client client(srv.port());
    auto res = client.request(bhttp::verb::post, "/echo", "payload");
    EXPECT_EQ(res.body(), "POST:payload");
}

TEST(HttpServer, KeepAliveServesThreeRequestsOnOneConnection) {
    std::atomic<int> calls{0};
    RunningServer srv({},
                      [&](const Request& req) { return text(req.path + std::to_string(++calls)); });
    Client client(srv.port());
    for (int i = 1; i <= 3; ++i) {
        auto res = client.get("/n");
        EXPECT_EQ(res.result_int(), 200);
        EXPECT_EQ(res.body(), "/n" + std::to_string(i));
        EXPECT_TRUE(res.keep_alive());
    }
}

TEST(HttpServer, PipelinedRequestsAreAnsweredInOrder) {
    RunningServer srv({}, [](const Request& req) { return text(req.path); });
    Client client(srv.port());
    client.send_raw(
        "GET /first HTTP/1.1\r\nHost: x\r\n\r\nGET /second HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(client.read_response().body(), "/first");
    EXPECT_EQ(client.read_response().body(), "/second");
}

TEST(HttpServer, Http10ClosesUnlessKeepAliveAsked) {
    RunningServer srv({}, [](const Request&) { return text("ten"); });
    {
        Client client(srv.port());
        client.send_raw("GET / HTTP/1.0\r\n\r\n");
        auto res = client.read_response();
        EXPECT_EQ(res.version(), 10);
        EXPECT_EQ(res.body(), "ten");
        EXPECT_FALSE(res.keep_alive());
        EXPECT_EQ(client.read_until_closed(), "");
    }
    {
        Client client(srv.port());
        client.send_raw("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        EXPECT_TRUE(client.read_response().keep_alive());
        client.send_raw("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        EXPECT_EQ(client.read_response().body(), "ten");
    }
}

TEST(HttpServer, BodyOverLimitGets413AndHandlerNotCalled) {
    std::atomic<int> calls{0};
    ServerConfig config;
    config.max_body_bytes = 16;
    RunningServer srv(config, [&](const Request&) {
        ++calls;
        return text("no");
    });
    {
        Client client(srv.port());
        auto res = client.request(bhttp::verb::post, "/upload", std::string(100, 'x'));
        EXPECT_EQ(res.result_int(), 413);
        EXPECT_EQ(json_error_code(res.body()), "payload_too_large");
        EXPECT_FALSE(res.keep_alive());
    }
    {
        // Chunked bodies have no length up front; the limit must hold while reading.
        Client client(srv.port());
        client.send_raw(
            "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            "a\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n");
        auto res = client.read_response();
        EXPECT_EQ(res.result_int(), 413);
    }
    {
        Client client(srv.port());
        auto res = client.request(bhttp::verb::post, "/upload", std::string(16, 'x'));
        EXPECT_EQ(res.result_int(), 200);
    }
    EXPECT_EQ(calls.load(), 1);
}

TEST(HttpServer, HeaderOverLimitGets431) {
    std::atomic<int> calls{0};
    ServerConfig config;
    config.max_header_bytes = 1024;
    RunningServer srv(config, [&](const Request&) {
        ++calls;
        return text("no");
    });
    Client client(srv.port());
    client.send_raw("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4096, 'a') + "\r\n\r\n");
    auto res = client.read_response();
    EXPECT_EQ(res.result_int(), 431);
    EXPECT_EQ(calls.load(), 0);
}

TEST(HttpServer, MalformedRequestLineGets400AndClose) {
    std::atomic<int> calls{0};
    RunningServer srv({}, [&](const Request&) {
        ++calls;
        return text("no");
    });
    for (const char* bad :
         {"GARBAGE\r\n\r\n", "GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n", "GET / HTTX/1.1\r\n\r\n",
          "GET / HTTP/1.1\r\nBad Header\r\n\r\n", "G@T / HTTP/1.1\r\n\r\n"}) {
        Client client(srv.port());
        client.send_raw(bad);
        auto res = client.read_response();
        EXPECT_EQ(res.result_int(), 400) << bad;
        EXPECT_EQ(json_error_code(res.body()), "bad_request") << bad;
        EXPECT_EQ(client.read_until_closed(), "") << bad;
    }
    EXPECT_EQ(calls.load(), 0);
}

TEST(HttpServer, HandlerExceptionGives500Json) {
    RunningServer srv({}, [](const Request& req) -> Response {
        if (req.path == "/boom") throw std::runtime_error("database on fire");
        return text("fine");
    });
    Client client(srv.port());
    auto res = client.get("/boom");
    EXPECT_EQ(res.result_int(), 500);
    EXPECT_EQ(res[bhttp::field::content_type], "application/json");
    EXPECT_EQ(res.body(), R"({"error":{"code":"internal","message":"Internt serverfel"}})");
    // The connection and the server survive.
    EXPECT_EQ(client.get("/ok").body(), "fine");
}

TEST(HttpServer, SlowHandlerDoesNotBlockFastRequest) {
    // One I/O thread: if handlers ran on it, the fast request could not be served
    // while the slow handler waits, and the slow handler would time out waiting for it.
    Gate fast_answered;
    Gate slow_started;
    std::mutex order_mutex;
    std::vector<std::string> completed;
    ServerConfig config;
    config.io_threads = 1;
    config.worker_threads = 2;
    RunningServer srv(config, [&](const Request& req) {
        if (req.path == "/slow") {
            slow_started.open();
            const bool ok = fast_answered.wait();
            return text(ok ? "slow" : "slow-timed-out");
        }
        return text("fast");
    });

    auto slow = std::async(std::launch::async, [&] {
        Client client(srv.port());
        auto res = client.get("/slow");
        const std::lock_guard lock(order_mutex);
        completed.push_back(res.body());
        return res.body();
    });
    ASSERT_TRUE(slow_started.wait());
    {
        Client client(srv.port());
        auto res = client.get("/fast");
        EXPECT_EQ(res.body(), "fast");
        const std::lock_guard lock(order_mutex);
        completed.push_back(res.body());
    }
    fast_answered.open();
    EXPECT_EQ(slow.get(), "slow");
    ASSERT_EQ(completed.size(), 2U);
    EXPECT_EQ(completed[0], "fast");
    EXPECT_EQ(completed[1], "slow");
}

TEST(HttpServer, SlowSleepingHandlerFinishesAfterConcurrentFastOne) {
    // The plain version of the test above: a 300 ms sleep, and only the order of
    // completion is asserted.
    std::mutex order_mutex;
    std::vector<std::string> completed;
    Gate slow_started;
    ServerConfig config;
    config.io_threads = 1;
    RunningServer srv(config, [&](const Request& req) {
        if (req.path == "/slow") {
            slow_started.open();
            std::this_thread::sleep_for(300ms);
            return text("slow");
        }
        return text("fast");
    });
    auto record = [&](std::string target) {
        Client client(srv.port());
        auto body = client.get(std::move(target)).body();
        const std::lock_guard lock(order_mutex);
        completed.push_back(body);
    };
    auto slow = std::async(std::launch::async, record, "/slow");
    ASSERT_TRUE(slow_started.wait());
    record("/fast");
    slow.get();
    ASSERT_EQ(completed.size(), 2U);
    EXPECT_EQ(completed[0], "fast");
    EXPECT_EQ(completed[1], "slow");
}

// Waits until the server no longer accepts connections, i.e. shutdown has begun.
bool wait_until_refusing(std::uint16_t port) {
    const auto deadline = std::chrono::steady_clock::now() + kClientTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
        try {
            Client probe(port);
        } catch (const std::exception&) {
            return true;
        }
        std::this_thread::sleep_for(10ms);
    }
    return false;
}

TEST(HttpServer, StopLetsInFlightRequestFinish) {
    Gate started;
    Gate release;
    RunningServer srv({}, [&](const Request&) {
        started.open();
        release.wait();
        return text(std::string(100000, 'z'));
    });
    auto in_flight = std::async(std::launch::async, [&] {
        Client client(srv.port());
        auto res = client.get("/slow");
        auto rest = client.read_until_closed();
        return std::make_pair(res, rest);
    });
    ASSERT_TRUE(started.wait());
    std::thread stopper([&] { srv.stop_and_join(); });
    ASSERT_TRUE(wait_until_refusing(srv.port()));
    EXPECT_FALSE(srv.returned());  // still waiting for the in-flight request
    release.open();
    auto [res, rest] = in_flight.get();
    stopper.join();
    EXPECT_TRUE(srv.returned());
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(res.body(), std::string(100000, 'z'));
    EXPECT_FALSE(res.keep_alive());  // Connection: close during shutdown
    EXPECT_EQ(res[bhttp::field::connection], "close");
    EXPECT_EQ(rest, "");
}

TEST(HttpServer, StopClosesIdleKeepAliveConnections) {
    RunningServer srv({}, [](const Request&) { return text("x"); });
    Client client(srv.port());
    EXPECT_TRUE(client.get("/").keep_alive());
    srv.stop_and_join();
    EXPECT_TRUE(srv.returned());
    EXPECT_EQ(client.read_until_closed(), "");
}

TEST(HttpServer, StopBeforeRunReturnsAtOnce) {
    Server server({.address = "127.0.0.1", .port = 0}, [](const Request&) { return text("x"); });
    server.listen();
    EXPECT_NE(server.port(), 0);
    server.stop();
    server.run(false);  // must not block
}

TEST(HttpServer, ShutdownGraceBoundsRun) {
    Gate started;
    Gate release;
    ServerConfig config;
    config.shutdown_grace = 1s;
    std::future<void> in_flight;
    {
        RunningServer srv(config, [&](const Request&) {
            started.open();
            release.wait();
            return text("late");
        });
        in_flight = std::async(std::launch::async, [port = srv.port()] {
            try {
                Client client(port);
                client.get("/stuck");
            } catch (const std::exception&) {
                // Expected: the connection is dropped without a response.
            }
        });
        ASSERT_TRUE(started.wait());
        srv.stop_and_join();  // returns after the grace period, handler still blocked
        EXPECT_TRUE(srv.returned());
        EXPECT_FALSE(release.is_open());
        release.open();
    }  // destroying the server waits for the handler, then drops the connection
    in_flight.get();
}

TEST(HttpServer, SigtermStopsRunWhenHandlingSignals) {
    Server server({.address = "127.0.0.1", .port = 0}, [](const Request&) { return text("x"); });
    server.listen();
    std::thread runner([&] { server.run(true); });
    {
        // A served request proves run() is up, and it installs the signal handlers
        // before serving; raising SIGTERM earlier would kill the test process.
        Client client(server.port());
        EXPECT_EQ(client.get("/").body(), "x");
    }
    ASSERT_EQ(::kill(::getpid(), SIGTERM), 0);
    runner.join();  // hangs (and times out) if the signal was not handled
}

TEST(HttpServer, ManyConcurrentClientsWithSeveralIoThreads) {
    ServerConfig config;
    config.io_threads = 2;
    config.worker_threads = 3;
    RunningServer srv(config,
                      [](const Request& req) { return text(req.path + "?" + req.query.at("i")); });
    std::vector<std::future<int>> clients;
    for (int c = 0; c < 8; ++c) {
        clients.push_back(std::async(std::launch::async, [&, c] {
            Client client(srv.port());
            int ok = 0;
            for (int i = 0; i < 25; ++i) {
                const std::string path = "/c" + std::to_string(c);
                if (client.get(path + "?i=" + std::to_string(i)).body() ==
                    path + "?" + std::to_string(i))
                    ++ok;
            }
            return ok;
        }));
    }
    for (auto& f : clients) EXPECT_EQ(f.get(), 25);
}

TEST(HttpServer, AccessLogLineIsJsonWithFields) {
    std::ostringstream log;
    ServerConfig config;
    config.access_log = &log;
    RunningServer srv(config, [](const Request&) { return text("12345"); });
    {
        Client client(srv.port());
        client.get("/x?token=secret123&password=hunter2");
        client.send_raw("GET /bad%zz HTTP/1.1\r\nHost: x\r\n\r\n");
        EXPECT_EQ(client.read_response().result_int(), 400);
    }
    srv.stop_and_join();  // the log is only read once no server thread writes to it

    std::istringstream lines(log.str());
    std::string line;
    std::vector<boost::json::object> entries;
    while (std::getline(lines, line)) entries.push_back(boost::json::parse(line).as_object());
    ASSERT_EQ(entries.size(), 2U);
    const auto& e = entries[0];
    EXPECT_TRUE(std::regex_match(std::string(e.at("ts").as_string()),
                                 std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
    EXPECT_EQ(e.at("remote").as_string(), "127.0.0.1");
    EXPECT_EQ(e.at("method").as_string(), "GET");
    EXPECT_EQ(e.at("path").as_string(), "/x");
    EXPECT_EQ(e.at("status").as_int64(), 200);
    EXPECT_EQ(e.at("bytes").as_int64(), 5);
    EXPECT_GE(e.at("ms").to_number<double>(), 0.0);
    EXPECT_EQ(entries[1].at("status").as_int64(), 400);
    EXPECT_EQ(entries[1].at("path").as_string(), "/bad%zz");
    EXPECT_EQ(log.str().find("secret123"), std::string::npos);
    EXPECT_EQ(log.str().find("hunter2"), std::string::npos);
}

TEST(HttpServer, QueryIsDecoded) {
    std::mutex mutex;
    std::map<std::string, std::string> seen;
    RunningServer srv({}, [&](const Request& req) {
        const std::lock_guard lock(mutex);
        seen = req.query;
        return text("ok");
    });
    Client client(srv.port());
    client.get("/s?q=hello%20world&plus=a+b&x=1&x=2&empty=&%C3%A5=%C3%A4");
    const std::lock_guard lock(mutex);
    EXPECT_EQ(seen.at("q"), "hello world");
    EXPECT_EQ(seen.at("plus"), "a b");
    EXPECT_EQ(seen.at("x"), "2");
    EXPECT_EQ(seen.at("empty"), "");
    EXPECT_EQ(seen.at("\xC3\xA5"), "\xC3\xA4");
}

TEST(HttpServer, PathIsPercentDecoded) {
    RunningServer srv({}, [](const Request& req) { return text(req.path); });
    Client client(srv.port());
    EXPECT_EQ(client.get("/api/v1/%C3%A5r%20x").body(), "/api/v1/\xC3\xA5r x");
}

TEST(HttpServer, BadPathEncodingGets400Json) {
    std::atomic<int> calls{0};
    RunningServer srv({}, [&](const Request&) {
        ++calls;
        return text("no");
    });
    Client client(srv.port());
    for (const char* target :
         {"/a%zz", "/a%00b", "/a%C3", "/a%ED%A0%80", "/x?q=%FF", "/a\xff\xfe"}) {
        client.send_raw(std::string("GET ") + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
        auto res = client.read_response();
        EXPECT_EQ(res.result_int(), 400) << target;
        EXPECT_EQ(json_error_code(res.body()), "bad_request") << target;
    }
    EXPECT_EQ(calls.load(), 0);
}

TEST(HttpServer, HeadHasNoBody) {
    RunningServer srv(
        {}, [](const Request& req) { return text(req.method == "HEAD" ? "body!" : "get body"); });
    Client client(srv.port());
    auto head = client.request(bhttp::verb::head, "/");
    EXPECT_EQ(head.result_int(), 200);
    EXPECT_EQ(head[bhttp::field::content_length], "5");
    EXPECT_EQ(head.body(), "");
    // Had the server sent body bytes after the HEAD response, they would corrupt
    // the next response on the same connection.
    EXPECT_EQ(client.get("/").body(), "get body");
}

TEST(HttpServer, NoContentHasNoBodyOrLength) {
    RunningServer srv({}, [](const Request&) { return text("ignored", 204); });
    Client client(srv.port());
    auto res = client.get("/");
    EXPECT_EQ(res.result_int(), 204);
    EXPECT_EQ(res.count(bhttp::field::content_length), 0U);
    EXPECT_EQ(client.get("/").result_int(), 204);
}

TEST(HttpServer, HeaderInjectionFromHandlerIsDropped) {
    RunningServer srv({}, [](const Request&) {
        Response r = text("ok");
        r.headers.emplace_back("X-Evil", "a\r\nSet-Cookie: x=1");
        r.headers.emplace_back("Bad Name", "v");
        r.headers.emplace_back("X-Good", "fine");
        return r;
    });
    Client client(srv.port());
    auto res = client.get("/");
    EXPECT_EQ(res.count("Set-Cookie"), 0U);
    EXPECT_EQ(res.count("X-Evil"), 0U);
    EXPECT_EQ(res["X-Good"], "fine");
}

TEST(HttpServer, ExpectContinueGetsInterimResponse) {
    RunningServer srv({}, [](const Request& req) { return text(req.body); });
    Client client(srv.port());
    client.send_raw(
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
    EXPECT_EQ(client.read_response().result_int(), 100);
    client.send_raw("data");
    EXPECT_EQ(client.read_response().body(), "data");
}

TEST(HttpServer, IncompleteRequestIsClosedAfterReadTimeout) {
    ServerConfig config;
    config.read_timeout = 1s;
    RunningServer srv(config, [](const Request&) { return text("x"); });
    Client client(srv.port());
    client.send_raw("GET / HTTP/1.1\r\nHost: x\r\n");  // never finished
    EXPECT_NO_THROW(client.read_until_closed());
}

TEST(HttpServer, IdleKeepAliveIsClosedAfterIdleTimeout) {
    ServerConfig config;
    config.idle_timeout = 1s;
    RunningServer srv(config, [](const Request&) { return text("x"); });
    Client client(srv.port());
    EXPECT_TRUE(client.get("/").keep_alive());
    EXPECT_EQ(client.read_until_closed(), "");
}

TEST(HttpServer, SurvivesArbitraryBytes) {
    std::atomic<int> calls{0};
    ServerConfig config;
    config.read_timeout = 1s;
    config.max_header_bytes = 2048;
    config.max_body_bytes = 1024;
    RunningServer srv(config, [&](const Request& req) {
        ++calls;
        return text(req.path);
    });
    std::mt19937 rng(12345);  // fixed seed: the same inputs every run
    const std::vector<std::string> prefixes = {
        "",
        "GET /",
        "POST / HTTP/1.1\r\nContent-Length: ",
        "GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
        "GET /%",
        "GET / HTTP/1.1\r\nHost: x\r\n"};
    for (int i = 0; i < 120; ++i) {
        std::string input = prefixes[static_cast<std::size_t>(i) % prefixes.size()];
        const auto len = std::uniform_int_distribution<int>(0, 300)(rng);
        for (int k = 0; k < len; ++k) {
            // Mostly printable, with CR/LF and high bytes mixed in.
            const int pick = std::uniform_int_distribution<int>(0, 9)(rng);
            char c = pick == 0   ? '\r'
                     : pick == 1 ? '\n'
                     : pick == 2
                         ? static_cast<char>(std::uniform_int_distribution<int>(128, 255)(rng))
                         : static_cast<char>(std::uniform_int_distribution<int>(32, 126)(rng));
            input.push_back(c);
        }
        input += "\r\n\r\n";
        Client client(srv.port());
        try {
            client.send_raw(input);
            client.shutdown_send();
            (void)client.read_until_closed();
        } catch (const std::exception&) {
            // A reset or a still-open connection is fine; a crash is not.
        }
    }
    Client client(srv.port());
    EXPECT_EQ(client.get("/still-alive").body(), "/still-alive");
}

// The fast handler (ServerConfig::fast_handler) answers on the I/O thread what it can;
// the worker pool's handler is not called for those, and is for everything declined.
TEST(HttpServer, FastHandlerAnswersOrDeclines) {
    std::ostringstream log;
    std::atomic<int> pool_calls{0};
    std::atomic<int> fast_calls{0};
    ServerConfig config;
    config.access_log = &log;
    config.default_headers = {{"X-Content-Type-Options", "nosniff"}};
    config.fast_handler = [&](const Request& req) -> std::optional<Response> {
        ++fast_calls;
        if (req.path == "/throws") throw std::runtime_error("boom");
        if (req.path != "/cached") return std::nullopt;
        auto r = text("from cache");
        r.headers.emplace_back("ETag", "\"t\"");
        return r;
    };
    RunningServer srv(config, [&](const Request& req) {
        ++pool_calls;
        return text("computed " + req.path);
    });
    {
        Client client(srv.port());
        auto cached = client.get("/cached");
        EXPECT_EQ(cached.result_int(), 200);
        EXPECT_EQ(cached.body(), "from cache");
        EXPECT_EQ(cached["ETag"], "\"t\"");
        EXPECT_EQ(cached["X-Content-Type-Options"], "nosniff");  // the same default headers as any answer
        EXPECT_EQ(pool_calls.load(), 0);
        EXPECT_EQ(client.get("/other").body(), "computed /other");
        EXPECT_EQ(pool_calls.load(), 1);
        // A fast handler that throws declines: the request is answered the usual way.
        EXPECT_EQ(client.get("/throws").body(), "computed /throws");
        EXPECT_EQ(pool_calls.load(), 2);
        // Keep-alive works across both ways of answering.
        EXPECT_EQ(client.get("/cached").body(), "from cache");
        EXPECT_EQ(pool_calls.load(), 2);
        EXPECT_EQ(fast_calls.load(), 4);
    }
    srv.stop_and_join();
    // Every answer, fast or not, is in the access log.
    std::istringstream lines(log.str());
    std::string line;
    std::vector<std::string> paths;
    while (std::getline(lines, line)) paths.emplace_back(boost::json::parse(line).at("path").as_string());
    EXPECT_EQ(paths, (std::vector<std::string>{"/cached", "/other", "/throws", "/cached"}));
}

}  // namespace
}  // namespace styrkort::http
