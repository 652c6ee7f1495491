#pragma once
// The economy tables of one plan as sheets: a small neutral grid (text, amounts in
// kronor, sum formulas with the value Styrkort computes) that the XLSX and CSV writers
// render. Built from the plan-file shape, so a file and a database export the same.
#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace styrkort::formats {

struct SheetFormula {
    std::string formula;  // Excel syntax with A1 references, e.g. "SUM(C3:C8)"
    long long value = 0;  // what Styrkort computes: the spreadsheet must agree
};
// A share of a budget as a formula, e.g. a deviation in per cent; per_mille is what
// Styrkort computes (tenths of a per cent, rounded), none when the budget is zero.
struct SheetRatio {
    std::string formula;
    std::optional<long long> per_mille;
};
using SheetCell = std::variant<std::monostate, std::string, long long, SheetFormula, SheetRatio>;  // long long = kronor

struct Sheet {
    std::string name;       // at most 31 characters, unique within the workbook
    std::string title;      // the table's title as published
    std::string unit;       // kr, tkr or mnkr: how amounts are shown; "" for plain whole numbers
    int decimals = 0;
    std::vector<std::string> header;
    std::vector<std::vector<SheetCell>> rows;  // below the title and header rows
    std::vector<double> widths;                // per column, in characters
};

// One sheet per economy table of the plan, plus "Kontroller" with every finding of the
// economy checks (rule, place, stated, computed, difference, explained by rounding). `organisation` is plan-file shaped; throws NotFound for a
// plan key it does not hold.
std::vector<Sheet> economy_sheets(const boost::json::object& organisation, const std::string& plan_key);

// Rows of a sheet start at this spreadsheet row (1-based): title, blank, header first.
inline constexpr int first_data_row = 4;

}  // namespace styrkort::formats
