#pragma once
// Outcomes (utfall) from the first sheet of an XLSX workbook: the same columns as the
// CSV (docs/followup.md), the header in the first row with content. Streamed row by
// row (formats/xlsx_reader.hpp) through OutcomeImporter on the caller's transaction;
// an error names the file, the sheet, the row and the cell, e.g.
// "utfall.xlsx:Blad1:3: value (G3): 'tolv' är inget tal".
#include <cstdint>
#include <string>

#include "formats/outcome_import.hpp"
#include "formats/xlsx_reader.hpp"

namespace styrkort::formats {

OutcomeImportSummary import_outcomes_xlsx(storage::Connection& c, std::int64_t org, XlsxSheetReader& sheet,
                                          const std::string& sha256, const storage::Actor& actor,
                                          const OutcomeImportOptions& options = {});

// Data rows in the sheet (the header and empty rows not counted), for progress.
std::int64_t count_xlsx_records(XlsxSheetReader& sheet);

// Whether the bytes begin like a zip archive (an XLSX workbook) rather than text.
bool looks_like_xlsx(const std::string& first_bytes);

}  // namespace styrkort::formats
