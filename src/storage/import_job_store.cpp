#include "storage/import_job_store.hpp"

#include <boost/json.hpp>

#include <map>

#include "storage/clock.hpp"

namespace styrkort::storage {
namespace {

namespace json = boost::json;

const char* const columns =
    "id, org_id, started_by, file_name, format, state, rows_done, rows_total, imported, errors, runner, created_at, "
    "updated_at, started_at, finished_at";

std::optional<std::int64_t> optional_int(const SqlValue& v) {
    if (is_null(v)) return std::nullopt;
    return as_int(v);
}

std::optional<std::string> optional_text(const SqlValue& v) {
    if (is_null(v)) return std::nullopt;
    return as_text(v);
}

ImportJobRecord record_of(const Row& r) {
    ImportJobRecord j;
    j.id = as_text(r[0]);
    j.org = as_int(r[1]);
    j.started_by = as_int(r[2]);
    j.file_name = as_text(r[3]);
    j.format = as_text(r[4]);
    j.state = as_text(r[5]);
    j.rows_done = as_int(r[6]);
    j.rows_total = optional_int(r[7]);
    j.imported = optional_int(r[8]);
    j.errors = errors_from_json(as_text(r[9]));
    j.runner = as_text(r[10]);
    j.created_at = as_text(r[11]);
    j.updated_at = as_text(r[12]);
    j.started_at = optional_text(r[13]);
    j.finished_at = optional_text(r[14]);
    return j;
}

SqlValue value_or_null(const std::optional<std::int64_t>& v) { return v ? SqlValue(*v) : SqlValue(nullptr); }

}  // namespace

Text interrupted_message() {
    return {"servern som körde importen stannade innan den var klar; inget importerades – importera filen igen",
            "the server running the import stopped before it finished; nothing was imported – import the file again"};
}

std::string errors_to_json(const std::vector<ImportJobError>& errors) {
    json::array out;
    for (const auto& e : errors) {
        out.push_back({{"row", e.row ? json::value(*e.row) : json::value(nullptr)},
                       {"column", e.column.empty() ? json::value(nullptr) : json::value(e.column)},
                       {"sv", e.message.sv},
                       {"en", e.message.en}});
    }
    return json::serialize(out);
}

std::vector<ImportJobError> errors_from_json(const std::string& text) {
    std::vector<ImportJobError> out;
    // Written only by errors_to_json: a parse error here is a damaged row, and throws.
    auto parsed = json::parse(text);  // kept alive: the loop reads into it
    for (const auto& v : parsed.as_array()) {
        const auto& o = v.as_object();
        ImportJobError e;
        if (!o.at("row").is_null()) e.row = o.at("row").to_number<std::int64_t>();
        if (!o.at("column").is_null()) e.column = std::string(o.at("column").as_string());
        e.message = {std::string(o.at("sv").as_string()), std::string(o.at("en").as_string())};
        out.push_back(std::move(e));
    }
    return out;
}

void ImportJobStore::create(const ImportJobRecord& j) {
    c_.execute(
        "INSERT INTO import_job (org_id, id, started_by, file_name, format, state, rows_done, rows_total, imported, "
        "errors, runner, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {j.org, j.id, j.started_by, j.file_name, j.format, j.state, j.rows_done, value_or_null(j.rows_total),
         value_or_null(j.imported), errors_to_json(j.errors), j.runner, j.created_at, j.updated_at});
}

std::optional<ImportJobRecord> ImportJobStore::find(const std::string& id) {
    auto rows = c_.query(std::string("SELECT ") + columns + " FROM import_job WHERE id = ?", {id});
    if (rows.empty()) return std::nullopt;
    return record_of(rows.front());
}

bool ImportJobStore::start(const std::string& id, std::optional<std::int64_t> rows_total) {
    auto now = utc_now_iso();
    return !c_.query("UPDATE import_job SET state = 'running', rows_total = ?, started_at = ?, updated_at = ? "
                     "WHERE id = ? AND state = 'queued' RETURNING id",
                     {value_or_null(rows_total), now, now, id})
                .empty();
}

void ImportJobStore::progress(const std::string& id, std::int64_t rows_done, std::optional<std::int64_t> rows_total) {
    c_.execute("UPDATE import_job SET rows_done = ?, rows_total = ?, updated_at = ? WHERE id = ? AND state = 'running'",
               {rows_done, value_or_null(rows_total), utc_now_iso(), id});
}

void ImportJobStore::succeed(const std::string& id, std::int64_t rows_done, std::int64_t imported) {
    auto now = utc_now_iso();
    c_.execute("UPDATE import_job SET state = 'succeeded', rows_done = ?, imported = ?, errors = '[]', "
               "updated_at = ?, finished_at = ? WHERE id = ?",
               {rows_done, imported, now, now, id});
}

void ImportJobStore::fail(const std::string& id, std::int64_t rows_done, const std::vector<ImportJobError>& errors) {
    auto now = utc_now_iso();
    c_.execute("UPDATE import_job SET state = 'failed', rows_done = ?, imported = NULL, errors = ?, updated_at = ?, "
               "finished_at = ? WHERE id = ?",
               {rows_done, errors_to_json(errors), now, now, id});
}

void ImportJobStore::mark_interrupted(const std::string& id) {
    auto now = utc_now_iso();
    c_.execute("UPDATE import_job SET state = 'interrupted', imported = NULL, errors = ?, updated_at = ?, "
               "finished_at = ? WHERE id = ? AND state IN ('queued', 'running')",
               {errors_to_json({{std::nullopt, "", interrupted_message()}}), now, now, id});
}

int ImportJobStore::interrupt_orphans(const std::function<bool(const std::string&)>& alive) {
    std::map<std::string, bool> runner_alive;
    int n = 0;
    for (const auto& r : c_.query("SELECT id, runner FROM import_job WHERE state IN ('queued', 'running') ORDER BY id")) {
        const auto& runner = as_text(r[1]);
        auto it = runner_alive.find(runner);
        if (it == runner_alive.end()) it = runner_alive.emplace(runner, alive(runner)).first;
        if (it->second) continue;
        mark_interrupted(as_text(r[0]));
        ++n;
    }
    return n;
}

bool ImportJobStore::interrupt_if_orphaned(const std::string& id, const std::function<bool(const std::string&)>& alive) {
    auto rows = c_.query("SELECT runner FROM import_job WHERE id = ? AND state IN ('queued', 'running')", {id});
    if (rows.empty() || alive(as_text(rows.front()[0]))) return false;
    mark_interrupted(id);
    return true;
}

int ImportJobStore::prune(const std::string& finished_before) {
    return static_cast<int>(c_.query("DELETE FROM import_job WHERE state IN ('succeeded', 'failed', 'interrupted') "
                                     "AND finished_at < ? RETURNING id",
                                     {finished_before})
                                .size());
}

}  // namespace styrkort::storage
