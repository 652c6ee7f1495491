#include "api/import_jobs.hpp"

#include <boost/json/array.hpp>

#include <cstdlib>
#include <iostream>

#include "auth/crypto.hpp"
#include "auth/errors.hpp"
#include "domain/errors.hpp"
#include "storage/clock.hpp"
#include "storage/tenant_scope.hpp"

namespace styrkort::api {
namespace {

namespace json = boost::json;
using storage::ImportJobError;
using storage::ImportJobStore;

// Each waiting job holds its file (up to the body limit): a bound on memory.
constexpr std::size_t max_waiting = 16;

// Thrown by the progress of a job's import when the server stops: the import's
// transaction rolls back and the job is recorded as interrupted.
struct ServerStopping : std::runtime_error {
    ServerStopping() : std::runtime_error("the server is stopping") {}
};

}  // namespace

ImportJobsConfig ImportJobsConfig::from_environment() {
    ImportJobsConfig c;
    if (const char* v = std::getenv("STYRKORT_IMPORT_JOB_KEEP_HOURS"); v != nullptr && *v != '\0') {
        char* end = nullptr;
        long hours = std::strtol(v, &end, 10);
        if (end == nullptr || *end != '\0' || hours <= 0) {
            throw InputError("STYRKORT_IMPORT_JOB_KEEP_HOURS",
                             {"måste vara ett heltal större än 0 (timmar)", "must be a whole number above 0 (hours)"},
                             "config");
        }
        c.keep_finished = std::chrono::hours(hours);
    }
    return c;
}

json::object job_json(const storage::ImportJobRecord& job, Language lang) {
    auto optional_int = [](const std::optional<std::int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); };
    auto optional_text = [](const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); };
    json::array errors;
    for (const auto& e : job.errors) {
        errors.push_back({{"row", optional_int(e.row)},
                          {"column", e.column.empty() ? json::value(nullptr) : json::value(e.column)},
                          {"message", e.message.in(lang)}});
    }
    return {{"id", job.id},
            {"state", job.state},
            {"rows_done", job.rows_done},
            {"rows_total", optional_int(job.rows_total)},
            {"imported", optional_int(job.imported)},
            {"errors", std::move(errors)},
            {"file_name", job.file_name},
            {"created_at", job.created_at},
            {"started_at", optional_text(job.started_at)},
            {"finished_at", optional_text(job.finished_at)}};
}

ImportJobs::ImportJobs(storage::Database& db, ImportJobsConfig config)
    : db_(db), config_(config), lease_(db) {
    // Jobs of every organisation left behind by stopped servers (docs/scale-out.md "System scope").
    storage::SystemScope scope(storage::SystemWork::import_jobs);
    db_.write([&](storage::Connection& c) {
        ImportJobStore store(c);
        int interrupted = store.interrupt_orphans([&](const std::string& runner) {
            return runner == lease_.id() || storage::runner_alive(c, runner);
        });
        if (interrupted > 0) {
            std::cerr << "import jobs: " << interrupted << " left unfinished by a stopped server marked interrupted\n";
        }
        store.prune(utc_iso_from_now(-config_.keep_finished));
    });
    worker_ = std::thread([this] { run(); });
}

ImportJobs::~ImportJobs() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        if (running_) running_->stopping = true;
    }
    wake_.notify_all();
    worker_.join();
}

std::string ImportJobs::submit(storage::Id org, storage::Id user_id, ImportWork work) {
    auto job = std::make_shared<Live>();
    // Unguessable: the id is all a client needs to ask (and it must still be the owner).
    job->id = auth::random_secret(18);
    job->org = org;
    {
        std::lock_guard lock(mutex_);
        if (queue_.size() >= max_waiting) {
            throw Conflict({"för många importer väntar redan; försök igen om en stund",
                            "too many imports are waiting already; try again shortly"});
        }
    }
    // After a failover the runner's lock must be held on the new primary before a job
    // names it, or other servers would take the job for an orphan (docs/scale-out.md).
    lease_.keep_held();
    auto now = utc_now_iso();
    storage::ImportJobRecord record;
    record.id = job->id;
    record.org = org;
    record.started_by = user_id;
    record.file_name = work.file_name;
    record.format = work.format;
    record.state = "queued";
    record.runner = lease_.id();
    record.created_at = now;
    record.updated_at = now;
    db_.write([&](storage::Connection& c) {
        ImportJobStore store(c);
        store.prune(utc_iso_from_now(-config_.keep_finished));
        store.create(record);
    });
    {
        std::lock_guard lock(mutex_);
        live_[job->id] = job;
        queue_.emplace_back(job, std::move(work));
    }
    wake_.notify_all();
    return job->id;
}

std::optional<storage::ImportJobRecord> ImportJobs::find(const std::string& id) const {
    auto job = db_.read([&](storage::Connection& c) { return ImportJobStore(c).find(id); });
    if (!job || job->finished()) return job;
    if (job->runner == lease_.id()) {
        // Ours: the progress in memory is newer than the stored one (with SQLite, the
        // only one while the import holds the file's writer).
        std::lock_guard lock(mutex_);
        if (auto it = live_.find(id); it != live_.end()) {
            job->rows_done = std::max(job->rows_done, it->second->rows_done.load());
            if (!job->rows_total && it->second->rows_total >= 0) job->rows_total = it->second->rows_total.load();
        }
        return job;
    }
    bool alive = db_.read([&](storage::Connection& c) { return storage::runner_alive(c, job->runner); });
    if (alive) return job;
    return db_.write([&](storage::Connection& c) {
        ImportJobStore store(c);
        store.interrupt_if_orphaned(id, [&](const std::string& runner) { return storage::runner_alive(c, runner); });
        return store.find(id);
    });
}

void ImportJobs::interrupt(const std::string& id) noexcept {
    try {
        // By the job's id, which this server made (docs/scale-out.md "System scope").
        storage::SystemScope scope(storage::SystemWork::import_jobs);
        db_.write([&](storage::Connection& c) {
            ImportJobStore(c).interrupt_if_orphaned(id, [](const std::string&) { return false; });
        });
    } catch (const std::exception& e) {
        // The next server to start marks it instead (its runner is gone by then).
        std::cerr << "import job " << id << ": could not be marked interrupted: " << e.what() << '\n';
    }
}

void ImportJobs::record_failure(Live& job, const ImportJobError& error) {
    try {
        db_.write([&](storage::Connection& c) { ImportJobStore(c).fail(job.id, job.rows_done, {error}); });
    } catch (const std::exception& e) {
        // Not silent: the operator sees it; the job stays running until this process
        // stops, and is then marked interrupted (nothing was imported either way).
        std::cerr << "import job " << job.id << ": its failure could not be recorded: " << e.what() << '\n';
    }
}

void ImportJobs::run() {
    storage::DenyScope base;  // each job runs in its own organisation's scope (run_one)
    for (;;) {
        std::shared_ptr<Live> job;
        ImportWork work;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (stopping_) {
                auto waiting = std::move(queue_);
                queue_.clear();
                lock.unlock();
                for (auto& [queued, _] : waiting) interrupt(queued->id);
                return;
            }
            job = queue_.front().first;
            work = std::move(queue_.front().second);
            queue_.pop_front();
            running_ = job;
        }
        run_one(*job, work);
        work = {};  // releases the file's bytes
        std::lock_guard lock(mutex_);
        running_.reset();
        live_.erase(job->id);
    }
}

void ImportJobs::run_one(Live& job, ImportWork& work) {
    storage::OrganisationScope scope(job.org);
    bool started = db_.write([&](storage::Connection& c) { return ImportJobStore(c).start(job.id, std::nullopt); });
    if (!started) {
        std::cerr << "import job " << job.id << ": no longer queued (marked interrupted by another server); not run\n";
        return;
    }
    // A job is a boundary of the error rule: what the import throws becomes the job's
    // errors, as the HTTP layer would turn it into an error response.
    try {
        job.rows_total = work.count_rows();
        bool write_progress = db_.dialect() == storage::Dialect::postgres;
        auto last_write = std::chrono::steady_clock::now();
        auto store_progress = [&] {
            try {
                db_.write([&](storage::Connection& c) {
                    std::int64_t total = job.rows_total;
                    ImportJobStore(c).progress(job.id, job.rows_done,
                                               total >= 0 ? std::optional<std::int64_t>(total) : std::nullopt);
                });
            } catch (const StorageError& e) {
                // Progress is shown, not relied on: the import goes on.
                std::cerr << "import job " << job.id << ": progress not recorded: " << e.what() << '\n';
            }
            last_write = std::chrono::steady_clock::now();
        };
        store_progress();  // the total, before the import holds SQLite's writer
        JobProgress progress = [&](std::int64_t rows) {
            job.rows_done = rows;
            if (job.stopping) throw ServerStopping();
            if (write_progress &&
                (rows >= job.rows_total || std::chrono::steady_clock::now() - last_write >= config_.progress_interval)) {
                store_progress();
            }
        };
        db_.write([&](storage::Connection& c) {
            auto imported = work.import(c, progress);
            // In the import's transaction: the job is succeeded exactly when its rows are in.
            ImportJobStore(c).succeed(job.id, job.rows_done, imported);
        });
    } catch (const ServerStopping&) {
        interrupt(job.id);
    } catch (const InputError& e) {
        record_failure(job, {e.line() ? std::optional<std::int64_t>(*e.line()) : std::nullopt, e.path(),
                             {e.describe(Language::sv), e.describe(Language::en)}});
    } catch (const NotFound& e) {
        record_failure(job, {std::nullopt, "", e.what_text()});
    } catch (const Conflict& e) {
        record_failure(job, {std::nullopt, "", e.what_text()});
    } catch (const auth::AccessError& e) {
        record_failure(job, {std::nullopt, "", e.what_text()});
    } catch (const StorageError& e) {
        std::cerr << "import job " << job.id << ": storage error: " << e.what() << '\n';
        record_failure(job, {std::nullopt, "", {"databasen är inte tillgänglig just nu; inget importerades",
                                                "the database is unavailable; nothing was imported"}});
    } catch (const std::exception& e) {
        // Not silent: the job fails and the operator sees why; the server goes on.
        std::cerr << "import job " << job.id << ": unexpected error: " << e.what() << '\n';
        record_failure(job, {std::nullopt, "", {"oväntat fel; inget importerades", "unexpected error; nothing was imported"}});
    }
}

}  // namespace styrkort::api
