#pragma once
// An economy sheet (formats/economy_sheets: the same grid and computed sums as the XLSX
// export) as a document table, amounts in the plan's tkr/mnkr.
#include "formats/economy_sheets.hpp"
#include "reports/document.hpp"

namespace styrkort::reports {

Table economy_table(const formats::Sheet& sheet);

}  // namespace styrkort::reports
