#pragma once
// Completeness of a reporting period (domain/reporting/completeness.hpp) as sheets for
// the XLSX and CSV writers of formats/economy_export.hpp: "Fullständighet" (one row per
// unit: done and required per part, per cent, the report's state) and "Saknas" (one row
// per missing item). Texts in the reader's language.
#include <vector>

#include "domain/reporting/completeness.hpp"
#include "domain/text.hpp"
#include "formats/economy_sheets.hpp"

namespace styrkort::formats {

std::vector<Sheet> completeness_sheets(const reporting::Completeness& c, Language lang);

}  // namespace styrkort::formats
