#include "mail/smtp.hpp"

#include <netdb.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstring>
#include <ctime>
#include <memory>

namespace styrkort::mail {
namespace {

std::string base64(const std::string& in) {
    static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        unsigned n = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                     static_cast<unsigned char>(in[i + 2]);
        out += t[(n >> 18) & 63];
        out += t[(n >> 12) & 63];
        out += t[(n >> 6) & 63];
        out += t[n & 63];
    }
    if (i + 1 == in.size()) {
        unsigned n = static_cast<unsigned char>(in[i]) << 16;
        out += t[(n >> 18) & 63];
        out += t[(n >> 12) & 63];
        out += "==";
    } else if (i + 2 == in.size()) {
        unsigned n = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
        out += t[(n >> 18) & 63];
        out += t[(n >> 12) & 63];
        out += t[(n >> 6) & 63];
        out += '=';
    }
    return out;
}

bool ascii_only(const std::string& s) {
    for (char c : s) {
        if (static_cast<unsigned char>(c) >= 127 || static_cast<unsigned char>(c) < 32) return false;
    }
    return true;
}

// RFC 2047: a header text with å, ä, ö as encoded words.
std::string header_text(const std::string& s) { return ascii_only(s) ? s : "=?UTF-8?B?" + base64(s) + "?="; }

// No CR or LF may reach a header or the envelope: a value with them is a header injection.
void refuse_line_breaks(const std::string& what, const std::string& s) {
    if (s.find_first_of("\r\n") != std::string::npos) throw SmtpError(what + " contains a line break", true);
}

std::string rfc5322_date() {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    return buf;
}

std::string random_hex(int bytes) {
    unsigned char b[32];
    RAND_bytes(b, bytes);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < bytes; ++i) {
        out += hex[b[i] >> 4];
        out += hex[b[i] & 15];
    }
    return out;
}

class Connection {
public:
    Connection(const SmtpSettings& s) : s_(s) {
        addrinfo hints{};
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* found = nullptr;
        if (getaddrinfo(s.host.c_str(), std::to_string(s.port).c_str(), &hints, &found) != 0 || found == nullptr) {
            throw SmtpError("cannot resolve " + s.host, false);
        }
        std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> list(found, freeaddrinfo);
        for (auto* a = found; a != nullptr; a = a->ai_next) {
            fd_ = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
            if (fd_ < 0) continue;
            timeval tv{s.timeout_seconds, 0};
            setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
            setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
            if (::connect(fd_, a->ai_addr, a->ai_addrlen) == 0) return;
            ::close(fd_);
            fd_ = -1;
        }
        throw SmtpError("cannot connect to " + s.host + ":" + std::to_string(s.port), false);
    }
    ~Connection() {
        if (ssl_ != nullptr) {
            SSL_shutdown(ssl_);
            SSL_free(ssl_);
        }
        if (ctx_ != nullptr) SSL_CTX_free(ctx_);
        if (fd_ >= 0) ::close(fd_);
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void start_tls() {
        ctx_ = SSL_CTX_new(TLS_client_method());
        if (ctx_ == nullptr) throw SmtpError("TLS: no context", false);
        SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION);
        SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
        if (!s_.ca_file.empty()) {
            if (SSL_CTX_load_verify_locations(ctx_, s_.ca_file.c_str(), nullptr) != 1) {
                throw SmtpError("TLS: cannot read STYRKORT_SMTP_CA_FILE", true);
            }
        } else {
            SSL_CTX_set_default_verify_paths(ctx_);
        }
        ssl_ = SSL_new(ctx_);
        SSL_set_fd(ssl_, fd_);
        SSL_set_tlsext_host_name(ssl_, s_.host.c_str());
        SSL_set1_host(ssl_, s_.host.c_str());  // the certificate must name the host
        if (SSL_connect(ssl_) != 1) {
            char err[256];
            ERR_error_string_n(ERR_get_error(), err, sizeof err);
            throw SmtpError(std::string("TLS handshake with ") + s_.host + " failed: " + err, false);
        }
    }
    [[nodiscard]] bool secure() const { return ssl_ != nullptr; }

    void send(const std::string& data) {
        std::size_t done = 0;
        while (done < data.size()) {
            long n = ssl_ != nullptr ? SSL_write(ssl_, data.data() + done, static_cast<int>(data.size() - done))
                                     : ::send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
            if (n <= 0) throw SmtpError("connection lost while sending", false);
            done += static_cast<std::size_t>(n);
        }
    }

    // One reply, all its lines; returns the code and the text.
    std::pair<int, std::string> reply() {
        std::string all;
        for (;;) {
            auto line = read_line();
            all += line + "\n";
            if (line.size() < 4 || line[3] != '-') break;
        }
        int code = all.size() >= 3 ? std::atoi(all.substr(0, 3).c_str()) : 0;
        while (!all.empty() && all.back() == '\n') all.pop_back();
        return {code, all};
    }

private:
    std::string read_line() {
        for (;;) {
            auto end = buffer_.find("\r\n");
            if (end != std::string::npos) {
                auto line = buffer_.substr(0, end);
                buffer_.erase(0, end + 2);
                return line;
            }
            if (buffer_.size() > 65536) throw SmtpError("reply line too long", false);
            char chunk[4096];
            long n = ssl_ != nullptr ? SSL_read(ssl_, chunk, sizeof chunk) : ::recv(fd_, chunk, sizeof chunk, 0);
            if (n <= 0) throw SmtpError("connection closed by " + s_.host, false);
            buffer_.append(chunk, static_cast<std::size_t>(n));
        }
    }

    const SmtpSettings& s_;
    int fd_ = -1;
    SSL_CTX* ctx_ = nullptr;
    SSL* ssl_ = nullptr;
    std::string buffer_;
};

std::string expect(Connection& c, const std::string& command, int want_class, const std::string& what) {
    if (!command.empty()) c.send(command + "\r\n");
    auto [code, text] = c.reply();
    if (code / 100 != want_class) throw SmtpError(what + ": " + text, code >= 500 && code < 600);
    return text;
}

}  // namespace

std::string format_message(const SmtpSettings& s, const OutgoingMail& m, const std::string& message_id,
                           const std::string& date) {
    std::string out;
    out += "Date: " + date + "\r\n";
    out += "From: Styrkort <" + s.from + ">\r\n";
    out += "To: <" + m.to + ">\r\n";
    out += "Subject: " + header_text(m.subject) + "\r\n";
    out += "Message-ID: " + message_id + "\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Content-Type: text/plain; charset=utf-8\r\n";
    out += "Content-Transfer-Encoding: base64\r\n";
    out += "Auto-Submitted: auto-generated\r\n";
    if (!m.unsubscribe_link.empty()) out += "List-Unsubscribe: <" + m.unsubscribe_link + ">\r\n";
    out += "\r\n";
    auto encoded = base64(m.body);
    for (std::size_t i = 0; i < encoded.size(); i += 76) out += encoded.substr(i, 76) + "\r\n";
    return out;
}

Sent send_mail(const SmtpSettings& s, const OutgoingMail& m) {
    refuse_line_breaks("recipient", m.to);
    refuse_line_breaks("subject", m.subject);
    refuse_line_breaks("unsubscribe link", m.unsubscribe_link);
    Connection c(s);
    if (s.tls == Tls::tls) c.start_tls();
    expect(c, "", 2, "greeting");
    std::string helo = "EHLO styrkort";
    auto ehlo = expect(c, helo, 2, "EHLO");
    if (s.tls == Tls::starttls) {
        if (ehlo.find("STARTTLS") == std::string::npos) {
            throw SmtpError(s.host + " does not offer STARTTLS (STYRKORT_SMTP_TLS=starttls)", false);
        }
        expect(c, "STARTTLS", 2, "STARTTLS");
        c.start_tls();
        expect(c, helo, 2, "EHLO after STARTTLS");
    }
    if (!s.user.empty()) {
        if (!c.secure()) throw SmtpError("AUTH refused without TLS", true);
        std::string plain = std::string(1, '\0') + s.user + std::string(1, '\0') + s.password;
        // The credentials are not part of any error text (the reply is the server's).
        expect(c, "AUTH PLAIN " + base64(plain), 2, "AUTH");
    }
    auto at = s.from.find('@');
    std::string message_id = "<" + random_hex(16) + "@" + (at == std::string::npos ? "styrkort" : s.from.substr(at + 1)) + ">";
    expect(c, "MAIL FROM:<" + s.from + ">", 2, "MAIL FROM");
    expect(c, "RCPT TO:<" + m.to + ">", 2, "RCPT TO");
    expect(c, "DATA", 3, "DATA");
    // base64 lines never begin with '.', so no dot-stuffing is needed.
    auto reply = expect(c, format_message(s, m, message_id, rfc5322_date()) + ".", 2, "message");
    try {
        c.send("QUIT\r\n");
        c.reply();
    } catch (const SmtpError&) {
        // The message was accepted; a connection closed before QUIT's answer changes nothing.
    }
    return {message_id, reply};
}

}  // namespace styrkort::mail
