#include "connection.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/as_tuple.hpp>

namespace styrkort::load {
namespace {

// Long: when every manager signs in at once, the last waits for all the Argon2id before it.
constexpr auto request_timeout = std::chrono::seconds(900);
constexpr auto use = asio::as_tuple(asio::use_awaitable);

}  // namespace

void Connection::close() {
    beast::error_code ignored;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    stream_.close();
    open_ = false;
    buffer_.clear();
}

void Connection::keep_cookies(const http::response<http::string_body>& res) {
    auto [from, to] = res.equal_range(http::field::set_cookie);
    for (auto it = from; it != to; ++it) {
        std::string text(it->value());
        auto end = text.find(';');
        auto pair = text.substr(0, end);
        auto eq = pair.find('=');
        if (eq == std::string::npos) continue;
        auto name = pair.substr(0, eq);
        auto value = pair.substr(eq + 1);
        if (value.empty()) {
            cookies_.erase(name);
        } else {
            cookies_[name] = value;
        }
    }
}

// false: the connection failed before an answer (the caller may retry once on a fresh one).
asio::awaitable<bool> Connection::exchange(http::request<http::string_body>& req, http::response<http::string_body>& res) {
    if (!open_) {
        stream_.expires_after(request_timeout);
        auto [ec] = co_await stream_.async_connect(endpoint_, use);
        if (ec) co_return false;
        stream_.socket().set_option(asio::ip::tcp::no_delay(true));
        open_ = true;
        // Beast reads as much as the buffer has room for (at least 512 bytes): without room
        // a 44 KB answer takes ~90 reads; with it, a few.
        buffer_.reserve(256 * 1024);
    }
    stream_.expires_after(request_timeout);
    auto [wec, wn] = co_await http::async_write(stream_, req, use);
    if (wec) {
        close();
        co_return false;
    }
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    auto [rec, rn] = co_await http::async_read(stream_, buffer_, parser, use);
    if (rec) {
        close();
        co_return false;
    }
    res = parser.release();
    if (!res.keep_alive()) close();
    co_return true;
}

asio::awaitable<Answer> Connection::request(http::verb method, const std::string& target, const std::string& body,
                                            std::optional<std::int64_t> if_match) {
    http::request<http::string_body> req{method, target, 11};
    req.set(http::field::host, host_);
    req.set(http::field::accept, "application/json");
    req.set(http::field::accept_language, "sv");
    req.set(http::field::user_agent, "styrkort-load");
    std::string cookie_header;
    for (const auto& [name, value] : cookies_) cookie_header += (cookie_header.empty() ? "" : "; ") + name + "=" + value;
    if (!cookie_header.empty()) req.set(http::field::cookie, cookie_header);
    if (method != http::verb::get && method != http::verb::head) {
        req.set(http::field::origin, "http://" + host_);
        if (auto csrf = cookie("styrkort_csrf"); !csrf.empty()) req.set("X-CSRF-Token", csrf);
    }
    if (if_match) req.set(http::field::if_match, "\"" + std::to_string(*if_match) + "\"");
    if (!body.empty()) {
        req.set(http::field::content_type, "application/json");
        req.body() = body;
    }
    req.prepare_payload();
    req.keep_alive(true);

    Answer answer;
    auto started = std::chrono::steady_clock::now();
    http::response<http::string_body> res;
    bool reused = open_;
    bool got = co_await exchange(req, res);
    // A keep-alive connection the proxy closed while we were thinking: once more, fresh.
    if (!got && reused) got = co_await exchange(req, res);
    answer.took = std::chrono::steady_clock::now() - started;
    if (!got) co_return answer;
    keep_cookies(res);
    answer.status = static_cast<int>(res.result_int());
    answer.body = std::move(res.body());
    co_return answer;
}

}  // namespace styrkort::load
