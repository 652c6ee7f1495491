#include "http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace styrkort::testing {
namespace {

// Only reached when something hangs.
constexpr int kTimeoutSeconds = 30;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool iequals(const std::string& a, const std::string& b) { return lower(a) == lower(b); }

std::runtime_error socket_error(const std::string& what) {
    return std::runtime_error("http client: " + what + ": " + std::strerror(errno));
}

class Socket {
public:
    Socket() : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
        if (fd_ < 0) throw socket_error("socket");
        timeval tv{kTimeoutSeconds, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        int one = 1;
        ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    ~Socket() { ::close(fd_); }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;

    void connect(const std::string& host, std::uint16_t port) {
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        if (::inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) {
            throw std::runtime_error("http client: not an IPv4 address: " + host);
        }
        if (::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) throw socket_error("connect");
    }

    // Sends everything it can. A server may answer early (413) and close while we are
    // still sending; that is not an error here, the response is what counts.
    void send_all(const std::string& data) {
        std::size_t sent = 0;
        while (sent < data.size()) {
            auto n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && (errno == EPIPE || errno == ECONNRESET)) return;
            if (n < 0) throw socket_error("send");
            sent += static_cast<std::size_t>(n);
        }
    }

    // Reads until the server closes the connection. A reset after some data counts as
    // the end (a server that closed with our unread bytes pending resets).
    std::string read_all() {
        std::string out;
        char buf[16384];
        for (;;) {
            auto n = ::recv(fd_, buf, sizeof buf, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && errno == ECONNRESET && !out.empty()) return out;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                throw std::runtime_error("http client: timed out waiting for the response");
            }
            if (n < 0) throw socket_error("recv");
            if (n == 0) return out;
            out.append(buf, static_cast<std::size_t>(n));
        }
    }

private:
    int fd_;
};

std::string decode_chunked(const std::string& data) {
    std::string out;
    std::size_t pos = 0;
    for (;;) {
        auto eol = data.find("\r\n", pos);
        if (eol == std::string::npos) throw std::runtime_error("http client: truncated chunked body");
        auto size = std::stoul(data.substr(pos, eol - pos), nullptr, 16);
        pos = eol + 2;
        if (size == 0) return out;
        if (pos + size > data.size()) throw std::runtime_error("http client: truncated chunk");
        out.append(data, pos, size);
        pos += size + 2;
    }
}

HttpResponse parse_response(const std::string& raw, bool head) {
    auto end = raw.find("\r\n\r\n");
    if (end == std::string::npos) throw std::runtime_error("http client: no complete response header: " + raw);
    HttpResponse res;
    auto line_end = raw.find("\r\n");
    auto status_line = raw.substr(0, line_end);
    if (status_line.rfind("HTTP/1.", 0) != 0 || status_line.size() < 12) {
        throw std::runtime_error("http client: bad status line: " + status_line);
    }
    res.status = std::stoi(status_line.substr(9, 3));
    std::size_t pos = line_end + 2;
    while (pos < end) {
        auto eol = raw.find("\r\n", pos);
        auto line = raw.substr(pos, eol - pos);
        auto colon = line.find(':');
        if (colon == std::string::npos) throw std::runtime_error("http client: bad header line: " + line);
        auto value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(" \t"));
        value.erase(value.find_last_not_of(" \t") + 1);
        res.headers.emplace_back(line.substr(0, colon), value);
        pos = eol + 2;
    }
    auto rest = raw.substr(end + 4);
    if (head || res.status == 204 || res.status == 304) return res;
    if (iequals(res.header("transfer-encoding"), "chunked")) {
        res.body = decode_chunked(rest);
    } else if (res.has_header("content-length")) {
        auto length = std::stoul(res.header("content-length"));
        if (rest.size() < length) throw std::runtime_error("http client: body shorter than Content-Length");
        res.body = rest.substr(0, length);
    } else {
        res.body = rest;
    }
    return res;
}

}  // namespace

std::string HttpResponse::header(const std::string& name) const {
    for (const auto& [n, v] : headers) {
        if (iequals(n, name)) return v;
    }
    return {};
}

bool HttpResponse::has_header(const std::string& name) const {
    return std::any_of(headers.begin(), headers.end(), [&](const auto& h) { return iequals(h.first, name); });
}

HttpClient::HttpClient(std::uint16_t port, std::string host) : port_(port), host_(std::move(host)) {}

HttpResponse HttpClient::request(const std::string& method, const std::string& target, const std::string& body,
                                 const HeaderList& headers) const {
    std::string req = method + " " + target + " HTTP/1.1\r\n";
    req += "Host: " + host_ + ":" + std::to_string(port_) + "\r\n";
    req += "Connection: close\r\n";
    for (const auto& [name, value] : headers) req += name + ": " + value + "\r\n";
    if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
        req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    req += "\r\n";
    req += body;

    Socket socket;
    socket.connect(host_, port_);
    socket.send_all(req);
    return parse_response(socket.read_all(), method == "HEAD");
}

}  // namespace styrkort::testing
