#pragma once
// Imports as jobs (docs/followup.md, "Import as a job"): a request hands its file to
// this server's worker thread and is answered at once; the client polls the job for
// rows done and, at the end, the number imported or the errors. Jobs are rows of the
// database (storage/import_job_store.hpp), so that any app server behind a load
// balancer answers the poll and a job outlives the server that ran it: the import is
// still one transaction (all or nothing), its success is recorded in that same
// transaction, progress in short transactions of its own every half second
// (PostgreSQL; SQLite has one writer, held by the import, so there this server adds
// the progress it holds in memory), and jobs left queued or running by a process
// that is gone are marked 'interrupted' (storage/runner_liveness.hpp).
#include <boost/json/object.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "domain/text.hpp"
#include "storage/database.hpp"
#include "storage/import_job_store.hpp"
#include "storage/runner_liveness.hpp"

namespace styrkort::api {

struct ImportJobsConfig {
    // Finished jobs are deleted this long after they finished.
    std::chrono::seconds keep_finished{std::chrono::hours(24)};
    // Progress is written at most this often (and when the last row is done).
    std::chrono::milliseconds progress_interval{500};

    // STYRKORT_IMPORT_JOB_KEEP_HOURS (whole hours, > 0) sets keep_finished.
    static ImportJobsConfig from_environment();
};

// Rows done so far: called by the import every few thousand rows. Throws when the
// server is stopping, so that the import rolls back.
using JobProgress = std::function<void(std::int64_t rows_done)>;

struct ImportWork {
    std::string file_name;  // as the client named it, or "CSV" / "XLSX"
    std::string format;     // csv, xlsx
    // The data rows of the file (counted before the import, for the progress).
    std::function<std::int64_t()> count_rows;
    // The import on the transaction the job opened; returns the rows imported and
    // throws the import's error otherwise.
    std::function<std::int64_t(storage::Connection&, const JobProgress&)> import;
};

// The job as the API shows it, in the reader's language.
boost::json::object job_json(const storage::ImportJobRecord& job, Language lang);

class ImportJobs {
public:
    // Marks the jobs of processes that are gone 'interrupted', deletes old finished
    // ones, and starts the worker.
    explicit ImportJobs(storage::Database& db, ImportJobsConfig config = ImportJobsConfig::from_environment());
    ~ImportJobs();  // stops the worker: waiting jobs and a running one (rolled back) are interrupted
    ImportJobs(const ImportJobs&) = delete;
    ImportJobs& operator=(const ImportJobs&) = delete;

    // Records the job (queued) and hands it to the worker; returns its id.
    std::string submit(storage::Id org, storage::Id user_id, ImportWork work);
    // The job as stored, with this server's latest progress when it runs the job; a
    // job whose runner is gone is marked interrupted first.
    [[nodiscard]] std::optional<storage::ImportJobRecord> find(const std::string& id) const;

private:
    struct Live {
        std::string id;
        storage::Id org = 0;  // the job's organisation: the tenant scope it runs in
        std::atomic<std::int64_t> rows_done{0};
        std::atomic<std::int64_t> rows_total{-1};  // -1: not counted yet
        std::atomic<bool> stopping{false};
    };

    void run();
    void run_one(Live& job, ImportWork& work);
    void record_failure(Live& job, const storage::ImportJobError& error);
    void interrupt(const std::string& id) noexcept;

    storage::Database& db_;
    ImportJobsConfig config_;
    storage::RunnerLease lease_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::pair<std::shared_ptr<Live>, ImportWork>> queue_;
    std::map<std::string, std::shared_ptr<Live>> live_;  // this process's queued and running jobs
    std::shared_ptr<Live> running_;
    bool stopping_ = false;
    std::thread worker_;  // last: started when everything above is ready
};

}  // namespace styrkort::api
