#include "http/client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>

#include <openssl/ssl.h>

namespace styrkort::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

struct Target {
    bool tls = false;
    std::string host;
    std::string port;
    std::string path_and_query;
};

Target parse_target(const std::string& url) {
    auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed) throw FetchError("not an absolute URL: " + url);
    Target t;
    auto scheme = std::string(parsed->scheme());
    if (scheme != "http" && scheme != "https") throw FetchError("only http and https URLs can be fetched: " + url);
    t.tls = scheme == "https";
    t.host = std::string(parsed->host_address());
    if (t.host.empty()) throw FetchError("the URL names no host: " + url);
    t.port = parsed->has_port() ? std::string(parsed->port()) : (t.tls ? "443" : "80");
    t.path_and_query = std::string(parsed->encoded_path());
    if (t.path_and_query.empty()) t.path_and_query = "/";
    if (parsed->has_query()) t.path_and_query += "?" + std::string(parsed->encoded_query());
    return t;
}

template <class Stream>
FetchResponse exchange(Stream& stream, const Target& t, const FetchRequest& r) {
    bhttp::request<bhttp::string_body> req;
    req.method_string(r.method);
    req.target(t.path_and_query);
    req.version(11);
    bool default_port = t.port == (t.tls ? "443" : "80");
    req.set(bhttp::field::host, default_port ? t.host : t.host + ":" + t.port);
    req.set(bhttp::field::user_agent, "styrkort");
    req.set(bhttp::field::connection, "close");
    for (const auto& [name, value] : r.headers) req.set(name, value);
    if (!r.body.empty() || r.method == "POST") {
        req.body() = r.body;
        req.prepare_payload();
    }
    bhttp::write(stream, req);
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(r.max_body);
    bhttp::read(stream, buffer, parser);
    auto& res = parser.get();
    return {static_cast<int>(res.result_int()), std::string(res[bhttp::field::content_type]), std::move(res.body())};
}

}  // namespace

FetchResponse fetch(const FetchRequest& r) {
    auto t = parse_target(r.url);
    try {
        asio::io_context ioc;
        tcp::resolver resolver(ioc);
        auto endpoints = resolver.resolve(t.host, t.port);
        if (!t.tls) {
            beast::tcp_stream stream(ioc);
            stream.expires_after(r.timeout);
            stream.connect(endpoints);
            auto out = exchange(stream, t, r);
            beast::error_code ignored;
            stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
            return out;
        }
        // TLS: the system's trusted roots, the peer's certificate verified and its name
        // checked against the host; SNI sent.
        asio::ssl::context ctx(asio::ssl::context::tls_client);
        ctx.set_default_verify_paths();
        ctx.set_verify_mode(asio::ssl::verify_peer);
        beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
        if (!SSL_set_tlsext_host_name(stream.native_handle(), t.host.c_str())) {
            throw FetchError("could not set the TLS server name for " + t.host);
        }
        stream.set_verify_callback(asio::ssl::host_name_verification(t.host));
        beast::get_lowest_layer(stream).expires_after(r.timeout);
        beast::get_lowest_layer(stream).connect(endpoints);
        stream.handshake(asio::ssl::stream_base::client);
        auto out = exchange(stream, t, r);
        beast::error_code ignored;
        stream.shutdown(ignored);  // many servers just close; the response is complete already
        return out;
    } catch (const boost::system::system_error& e) {
        throw FetchError(r.method + " " + t.host + ":" + t.port + t.path_and_query.substr(0, t.path_and_query.find('?')) +
                         ": " + e.code().message());
    }
}

}  // namespace styrkort::http
