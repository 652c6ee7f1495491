#pragma once
#include <chrono>
#include <string>

namespace styrkort::auth {

// Now plus `offset` (may be negative) in the form of utc_now_iso(); such strings
// compare in time order, so "expired" is a string comparison in SQL and C++.
std::string utc_iso_from_now(std::chrono::seconds offset);

}  // namespace styrkort::auth
