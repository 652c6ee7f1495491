#pragma once
// A database for the fuzz targets that need one (made in LLVMFuzzerInitialize, before
// the first input): a SQLite file in a temporary folder,
// migrated and filled once per process with the shipped Norrbotten plans, so that
// inputs meet real organisations, plans, measures and units. Each input runs in a
// transaction that is rolled back, so that one input never changes what the next sees.
#include <cstdint>
#include <string>

#include "storage/database.hpp"

namespace styrkort::fuzz {

// The database, made on first use; `with_plans` = load data/*.json into it.
storage::Database& database(bool with_plans);
// The id of the organisation region-norrbotten in it.
std::int64_t norrbotten(storage::Database& db);

}  // namespace styrkort::fuzz
