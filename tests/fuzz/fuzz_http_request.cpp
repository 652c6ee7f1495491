// HTTP request parsing and routing: the bytes a client sends, parsed by Beast with the
// server's own limits (http/server.hpp's ServerConfig), turned into a Request by the
// server's own code (http/request_builder.cpp) and handled by the API on a database
// with the shipped plans, as the server does it, minus the socket. GET, HEAD and
// OPTIONS also run as the local operator (every permission) so that the handlers
// behind the access gate see the input too; changes run only as the anonymous client
// (the gate refuses them before any write), so that one input never changes the
// database the next one sees. The answer must be an HTTP status a server may send,
// and not 500.
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "api/api.hpp"
#include "fuzz_database.hpp"
#include "http/request_builder.hpp"
#include "http/server.hpp"

namespace bhttp = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace styrkort;
    static storage::Database& db = fuzz::database(true);
    static const api::Api app(db);
    static const http::ServerConfig limits;

    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
    parser.body_limit(static_cast<std::uint64_t>(limits.max_body_bytes));
    parser.eager(true);
    boost::beast::error_code ec;
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    while (!ec && !bytes.empty() && !parser.is_done()) {
        auto used = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
        if (used == 0 && !ec) break;
        bytes.remove_prefix(used);
    }
    if (!ec && !parser.is_done()) parser.put_eof(ec);
    if (ec || !parser.is_done()) return 0;  // the server answers 400/413/431 without a handler
    auto message = parser.release();
    if (message.version() != 10 && message.version() != 11) return 0;  // 505
    auto request = http::request_from_message(std::move(message), "127.0.0.1");
    if (!request) return 0;  // 400
    auto check = [](const http::Response& res) {
        // 500 is the server's own failure: bad input must get a 4xx that says why.
        if (res.status < 200 || res.status > 599 || res.status == 500) {
            std::fprintf(stderr, "status %d: %s\n", res.status, res.body.c_str());
            std::abort();
        }
    };
    check(app.handle(*request));
    if (request->method == "GET" || request->method == "HEAD" || request->method == "OPTIONS") {
        request->user = "cli:fuzz";
        check(app.handle_as_operator(*request));
    }
    return 0;
}
