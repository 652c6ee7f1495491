#pragma once
// Builds and throws the VersionConflict of a change made from an older version of a
// record: the record as it is now, and which fields changed since `expected`, read
// from the audit log (every change is there with the record before and after it).
#include <cstdint>

#include "domain/schema.hpp"
#include "storage/sql.hpp"

namespace styrkort::storage {

[[noreturn]] void throw_stale_version(Connection& c, const Entity& e, std::int64_t org, std::int64_t id,
                                      std::int64_t expected);

}  // namespace styrkort::storage
