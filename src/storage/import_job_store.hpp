#pragma once
// The import_job table (migrations/0009_import_jobs.sql): outcome imports run as jobs,
// readable by every app server on the same database. Each call is one statement on
// the caller's connection; the caller chooses the transaction (progress in its own
// short one, success inside the import's own).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/text.hpp"
#include "storage/sql.hpp"

namespace styrkort::storage {

using Id = std::int64_t;

struct ImportJobError {
    std::optional<std::int64_t> row;  // the file's row (line of a CSV, row of a sheet)
    std::string column;               // the column (and cell); empty when not in one
    Text message;
};

struct ImportJobRecord {
    std::string id;
    Id org = 0;
    Id started_by = 0;  // app_user id
    std::string file_name;
    std::string format;  // csv, xlsx
    std::string state;   // queued, running, succeeded, failed, interrupted
    std::int64_t rows_done = 0;
    std::optional<std::int64_t> rows_total;
    std::optional<std::int64_t> imported;
    std::vector<ImportJobError> errors;
    std::string runner;  // the server process holding the job (runner_liveness.hpp)
    std::string created_at, updated_at;
    std::optional<std::string> started_at, finished_at;

    [[nodiscard]] bool finished() const { return state == "succeeded" || state == "failed" || state == "interrupted"; }
};

// The message of a job whose server stopped, or vanished, before its import ended.
Text interrupted_message();

class ImportJobStore {
public:
    explicit ImportJobStore(Connection& c) : c_(c) {}

    void create(const ImportJobRecord& job);
    [[nodiscard]] std::optional<ImportJobRecord> find(const std::string& id);

    // queued -> running; false when the job is no longer queued (another server
    // declared it interrupted meanwhile): then it must not run.
    bool start(const std::string& id, std::optional<std::int64_t> rows_total);
    void progress(const std::string& id, std::int64_t rows_done, std::optional<std::int64_t> rows_total);
    void succeed(const std::string& id, std::int64_t rows_done, std::int64_t imported);
    void fail(const std::string& id, std::int64_t rows_done, const std::vector<ImportJobError>& errors);

    // Marks 'interrupted' every queued or running job whose runner is not alive
    // (asked once per runner); returns how many.
    int interrupt_orphans(const std::function<bool(const std::string& runner)>& alive);
    // The one job, if it is queued or running and its runner is not alive.
    bool interrupt_if_orphaned(const std::string& id, const std::function<bool(const std::string& runner)>& alive);
    // Deletes the jobs that finished before `finished_before` (an ISO timestamp).
    int prune(const std::string& finished_before);

private:
    void mark_interrupted(const std::string& id);
    Connection& c_;
};

std::string errors_to_json(const std::vector<ImportJobError>& errors);
std::vector<ImportJobError> errors_from_json(const std::string& text);

}  // namespace styrkort::storage
