#pragma once
// One JSON line per request, written under a mutex because several I/O threads
// finish requests concurrently.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>

namespace styrkort::http {

struct AccessLogEntry {
    std::chrono::system_clock::time_point ts;
    std::string_view remote;
    std::string_view method;
    std::string_view path;  // path only: query values may be tokens or passwords
    int status = 0;
    std::size_t bytes = 0;  // response body bytes sent
    double ms = 0.0;        // request read start to response written
};

// 2026-01-02T03:04:05.678Z
[[nodiscard]] std::string format_utc_timestamp(std::chrono::system_clock::time_point tp);

[[nodiscard]] std::string format_access_log_line(const AccessLogEntry& entry);

class AccessLog {
public:
    explicit AccessLog(std::ostream* out) : out_(out) {}
    [[nodiscard]] bool enabled() const noexcept { return out_ != nullptr; }
    void write(const AccessLogEntry& entry);

private:
    std::ostream* out_;
    std::mutex mutex_;
};

}  // namespace styrkort::http
