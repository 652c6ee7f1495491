#include "api/import_jobs.hpp"

#include <boost/json/array.hpp>

#include <iostream>

#include "auth/crypto.hpp"
#include "auth/errors.hpp"
#include "domain/errors.hpp"

namespace styrkort::api {
namespace {

namespace json = boost::json;

// Finished jobs are kept this long for the client to read, and at most this many.
constexpr auto keep_finished = std::chrono::hours(24);
constexpr std::size_t max_jobs = 1000;

}  // namespace

std::string job_state_name(JobState s) {
    switch (s) {
        case JobState::queued: return "queued";
        case JobState::running: return "running";
        case JobState::succeeded: return "succeeded";
        case JobState::failed: return "failed";
    }
    return "failed";
}

void ImportJob::check_not_stopping() const {
    if (stopping_) throw StorageError("the server is stopping: the import was rolled back");
}

json::object ImportJob::to_json(Language lang) const {
    json::object o{{"id", id_}, {"state", job_state_name(state_)}, {"rows_done", rows_done_.load()}};
    auto total = rows_total_.load();
    o["rows_total"] = total < 0 ? json::value(nullptr) : json::value(total);
    std::lock_guard lock(mutex_);
    o["imported"] = imported_ ? json::value(*imported_) : json::value(nullptr);
    json::array errors;
    for (const auto& e : errors_) {
        errors.push_back({{"row", e.row ? json::value(*e.row) : json::value(nullptr)},
                          {"column", e.column.empty() ? json::value(nullptr) : json::value(e.column)},
                          {"message", e.message.in(lang)}});
    }
    o["errors"] = std::move(errors);
    return o;
}

ImportJobs::ImportJobs() : worker_([this] { run(); }) {}

ImportJobs::~ImportJobs() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        if (running_) running_->stopping_ = true;
    }
    wake_.notify_all();
    worker_.join();
}

std::shared_ptr<ImportJob> ImportJobs::submit(storage::Id org, storage::Id user_id, Work work) {
    // Unguessable: the id is all a client needs to ask (and it must still be the owner).
    auto job = std::make_shared<ImportJob>(auth::random_secret(18), org, user_id);
    {
        std::lock_guard lock(mutex_);
        forget_old_jobs();
        jobs_[job->id()] = job;
        queue_.emplace_back(job, std::move(work));
    }
    wake_.notify_all();
    return job;
}

std::shared_ptr<const ImportJob> ImportJobs::find(const std::string& id) const {
    std::lock_guard lock(mutex_);
    auto it = jobs_.find(id);
    if (it == jobs_.end()) return nullptr;
    return it->second;
}

void ImportJobs::forget_old_jobs() {
    auto now = std::chrono::steady_clock::now();
    for (auto it = jobs_.begin(); it != jobs_.end();) {
        auto state = it->second->state_.load();
        bool finished = state == JobState::succeeded || state == JobState::failed;
        std::chrono::steady_clock::time_point at;
        if (finished) {
            std::lock_guard job_lock(it->second->mutex_);
            at = it->second->finished_;
        }
        if (finished && (now - at > keep_finished || jobs_.size() >= max_jobs)) {
            it = jobs_.erase(it);
        } else {
            ++it;
        }
    }
}

void ImportJobs::record_failure(ImportJob& job, JobError error) {
    std::lock_guard lock(job.mutex_);
    job.errors_.push_back(std::move(error));
}

void ImportJobs::run() {
    for (;;) {
        std::shared_ptr<ImportJob> job;
        Work work;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (stopping_) {
                for (auto& [queued, _] : queue_) {
                    record_failure(*queued, {std::nullopt, "", {"servern stängdes innan importen började",
                                                                 "the server stopped before the import began"}});
                    queued->state_ = JobState::failed;
                }
                queue_.clear();
                return;
            }
            job = queue_.front().first;
            work = std::move(queue_.front().second);
            queue_.pop_front();
            running_ = job;
        }
        job->state_ = JobState::running;
        bool ok = false;
        // The job is a boundary of the error rule: what the import throws becomes the
        // job's errors, as the HTTP layer would turn it into an error response.
        try {
            auto imported = work(*job);
            std::lock_guard lock(job->mutex_);
            job->imported_ = imported;
            ok = true;
        } catch (const InputError& e) {
            record_failure(*job, {e.line(), e.path(), {e.describe(Language::sv), e.describe(Language::en)}});
        } catch (const NotFound& e) {
            record_failure(*job, {std::nullopt, "", e.what_text()});
        } catch (const Conflict& e) {
            record_failure(*job, {std::nullopt, "", e.what_text()});
        } catch (const auth::AccessError& e) {
            record_failure(*job, {std::nullopt, "", e.what_text()});
        } catch (const StorageError& e) {
            std::cerr << "import job " << job->id() << ": storage error: " << e.what() << '\n';
            record_failure(*job, {std::nullopt, "", {"databasen är inte tillgänglig just nu; inget importerades",
                                                     "the database is unavailable; nothing was imported"}});
        } catch (const std::exception& e) {
            // Not silent: the job fails and the operator sees why; the server goes on.
            std::cerr << "import job " << job->id() << ": unexpected error: " << e.what() << '\n';
            record_failure(*job, {std::nullopt, "", {"oväntat fel; inget importerades", "unexpected error; nothing was imported"}});
        }
        work = nullptr;  // releases the file's bytes
        {
            std::lock_guard lock(job->mutex_);
            job->finished_ = std::chrono::steady_clock::now();
        }
        job->state_ = ok ? JobState::succeeded : JobState::failed;
        std::lock_guard lock(mutex_);
        running_.reset();
    }
}

}  // namespace styrkort::api
