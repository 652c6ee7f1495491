// Rules over the economy tables of a plan: every total the plan states is recomputed
// from the published rows, detail tables are reconciled with the frame table, claims
// that a table sums to zero are tested, and investment frames are compared with the
// requests and property investments that build them up. Differences that the published
// rounding can explain are reported as info, larger ones as errors or warnings.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <tuple>

#include "domain/checks/plan_access.hpp"
#include "domain/checks/rules.hpp"
#include "domain/economy/amounts.hpp"
#include "domain/economy/rules.hpp"

namespace styrkort::checks {

namespace json = boost::json;

namespace {

struct Table {
    std::string key, title, kind, unit, sign, category, claim;
    int decimals = 0;
    long long year = 0;
    [[nodiscard]] std::string format(long long kr) const { return economy::format_amount(kr, unit, decimals) + " " + unit; }
};

// One published number of a table, located by group, row and column.
struct Cell {
    std::optional<std::string> group;
    std::string row;
    std::string column;
    long long amount = 0;
};

std::optional<std::string> optional_text(const json::object& o, const char* name) {
    const auto* v = o.if_contains(name);
    if (v == nullptr || !v->is_string()) return std::nullopt;
    return std::string(v->get_string());
}

std::map<std::string, Table> tables_of(const json::object& plan) {
    std::map<std::string, Table> out;
    for (const auto& t : items(plan, "economy_tables")) {
        const auto& o = t.as_object();
        Table table{text_of(o, "key"), text_of(o, "title"), text_of(o, "kind"), text_of(o, "amount_unit"),
                    text_of(o, "sign_convention"), text_of(o, "category"), text_of(o, "claim"),
                    static_cast<int>(int_of(o, "decimals").value_or(0)), int_of(o, "year").value_or(0)};
        out[table.key] = table;
    }
    return out;
}

const char* const frame_columns[] = {"opening", "wage_price_index", "increase", "reduction", "reallocation"};

// Every published number of every table, by table key.
std::map<std::string, std::vector<Cell>> cells_of(const json::object& plan) {
    std::map<std::string, std::vector<Cell>> out;
    auto add = [&](const json::object& o, std::optional<std::string> group, std::string row, std::string column,
                   const char* field) {
        if (auto v = int_of(o, field)) out[text_of(o, "table")].push_back({std::move(group), std::move(row), std::move(column), *v});
    };
    for (const auto& l : items(plan, "cost_frame_lines")) {
        const auto& o = l.as_object();
        if (optional_text(o, "part_of")) continue;  // "varav" rows are inside another row
        for (const char* c : frame_columns) add(o, optional_text(o, "row_group"), text_of(o, "label"), c, c);
        add(o, optional_text(o, "row_group"), text_of(o, "label"), "closing", "stated_closing");
    }
    for (const auto& l : items(plan, "frame_change_lines")) {
        const auto& o = l.as_object();
        add(o, std::nullopt, text_of(o, "description"), text_of(o, "column_label"), "amount");
    }
    for (const auto& l : items(plan, "investment_frame_lines")) {
        const auto& o = l.as_object();
        add(o, optional_text(o, "row_group"), text_of(o, "decision_level"), text_of(o, "frame_type"), "amount");
    }
    for (const auto& l : items(plan, "investment_requests")) {
        const auto& o = l.as_object();
        add(o, std::nullopt, text_of(o, "key"), text_of(o, "frame_type"), "amount");
    }
    for (const auto& l : items(plan, "property_investments")) {
        const auto& o = l.as_object();
        add(o, optional_text(o, "district"), text_of(o, "name"), text_of(o, "kind"), "amount");
    }
    for (const auto& l : items(plan, "result_lines")) {
        const auto& o = l.as_object();
        add(o, std::nullopt, text_of(o, "label"), std::to_string(int_of(o, "year").value_or(0)), "amount");
    }
    return out;
}

struct Sum {
    long long amount = 0;
    std::size_t addends = 0;
};

Sum sum_for_total(const std::vector<Cell>& cells, const json::object& total) {
    auto scope = text_of(total, "scope");
    auto group = optional_text(total, "row_group");
    auto row = optional_text(total, "row_label");
    auto column = optional_text(total, "column_label");
    Sum s;
    for (const auto& c : cells) {
        if (scope == "group" && c.group != group) continue;
        if (scope == "row" && c.row != row.value_or("")) continue;
        if (column && c.column != *column) continue;
        s.amount += c.amount;
        ++s.addends;
    }
    return s;
}

std::string where_of(const json::object& total) {
    std::string out = text_of(total, "label");
    if (auto g = optional_text(total, "row_group")) out += " · " + *g;
    if (auto r = optional_text(total, "row_label")) out += " · " + *r;
    if (auto c = optional_text(total, "column_label")) out += " · " + *c;
    return out;
}

// Reports a stated amount against a computed one: nothing when equal, info when
// rounding explains it, the rule's severity otherwise.
void compare(const Rule& rule, const PlanContext& ctx, std::vector<Finding>& out, const Table& t, std::string place,
             std::string item, long long stated, long long computed, std::size_t addends, const Text& what) {
    if (stated == computed) return;
    long long diff = stated - computed;
    bool rounding = std::llabs(diff) <= economy::rounding_tolerance(t.unit, t.decimals, addends);
    auto f = make_finding(rule, ctx, std::move(place), std::move(item),
                          {t.title + ": " + what.sv + " anges till " + t.format(stated) + " men beräknas till " +
                               t.format(computed) + " (skillnad " + t.format(diff) + ")" +
                               (rounding ? "; kan förklaras av avrundning i tabellen" : ""),
                           t.title + ": " + what.en + " is stated as " + t.format(stated) + " but computes to " +
                               t.format(computed) + " (difference " + t.format(diff) + ")" +
                               (rounding ? "; the table's rounding can explain it" : "")});
    if (rounding) f.severity = Severity::info;
    f.comparison = Comparison{stated, computed, t.unit, t.decimals, rounding};
    out.push_back(std::move(f));
}

void stated_totals(const PlanContext& ctx, const Rule& rule, std::vector<Finding>& out) {
    auto tables = tables_of(ctx.plan);
    auto cells = cells_of(ctx.plan);
    const auto& totals = items(ctx.plan, "economy_totals");
    for (std::size_t i = 0; i < totals.size(); ++i) {
        const auto& total = totals[i].as_object();
        auto t = tables.find(text_of(total, "table"));
        if (t == tables.end()) continue;
        auto sum = sum_for_total(cells[t->first], total);
        compare(rule, ctx, out, t->second, "economy_totals[" + std::to_string(i) + "]", where_of(total),
                int_of(total, "amount").value_or(0), sum.amount, sum.addends, {"summan", "the total"});
    }
}

void closing_frames(const PlanContext& ctx, const Rule& rule, std::vector<Finding>& out) {
    auto tables = tables_of(ctx.plan);
    const auto& lines = items(ctx.plan, "cost_frame_lines");
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& o = lines[i].as_object();
        auto t = tables.find(text_of(o, "table"));
        auto opening = int_of(o, "opening");
        auto stated = int_of(o, "stated_closing");
        if (t == tables.end() || !opening || !stated) continue;
        long long computed = *opening;
        std::size_t addends = 1;
        for (const char* c : frame_columns) {
            if (auto v = int_of(o, c); v && std::string(c) != "opening") {
                computed += *v;
                ++addends;
            }
        }
        compare(rule, ctx, out, t->second, "cost_frame_lines[" + std::to_string(i) + "]", text_of(o, "label"), *stated,
                computed, addends, {"utgående ram (UB) för " + text_of(o, "label"), "the closing frame of " + text_of(o, "label")});
    }
}

void zero_sums(const PlanContext& ctx, const Rule& rule, std::vector<Finding>& out) {
    auto tables = tables_of(ctx.plan);
    auto cells = cells_of(ctx.plan);
    for (const auto& [key, t] : tables) {
        if (t.claim == "sums_to_zero") {
            Sum rows;
            for (const auto& c : cells[key]) {
                rows.amount += c.amount;
                ++rows.addends;
            }
            compare(rule, ctx, out, t, "economy_tables", t.title, 0, rows.amount, rows.addends,
                    {"summan av alla rader (påstås vara noll)", "the sum of all rows (claimed to be zero)"});
            Sum stated;
            const auto& totals = items(ctx.plan, "economy_totals");
            for (const auto& tv : totals) {
                const auto& total = tv.as_object();
                if (text_of(total, "table") != key || text_of(total, "scope") != "table" || !optional_text(total, "column_label")) continue;
                stated.amount += int_of(total, "amount").value_or(0);
                ++stated.addends;
            }
            if (stated.addends > 0) {
                compare(rule, ctx, out, t, "economy_totals", t.title, 0, stated.amount, stated.addends,
                        {"summan av de angivna kolumnsummorna (påstås vara noll)",
                         "the sum of the stated column totals (claimed to be zero)"});
            }
        }
        if (t.kind == "net_cost_frame") {
            Sum realloc;
            for (const auto& c : cells[key]) {
                if (c.column != "reallocation") continue;
                realloc.amount += c.amount;
                ++realloc.addends;
            }
            if (realloc.addends > 0) {
                compare(rule, ctx, out, t, "cost_frame_lines", t.title, 0, realloc.amount, realloc.addends,
                        {"omfördelning inom ram (ska summera till noll)", "reallocation within the frame (must sum to zero)"});
            }
        }
    }
}

// Detail tables (utökning, neddragning, omfördelning) against the frame table's column
// of the same category, line by line.
void detail_vs_frame(const PlanContext& ctx, const Rule& rule, std::vector<Finding>& out) {
    auto tables = tables_of(ctx.plan);
    std::map<std::string, std::size_t> frame_index;
    const auto& frame_lines = items(ctx.plan, "cost_frame_lines");
    for (std::size_t i = 0; i < frame_lines.size(); ++i) frame_index[text_of(frame_lines[i].as_object(), "key")] = i;
    struct Group {
        Sum sum;
        std::vector<std::string> columns;
    };
    std::map<std::pair<std::string, std::string>, Group> by_table_and_line;
    for (const auto& l : items(ctx.plan, "frame_change_lines")) {
        const auto& o = l.as_object();
        auto line = optional_text(o, "frame_line");
        if (!line) continue;
        auto& g = by_table_and_line[{text_of(o, "table"), *line}];
        g.sum.amount += int_of(o, "amount").value_or(0);
        ++g.sum.addends;
        auto col = text_of(o, "column_label");
        if (std::find(g.columns.begin(), g.columns.end(), col) == g.columns.end()) g.columns.push_back(col);
    }
    for (const auto& [k, g] : by_table_and_line) {
        auto detail = tables.find(k.first);
        auto fi = frame_index.find(k.second);
        if (detail == tables.end() || fi == frame_index.end() || detail->second.category.empty()) continue;
        const auto& line = frame_lines[fi->second].as_object();
        auto frame = tables.find(text_of(line, "table"));
        if (frame == tables.end()) continue;
        bool flip = !frame->second.sign.empty() && !detail->second.sign.empty() && frame->second.sign != detail->second.sign;
        long long expected = flip ? -g.sum.amount : g.sum.amount;
        long long stated = int_of(line, detail->second.category.c_str()).value_or(0);
        long long tolerance = economy::rounding_tolerance(frame->second.unit, frame->second.decimals, 0) +
                              economy::rounding_tolerance(detail->second.unit, detail->second.decimals, g.sum.addends);
        if (std::llabs(stated - expected) <= tolerance) continue;
        std::string cols;
        for (const auto& c : g.columns) cols += (cols.empty() ? "" : ", ") + c;
        const auto& f = frame->second;
        out.push_back(make_finding(
            rule, ctx, "cost_frame_lines[" + std::to_string(fi->second) + "]", text_of(line, "label"),
            {f.title + ", " + text_of(line, "label") + ": kolumnen för " + detail->second.title + " anger " +
                 f.format(stated) + ", men specifikationen (" + cols + ") summerar till " + detail->second.format(g.sum.amount) +
                 (flip ? ", med ramtabellens tecken " : ", dvs. ") + f.format(expected) + " (skillnad " +
                 f.format(stated - expected) + ")",
             f.title + ", " + text_of(line, "label") + ": the column for " + detail->second.title + " says " +
                 f.format(stated) + ", but the detail (" + cols + ") sums to " + detail->second.format(g.sum.amount) +
                 (flip ? ", with the frame table's sign " : ", i.e. ") + f.format(expected) + " (difference " +
                 f.format(stated - expected) + ")"}));
        out.back().comparison = Comparison{stated, expected, f.unit, f.decimals, false};
    }
}

// Investment frames for inventories & property and for art against the requests and
// property investments of the same year that build them up (Bilaga 5 and 6).
void investment_frames(const PlanContext& ctx, const Rule& rule, std::vector<Finding>& out) {
    auto tables = tables_of(ctx.plan);
    std::map<long long, Sum> built, art;
    std::map<long long, bool> has_detail;
    for (const auto& l : items(ctx.plan, "investment_requests")) {
        const auto& o = l.as_object();
        auto t = tables.find(text_of(o, "table"));
        if (t == tables.end()) continue;
        auto& s = text_of(o, "frame_type") == "art" ? art[t->second.year] : built[t->second.year];
        s.amount += int_of(o, "amount").value_or(0);
        ++s.addends;
        has_detail[t->second.year] = true;
    }
    for (const auto& l : items(ctx.plan, "property_investments")) {
        const auto& o = l.as_object();
        auto t = tables.find(text_of(o, "table"));
        if (t == tables.end()) continue;
        auto& s = built[t->second.year];
        s.amount += int_of(o, "amount").value_or(0);
        ++s.addends;
        has_detail[t->second.year] = true;
    }
    const auto& lines = items(ctx.plan, "investment_frame_lines");
    for (const auto& [type, sums, what] :
         {std::tuple{"inventories_property", &built, Text{"ramen för inventarier och fastigheter jämfört med bilagornas äskanden och fastighetsinvesteringar",
                                                          "the frame for inventories and property against the requests and property investments of the appendices"}},
          std::tuple{"art", &art, Text{"konstramen jämfört med äskandena av ramtyp Konst", "the art frame against the requests of frame type art"}}}) {
        std::map<std::string, std::pair<Sum, std::size_t>> frame_by_table;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const auto& o = lines[i].as_object();
            if (text_of(o, "frame_type") != type) continue;
            auto& [s, index] = frame_by_table[text_of(o, "table")];
            s.amount += int_of(o, "amount").value_or(0);
            ++s.addends;
            index = i;
        }
        for (const auto& [table_key, frame] : frame_by_table) {
            auto t = tables.find(table_key);
            if (t == tables.end() || !has_detail[t->second.year]) continue;
            const auto& detail = (*sums)[t->second.year];
            compare(rule, ctx, out, t->second, "investment_frame_lines[" + std::to_string(frame.second) + "]",
                    t->second.title, frame.first.amount, detail.amount, detail.addends + frame.first.addends, what);
        }
    }
}

void art_share(const PlanContext& ctx, const Rule& rule, std::vector<Finding>& out) {
    auto tables = tables_of(ctx.plan);
    std::map<std::string, long long> new_construction;
    for (const auto& l : items(ctx.plan, "property_investments")) {
        const auto& o = l.as_object();
        if (text_of(o, "kind") == "new") new_construction[text_of(o, "table")] += int_of(o, "amount").value_or(0);
    }
    for (const auto& [key, cost] : new_construction) {
        auto t = tables.find(key);
        if (t == tables.end()) continue;
        auto share = economy::art_share(cost);
        out.push_back(make_finding(
            rule, ctx, "property_investments", t->second.title,
            {t->second.title + ": nyinvesteringar " + t->second.format(cost) + "; en procent till konstnärlig gestaltning vid ny- och "
                 "ombyggnation blir högst " + economy::format_amount(share, "mnkr", 1) + " mnkr (av de projekt som är byggnation)",
             t->second.title + ": new investments " + t->second.format(cost) + "; one per cent for art in new construction is at most " +
                 economy::format_amount(share, "mnkr", 1) + " mnkr (of the projects that are construction)"}));
    }
}

void results_below_target(const PlanContext& ctx, const Rule& rule, std::vector<Finding>& out) {
    auto tables = tables_of(ctx.plan);
    std::map<std::pair<std::string, long long>, long long> targets;
    const auto& lines = items(ctx.plan, "result_lines");
    for (const auto& l : lines) {
        const auto& o = l.as_object();
        if (text_of(o, "kind") == "target") targets[{text_of(o, "table"), int_of(o, "year").value_or(0)}] = int_of(o, "amount").value_or(0);
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& o = lines[i].as_object();
        if (text_of(o, "kind") != "result") continue;
        auto year = int_of(o, "year").value_or(0);
        auto target = targets.find({text_of(o, "table"), year});
        auto t = tables.find(text_of(o, "table"));
        auto result = int_of(o, "amount").value_or(0);
        if (target == targets.end() || t == tables.end() || result >= target->second) continue;
        const auto& tt = t->second;
        out.push_back(make_finding(rule, ctx, "result_lines[" + std::to_string(i) + "]", std::to_string(year),
                                   {tt.title + ": resultatet " + std::to_string(year) + " (" + tt.format(result) +
                                        ") är under resultatmålet (" + tt.format(target->second) + ") med " +
                                        tt.format(target->second - result),
                                    tt.title + ": the result for " + std::to_string(year) + " (" + tt.format(result) +
                                        ") is below the target (" + tt.format(target->second) + ") by " +
                                        tt.format(target->second - result)}));
        out.back().comparison = Comparison{target->second, result, tt.unit, tt.decimals, false};
    }
}

// A line must sit in a table of its own kind, or its numbers are summed with the wrong rows.
void lines_in_wrong_table(const PlanContext& ctx, const Rule& rule, std::vector<Finding>& out) {
    auto tables = tables_of(ctx.plan);
    const std::pair<const char*, const char*> kinds[] = {
        {"cost_frame_lines", "net_cost_frame"},       {"frame_change_lines", "frame_change"},
        {"result_lines", "result"},                   {"budget_follow_ups", "budget_follow_up"},
        {"investment_frame_lines", "investment_frame"}, {"investment_requests", "investment_request"},
        {"property_investments", "property_investment"}};
    for (const auto& [collection, kind] : kinds) {
        const auto& lines = items(ctx.plan, collection);
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const auto& o = lines[i].as_object();
            auto t = tables.find(text_of(o, "table"));
            if (t == tables.end() || t->second.kind == kind) continue;
            out.push_back(make_finding(rule, ctx, std::string(collection) + "[" + std::to_string(i) + "]", text_of(o, "key"),
                                       {"raden hör till tabellen " + t->second.title + " av typen " + t->second.kind +
                                            ", men är en rad av typen " + kind,
                                        "the line belongs to the table " + t->second.title + " of kind " + t->second.kind +
                                            ", but is a line of kind " + kind}));
        }
    }
}

// Frames passed down: the "varav" parts of a frame line (division → area → unit) must
// not together be larger than the line itself where they point the same way.
void parts_exceed_whole(const PlanContext& ctx, const Rule& rule, std::vector<Finding>& out) {
    auto tables = tables_of(ctx.plan);
    const auto& lines = items(ctx.plan, "cost_frame_lines");
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < lines.size(); ++i) index[text_of(lines[i].as_object(), "key")] = i;
    const char* columns[] = {"opening", "wage_price_index", "increase", "reduction", "reallocation", "stated_closing"};
    for (const auto& [key, i] : index) {
        const auto& whole = lines[i].as_object();
        auto t = tables.find(text_of(whole, "table"));
        if (t == tables.end()) continue;
        for (const char* column : columns) {
            auto total = int_of(whole, column);
            if (!total || *total == 0) continue;
            long long parts = 0;
            bool same_sign = true;
            bool any = false;
            for (const auto& l : lines) {
                const auto& part = l.as_object();
                if (text_of(part, "part_of") != key) continue;
                auto v = int_of(part, column).value_or(0);
                if (v == 0) continue;
                any = true;
                parts += v;
                same_sign = same_sign && ((v < 0) == (*total < 0));
            }
            if (!any || !same_sign || std::llabs(parts) <= std::llabs(*total)) continue;
            out.push_back(make_finding(
                rule, ctx, "cost_frame_lines[" + std::to_string(i) + "]", text_of(whole, "label"),
                {t->second.title + ", " + text_of(whole, "label") + " (" + column + "): varav-raderna summerar till " +
                     t->second.format(parts) + ", mer än hela raden " + t->second.format(*total),
                 t->second.title + ", " + text_of(whole, "label") + " (" + column + "): its parts sum to " +
                     t->second.format(parts) + ", more than the whole line " + t->second.format(*total)}));
            out.back().comparison = Comparison{*total, parts, t->second.unit, t->second.decimals, false};
        }
    }
}

// Frames passed down along the org tree (division → area → unit): within one net cost
// frame table, the lines of a unit's children together must not exceed the unit's own
// line, column by column (UB computed). Less is allowed — a division may keep a reserve
// — and is told as info; more than the rounding of the table explains is a warning.
void frames_passed_down(const PlanContext& ctx, const Rule& rule, std::vector<Finding>& out) {
    auto tables = tables_of(ctx.plan);
    UnitTree units(ctx.organisation);
    const auto& lines = items(ctx.plan, "cost_frame_lines");
    // table → unit → line index (the first line of the unit that is not a "varav" part)
    std::map<std::string, std::map<std::string, std::size_t>> by_unit;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& o = lines[i].as_object();
        auto unit = text_of(o, "unit");
        if (unit.empty() || optional_text(o, "part_of")) continue;
        by_unit[text_of(o, "table")].emplace(unit, i);
    }
    auto value = [&](const json::object& o, const std::string& column) -> std::optional<long long> {
        if (column != "closing") return int_of(o, column.c_str());
        return economy::closing_frame({int_of(o, "opening"), int_of(o, "wage_price_index"), int_of(o, "increase"),
                                       int_of(o, "reduction"), int_of(o, "reallocation")});
    };
    const std::pair<const char*, Text> columns[] = {
        {"opening", {"ingående ram (IB)", "opening frame"}},
        {"wage_price_index", {"löne- och prisindex", "wage and price index"}},
        {"increase", {"utökning", "increase"}},
        {"reduction", {"ramminskning", "reduction"}},
        {"reallocation", {"omfördelning", "reallocation"}},
        {"closing", {"utgående ram (UB, beräknad)", "closing frame (UB, computed)"}}};
    for (const auto& [table_key, lines_by_unit] : by_unit) {
        auto t = tables.find(table_key);
        if (t == tables.end() || t->second.kind != "net_cost_frame") continue;
        for (const auto& [parent_key, parent_index] : lines_by_unit) {
            std::vector<const json::object*> children;
            std::string names;
            for (const auto& [child_key, child_index] : lines_by_unit) {
                const auto* child = units.find(child_key);
                if (child == nullptr || text_of(*child, "parent") != parent_key) continue;
                children.push_back(&lines[child_index].as_object());
                names += (names.empty() ? "" : ", ") + text_of(lines[child_index].as_object(), "label");
            }
            if (children.empty()) continue;
            const auto& parent = lines[parent_index].as_object();
            for (const auto& [column, what] : columns) {
                auto whole = value(parent, column);
                long long sum = 0;
                std::size_t addends = 0;
                for (const auto* c : children) {
                    if (auto v = value(*c, column)) {
                        sum += *v;
                        ++addends;
                    }
                }
                if (addends == 0 || (whole && sum == *whole)) continue;
                long long stated = whole.value_or(0);
                const auto& tt = t->second;
                bool rounding = std::llabs(stated - sum) <= economy::rounding_tolerance(tt.unit, tt.decimals, addends);
                // Frames may be written as negative costs: "exceeds" compares magnitudes.
                bool exceeds = std::llabs(sum) > std::llabs(stated) && !rounding;
                auto f = make_finding(
                    rule, ctx, "cost_frame_lines[" + std::to_string(parent_index) + "]", text_of(parent, "label"),
                    {tt.title + ", " + text_of(parent, "label") + ", " + what.sv + ": enheterna under (" + names +
                         ") har tillsammans " + tt.format(sum) + ", " +
                         (exceeds ? "mer än" : rounding ? "nära" : "mindre än") + " " + text_of(parent, "label") + "s " +
                         tt.format(stated) + " (skillnad " + tt.format(stated - sum) + ")" +
                         (rounding ? "; kan förklaras av avrundning i tabellen"
                                   : exceeds ? "" : "; resten ligger kvar på " + text_of(parent, "label")),
                     tt.title + ", " + text_of(parent, "label") + ", " + what.en + ": the units below (" + names +
                         ") have " + tt.format(sum) + " together, " +
                         (exceeds ? "more than" : rounding ? "close to" : "less than") + " the " + tt.format(stated) +
                         " of " + text_of(parent, "label") + " (difference " + tt.format(stated - sum) + ")" +
                         (rounding ? "; the table's rounding can explain it"
                                   : exceeds ? "" : "; the rest stays with " + text_of(parent, "label"))});
                if (!exceeds) f.severity = Severity::info;
                f.comparison = Comparison{stated, sum, tt.unit, tt.decimals, rounding};
                out.push_back(std::move(f));
            }
        }
    }
}

}  // namespace

void add_economy_rules(std::vector<Rule>& rules) {
    rules.push_back({"economy.stated_total", Severity::error,
                     {"Angiven summa stämmer inte", "Stated total does not add up"}, stated_totals});
    rules.push_back({"economy.closing_frame", Severity::error,
                     {"Utgående ram är inte IB + förändringar", "Closing frame is not opening + changes"}, closing_frames});
    rules.push_back({"economy.not_zero", Severity::error,
                     {"Omfördelning summerar inte till noll", "Reallocation does not sum to zero"}, zero_sums});
    rules.push_back({"economy.detail_vs_frame", Severity::warning,
                     {"Specifikation och ramtabell skiljer sig", "Detail table and frame table differ"}, detail_vs_frame});
    rules.push_back({"economy.investment_frame", Severity::warning,
                     {"Investeringsram och bilagor skiljer sig", "Investment frame and appendices differ"}, investment_frames});
    rules.push_back({"economy.art_share", Severity::info,
                     {"En procent till konstnärlig gestaltning", "One per cent for art"}, art_share});
    rules.push_back({"economy.result_below_target", Severity::warning,
                     {"Resultat under resultatmålet", "Result below the result target"}, results_below_target});
    rules.push_back({"economy.wrong_table", Severity::error,
                     {"Rad i fel sorts tabell", "Line in a table of another kind"}, lines_in_wrong_table});
    rules.push_back({"economy.parts_exceed_whole", Severity::warning,
                     {"Varav-rader större än helheten", "Parts larger than the whole"}, parts_exceed_whole});
    rules.push_back({"economy.frames_passed_down", Severity::warning,
                     {"Ramar nedbrutna i organisationen stämmer inte", "Frames passed down the org tree do not add up"},
                     frames_passed_down});
}

}  // namespace styrkort::checks
