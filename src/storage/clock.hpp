#pragma once
#include <chrono>
#include <string>

namespace styrkort {

// Now in UTC as 2026-11-23T09:00:00.123Z: the form every timestamp in the database has.
std::string utc_now_iso();

// Now plus `offset` (may be negative) in the same form; such strings compare in time
// order, so "expired" is a string comparison in SQL and C++.
std::string utc_iso_from_now(std::chrono::seconds offset);

}  // namespace styrkort
