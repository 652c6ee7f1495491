#pragma once
// Outcomes (utfall) from CSV, columns documented in docs/followup.md. Streams the
// input record by record through OutcomeImporter (formats/outcome_import.hpp) on the
// caller's transaction: memory stays constant whatever the file's size, and any bad
// row throws an InputError naming the file, line, column and why, so that the
// caller's rollback leaves nothing behind.
#include <cstdint>
#include <istream>
#include <string>

#include "formats/outcome_import.hpp"

namespace styrkort::formats {

OutcomeImportSummary import_outcomes(storage::Connection& c, std::int64_t org, std::istream& in,
                                     const std::string& file, const storage::Actor& actor,
                                     const OutcomeImportOptions& options = {});

// Data records in a CSV text (the header and blank lines not counted), for progress.
std::int64_t count_csv_records(std::istream& in);

}  // namespace styrkort::formats
