#include "mail/settings.hpp"

#include <cstdlib>
#include <fstream>

#include "domain/errors.hpp"
#include "domain/schema.hpp"
#include "domain/reminders/rules.hpp"
#include "storage/clock.hpp"

namespace styrkort::mail {
namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v == nullptr ? std::string{} : std::string(v);
}

int whole_number(const char* name, const std::string& text, int min, int max) {
    try {
        std::size_t used = 0;
        int n = std::stoi(text, &used);
        if (used == text.size() && n >= min && n <= max) return n;
    } catch (const std::exception&) {
    }
    auto range = std::to_string(min) + "–" + std::to_string(max);
    throw InputError(name, {"måste vara ett heltal " + range, "must be a whole number " + range}, "config");
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
    while (!s.empty() && s.front() == ' ') s.erase(0, 1);
    return s;
}

}  // namespace

ReminderSettings ReminderSettings::from_environment() {
    ReminderSettings s;
    s.smtp.host = env("STYRKORT_SMTP_HOST");
    auto tls = env("STYRKORT_SMTP_TLS");
    if (tls.empty() || tls == "starttls") {
        s.smtp.tls = Tls::starttls;
    } else if (tls == "none") {
        s.smtp.tls = Tls::none;
    } else if (tls == "tls") {
        s.smtp.tls = Tls::tls;
    } else {
        throw InputError("STYRKORT_SMTP_TLS", {"måste vara starttls, tls eller none", "must be starttls, tls or none"},
                         "config");
    }
    s.smtp.port = s.smtp.tls == Tls::tls ? 465 : s.smtp.tls == Tls::starttls ? 587 : 25;
    if (auto p = env("STYRKORT_SMTP_PORT"); !p.empty()) s.smtp.port = whole_number("STYRKORT_SMTP_PORT", p, 1, 65535);
    s.smtp.from = env("STYRKORT_SMTP_FROM");
    s.smtp.user = env("STYRKORT_SMTP_USER");
    s.smtp.password = env("STYRKORT_SMTP_PASSWORD");
    if (auto file = env("STYRKORT_SMTP_PASSWORD_FILE"); !file.empty()) {
        std::ifstream in(file);
        if (!in) throw InputError("STYRKORT_SMTP_PASSWORD_FILE", {"går inte att läsa", "cannot be read"}, "config");
        std::getline(in, s.smtp.password);
        s.smtp.password = trimmed(s.smtp.password);
    }
    s.smtp.ca_file = env("STYRKORT_SMTP_CA_FILE");
    if (!s.smtp.host.empty()) {
        if (s.smtp.from.empty()) {
            throw InputError("STYRKORT_SMTP_FROM", {"krävs när STYRKORT_SMTP_HOST är satt", "is required when STYRKORT_SMTP_HOST is set"},
                             "config");
        }
        reminders::check_email("STYRKORT_SMTP_FROM", s.smtp.from);
        // A password never travels in clear text.
        if (!s.smtp.user.empty() && s.smtp.tls == Tls::none) {
            throw InputError("STYRKORT_SMTP_USER", {"kräver STYRKORT_SMTP_TLS=starttls eller tls: lösenordet skickas aldrig okrypterat",
                                                    "needs STYRKORT_SMTP_TLS=starttls or tls: the password is never sent unencrypted"},
                             "config");
        }
    }
    if (auto b = env("STYRKORT_BASE_URL"); !b.empty()) {
        if (b.rfind("http://", 0) != 0 && b.rfind("https://", 0) != 0) {
            throw InputError("STYRKORT_BASE_URL", {"måste börja med http:// eller https://", "must start with http:// or https://"},
                             "config");
        }
        while (!b.empty() && b.back() == '/') b.pop_back();
        s.base_url = b;
    }
    if (auto i = env("STYRKORT_REMINDER_INTERVAL"); !i.empty()) {
        s.interval_seconds = whole_number("STYRKORT_REMINDER_INTERVAL", i, 1, 86400);
    }
    if (auto r = env("STYRKORT_SMTP_RETRY_SECONDS"); !r.empty()) {
        s.retry_seconds = whole_number("STYRKORT_SMTP_RETRY_SECONDS", r, 1, 86400);
    }
    if (auto m = env("STYRKORT_SMTP_MAX_ATTEMPTS"); !m.empty()) {
        s.max_attempts = whole_number("STYRKORT_SMTP_MAX_ATTEMPTS", m, 1, 100);
    }
    s.clock_file = env("STYRKORT_CLOCK_FILE");
    return s;
}

std::string ReminderSettings::describe() const {
    if (!sending()) return "reminder mail off (no STYRKORT_SMTP_HOST)";
    const char* mode = smtp.tls == Tls::none ? "none" : smtp.tls == Tls::tls ? "tls" : "starttls";
    return "reminder mail via " + smtp.host + ":" + std::to_string(smtp.port) + " (TLS " + mode + ") from " + smtp.from +
           (smtp.user.empty() ? "" : " as " + smtp.user) + ", every " + std::to_string(interval_seconds) + " s" +
           (clock_file.empty() ? "" : ", clock from " + clock_file);
}

std::string base_url_from_environment() {
    try {
        return ReminderSettings::from_environment().base_url;
    } catch (const InputError&) {
        return ReminderSettings{}.base_url;
    }
}

std::string clock_now(const ReminderSettings& s) {
    if (s.clock_file.empty()) return utc_now_iso();
    std::ifstream in(s.clock_file);
    std::string line;
    if (in) std::getline(in, line);
    line = trimmed(line);
    if (line.size() == 10 && is_valid_date(line)) return line + "T12:00:00.000Z";
    if (line.size() >= 20 && is_valid_date(line.substr(0, 10))) return line;
    return utc_now_iso();  // an unreadable clock file: the real time, not a guess
}

}  // namespace styrkort::mail
