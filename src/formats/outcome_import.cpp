#include "formats/outcome_import.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <charconv>
#include <string_view>

#include "domain/followup/breakdowns.hpp"
#include "domain/schema.hpp"
#include "formats/csv_reader.hpp"

namespace styrkort::formats {
namespace {

namespace json = boost::json;
using storage::Id;
using storage::SqlValue;

// English names, then the Swedish headers a controller would write (in column order).
const std::array<std::vector<std::string>, 13> column_names = {{
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

std::string_view trim(std::string_view s) {
    auto a = s.find_first_not_of(" \t");
    if (a == std::string_view::npos) return {};
    return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

// "DÅ 04", "då04", "ÅR", "T1" -> da04, ar, t1.
std::string normalise_point(const std::string& text) {
    const auto& points = reporting_point_names();
    if (std::find(points.begin(), points.end(), text) != points.end()) return text;  // already a code name
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
    if (text == "K" || text == "M" || text == "total") return text;
    auto s = lower_ascii(text);
    if (s == "k" || s == "kvinnor" || s == "kvinna") return "K";
    if (s == "m" || s == "män" || s == "man") return "M";
    if (s == "total" || s == "totalt" || s == "alla") return "total";
    return std::nullopt;
}

std::optional<std::string> normalise_status(const std::string& text) {
    if (text.empty() || text == "preliminary") return "preliminary";
    if (text == "final") return "final";
    auto s = lower_ascii(text);
    if (s == "preliminary" || s == "preliminärt" || s == "preliminär") return "preliminary";
    if (s == "final" || s == "slutligt" || s == "slutlig") return "final";
    return std::nullopt;
}

// SQLite: rows per INSERT, one statement per batch instead of per row (measured:
// 1 -> 2.3 s CPU, 64 -> 1.4 s, 256 -> 1.3 s for 270,000 rows); 256 x 12 values stays
// below its parameter limit. PostgreSQL: rows per COPY.
std::size_t batch_rows_for(storage::Dialect d) { return d == storage::Dialect::sqlite ? 256 : 5000; }

// PostgreSQL: the checked rows are streamed with COPY, one COPY per batch, and moved
// into outcome by one INSERT … SELECT per batch inside a savepoint of its own. COPY
// cannot go straight into outcome: PostgreSQL refuses COPY FROM into a table with
// row-level security (docs/scale-out.md, "Tenants"), so each batch passes through a
// temporary table (no policy: it lives and dies in this transaction). A multi-row
// INSERT per 500 rows reached 0.18 of psql's \copy; one INSERT … SELECT … ORDER BY …
// ON CONFLICT DO NOTHING of the whole file at the end 0.24 (it sorted every row and
// inserted speculatively, bench/RESULTS.md). A repeated outcome makes the batch's
// INSERT fail; the savepoint undoes that batch only and report_duplicate names the row.
// The database's constraints (foreign keys, the identity index) check every row.
constexpr const char* batch_table_sql =
    "CREATE TEMPORARY TABLE outcome_batch (org_id BIGINT NOT NULL, position BIGINT NOT NULL, measure_id BIGINT NOT "
    "NULL, unit_id BIGINT, year BIGINT NOT NULL, point TEXT NOT NULL, sex TEXT, age_group TEXT, municipality TEXT, "
    "value DOUBLE PRECISION NOT NULL, status TEXT NOT NULL, source TEXT, note TEXT) ON COMMIT DROP";
constexpr const char* outcome_columns =
    "org_id, position, measure_id, unit_id, year, point, sex, age_group, municipality, value, status, source, note";

std::string insert_sql(std::size_t rows) {
    std::string sql =
        "INSERT INTO outcome (org_id, position, measure_id, unit_id, year, point, sex, age_group, municipality, "
        "value, status, source, note) VALUES ";
    for (std::size_t i = 0; i < rows; ++i) sql += i == 0 ? "(?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" : ", (?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    // A duplicate is not an error of the statement: the shortfall of changes() finds it,
    // so that the error can name the row (report_duplicate). No RETURNING: SQLite keeps
    // the returned rows in a table of their own and we made a row object of each (24.9 ->
    // 23.3 s of CPU for 4.5 million rows, bench/RESULTS.md).
    sql += " ON CONFLICT DO NOTHING";
    return sql;
}

}  // namespace

OutcomeImporter::OutcomeImporter(storage::Connection& c, Id org, const RowLocator& where, ReportingScope scope)
    : c_(c), org_(org), where_(where), scope_(std::move(scope)), batch_rows_(batch_rows_for(c.dialect())) {
    index_.fill(-1);
    trimmed_.resize(column_count);
    batch_.reserve(batch_rows_ * insert_width);
    batch_lines_.reserve(batch_rows_);
    if (copied()) {
        c_.execute("DROP TABLE IF EXISTS pg_temp.outcome_batch");
        c_.execute(batch_table_sql);
    }
}

void OutcomeImporter::fail_at(int row, const std::string& path, Text why, const std::string& code) const {
    InputError e(path, std::move(why), code);
    e.locate(where_.file(), row);
    throw e;
}

void OutcomeImporter::fail(Column col, Text why, const std::string& code) const {
    std::string path;
    if (col != column_count) path = where_.column(column_names[col].front(), index_[col]);
    fail_at(where_.row(), path, std::move(why), code);
}

const std::string& OutcomeImporter::cell(Column col) const { return trimmed_[col]; }

void OutcomeImporter::header(const std::vector<std::string>& names) {
    for (std::size_t i = 0; i < names.size(); ++i) {
        auto name = lower_ascii(std::string(trim(names[i])));
        bool known = false;
        for (int col = 0; col < column_count; ++col) {
            const auto& alts = column_names[static_cast<std::size_t>(col)];
            if (std::find(alts.begin(), alts.end(), name) == alts.end()) continue;
            if (index_[static_cast<std::size_t>(col)] >= 0) {
                fail_at(where_.row(), where_.column(names[i], static_cast<int>(i)),
                        {"kolumnen finns två gånger", "the column appears twice"}, "csv_header");
            }
            index_[static_cast<std::size_t>(col)] = static_cast<int>(i);
            known = true;
        }
        if (!known) {
            fail_at(where_.row(), where_.column(names[i], static_cast<int>(i)),
                    {"okänd kolumn; kända: plan, measure, measure_id, unit, year, point, sex, age_group, "
                     "municipality, value, status, source, note",
                     "unknown column; known: plan, measure, measure_id, unit, year, point, sex, age_group, "
                     "municipality, value, status, source, note"},
                    "csv_header");
        }
    }
    for (auto col : {year, point, value}) {
        if (index_[col] < 0) fail_at(where_.row(), column_names[col].front(), {"kolumnen saknas", "the column is missing"}, "csv_header");
    }
    bool by_key = index_[measure] >= 0 && index_[plan] >= 0;
    if (!by_key && index_[measure_id] < 0) {
        fail_at(where_.row(), "measure",
                {"ange kolumnerna plan och measure (nycklar) eller measure_id",
                 "give the columns plan and measure (keys) or measure_id"},
                "csv_header");
    }
    width_ = names.size();
    load_lookups();
}

void OutcomeImporter::row(const std::vector<std::string>& fields) {
    if (fields.size() != width_) {
        fail(column_count,
             {"raden har " + std::to_string(fields.size()) + " fält, rubrikraden " + std::to_string(width_),
              "the row has " + std::to_string(fields.size()) + " fields, the header " + std::to_string(width_)},
             "csv_row");
    }
    fields_ = &fields;
    for (int col = 0; col < column_count; ++col) {
        int i = index_[col];
        if (i < 0) {
            trimmed_[col].clear();
        } else {
            auto t = trim(fields[static_cast<std::size_t>(i)]);
            trimmed_[col].assign(t.data(), t.size());
        }
    }
    Id measure_ref = resolve_measure();
    std::optional<Id> unit_ref;
    if (const auto& u = cell(unit); !u.empty()) {
        auto it = units_.find(u);
        if (it == units_.end()) {
            fail(unit, {"det finns ingen enhet med nyckeln '" + u + "'", "there is no unit with the key '" + u + "'"},
                 "reference");
        }
        unit_ref = it->second;
    }
    const auto& year_text = cell(year);
    std::int64_t y = 0;
    auto [end, ec] = std::from_chars(year_text.data(), year_text.data() + year_text.size(), y);
    if (ec != std::errc{} || end != year_text.data() + year_text.size() || y < 1900 || y > 2200) {
        fail(year, {"'" + year_text + "' är inget år mellan 1900 och 2200",
                    "'" + year_text + "' is not a year between 1900 and 2200"}, "type");
    }
    auto p = normalise_point(cell(point));
    const auto& points = reporting_point_names();
    if (std::find(points.begin(), points.end(), p) == points.end()) {
        fail(point, {"'" + cell(point) + "' är inget rapporteringstillfälle (DÅ 04, DÅ 08, ÅR, T1–T3, vart fjärde år)",
                     "'" + cell(point) + "' is not a reporting point (da04, da08, ar, t1–t3, every_4_years)"},
             "choice");
    }
    std::optional<std::string> s;
    if (const auto& text = cell(sex); !text.empty()) {
        s = normalise_sex(text);
        if (!s) fail(sex, {"'" + text + "' är inget kön (K, M, total)", "'" + text + "' is not a sex (K, M, total)"}, "choice");
    }
    check_breakdowns(measure_ref, s);
    const auto& value_text = cell(value);
    auto v = parse_decimal(value_text);
    if (!v) {
        fail(value, {value_text.empty() ? "saknas" : "'" + value_text + "' är inget tal (decimalkomma eller -punkt)",
                     value_text.empty() ? "is required" : "'" + value_text + "' is not a number (decimal comma or point)"},
             value_text.empty() ? "required" : "type");
    }
    auto st = normalise_status(cell(status));
    if (!st) {
        fail(status, {"'" + cell(status) + "' är ingen status (preliminary, final)",
                      "'" + cell(status) + "' is not a status (preliminary, final)"}, "choice");
    }
    check_period_open(y, p);
    check_report_open(unit_ref, measure_ref, y, p);
    check_scope(unit_ref, cell(unit));
    batch_.emplace_back(org_);
    batch_.emplace_back(measure_ref);
    batch_.emplace_back(unit_ref ? SqlValue(*unit_ref) : SqlValue(nullptr));
    batch_.emplace_back(y);
    batch_.emplace_back(std::move(p));
    batch_.emplace_back(s ? SqlValue(std::move(*s)) : SqlValue(nullptr));
    batch_.push_back(text_or_null(age_group));
    batch_.push_back(text_or_null(municipality));
    batch_.emplace_back(*v);
    batch_.emplace_back(std::move(*st));
    batch_.push_back(text_or_null(source));
    batch_.push_back(text_or_null(note));
    batch_lines_.push_back(where_.row());
    if (batch_lines_.size() == batch_rows_) flush();
}

SqlValue OutcomeImporter::text_or_null(Column col) {
    const auto& t = cell(col);
    if (t.empty()) return nullptr;
    if (t.find('\0') != std::string::npos) {
        fail(col, {"får inte innehålla NUL-tecknet", "must not contain the NUL character"}, "invalid");
    }
    if (col != note && t.size() > 4000) fail(col, {"är för lång (högst 4000 byte)", "is too long (at most 4000 bytes)"}, "length");
    return t;
}

void OutcomeImporter::flush() {
    if (batch_lines_.empty()) return;
    if (copied()) {
        copy_batch();
        return;
    }
    if (!last_id_) last_id_ = storage::as_int(c_.query("SELECT COALESCE(max(id), 0) FROM outcome").front().front());
    c_.execute(insert_sql(batch_lines_.size()), batch_);
    // How many rows the INSERT wrote, and the highest id now: inside our write
    // transaction every outcome with an id above the previous highest is this batch's.
    auto after = c_.query("SELECT changes(), COALESCE(max(id), 0) FROM outcome").front();
    if (storage::as_int(after[0]) != static_cast<std::int64_t>(batch_lines_.size())) {
        report_duplicate(false);
        throw StorageError("an outcome was not inserted, but no row of its batch repeats another");
    }
    if (!first_id_) first_id_ = stored_id(0);
    last_id_ = storage::as_int(after[1]);
    rows_ += static_cast<std::int64_t>(batch_lines_.size());
    batch_.clear();
    batch_lines_.clear();
}

// The id of the stored outcome with the identity of the pending batch's row i, if any.
std::optional<Id> OutcomeImporter::stored_id(std::size_t i) {
    const SqlValue* v = &batch_[i * insert_width];
    // measure, unit, year, point, sex, age group, municipality; null counts as a value.
    std::vector<SqlValue> key{v[0], v[1], storage::is_null(v[2]) ? SqlValue(std::int64_t{0}) : v[2], v[3], v[4],
                              storage::is_null(v[5]) ? SqlValue(std::string()) : v[5],
                              storage::is_null(v[6]) ? SqlValue(std::string()) : v[6],
                              storage::is_null(v[7]) ? SqlValue(std::string()) : v[7]};
    auto found = c_.query(
        "SELECT id FROM outcome WHERE org_id = ? AND measure_id = ? AND COALESCE(unit_id, 0) = ? AND year = ? "
        "AND point = ? AND COALESCE(sex, '') = ? AND COALESCE(age_group, '') = ? AND COALESCE(municipality, '') = ?",
        key);
    if (found.empty()) return std::nullopt;
    return storage::as_int(found.front().front());
}

// Some row of the batch was not written: it repeats an outcome stored before this
// batch, or one earlier in the batch. The first such row, in file order, is the error.
// undone: the batch was rolled back (PostgreSQL), so whatever is stored came before it;
// otherwise (SQLite) the batch's own rows are those with ids above last_id_.
void OutcomeImporter::report_duplicate(bool undone) {
    auto text = [&](std::size_t i) {
        std::string out;
        for (std::size_t k = 1; k <= 7; ++k) {
            const auto& v = batch_[i * insert_width + k];
            if (!storage::is_null(v)) {
                out += std::holds_alternative<std::int64_t>(v) ? std::to_string(std::get<std::int64_t>(v)) : storage::as_text(v);
            }
            out += '\x1f';
        }
        return out;
    };
    std::set<std::string> seen;
    for (std::size_t i = 0; i < batch_lines_.size(); ++i) {
        bool repeated = !seen.insert(text(i)).second;
        if (!repeated) {
            auto id = stored_id(i);
            repeated = undone ? id.has_value() : (!id || *id <= *last_id_);
        }
        if (repeated) {
            fail_at(batch_lines_[i], "",
                    {"utfallet finns redan (i databasen eller tidigare i filen): samma mått, enhet, år, tillfälle och uppdelning",
                     "the outcome already exists (in the database or earlier in the file): same measure, unit, year, point and breakdown"},
                    "duplicate");
        }
    }
}

// The batch as COPY rows into outcome (org_id, position 0, then the outcome's values).
void OutcomeImporter::copy_batch() {
    copy_buffer_.clear();
    for (std::size_t i = 0; i < batch_lines_.size(); ++i) {
        storage::copy_text_field(copy_buffer_, batch_[i * insert_width]);
        copy_buffer_ += "\t0";
        for (std::size_t k = 1; k < insert_width; ++k) {
            copy_buffer_ += '\t';
            storage::copy_text_field(copy_buffer_, batch_[i * insert_width + k]);
        }
        copy_buffer_ += '\n';
    }
    c_.execute("SAVEPOINT outcome_batch");
    try {
        c_.copy_in(std::string("COPY outcome_batch (") + outcome_columns + ") FROM STDIN", copy_buffer_);
        c_.execute(std::string("INSERT INTO outcome (") + outcome_columns + ") SELECT " + outcome_columns +
                   " FROM outcome_batch");
    } catch (const std::exception&) {
        // Most likely a repeated outcome (the identity index, a Conflict): named by its
        // row, after the savepoint has put the transaction back in order. Anything
        // else (report_duplicate finds no repeat) propagates; the caller rolls back.
        c_.execute("ROLLBACK TO SAVEPOINT outcome_batch");
        report_duplicate(true);
        throw;
    }
    c_.execute("RELEASE SAVEPOINT outcome_batch");
    c_.execute("TRUNCATE outcome_batch");
    if (!first_id_) first_id_ = stored_id(0);
    rows_ += static_cast<std::int64_t>(batch_lines_.size());
    batch_.clear();
    batch_lines_.clear();
}

OutcomeImportSummary OutcomeImporter::finish(const storage::Actor& actor, const std::string& sha256) {
    flush();
    // One audit row for the whole import (not one per outcome: an import may hold
    // millions): which file, how many outcomes, the id of the first, and a checksum
    // of the file (sha256sum of the same file gives the same).
    json::object after{{"file", where_.file()}, {"rows", rows_}, {"sha256", sha256}};
    if (first_id_) after["first_id"] = *first_id_;
    storage::append_audit(c_, org_, actor, "import", "outcome", std::nullopt, nullptr, after);
    return {rows_};
}

// The unit's follow-up of a period is locked while its report is submitted or approved
// (docs/workflow.md); an outcome without a unit is the plan owner's.
void OutcomeImporter::check_report_open(std::optional<Id> unit, Id measure, std::int64_t y, const std::string& p) const {
    if (!unit) {
        auto owner = plan_owner_.find(measure);
        if (owner == plan_owner_.end()) return;
        unit = owner->second;
    }
    if (locked_.empty() || !locked_.count({*unit, y, p})) return;
    auto key = unit_keys_.count(*unit) ? unit_keys_.at(*unit) : std::to_string(*unit);
    auto period = std::to_string(y) + " " + p;
    fail(point, {"uppföljningsrapporten för enheten '" + key + "' " + period +
                     " är inskickad eller godkänd; dess utfall kan inte ändras",
                 "the follow-up report of the unit '" + key + "' " + period +
                     " is submitted or approved; its outcomes cannot change"},
         "report_locked");
}

// An outcome may use only the breakdowns its measure declares (domain/followup/breakdowns.hpp).
void OutcomeImporter::check_breakdowns(Id measure_ref, const std::optional<std::string>& s) const {
    auto optional_cell = [&](Column col) { return cell(col).empty() ? std::nullopt : std::optional(cell(col)); };
    const auto& [measure_name, declared] = measure_breakdowns_.at(measure_ref);
    if (auto v = followup::undeclared_breakdown(declared, {s, optional_cell(age_group), optional_cell(municipality)},
                                                measure_name)) {
        fail(v->field == "sex" ? sex : v->field == "age_group" ? age_group : municipality, v->why, "breakdown");
    }
}

void OutcomeImporter::load_lookups() {
    for (const auto& r : c_.query("SELECT id, key FROM org_unit WHERE org_id = ?", {org_})) {
        units_[storage::as_text(r[1])] = storage::as_int(r[0]);
        unit_keys_[storage::as_int(r[0])] = storage::as_text(r[1]);
    }
    for (const auto& r : c_.query("SELECT m.id, p.key, m.key, m.name, m.breakdowns, p.owner_unit_id FROM measure m JOIN plan p "
                                  "ON p.org_id = m.org_id AND p.id = m.plan_id WHERE m.org_id = ?",
                                  {org_})) {
        Id id = storage::as_int(r[0]);
        std::vector<std::string> names;
        if (!storage::is_null(r[4])) {
            auto parsed = json::parse(storage::as_text(r[4]));  // kept alive: the loop reads into it
            for (const auto& b : parsed.as_array()) names.emplace_back(b.as_string());
        }
        measure_breakdowns_[id] = {storage::as_text(r[3]), followup::Breakdowns::from_names(names)};
        if (!storage::is_null(r[5])) plan_owner_[id] = storage::as_int(r[5]);
        measures_[storage::as_text(r[1]) + "\n" + storage::as_text(r[2])] = id;
        measure_ids_.insert(id);
    }
    for (const auto& r : c_.query("SELECT unit_id, year, point FROM followup_report WHERE org_id = ? "
                                  "AND state IN ('submitted', 'approved')",
                                  {org_})) {
        locked_.insert({storage::as_int(r[0]), storage::as_int(r[1]), storage::as_text(r[2])});
    }
    for (const auto& r : c_.query("SELECT year, point, status FROM reporting_period WHERE org_id = ?", {org_})) {
        closed_[{storage::as_int(r[0]), storage::as_text(r[1])}] = storage::as_text(r[2]) == "closed";
    }
}

Id OutcomeImporter::resolve_measure() {
    if (index_[measure_id] >= 0 && !cell(measure_id).empty()) {
        const auto& text = cell(measure_id);
        Id id = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
        if (ec != std::errc{} || end != text.data() + text.size() || !measure_ids_.count(id)) {
            fail(measure_id, {"det finns inget mått med id '" + text + "' i organisationen",
                              "there is no measure with id '" + text + "' in the organisation"}, "reference");
        }
        return id;
    }
    const auto& p = cell(plan);
    const auto& m = cell(measure);
    if (p.empty() || m.empty()) fail(p.empty() ? plan : measure, {"saknas", "is required"}, "required");
    std::string key;
    key.reserve(p.size() + m.size() + 1);
    key.append(p).append(1, '\n').append(m);
    auto it = measures_.find(key);
    if (it == measures_.end()) {
        fail(measure, {"det finns inget mått '" + m + "' i planen '" + p + "'",
                       "there is no measure '" + m + "' in the plan '" + p + "'"}, "reference");
    }
    return it->second;
}

void OutcomeImporter::check_period_open(std::int64_t y, const std::string& p) {
    auto it = closed_.find({y, p});
    if (it != closed_.end() && it->second) {
        auto name = std::to_string(y) + " " + p;
        fail(point, {"rapporteringsperioden " + name + " är stängd; öppna den igen för att ändra utfall",
                     "the reporting period " + name + " is closed; reopen it to change outcomes"}, "closed_period");
    }
}

void OutcomeImporter::check_scope(std::optional<Id> unit_ref, const std::string& key) {
    if (!unit_ref) {
        if (!scope_.organisation_wide) {
            fail(unit, {"utfall för hela organisationen (utan enhet) kräver rollen rapportör för hela organisationen",
                        "outcomes of the organisation as a whole (no unit) need the reporter role over the whole organisation"},
                 "forbidden_unit");
        }
        return;
    }
    if (scope_.units && !scope_.units->count(*unit_ref)) {
        fail(unit, {"du har inte rollen rapportör för enheten '" + key + "'",
                    "you do not hold the reporter role for the unit '" + key + "'"},
             "forbidden_unit");
    }
}

}  // namespace styrkort::formats
