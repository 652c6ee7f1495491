#pragma once
#include <string>

namespace styrkort {

// Now in UTC as 2026-11-23T09:00:00.123Z: the form every timestamp in the database has.
std::string utc_now_iso();

}  // namespace styrkort
