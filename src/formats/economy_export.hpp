#pragma once
// The economy tables of a plan as an XLSX workbook (libxlsxwriter) or as CSV.
#include <string>
#include <vector>

#include "formats/economy_sheets.hpp"

namespace styrkort::formats {

inline constexpr const char* xlsx_media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// An .xlsx file's bytes: one sheet per table, amounts as numbers holding exact kronor and
// shown in the plan's unit (mnkr/tkr) by the number format, sums as formulas, header rows
// frozen, columns sized to fit. Throws StorageError when the file cannot be produced.
std::string economy_xlsx(const std::vector<Sheet>& sheets);

// The same tables as CSV for Swedish spreadsheets: ';' between fields, decimal comma,
// amounts in the plan's unit, each table under its title, a blank line between tables.
std::string economy_csv(const std::vector<Sheet>& sheets);

}  // namespace styrkort::formats
