#include "formats/outcome_csv.hpp"

#include <boost/json/object.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <optional>
#include <set>

#include "domain/errors.hpp"
#include "domain/schema.hpp"
#include "formats/csv_reader.hpp"

namespace styrkort::formats {
namespace {

namespace json = boost::json;
using storage::Id;
using storage::SqlValue;

enum Column { plan, measure, measure_id, unit, year, point, sex, age_group, municipality, value, status, source, note,
              column_count };

// English names, then the Swedish headers a controller would write.
const std::array<std::vector<std::string>, column_count> column_names = {{
    {"plan"},
    {"measure", "mått", "matt"},
    {"measure_id"},
    {"unit", "enhet"},
    {"year", "år", "ar"},
    {"point", "tillfälle", "rapporteringstillfälle", "period"},
    {"sex", "kön"},
    {"age_group", "åldersgrupp"},
    {"municipality", "kommun"},
    {"value", "värde", "utfall"},
    {"status"},
    {"source", "källa"},
    {"note", "anmärkning", "kommentar"},
}};

std::string lower_ascii(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // Å Ä Ö as capitals in UTF-8: C3 85, C3 84, C3 96 -> C3 A5, C3 A4, C3 B6.
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
        if (s[i] == '\xC3' && (s[i + 1] == '\x85' || s[i + 1] == '\x84' || s[i + 1] == '\x96')) s[i + 1] += 0x20;
    }
    return s;
}

std::string trim(const std::string& s) {
    auto a = s.find_first_not_of(" \t");
    if (a == std::string::npos) return {};
    return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

// "DÅ 04", "då04", "ÅR", "T1" -> da04, ar, t1.
std::string normalise_point(const std::string& text) {
    std::string s;
    auto low = lower_ascii(text);
    for (std::size_t i = 0; i < low.size(); ++i) {
        if (low[i] == ' ' || low[i] == '-' || low[i] == '_') continue;
        if (low.compare(i, 2, "\xC3\xA5") == 0) {  // å
            s += 'a';
            ++i;
            continue;
        }
        s += low[i];
    }
    if (s == "everyfouryears" || s == "every4years" || s == "vartfjärdeår") return "every_4_years";
    return s;
}

std::optional<std::string> normalise_sex(const std::string& text) {
    auto s = lower_ascii(text);
    if (s == "k" || s == "kvinnor" || s == "kvinna") return "K";
    if (s == "m" || s == "män" || s == "man") return "M";
    if (s == "total" || s == "totalt" || s == "alla") return "total";
    return std::nullopt;
}

class Importer {
public:
    Importer(storage::Connection& c, Id org, CsvReader& csv) : c_(c), org_(org), csv_(csv) {}

    void header(const std::vector<std::string>& names) {
        index_.fill(-1);
        for (std::size_t i = 0; i < names.size(); ++i) {
            auto name = lower_ascii(trim(names[i]));
            bool known = false;
            for (int col = 0; col < column_count; ++col) {
                const auto& alts = column_names[static_cast<std::size_t>(col)];
                if (std::find(alts.begin(), alts.end(), name) == alts.end()) continue;
                if (index_[static_cast<std::size_t>(col)] >= 0) {
                    fail(names[i], {"kolumnen finns två gånger", "the column appears twice"}, "csv_header");
                }
                index_[static_cast<std::size_t>(col)] = static_cast<int>(i);
                known = true;
            }
            if (!known) {
                fail(names[i],
                     {"okänd kolumn; kända: plan, measure, measure_id, unit, year, point, sex, age_group, "
                      "municipality, value, status, source, note",
                      "unknown column; known: plan, measure, measure_id, unit, year, point, sex, age_group, "
                      "municipality, value, status, source, note"},
                     "csv_header");
            }
        }
        for (auto col : {year, point, value}) {
            if (index_[col] < 0) fail(column_names[col].front(), {"kolumnen saknas", "the column is missing"}, "csv_header");
        }
        bool by_key = index_[measure] >= 0 && index_[plan] >= 0;
        if (!by_key && index_[measure_id] < 0) {
            fail("measure", {"ange kolumnerna plan och measure (nycklar) eller measure_id",
                             "give the columns plan and measure (keys) or measure_id"},
                 "csv_header");
        }
        width_ = names.size();
        load_lookups();
    }

    void row(const std::vector<std::string>& fields) {
        if (fields.size() != width_) {
            fail("", {"raden har " + std::to_string(fields.size()) + " fält, rubrikraden " + std::to_string(width_),
                      "the row has " + std::to_string(fields.size()) + " fields, the header " + std::to_string(width_)},
                 "csv_row");
        }
        fields_ = &fields;
        Id measure_ref = resolve_measure();
        std::optional<Id> unit_ref;
        if (auto u = cell(unit); !u.empty()) {
            auto it = units_.find(u);
            if (it == units_.end()) {
                fail(column_names[unit].front(), {"det finns ingen enhet med nyckeln '" + u + "'",
                                                   "there is no unit with the key '" + u + "'"}, "reference");
            }
            unit_ref = it->second;
        }
        auto year_text = cell(year);
        std::int64_t y = 0;
        auto [end, ec] = std::from_chars(year_text.data(), year_text.data() + year_text.size(), y);
        if (ec != std::errc{} || end != year_text.data() + year_text.size() || y < 1900 || y > 2200) {
            fail("year", {"'" + year_text + "' är inget år mellan 1900 och 2200",
                          "'" + year_text + "' is not a year between 1900 and 2200"}, "type");
        }
        auto p = normalise_point(cell(point));
        const auto& points = reporting_point_names();
        if (std::find(points.begin(), points.end(), p) == points.end()) {
            fail("point", {"'" + cell(point) + "' är inget rapporteringstillfälle (DÅ 04, DÅ 08, ÅR, T1–T3, vart fjärde år)",
                           "'" + cell(point) + "' is not a reporting point (da04, da08, ar, t1–t3, every_4_years)"},
                 "choice");
        }
        std::optional<std::string> s;
        if (auto text = cell(sex); !text.empty()) {
            s = normalise_sex(text);
            if (!s) fail("sex", {"'" + text + "' är inget kön (K, M, total)", "'" + text + "' is not a sex (K, M, total)"}, "choice");
        }
        auto value_text = cell(value);
        auto v = parse_decimal(value_text);
        if (!v) {
            fail("value", {value_text.empty() ? "saknas" : "'" + value_text + "' är inget tal (decimalkomma eller -punkt)",
                           value_text.empty() ? "is required" : "'" + value_text + "' is not a number (decimal comma or point)"},
                 value_text.empty() ? "required" : "type");
        }
        std::string st = lower_ascii(cell(status));
        if (st.empty() || st == "preliminärt" || st == "preliminär") st = "preliminary";
        if (st == "slutligt" || st == "slutlig") st = "final";
        if (st != "preliminary" && st != "final") {
            fail("status", {"'" + cell(status) + "' är ingen status (preliminary, final)",
                            "'" + cell(status) + "' is not a status (preliminary, final)"}, "choice");
        }
        check_period_open(y, p);
        check_report_open(unit_ref, measure_ref, y, p);
        auto text_or_null = [&](Column col) -> SqlValue {
            auto t = cell(col);
            if (t.empty()) return nullptr;
            if (t.find('\0') != std::string::npos) {
                fail(column_names[col].front(), {"får inte innehålla NUL-tecknet", "must not contain the NUL character"},
                     "invalid");
            }
            if (col != note && t.size() > 4000) fail(column_names[col].front(), {"är för lång (högst 4000 byte)", "is too long (at most 4000 bytes)"}, "length");
            return t;
        };
        std::vector<SqlValue> params{org_,
                                     measure_ref,
                                     unit_ref ? SqlValue(*unit_ref) : SqlValue(nullptr),
                                     y,
                                     p,
                                     s ? SqlValue(*s) : SqlValue(nullptr),
                                     text_or_null(age_group),
                                     text_or_null(municipality),
                                     *v,
                                     st,
                                     text_or_null(source),
                                     text_or_null(note)};
        auto inserted = c_.query(
            "INSERT INTO outcome (org_id, position, measure_id, unit_id, year, point, sex, age_group, municipality, "
            "value, status, source, note) VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING "
            "RETURNING id",
            params);
        if (inserted.empty()) {
            fail("", {"utfallet finns redan (i databasen eller tidigare i filen): samma mått, enhet, år, tillfälle och uppdelning",
                      "the outcome already exists (in the database or earlier in the file): same measure, unit, year, point and breakdown"},
                 "duplicate");
        }
        if (!first_id_) first_id_ = storage::as_int(inserted[0][0]);
        ++rows_;
    }

    [[nodiscard]] std::int64_t rows() const { return rows_; }
    [[nodiscard]] std::optional<Id> first_id() const { return first_id_; }

private:
    [[noreturn]] void fail(const std::string& column, Text why, const std::string& code) {
        InputError e(column, std::move(why), code);
        e.locate(csv_.file(), csv_.line());
        throw e;
    }

    std::string cell(Column col) const {
        int i = index_[col];
        return i < 0 ? std::string{} : trim((*fields_)[static_cast<std::size_t>(i)]);
    }

    void load_lookups() {
        for (const auto& r : c_.query("SELECT id, key FROM org_unit WHERE org_id = ?", {org_})) {
            units_[storage::as_text(r[1])] = storage::as_int(r[0]);
        }
        for (const auto& r : c_.query("SELECT m.id, p.key, m.key FROM measure m JOIN plan p ON p.org_id = m.org_id "
                                      "AND p.id = m.plan_id WHERE m.org_id = ?",
                                      {org_})) {
            Id id = storage::as_int(r[0]);
            measures_[storage::as_text(r[1]) + "\n" + storage::as_text(r[2])] = id;
            measure_ids_.insert(id);
        }
    }

    Id resolve_measure() {
        if (index_[measure_id] >= 0 && !cell(measure_id).empty()) {
            auto text = cell(measure_id);
            Id id = 0;
            auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
            if (ec != std::errc{} || end != text.data() + text.size() || !measure_ids_.count(id)) {
                fail("measure_id", {"det finns inget mått med id '" + text + "' i organisationen",
                                    "there is no measure with id '" + text + "' in the organisation"}, "reference");
            }
            return id;
        }
        auto p = cell(plan);
        auto m = cell(measure);
        if (p.empty() || m.empty()) {
            fail(p.empty() ? "plan" : "measure", {"saknas", "is required"}, "required");
        }
        auto it = measures_.find(p + "\n" + m);
        if (it == measures_.end()) {
            fail("measure", {"det finns inget mått '" + m + "' i planen '" + p + "'",
                             "there is no measure '" + m + "' in the plan '" + p + "'"}, "reference");
        }
        return it->second;
    }

    void check_period_open(std::int64_t y, const std::string& p) {
        auto key = std::to_string(y) + " " + p;
        auto it = closed_.find(key);
        if (it == closed_.end()) {
            auto rows = c_.query("SELECT status FROM reporting_period WHERE org_id = ? AND year = ? AND point = ?",
                                 {org_, y, p});
            it = closed_.emplace(key, !rows.empty() && storage::as_text(rows[0][0]) == "closed").first;
        }
        if (it->second) {
            fail("point", {"rapporteringsperioden " + key + " är stängd; öppna den igen för att ändra utfall",
                           "the reporting period " + key + " is closed; reopen it to change outcomes"}, "closed_period");
        }
    }

    // The unit's follow-up of a period is locked while its report is submitted or
    // approved (docs/workflow.md); an outcome without a unit is the plan owner's.
    void check_report_open(std::optional<Id> unit, Id measure, std::int64_t y, const std::string& p) {
        if (!unit) {
            auto owner = c_.query("SELECT p.owner_unit_id FROM measure m JOIN plan p ON p.org_id = m.org_id AND p.id = m.plan_id "
                                  "WHERE m.org_id = ? AND m.id = ?",
                                  {org_, measure});
            if (owner.empty()) return;
            unit = storage::as_int(owner[0][0]);
        }
        auto key = std::to_string(*unit) + " " + std::to_string(y) + " " + p;
        auto it = locked_.find(key);
        if (it == locked_.end()) {
            auto rows = c_.query("SELECT id FROM followup_report WHERE org_id = ? AND unit_id = ? AND year = ? AND point = ? "
                                 "AND state IN ('submitted', 'approved')",
                                 {org_, *unit, y, p});
            it = locked_.emplace(key, !rows.empty()).first;
        }
        if (it->second) {
            auto period = std::to_string(y) + " " + p;
            fail("point", {"uppföljningsrapporten för enhet " + std::to_string(*unit) + " " + period +
                               " är inskickad eller godkänd; dess utfall kan inte ändras",
                           "the follow-up report of unit " + std::to_string(*unit) + " " + period +
                               " is submitted or approved; its outcomes cannot change"},
                 "report_locked");
        }
    }

    storage::Connection& c_;
    Id org_;
    CsvReader& csv_;
    std::array<int, column_count> index_{};
    std::size_t width_ = 0;
    const std::vector<std::string>* fields_ = nullptr;
    std::map<std::string, Id> units_;
    std::map<std::string, Id> measures_;
    std::set<Id> measure_ids_;
    std::map<std::string, bool> closed_;  // "2025 da04" -> closed?
    std::map<std::string, bool> locked_;  // "unit 2025 da04" -> report submitted or approved?
    std::int64_t rows_ = 0;
    std::optional<Id> first_id_;
};

}  // namespace

OutcomeImportSummary import_outcomes(storage::Connection& c, std::int64_t org, std::istream& in,
                                     const std::string& file, const storage::Actor& actor,
                                     const ImportProgress& progress) {
    if (c.dialect() == storage::Dialect::sqlite) {
        // The outcome indexes of a large organisation outgrow SQLite's default 2 MiB
        // page cache, and every insert then reads index pages back from the file.
        // 32 MiB keeps them in memory (the import stays within 64 MiB).
        c.execute("PRAGMA cache_size = -32768");
    }
    CsvReader csv(in, file);
    Importer importer(c, org, csv);
    auto header = csv.next();
    if (!header) {
        InputError e("", {"filen är tom: en rubrikrad behövs", "the file is empty: a header row is needed"}, "csv_header");
        e.locate(file, 1);
        throw e;
    }
    importer.header(*header);
    while (auto fields = csv.next()) {
        importer.row(*fields);
        if (progress && importer.rows() % 20000 == 0) progress(importer.rows(), csv.bytes_read());
    }
    if (progress) progress(importer.rows(), csv.bytes_read());
    // One audit row for the whole import (not one per outcome: an import may hold
    // millions): which file, how many outcomes, and the id of the first.
    json::object after{{"file", file}, {"rows", importer.rows()}};
    if (importer.first_id()) after["first_id"] = *importer.first_id();
    storage::append_audit(c, org, actor, "import", "outcome", std::nullopt, nullptr, after);
    return {importer.rows()};
}

}  // namespace styrkort::formats
