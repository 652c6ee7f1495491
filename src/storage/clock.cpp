#include "storage/clock.hpp"

#include <cstdio>
#include <ctime>

namespace styrkort {

std::string utc_iso_from_now(std::chrono::seconds offset) {
    using namespace std::chrono;
    auto at = system_clock::now() + offset;
    auto ms = duration_cast<milliseconds>(at.time_since_epoch()).count() % 1000;
    std::time_t t = system_clock::to_time_t(at);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
    return buf;
}

std::string utc_now_iso() { return utc_iso_from_now(std::chrono::seconds(0)); }

}  // namespace styrkort
