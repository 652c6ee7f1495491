#pragma once
// Imports as jobs (docs/followup.md, "Import as a job"): a request hands its file to
// one worker thread and is answered at once; the client polls the job for rows done
// and, at the end, the number imported or the errors. The import itself is still one
// transaction (all or nothing). Jobs live in this server process: a restart forgets
// them (a running one is rolled back), and behind a load balancer the client must
// poll the server that took the job.
#include <atomic>
#include <boost/json/object.hpp>
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
#include <vector>

#include "domain/text.hpp"
#include "storage/record_store.hpp"

namespace styrkort::api {

enum class JobState { queued, running, succeeded, failed };
std::string job_state_name(JobState s);

struct JobError {
    std::optional<int> row;  // the file's row (line of a CSV, row of a sheet)
    std::string column;      // the column (and cell), empty when the error is not in one
    Text message;
};

class ImportJob {
public:
    ImportJob(std::string id, storage::Id org, storage::Id user_id) : id_(std::move(id)), org_(org), user_id_(user_id) {}
    [[nodiscard]] const std::string& id() const { return id_; }
    [[nodiscard]] storage::Id org() const { return org_; }
    [[nodiscard]] storage::Id user_id() const { return user_id_; }

    // Called by the import while it runs (from the worker thread).
    void set_rows_total(std::int64_t n) { rows_total_ = n; }
    void set_rows_done(std::int64_t n) { rows_done_ = n; }
    // Throws when the server is stopping, so that the import rolls back.
    void check_not_stopping() const;

    // The job as the API shows it, in the reader's language.
    [[nodiscard]] boost::json::object to_json(Language lang) const;

private:
    friend class ImportJobs;
    std::string id_;
    storage::Id org_;
    storage::Id user_id_;
    std::atomic<JobState> state_{JobState::queued};
    std::atomic<std::int64_t> rows_done_{0};
    std::atomic<std::int64_t> rows_total_{-1};  // -1: not known (yet)
    std::atomic<bool> stopping_{false};
    mutable std::mutex mutex_;  // guards what follows
    std::optional<std::int64_t> imported_;
    std::vector<JobError> errors_;
    std::chrono::steady_clock::time_point finished_{};
};

class ImportJobs {
public:
    // The work of a job: runs the import (one transaction) and returns the number of
    // rows imported; throws the import's error otherwise.
    using Work = std::function<std::int64_t(ImportJob&)>;

    ImportJobs();
    ~ImportJobs();  // stops the worker: queued jobs fail, a running one is rolled back
    ImportJobs(const ImportJobs&) = delete;
    ImportJobs& operator=(const ImportJobs&) = delete;

    std::shared_ptr<ImportJob> submit(storage::Id org, storage::Id user_id, Work work);
    [[nodiscard]] std::shared_ptr<const ImportJob> find(const std::string& id) const;

private:
    void run();
    static void record_failure(ImportJob& job, JobError error);
    void forget_old_jobs();  // under mutex_

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::pair<std::shared_ptr<ImportJob>, Work>> queue_;
    std::map<std::string, std::shared_ptr<ImportJob>> jobs_;
    std::shared_ptr<ImportJob> running_;
    bool stopping_ = false;
    std::thread worker_;
};

}  // namespace styrkort::api
