#include "reports/economy_table.hpp"

#include "domain/economy/amounts.hpp"
#include "reports/plan_parts.hpp"

namespace styrkort::reports {

Table economy_table(const formats::Sheet& sheet) {
    Table t{.caption = sheet.title + (sheet.unit.empty() || sheet.title.find(sheet.unit) != std::string::npos
                                          ? ""
                                          : " (" + sheet.unit + ")"),
            .header = sheet.header,
            .wide = sheet.header.size() > 6};
    auto amount = [&](long long kronor) {
        return economy::format_amount(kronor, sheet.unit.empty() ? "kr" : sheet.unit, sheet.decimals);
    };
    for (const auto& cells : sheet.rows) {
        Row row;
        for (const auto& c : cells) {
            if (const auto* s = std::get_if<std::string>(&c)) {
                row.cells.push_back({*s});
                if (*s == "Summa" || s->rfind("Summa ", 0) == 0 || *s == "Delsumma" || *s == "Totalsumma") row.sum = true;
            } else if (const auto* k = std::get_if<long long>(&c)) {
                row.cells.push_back({amount(*k), Cell::Kind::number});
            } else if (const auto* f = std::get_if<formats::SheetFormula>(&c)) {
                row.cells.push_back({amount(f->value), Cell::Kind::number});
            } else if (const auto* r = std::get_if<formats::SheetRatio>(&c)) {
                row.cells.push_back({r->per_mille ? number_text(static_cast<double>(*r->per_mille) / 10.0) + " %" : "",
                                     Cell::Kind::number});
            } else {
                row.cells.push_back({""});
            }
        }
        t.rows.push_back(std::move(row));
    }
    return t;
}

}  // namespace styrkort::reports
