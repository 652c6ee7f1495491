#include "http/access_log.hpp"

#include <cmath>
#include <cstdio>
#include <ctime>

#include "http/json_text.hpp"

namespace styrkort::http {

std::string format_utc_timestamp(std::chrono::system_clock::time_point tp) {
    using namespace std::chrono;
    const auto ms_total = duration_cast<milliseconds>(tp.time_since_epoch()).count();
    // Floor division keeps pre-1970 times correct; cheap insurance.
    auto secs = ms_total / 1000;
    auto ms = ms_total % 1000;
    if (ms < 0) {
        ms += 1000;
        secs -= 1;
    }
    const std::time_t t = static_cast<std::time_t>(secs);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[96];  // room for any int values, which keeps -Wformat-truncation quiet
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(ms));
    return buf;
}

std::string format_access_log_line(const AccessLogEntry& entry) {
    std::string line = R"({"ts":")";
    line += format_utc_timestamp(entry.ts);
    line += R"(","remote":)";
    append_json_string(line, entry.remote);
    line += R"(,"method":)";
    append_json_string(line, entry.method);
    line += R"(,"path":)";
    append_json_string(line, entry.path);
    line += R"(,"status":)";
    line += std::to_string(entry.status);
    line += R"(,"bytes":)";
    line += std::to_string(entry.bytes);
    line += R"(,"ms":)";
    const double ms = std::isfinite(entry.ms) && entry.ms >= 0 ? entry.ms : 0.0;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", ms);
    line += buf;
    line += "}\n";
    return line;
}

void AccessLog::write(const AccessLogEntry& entry) {
    if (out_ == nullptr) return;
    const std::string line = format_access_log_line(entry);
    const std::lock_guard lock(mutex_);
    out_->write(line.data(), static_cast<std::streamsize>(line.size()));
    // Flushed per line so that a tail -f or log shipper sees requests as they happen.
    out_->flush();
}

}  // namespace styrkort::http
