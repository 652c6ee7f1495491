#include "formats/kolada_import.hpp"

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

#include "domain/errors.hpp"
#include "json/read.hpp"
#include "storage/clock.hpp"

namespace styrkort::formats::kolada {
namespace {

namespace fs = std::filesystem;
using storage::SqlValue;

std::string read_whole(const fs::path& path, const std::string& name) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(name, {"går inte att läsa", "cannot be read"}, "file");
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

[[noreturn]] void fail_in(const SourcedPage& page, const std::string& path, Text why, const char* code) {
    InputError e(path, std::move(why), code);
    e.locate(page.source, json_text::line_of_path(page.text, path));
    throw e;
}

SqlValue opt(const std::optional<std::string>& s) { return s ? SqlValue(*s) : SqlValue(nullptr); }
SqlValue opt(const std::optional<double>& d) { return d ? SqlValue(*d) : SqlValue(nullptr); }
SqlValue opt(const std::optional<std::int64_t>& i) { return i ? SqlValue(*i) : SqlValue(nullptr); }

std::optional<std::string> text_or_null(const SqlValue& v) {
    return storage::is_null(v) ? std::nullopt : std::optional<std::string>(storage::as_text(v));
}
std::optional<double> number_or_null(const SqlValue& v) {
    if (storage::is_null(v)) return std::nullopt;
    if (std::holds_alternative<double>(v)) return std::get<double>(v);
    return static_cast<double>(storage::as_int(v));
}
std::optional<std::int64_t> int_or_null(const SqlValue& v) {
    return storage::is_null(v) ? std::nullopt : std::optional<std::int64_t>(storage::as_int(v));
}

// The catalogue: one map per kind, last page wins for an id given twice.
void import_kpis(storage::Connection& c, std::int64_t org, const std::map<std::string, const Kpi*>& kpis,
                 ImportSummary& s) {
    std::map<std::string, storage::Row> stored;
    for (auto& row : c.query("SELECT id, title, description, operating_area, municipality_type, is_divided_by_gender "
                             "FROM kolada_kpi WHERE org_id = ?",
                             {org})) {
        stored.emplace(storage::as_text(row[0]), std::move(row));
    }
    for (const auto& [id, k] : kpis) {
        std::vector<SqlValue> fields{k->title, opt(k->description), opt(k->operating_area), opt(k->municipality_type),
                                     std::int64_t{k->divided_by_gender ? 1 : 0}};
        auto it = stored.find(id);
        if (it == stored.end()) {
            auto params = fields;
            params.insert(params.begin(), {SqlValue(org), SqlValue(id)});
            c.execute("INSERT INTO kolada_kpi (org_id, id, title, description, operating_area, municipality_type, "
                      "is_divided_by_gender) VALUES (?, ?, ?, ?, ?, ?, ?)",
                      params);
            ++s.kpis_added;
            continue;
        }
        const auto& r = it->second;
        bool same = storage::as_text(r[1]) == k->title && text_or_null(r[2]) == k->description &&
                    text_or_null(r[3]) == k->operating_area && text_or_null(r[4]) == k->municipality_type &&
                    storage::as_int(r[5]) == (k->divided_by_gender ? 1 : 0);
        if (same) continue;
        auto params = fields;
        params.push_back(org);
        params.push_back(id);
        c.execute("UPDATE kolada_kpi SET title = ?, description = ?, operating_area = ?, municipality_type = ?, "
                  "is_divided_by_gender = ?, row_version = row_version + 1 WHERE org_id = ? AND id = ?",
                  params);
        ++s.kpis_changed;
    }
}

void import_municipalities(storage::Connection& c, std::int64_t org,
                           const std::map<std::string, const Municipality*>& list, ImportSummary& s) {
    std::map<std::string, std::pair<std::string, std::string>> stored;
    for (const auto& row : c.query("SELECT id, title, type FROM kolada_municipality WHERE org_id = ?", {org})) {
        stored[storage::as_text(row[0])] = {storage::as_text(row[1]), storage::as_text(row[2])};
    }
    for (const auto& [id, m] : list) {
        auto it = stored.find(id);
        if (it == stored.end()) {
            c.execute("INSERT INTO kolada_municipality (org_id, id, title, type) VALUES (?, ?, ?, ?)",
                      {org, id, m->title, m->type});
            ++s.municipalities_added;
        } else if (it->second != std::make_pair(m->title, m->type)) {
            c.execute("UPDATE kolada_municipality SET title = ?, type = ?, row_version = row_version + 1 "
                      "WHERE org_id = ? AND id = ?",
                      {m->title, m->type, org, id});
            ++s.municipalities_changed;
        }
    }
}

void import_groups(storage::Connection& c, std::int64_t org, const std::map<std::string, const Group*>& list,
                   ImportSummary& s) {
    for (const auto& [id, g] : list) {
        auto rows = c.query("SELECT title FROM kolada_municipality_group WHERE org_id = ? AND id = ?", {org, id});
        std::set<std::string> members;
        for (const auto& row : c.query("SELECT municipality_id FROM kolada_municipality_group_member "
                                       "WHERE org_id = ? AND group_id = ?",
                                       {org, id})) {
            members.insert(storage::as_text(row[0]));
        }
        std::set<std::string> wanted(g->members.begin(), g->members.end());
        if (rows.empty()) {
            c.execute("INSERT INTO kolada_municipality_group (org_id, id, title) VALUES (?, ?, ?)", {org, id, g->title});
            ++s.groups_added;
        } else if (storage::as_text(rows[0][0]) != g->title || members != wanted) {
            c.execute("UPDATE kolada_municipality_group SET title = ?, row_version = row_version + 1 "
                      "WHERE org_id = ? AND id = ?",
                      {g->title, org, id});
            ++s.groups_changed;
        } else {
            continue;
        }
        c.execute("DELETE FROM kolada_municipality_group_member WHERE org_id = ? AND group_id = ?", {org, id});
        for (const auto& m : wanted) {
            c.execute("INSERT INTO kolada_municipality_group_member (org_id, group_id, municipality_id) VALUES (?, ?, ?)",
                      {org, id, m});
        }
    }
}

// What the pages say a value should be: present (with its fields) or deleted.
struct Wanted {
    bool deleted = false;
    std::optional<double> value;
    std::optional<std::int64_t> count;
    std::string status;
};

struct Stored {
    std::optional<double> value;
    std::optional<std::int64_t> count;
    std::string status;
    std::int64_t row_version = 1;
    std::string imported_at;
};

std::string value_key(const std::string& muni, int period, const std::string& gender) {
    return muni + '\x1f' + std::to_string(period) + '\x1f' + gender;
}

void split_key(const std::string& key, std::string& muni, std::int64_t& period, std::string& gender) {
    auto a = key.find('\x1f'), b = key.find('\x1f', a + 1);
    muni = key.substr(0, a);
    period = std::stoll(key.substr(a + 1, b - a - 1));
    gender = key.substr(b + 1);
}

class ValueWriter {
public:
    ValueWriter(storage::Connection& c, std::int64_t org, std::string now) : c_(c), org_(org), now_(std::move(now)) {}

    void insert(const std::string& kpi, const std::string& muni, std::int64_t period, const std::string& gender,
                const Wanted& w) {
        if (c_.dialect() == storage::Dialect::postgres) {
            for (const SqlValue& v : {SqlValue(org_), SqlValue(kpi), SqlValue(muni), SqlValue(period), SqlValue(gender),
                                      opt(w.value), opt(w.count), SqlValue(w.status), SqlValue(now_)}) {
                if (!first_field_) copy_ += '\t';
                storage::copy_text_field(copy_, v);
                first_field_ = false;
            }
            copy_ += '\n';
            first_field_ = true;
            if (++pending_ >= 20000) flush();
            return;
        }
        c_.execute("INSERT INTO kolada_value (org_id, kpi_id, municipality_id, period, gender, value, count, status, "
                   "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   {org_, kpi, muni, period, gender, opt(w.value), opt(w.count), w.status, now_});
    }

    // PostgreSQL: the new values go in by COPY (the same rows, as data), in batches, into
    // a temporary table (gone at the end of the transaction) and from there by one
    // INSERT … SELECT: kolada_value has row-level security, and PostgreSQL takes no
    // COPY FROM into such a table; the INSERT is checked by its policy like any other.
    void flush() {
        if (pending_ == 0) return;
        if (!staging_) {
            c_.execute("DROP TABLE IF EXISTS pg_temp.kolada_value_rows");
            c_.execute("CREATE TEMPORARY TABLE kolada_value_rows (org_id BIGINT, kpi_id TEXT, municipality_id TEXT, "
                       "period INTEGER, gender TEXT, value DOUBLE PRECISION, count INTEGER, status TEXT, "
                       "imported_at TEXT) ON COMMIT DROP");
            staging_ = true;
        }
        c_.copy_in("COPY kolada_value_rows (org_id, kpi_id, municipality_id, period, gender, value, count, status, "
                   "imported_at) FROM STDIN",
                   copy_);
        c_.execute("INSERT INTO kolada_value (org_id, kpi_id, municipality_id, period, gender, value, count, status, "
                   "imported_at) SELECT org_id, kpi_id, municipality_id, period, gender, value, count, status, "
                   "imported_at FROM kolada_value_rows");
        c_.execute("TRUNCATE kolada_value_rows");
        copy_.clear();
        pending_ = 0;
    }

    void keep_history(const std::string& kpi, const std::string& muni, std::int64_t period, const std::string& gender,
                      const Stored& old, const char* reason) {
        c_.execute("INSERT INTO kolada_value_history (org_id, kpi_id, municipality_id, period, gender, value, count, "
                   "status, row_version, imported_at, replaced_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   {org_, kpi, muni, period, gender, opt(old.value), opt(old.count), old.status, old.row_version,
                    old.imported_at, now_, std::string(reason)});
    }

    void replace(const std::string& kpi, const std::string& muni, std::int64_t period, const std::string& gender,
                 const Wanted& w) {
        c_.execute("UPDATE kolada_value SET value = ?, count = ?, status = ?, imported_at = ?, "
                   "row_version = row_version + 1 WHERE org_id = ? AND kpi_id = ? AND municipality_id = ? AND "
                   "period = ? AND gender = ?",
                   {opt(w.value), opt(w.count), w.status, now_, org_, kpi, muni, period, gender});
    }

    void remove(const std::string& kpi, const std::string& muni, std::int64_t period, const std::string& gender) {
        c_.execute("DELETE FROM kolada_value WHERE org_id = ? AND kpi_id = ? AND municipality_id = ? AND period = ? "
                   "AND gender = ?",
                   {org_, kpi, muni, period, gender});
    }

private:
    storage::Connection& c_;
    std::int64_t org_;
    std::string now_;
    std::string copy_;
    std::size_t pending_ = 0;
    bool first_field_ = true;
    bool staging_ = false;
};

void import_values(storage::Connection& c, std::int64_t org, const std::vector<SourcedPage>& pages,
                   ImportSummary& s, const std::string& now) {
    // kpi -> value key -> what the pages want; later pages and rows win.
    std::map<std::string, std::unordered_map<std::string, Wanted>> wanted;
    // Rows marked isdeleted as a whole: kpi -> (municipality, period).
    std::map<std::string, std::set<std::pair<std::string, int>>> deleted_rows;
    for (const auto& p : pages) {
        for (const auto& r : p.page.rows) {
            auto& per_kpi = wanted[r.kpi];
            if (r.deleted) {
                deleted_rows[r.kpi].insert({r.municipality, r.period});
                for (const char* g : {"T", "K", "M"}) per_kpi[value_key(r.municipality, r.period, g)] = Wanted{true};
                continue;
            }
            for (const auto& v : r.values) {
                per_kpi[value_key(r.municipality, r.period, v.gender)] = Wanted{v.deleted, v.value, v.count, v.status};
            }
        }
    }
    ValueWriter writer(c, org, now);
    for (auto& [kpi, values] : wanted) {
        std::unordered_map<std::string, Stored> stored;
        for (const auto& row : c.query("SELECT municipality_id, period, gender, value, count, status, row_version, "
                                       "imported_at FROM kolada_value WHERE org_id = ? AND kpi_id = ?",
                                       {org, kpi})) {
            stored.emplace(value_key(storage::as_text(row[0]), static_cast<int>(storage::as_int(row[1])),
                                     storage::as_text(row[2])),
                           Stored{number_or_null(row[3]), int_or_null(row[4]), storage::as_text(row[5]),
                                  storage::as_int(row[6]), storage::as_text(row[7])});
        }
        std::string muni, gender;
        std::int64_t period = 0;
        for (const auto& [key, w] : values) {
            auto it = stored.find(key);
            split_key(key, muni, period, gender);
            if (w.deleted) {
                if (it == stored.end()) continue;  // already gone: deleting again changes nothing
                writer.keep_history(kpi, muni, period, gender, it->second, "deleted");
                writer.remove(kpi, muni, period, gender);
                ++s.values_deleted;
            } else if (it == stored.end()) {
                writer.insert(kpi, muni, period, gender, w);
                ++s.values_added;
            } else if (it->second.value == w.value && it->second.count == w.count && it->second.status == w.status) {
                ++s.values_unchanged;
            } else {
                writer.keep_history(kpi, muni, period, gender, it->second, "replaced");
                writer.replace(kpi, muni, period, gender, w);
                ++s.values_replaced;
            }
        }
    }
    writer.flush();
}

}  // namespace

bool ImportSummary::changed_anything() const {
    return kpis_added + kpis_changed + municipalities_added + municipalities_changed + groups_added + groups_changed +
               values_added + values_replaced + values_deleted >
           0;
}

std::vector<SourcedPage> read_page_files(const std::vector<std::string>& files) {
    std::vector<SourcedPage> out;
    std::set<fs::path> seen;
    for (const auto& file : files) {
        fs::path path = file;
        std::string name = file;
        while (true) {
            std::error_code ec;
            auto canonical = fs::weakly_canonical(path, ec);
            if (ec) canonical = path;
            if (!seen.insert(canonical).second) break;  // read already (given twice, or a loop of next_url)
            SourcedPage page{name, read_whole(path, name), {}};
            page.page = parse_page(page.text, name);
            auto next = page.page.next_url;
            out.push_back(std::move(page));
            if (!next) break;
            std::string next_name;
            try {
                next_name = file_name_for_url(*next);
            } catch (InputError& e) {
                e.locate(name, json_text::line_of_path(out.back().text, "next_url"));
                throw;
            }
            auto next_path = path.parent_path() / next_name;
            if (!fs::exists(next_path)) {
                fail_in(out.back(), "next_url",
                        {"nästa sida (" + *next + ") ska ligga i filen " + next_path.string() + ", som inte finns",
                         "the next page (" + *next + ") belongs in the file " + next_path.string() +
                             ", which does not exist"},
                        "missing_page");
            }
            path = next_path;
            name = next_path.string();
        }
    }
    return out;
}

ImportSummary import_pages(storage::Connection& c, std::int64_t org, const std::vector<SourcedPage>& pages,
                           const storage::Actor& actor) {
    ImportSummary s;
    s.pages = static_cast<std::int64_t>(pages.size());
    std::map<std::string, const Kpi*> kpis;
    std::map<std::string, const Municipality*> municipalities;
    std::map<std::string, const Group*> groups;
    for (const auto& p : pages) {
        for (const auto& k : p.page.kpis) kpis[k.id] = &k;
        for (const auto& m : p.page.municipalities) municipalities[m.id] = &m;
        for (const auto& g : p.page.groups) groups[g.id] = &g;
    }
    // Every data row's KPI known before anything is written.
    std::set<std::string> known;
    for (const auto& [id, k] : kpis) known.insert(id);
    std::set<std::string> stored_kpis;
    bool stored_read = false;
    for (const auto& p : pages) {
        for (const auto& r : p.page.rows) {
            if (known.count(r.kpi)) continue;
            if (!stored_read) {
                for (const auto& row : c.query("SELECT id FROM kolada_kpi WHERE org_id = ?", {org})) {
                    stored_kpis.insert(storage::as_text(row[0]));
                }
                stored_read = true;
            }
            if (stored_kpis.count(r.kpi)) {
                known.insert(r.kpi);
                continue;
            }
            fail_in(p, r.path + ".kpi",
                    {"nyckeltalet " + r.kpi + " finns inte i katalogen: importera KPI-listan (/v3/kpi) först eller i samma körning",
                     "the KPI " + r.kpi + " is not in the catalogue: import the KPI list (/v3/kpi) first or in the same run"},
                    "unknown_kpi");
        }
    }
    auto now = utc_now_iso();
    import_kpis(c, org, kpis, s);
    import_municipalities(c, org, municipalities, s);
    import_groups(c, org, groups, s);
    import_values(c, org, pages, s, now);
    if (s.changed_anything()) {
        boost::json::array sources;
        for (const auto& p : pages) sources.emplace_back(p.source);
        storage::append_audit(c, org, actor, "import", "kolada", std::nullopt, nullptr,
                              boost::json::object{{"sources", sources},
                                                  {"kpis_added", s.kpis_added},
                                                  {"kpis_changed", s.kpis_changed},
                                                  {"municipalities_added", s.municipalities_added},
                                                  {"municipalities_changed", s.municipalities_changed},
                                                  {"groups_added", s.groups_added},
                                                  {"groups_changed", s.groups_changed},
                                                  {"values_added", s.values_added},
                                                  {"values_replaced", s.values_replaced},
                                                  {"values_deleted", s.values_deleted}});
    }
    return s;
}

}  // namespace styrkort::formats::kolada
