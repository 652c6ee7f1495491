#include "formats/economy_sheets.hpp"

#include <algorithm>
#include <map>

#include "domain/checks/plan_access.hpp"
#include "domain/checks/rules.hpp"
#include "domain/economy/rules.hpp"
#include "domain/errors.hpp"

namespace styrkort::formats {
namespace {

namespace json = boost::json;
using checks::int_of;
using checks::items;
using checks::text_of;

std::string column_letter(std::size_t c) {
    std::string out;
    for (std::size_t n = c + 1; n > 0; n = (n - 1) / 26) out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
    return out;
}
std::string cell_ref(std::size_t col, std::size_t row) { return column_letter(col) + std::to_string(first_data_row + row); }

long long value_of(const SheetCell& c) {
    if (const auto* v = std::get_if<long long>(&c)) return *v;
    if (const auto* f = std::get_if<SheetFormula>(&c)) return f->value;
    return 0;
}
bool is_amount(const SheetCell& c) { return std::holds_alternative<long long>(c) || std::holds_alternative<SheetFormula>(c); }

// SUM over the given rows of one column, consecutive rows as ranges; empty cells count 0.
SheetCell sum_of(const Sheet& s, std::size_t col, const std::vector<std::size_t>& rows) {
    std::string args;
    long long total = 0;
    bool any = false;
    for (std::size_t i = 0; i < rows.size();) {
        std::size_t j = i;
        while (j + 1 < rows.size() && rows[j + 1] == rows[j] + 1) ++j;
        args += (args.empty() ? "" : ",") + cell_ref(col, rows[i]) + (j > i ? ":" + cell_ref(col, rows[j]) : "");
        for (std::size_t k = i; k <= j; ++k) {
            const auto& c = s.rows[rows[k]][col];
            total += value_of(c);
            any = any || is_amount(c);
        }
        i = j + 1;
    }
    if (!any) return std::monostate{};
    return SheetFormula{"SUM(" + args + ")", total};
}

SheetCell sum_across(const std::vector<SheetCell>& row, std::size_t row_index, std::size_t first, std::size_t last) {
    long long total = 0;
    bool any = false;
    for (std::size_t c = first; c <= last; ++c) {
        total += value_of(row[c]);
        any = any || is_amount(row[c]);
    }
    if (!any) return std::monostate{};
    return SheetFormula{"SUM(" + cell_ref(first, row_index) + ":" + cell_ref(last, row_index) + ")", total};
}

SheetCell amount_or_empty(const json::object& o, const char* field) {
    if (auto v = int_of(o, field)) return *v;
    return std::monostate{};
}

std::string sheet_name(const std::string& key, std::vector<std::string>& used) {
    std::string name = key.substr(0, 31);
    for (int n = 2; std::find(used.begin(), used.end(), name) != used.end(); ++n) {
        auto suffix = "-" + std::to_string(n);
        name = key.substr(0, 31 - suffix.size()) + suffix;
    }
    used.push_back(name);
    return name;
}

const std::map<std::string, std::string>& labels() {
    static const std::map<std::string, std::string> l = {
        {"inventories_property", "Inventarier & fastigheter"}, {"financial", "Finansiella investeringar"},
        {"emergency", "Akutram"}, {"intangible", "Immateriella"}, {"aids", "Hjälpmedel"}, {"art", "Konst"},
        {"reserve", "Reserv"}, {"vehicles", "Fordon"}, {"it", "IT"}, {"mt_new", "MT Ny"}, {"mt_reinvestment", "MT Re"},
        {"other_new", "Övr Ny"}, {"other_reinvestment", "Övr Re"}, {"property", "Fastighet"}, {"mt", "MT"},
        {"vehicle", "Fordon"}, {"other_equipment", "Övrig inventarie"}, {"requested", "Äskad"}, {"approved", "Beviljad"},
        {"rejected", "Avslagen"}, {"deferred", "Uppskjuten"}, {"new", "Nyinvestering"}, {"reinvestment", "Reinvestering"},
        {"da04", "DÅ 04"}, {"da08", "DÅ 08"}, {"ar", "ÅR"}, {"t1", "T1"}, {"t2", "T2"}, {"t3", "T3"}};
    return l;
}
std::string label(const std::string& code) {
    auto it = labels().find(code);
    return it == labels().end() ? code : it->second;
}

std::vector<const json::object*> lines_of(const json::object& plan, const char* collection, const std::string& table) {
    std::vector<const json::object*> out;
    for (const auto& l : items(plan, collection)) {
        if (text_of(l.as_object(), "table") == table) out.push_back(&l.as_object());
    }
    return out;
}

template <typename Key>
void add_unique(std::vector<Key>& v, const Key& k) {
    if (std::find(v.begin(), v.end(), k) == v.end()) v.push_back(k);
}

void net_cost_frame(Sheet& s, const std::vector<const json::object*>& lines) {
    s.header = {"Rad", "Grupp", "IB", "Löne- och prisindex", "Utökning", "Ramminskning", "Omfördelning",
                "UB beräknad", "UB enligt planen"};
    s.widths = {42, 22, 14, 14, 14, 14, 14, 14, 14};
    const char* fields[] = {"opening", "wage_price_index", "increase", "reduction", "reallocation"};
    std::vector<std::size_t> all;
    std::vector<std::size_t> group_rows;
    auto close_group = [&](const std::string& group) {
        if (group_rows.empty()) return;
        std::vector<SheetCell> row{"Summa " + group, group};
        for (std::size_t c = 2; c <= 8; ++c) row.push_back(sum_of(s, c, group_rows));
        s.rows.push_back(std::move(row));
        group_rows.clear();
    };
    std::string group;
    for (const auto* l : lines) {
        auto g = text_of(*l, "row_group");
        if (g != group) close_group(group);
        group = g;
        std::vector<SheetCell> row{text_of(*l, "label"), g};
        for (const char* f : fields) row.push_back(amount_or_empty(*l, f));
        std::size_t r = s.rows.size();
        if (int_of(*l, "opening")) {
            row.push_back(sum_across(row, r, 2, 6));
        } else {
            row.emplace_back(std::monostate{});
        }
        row.push_back(amount_or_empty(*l, "stated_closing"));
        s.rows.push_back(std::move(row));
        if (text_of(*l, "part_of").empty()) {  // "varav" rows are inside another row
            all.push_back(r);
            group_rows.push_back(r);
        }
    }
    close_group(group);
    std::vector<SheetCell> total{"Summa", ""};
    for (std::size_t c = 2; c <= 8; ++c) total.push_back(sum_of(s, c, all));
    s.rows.push_back(std::move(total));
}

// A pivot: rows by `row_field`, columns by `column_field`, with a sum column and row.
// Columns come in `order` first (the order the plan prints them), then as they appear.
void pivot(Sheet& s, const std::vector<const json::object*>& lines, const char* row_field, const char* column_field,
           const std::string& row_header, bool translate_columns, const std::vector<std::string>& order) {
    std::vector<std::string> rows, columns;
    for (const auto& c : order) {
        for (const auto* l : lines) {
            if (text_of(*l, column_field) == c) {
                add_unique(columns, c);
                break;
            }
        }
    }
    for (const auto* l : lines) {
        add_unique(rows, text_of(*l, row_field));
        add_unique(columns, column_field == std::string("year") ? std::to_string(int_of(*l, "year").value_or(0))
                                                               : text_of(*l, column_field));
    }
    s.header = {row_header};
    for (const auto& c : columns) s.header.push_back(translate_columns ? label(c) : c);
    s.header.emplace_back("Summa");
    s.widths.assign(s.header.size(), 14);
    s.widths[0] = 48;
    std::vector<std::size_t> data_rows;
    for (const auto& r : rows) {
        std::vector<SheetCell> row{r};
        row.resize(columns.size() + 2);
        for (const auto* l : lines) {
            if (text_of(*l, row_field) != r) continue;
            auto col = column_field == std::string("year") ? std::to_string(int_of(*l, "year").value_or(0)) : text_of(*l, column_field);
            auto c = static_cast<std::size_t>(std::find(columns.begin(), columns.end(), col) - columns.begin()) + 1;
            row[c] = value_of(row[c]) + int_of(*l, "amount").value_or(0);
        }
        row.back() = sum_across(row, s.rows.size(), 1, columns.size());
        data_rows.push_back(s.rows.size());
        s.rows.push_back(std::move(row));
    }
    std::vector<SheetCell> total{"Summa"};
    for (std::size_t c = 1; c <= columns.size() + 1; ++c) total.push_back(sum_of(s, c, data_rows));
    s.rows.push_back(std::move(total));
}

void investment_requests(Sheet& s, const std::vector<const json::object*>& lines, const json::object& plan) {
    std::vector<economy::DelegationRule> rules;
    for (const auto& r : items(plan, "delegation_rules")) {
        const auto& o = r.as_object();
        economy::DelegationRule rule{.over_amount = int_of(o, "over_amount").value_or(0), .decided_by = text_of(o, "decided_by")};
        for (const auto& t : items(o, "frame_types")) rule.frame_types.emplace_back(t.as_string());
        rules.push_back(std::move(rule));
    }
    s.header = {"ID", "Division", "VO", "Benämning", "Ramtyp", "Äskat belopp", "Status", "Beslutas av"};
    s.widths = {8, 24, 30, 40, 16, 14, 12, 34};
    std::vector<std::size_t> data_rows;
    for (const auto* l : lines) {
        auto type = text_of(*l, "frame_type");
        auto amount = int_of(*l, "amount").value_or(0);
        auto decider = economy::deciding_level(rules, type, amount);
        data_rows.push_back(s.rows.size());
        s.rows.push_back({text_of(*l, "key"), text_of(*l, "division"), text_of(*l, "area"), text_of(*l, "name"), label(type),
                          amount, label(text_of(*l, "status")), decider.value_or("Enligt gällande delegationsordning")});
    }
    std::vector<SheetCell> total{"Summa", "", "", "", "", sum_of(s, 5, data_rows), "", ""};
    s.rows.push_back(std::move(total));
}

void property_investments(Sheet& s, const std::vector<const json::object*>& lines) {
    s.header = {"Distrikt", "Typ", "Benämning", "Belopp i ram", "Varav konstnärlig gestaltning 1 %"};
    s.widths = {30, 16, 44, 14, 18};
    std::vector<std::size_t> all, block;
    std::pair<std::string, std::string> current{"\x01", ""};
    auto close_block = [&] {
        if (block.empty()) return;
        s.rows.push_back({current.first, label(current.second), "Delsumma", sum_of(s, 3, block), sum_of(s, 4, block)});
        block.clear();
    };
    for (const auto* l : lines) {
        std::pair<std::string, std::string> key{text_of(*l, "district"), text_of(*l, "kind")};
        if (key != current) close_block();
        current = key;
        auto amount = int_of(*l, "amount").value_or(0);
        std::size_t r = s.rows.size();
        SheetCell art = std::monostate{};
        if (key.second == "new") art = SheetFormula{"ROUND(" + cell_ref(3, r) + "/100,0)", economy::art_share(amount)};
        s.rows.push_back({key.first, label(key.second), text_of(*l, "name"), amount, art});
        all.push_back(r);
        block.push_back(r);
    }
    close_block();
    s.rows.push_back({"", "", "Totalsumma", sum_of(s, 3, all), sum_of(s, 4, all)});
}

void budget_follow_up(Sheet& s, const std::vector<const json::object*>& lines, const json::object& organisation) {
    s.header = {"Enhet", "År", "Tillfälle", "Budget", "Utfall", "Prognos", "Avvikelse utfall", "Avvikelse prognos",
                "Avvikelse utfall %", "Avvikelse prognos %"};
    s.widths = {30, 8, 10, 14, 14, 14, 16, 16, 12, 12};
    checks::UnitTree units(organisation);
    for (const auto* l : lines) {
        std::size_t r = s.rows.size();
        const auto* unit = units.find(text_of(*l, "unit"));
        std::vector<SheetCell> row{unit ? text_of(*unit, "name") : text_of(*l, "unit"),
                                   std::to_string(int_of(*l, "year").value_or(0)), label(text_of(*l, "point")),
                                   amount_or_empty(*l, "budget"), amount_or_empty(*l, "outcome"),
                                   amount_or_empty(*l, "forecast")};
        for (std::size_t c : {4u, 5u}) {
            if (!is_amount(row[c])) {
                row.emplace_back(std::monostate{});
                continue;
            }
            auto d = economy::deviation(value_of(row[3]), value_of(row[c]));
            row.push_back(SheetFormula{cell_ref(c, r) + "-" + cell_ref(3, r), d.kronor});
        }
        for (std::size_t c : {4u, 5u}) {
            if (!is_amount(row[c])) {
                row.emplace_back(std::monostate{});
                continue;
            }
            auto d = economy::deviation(value_of(row[3]), value_of(row[c]));
            auto budget = cell_ref(3, r);
            row.push_back(SheetRatio{"IF(" + budget + "=0,\"\",(" + cell_ref(c, r) + "-" + budget + ")/ABS(" + budget + "))",
                                     d.per_mille});
        }
        s.rows.push_back(std::move(row));
    }
}

// "Kontroller": every finding of `styrkort check` on the plan's economy, with the two
// amounts it compares in whole kronor and their difference as a formula.
Sheet economy_checks(const json::object& organisation, const std::string& plan_key) {
    Sheet s{.name = "Kontroller", .title = "Kontroller av ekonomin (styrkort check)", .unit = "kr", .decimals = 0};
    s.header = {"Regel", "Allvarlighet", "Plats", "Post", "Angivet (kr)", "Beräknat (kr)", "Skillnad (kr)",
                "Förklaras av avrundning", "Meddelande"};
    s.widths = {28, 12, 26, 30, 18, 18, 16, 12, 100};
    const char* severity_sv[] = {"fel", "varning", "info"};
    for (const auto& f : checks::run_checks(organisation, {plan_key})) {
        if (f.rule.rfind("economy.", 0) != 0) continue;
        std::size_t r = s.rows.size();
        std::vector<SheetCell> row{f.rule, std::string(severity_sv[static_cast<int>(f.severity)]), f.place, f.item};
        if (f.comparison) {
            row.emplace_back(f.comparison->stated);
            row.emplace_back(f.comparison->computed);
            row.emplace_back(SheetFormula{cell_ref(4, r) + "-" + cell_ref(5, r), f.comparison->stated - f.comparison->computed});
            row.emplace_back(std::string(f.comparison->explained_by_rounding ? "ja" : "nej"));
        } else {
            row.insert(row.end(), 4, std::monostate{});
        }
        row.emplace_back(f.message.sv);
        s.rows.push_back(std::move(row));
    }
    return s;
}

}  // namespace

std::vector<Sheet> economy_sheets(const json::object& organisation, const std::string& plan_key) {
    const json::object* plan = nullptr;
    for (const auto& p : items(organisation, "plans")) {
        if (text_of(p.as_object(), "key") == plan_key) plan = &p.as_object();
    }
    if (plan == nullptr) throw NotFound({"planen '" + plan_key + "' finns inte", "the plan '" + plan_key + "' does not exist"});
    std::vector<Sheet> out;
    std::vector<std::string> used;
    for (const auto& t : items(*plan, "economy_tables")) {
        const auto& table = t.as_object();
        auto key = text_of(table, "key");
        auto kind = text_of(table, "kind");
        Sheet s{.name = sheet_name(key, used), .title = text_of(table, "title"), .unit = text_of(table, "amount_unit"),
                .decimals = static_cast<int>(int_of(table, "decimals").value_or(0))};
        std::vector<std::string> column_order;  // the columns of the stated totals, in print order
        for (const auto* total : lines_of(*plan, "economy_totals", key)) {
            if (auto c = text_of(*total, "column_label"); !c.empty()) add_unique(column_order, c);
        }
        if (kind == "net_cost_frame") {
            net_cost_frame(s, lines_of(*plan, "cost_frame_lines", key));
        } else if (kind == "frame_change") {
            pivot(s, lines_of(*plan, "frame_change_lines", key), "description", "column_label", "Förändring", false, column_order);
        } else if (kind == "investment_frame") {
            pivot(s, lines_of(*plan, "investment_frame_lines", key), "decision_level", "frame_type", "Beslutsnivå", true, column_order);
        } else if (kind == "result") {
            pivot(s, lines_of(*plan, "result_lines", key), "label", "year", "Rad", false, {});
            s.header.pop_back();  // a sum over years means nothing for results
            for (auto& row : s.rows) row.pop_back();
            s.rows.pop_back();
        } else if (kind == "investment_request") {
            investment_requests(s, lines_of(*plan, "investment_requests", key), *plan);
        } else if (kind == "property_investment") {
            property_investments(s, lines_of(*plan, "property_investments", key));
        } else if (kind == "budget_follow_up") {
            budget_follow_up(s, lines_of(*plan, "budget_follow_ups", key), organisation);
        }
        out.push_back(std::move(s));
    }
    out.push_back(economy_checks(organisation, plan_key));
    return out;
}

}  // namespace styrkort::formats
