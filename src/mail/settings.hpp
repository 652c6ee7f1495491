#pragma once
// Reminder mail configuration, from the environment (README "Configuration"): the SMTP
// server, the sender, the base URL links point to, how often the scheduler runs, and —
// for tests only — a clock read from a file. The password is never logged or printed.
#include <string>

namespace styrkort::mail {

enum class Tls { none, starttls, tls };

struct SmtpSettings {
    std::string host;  // "" = no sending (reminders are still planned and shown in the app)
    int port = 587;
    Tls tls = Tls::starttls;
    std::string from;            // the sender's address
    std::string user, password;  // optional; sent only over TLS
    std::string ca_file;         // extra trusted certificates (a private CA); "" = the system's
    int timeout_seconds = 30;
};

struct ReminderSettings {
    SmtpSettings smtp;
    std::string base_url = "http://localhost:8080";
    int interval_seconds = 300;
    int retry_seconds = 60;  // first retry after this; doubled each time
    int max_attempts = 8;
    std::string clock_file;  // tests only: the file holds "now" (a date or an ISO time)

    // Throws InputError naming the variable when one is malformed.
    static ReminderSettings from_environment();
    [[nodiscard]] bool sending() const { return !smtp.host.empty(); }
    // For the start-up line: host, port, TLS mode, sender; never the password.
    [[nodiscard]] std::string describe() const;
};

// STYRKORT_BASE_URL without a trailing slash (the default when unset or malformed;
// serve refuses a malformed one at start).
std::string base_url_from_environment();

// Now as an ISO time (2026-03-01T12:00:00.000Z): the system clock, or, when
// settings.clock_file is set, what that file says (a bare date means noon UTC).
std::string clock_now(const ReminderSettings& s);

}  // namespace styrkort::mail
