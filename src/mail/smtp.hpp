#pragma once
// A small SMTP client (RFC 5321): plain, STARTTLS (RFC 3207) or TLS from the start, with
// AUTH PLAIN over TLS only. The server's certificate is verified against the system's
// (or STYRKORT_SMTP_CA_FILE's) certificates and the host name. One message per call.
#include <stdexcept>
#include <string>

#include "mail/settings.hpp"

namespace styrkort::mail {

struct OutgoingMail {
    std::string to;
    std::string subject;           // UTF-8
    std::string body;              // UTF-8 plain text
    std::string unsubscribe_link;  // "" = no List-Unsubscribe header
};

// The server refused or the connection failed. permanent: a 5xx reply (retrying will
// not help); otherwise a 4xx or a network failure, worth another try.
class SmtpError : public std::runtime_error {
public:
    SmtpError(const std::string& what, bool permanent) : std::runtime_error(what), permanent_(permanent) {}
    [[nodiscard]] bool permanent() const { return permanent_; }

private:
    bool permanent_;
};

struct Sent {
    std::string message_id;  // "<…@…>" as put in the Message-ID header
    std::string reply;       // the server's answer to the message, e.g. "250 OK"
};

Sent send_mail(const SmtpSettings& s, const OutgoingMail& m);

// The message as sent (headers and base64 body, CRLF line ends); exposed for tests.
std::string format_message(const SmtpSettings& s, const OutgoingMail& m, const std::string& message_id,
                           const std::string& date);

}  // namespace styrkort::mail
