#pragma once
// Outcomes (utfall) from CSV, columns documented in docs/followup.md. Streams the
// input row by row into prepared INSERTs on the caller's transaction: memory stays
// constant whatever the file's size, and any bad row throws an InputError naming the
// file, line, column and why, so that the caller's rollback leaves nothing behind.
#include <cstdint>
#include <functional>
#include <istream>
#include <string>

#include "storage/audit.hpp"
#include "storage/sql.hpp"

namespace styrkort::formats {

struct OutcomeImportSummary {
    std::int64_t rows = 0;  // outcomes created (one per data row)
};

// Called every few thousand rows with rows done and bytes read so far.
using ImportProgress = std::function<void(std::int64_t rows, std::size_t bytes)>;

OutcomeImportSummary import_outcomes(storage::Connection& c, std::int64_t org, std::istream& in,
                                     const std::string& file, const storage::Actor& actor,
                                     const ImportProgress& progress = {});

}  // namespace styrkort::formats
