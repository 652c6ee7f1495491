// The plan's economy: every economy table with its computed sums (the same grid as the
// XLSX export), the totals the plan states beside them, the investment annexes, the
// property investments with district subtotals, and the economy findings of the check.
#include <map>
#include <memory>

#include "domain/economy/amounts.hpp"
#include "formats/economy_sheets.hpp"
#include "reports/economy_table.hpp"
#include "reports/plan_parts.hpp"

namespace styrkort::reports {
namespace {

namespace json = boost::json;
using checks::items;
using checks::text_of;

std::string column_word(const std::string& c) {
    static const std::map<std::string, std::string> w = {
        {"opening", "IB"}, {"closing", "UB"}, {"wage_price_index", "Löne- och prisindex"}, {"increase", "Utökning"},
        {"reduction", "Ramminskning"}, {"reallocation", "Omfördelning"}, {"amount", "Belopp"}};
    auto it = w.find(c);
    return it == w.end() ? c : it->second;
}

// The totals printed in the plan for this table, as the plan states them.
Table stated_totals(const json::object& plan, const json::object& table) {
    auto key = text_of(table, "key");
    auto unit = text_of(table, "amount_unit");
    int decimals = static_cast<int>(checks::int_of(table, "decimals").value_or(0));
    Table t{.caption = "Summor enligt planen – " + text_of(table, "title"), .header = {"Summa", "Rad", "Kolumn", "Belopp (" + unit + ")"}};
    for (const auto& v : items(plan, "economy_totals")) {
        const auto& s = v.as_object();
        if (text_of(s, "table") != key) continue;
        auto row = text_of(s, "row_label");
        if (row.empty()) row = text_of(s, "row_group");
        t.rows.push_back(Row{{{text_of(s, "label")},
                              {row},
                              {column_word(text_of(s, "column_label"))},
                              {economy::format_amount(checks::int_of(s, "amount").value_or(0), unit, decimals), Cell::Kind::number}}});
    }
    return t;
}

// The section a table follows: the one with the table's key, else the one whose title
// the table's title begins with ("Utökning av ram" for "Utökning av ram 2025, tkr"), else
// the section where plans of this kind print it.
std::function<bool(const json::object&)> anchor_of(const json::object& plan, const json::object& table) {
    auto key = text_of(table, "key");
    auto title = text_of(table, "title");
    auto kind = text_of(table, "kind");
    auto category = text_of(table, "category");
    std::string by_kind;
    if (kind == "net_cost_frame") by_kind = "regionstyrelsens-fordelning-av-anslag";
    if (kind == "frame_change" && category == "reduction") by_kind = "ramminskning";
    if (kind == "frame_change" && category == "wage_price_index") by_kind = "lone-och-prisindex";
    if (kind == "investment_frame") by_kind = "investeringar-" + std::to_string(checks::int_of(table, "year").value_or(0));
    const json::object* best = nullptr;
    std::size_t best_length = 0;
    for (const auto& v : items(plan, "sections")) {
        const auto& s = v.as_object();
        auto t = text_of(s, "title");
        if (text_of(s, "key") == key) return section_with_key({key});
        if (!t.empty() && title.rfind(t, 0) == 0 && t.size() > best_length) {
            best = &s;
            best_length = t.size();
        }
    }
    if (best != nullptr) return section_with_key({text_of(*best, "key")});
    return section_with_key({by_kind});
}

}  // namespace

void economy_parts(const PlanContext& c, std::vector<Piece>& out) {
    auto sheets = std::make_shared<std::vector<formats::Sheet>>(
        formats::economy_sheets(c.organisation, text_of(c.plan, "key")));
    const auto& tables = items(c.plan, "economy_tables");
    for (std::size_t i = 0; i < tables.size() && i < sheets->size(); ++i) {
        const auto& table = tables[i].as_object();
        out.push_back({anchor_of(c.plan, table), "Ekonomi", [&c, sheets, i, &table](Writer& w, int) {
                           w.table(economy_table((*sheets)[i]));
                           auto stated = stated_totals(c.plan, table);
                           if (!stated.rows.empty()) w.table(std::move(stated));
                           if (auto note = text_of(table, "note"); !note.empty()) w.paragraph("Not: " + note);
                       }});
    }
    if (!sheets->empty() && !sheets->back().rows.empty()) {
        out.push_back({nullptr, "Kontroller av ekonomin", [sheets](Writer& w, int) {
                           w.paragraph("Summor som Styrkort har räknat om och som inte stämmer med planens angivna summor "
                                       "(styrkort check, docs/checks.md).");
                           w.table(economy_table(sheets->back()));
                       }});
    }
}

}  // namespace styrkort::reports
