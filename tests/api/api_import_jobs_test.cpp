// Import jobs live in the database (migrations/0009_import_jobs.sql): a job started on
// one app server is polled on another on the same database; jobs left queued or
// running by a server process that is gone are marked interrupted when a server
// starts (or a poll finds them); old finished jobs are deleted. Both backends.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <thread>

#include "api/import_jobs.hpp"
#include "api_test_support.hpp"
#include "identity_support.hpp"
#include "storage/clock.hpp"
#include "storage/import_job_store.hpp"
#include "storage/runner_liveness.hpp"

namespace styrkort::testing {
namespace {

const std::string org_url = "/api/v1/organisations/region-norrbotten";
const std::string jobs_url = org_url + "/outcomes/import-jobs";
const std::string header = "plan;mått;enhet;år;tillfälle;kön;värde\n";
const std::string three_rows = header +
                               "rs-plan-2020-2022;sm-27;;2021;ÅR;K;270\n"
                               "rs-plan-2020-2022;sm-27;;2021;ÅR;M;280\n"
                               "rs-plan-2020-2022;sm-27;;2021;ÅR;total;275\n";

class ImportJobsAcrossServers : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        first_ = std::make_unique<RunningServer>(GetParam());
        auto r = first_->send_json_text("POST", "/api/v1/import", read_text_file(data_file("norrbotten-2020-2022.json")));
        ASSERT_EQ(r.status, 201) << r.body;
        first_->database().write([](storage::Connection& c) {
            c.execute("UPDATE measure SET breakdowns = '[\"sex\"]' WHERE key = 'sm-27'");
        });
        org_ = parse_json(first_->request("GET", org_url).body).at("id").as_int64();
        admin_id_ = first_->database().read([](storage::Connection& c) {
            return storage::as_int(c.query("SELECT id FROM app_user WHERE username = 'admin'").front().front());
        });
    }

    static HeaderList csv() { return {{"Content-Type", "text/csv; charset=utf-8"}}; }

    // Polls until the job is finished (succeeded, failed or interrupted).
    static json::object wait_for(RunningServer& server, const std::string& url, const HeaderList& headers = {}) {
        for (int i = 0; i < 2000; ++i) {
            auto r = server.request("GET", url, "", headers);
            EXPECT_EQ(r.status, 200) << r.body;
            auto job = parse_json(r.body).as_object();
            auto state = job.at("state").as_string();
            if (state != "queued" && state != "running") return job;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        ADD_FAILURE() << "the job did not finish";
        return {};
    }

    // A job row as a server would have left it.
    storage::ImportJobRecord job_row(const std::string& id, const std::string& state, const std::string& runner) const {
        storage::ImportJobRecord j;
        j.id = id;
        j.org = org_;
        j.started_by = admin_id_;
        j.file_name = "utfall.csv";
        j.format = "csv";
        j.state = state;
        j.rows_done = state == "running" ? 1000 : 0;
        if (state == "running") j.rows_total = 5000;
        j.runner = runner;
        j.created_at = j.updated_at = utc_now_iso();
        return j;
    }
    void insert(storage::Database& db, const storage::ImportJobRecord& job) {
        db.write([&](storage::Connection& c) { storage::ImportJobStore(c).create(job); });
    }

    // The runner id of a server process that has stopped: with PostgreSQL a lease taken
    // and given up (its connection closed), with SQLite a process that has exited.
    std::string gone_runner() {
        if (GetParam() == Backend::postgres) {
            auto db = first_->test_database().open();
            auto id = storage::RunnerLease(*db).id();
            wait_until_gone(id);
            return id;
        }
        pid_t child = fork();
        if (child == 0) _exit(0);
        // Until it is reaped the child is a zombie: /proc still has its start time.
        std::string id;
        for (int i = 0; i < 1000 && id.empty(); ++i) {
            if (auto found = storage::sqlite_runner_id(child)) id = *found;
        }
        int status = 0;
        waitpid(child, &status, 0);
        EXPECT_FALSE(id.empty());
        return id;
    }

    // PostgreSQL lets go of a closed connection's locks when its backend has ended,
    // a moment after the client closed it.
    void wait_until_gone(const std::string& runner) {
        for (int i = 0; i < 1000; ++i) {
            if (!first_->database().read([&](storage::Connection& c) { return storage::runner_alive(c, runner); })) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        ADD_FAILURE() << "the runner " << runner << " still holds its lock";
    }

    std::unique_ptr<RunningServer> first_;
    Id org_ = 0;
    Id admin_id_ = 0;
};

TEST_P(ImportJobsAcrossServers, StartedOnOneServerPolledOnAnother) {
    RunningServer second(first_->test_database());
    auto r = first_->request("POST", jobs_url + "?file=utfall%202021.csv", three_rows, csv());
    ASSERT_EQ(r.status, 202) << r.body;
    auto job = wait_for(second, r.header("Location"));
    EXPECT_EQ(job.at("state"), "succeeded") << json::serialize(job);
    EXPECT_EQ(job.at("rows_total"), 3);
    EXPECT_EQ(job.at("rows_done"), 3);
    EXPECT_EQ(job.at("imported"), 3);
    EXPECT_EQ(job.at("file_name"), "utfall 2021.csv");
    EXPECT_FALSE(job.at("finished_at").is_null());
    EXPECT_EQ(count_rows(second.database(), "outcome"), 3);

    // A failed job, started on the second server, read on the first: its errors by row.
    r = second.request("POST", jobs_url + "?lang=en", header + "rs-plan-2020-2022;sm-27;;2022;ÅR;K;tolv\n", csv());
    ASSERT_EQ(r.status, 202) << r.body;
    job = wait_for(*first_, r.header("Location") + "?lang=en");
    EXPECT_EQ(job.at("state"), "failed");
    ASSERT_EQ(job.at("errors").as_array().size(), 1u);
    EXPECT_EQ(job.at("errors").at(0).at("row"), 2);
    EXPECT_EQ(job.at("errors").at(0).at("column"), "value");
    EXPECT_NE(job.at("errors").at(0).at("message").as_string().find("is not a number"), json::string::npos)
        << json::serialize(job);
    EXPECT_EQ(count_rows(first_->database(), "outcome"), 3);

    // Visibility is the same on every server: another reporter gets 404.
    const std::string password = "Rapport-från-Kiruna-2027";
    make_user(second, "annan", password, {{org_, auth::Role::reporter, std::nullopt}});
    auto other = make_token(second, "annan");
    EXPECT_EQ(first_->request("GET", r.header("Location"), "", {{"Authorization", "Bearer " + other}}).status, 404);
}

// SQLite has one writer, held by the import: only the server running it knows its
// progress until it ends (docs/followup.md), so this is PostgreSQL's alone.
class ImportJobsOnPostgres : public ImportJobsAcrossServers {};
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ImportJobsOnPostgres);

TEST_P(ImportJobsOnPostgres, ProgressIsReadableOnAnotherServerWhileTheImportRuns) {
    RunningServer second(first_->test_database());
    // Another session holds the audit log: the import reads and writes every row, then
    // waits to write its audit record, still running, until the lock is let go.
    auto blocker = storage::open_postgres(first_->test_database().config().postgres_url);
    blocker->execute("BEGIN");
    blocker->execute("LOCK TABLE audit_log IN SHARE MODE");
    auto r = first_->request("POST", jobs_url, three_rows, csv());
    ASSERT_EQ(r.status, 202) << r.body;
    json::object job;
    for (int i = 0; i < 2000; ++i) {
        job = parse_json(second.request("GET", r.header("Location")).body).as_object();
        if (job.at("rows_done") == 3) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_EQ(job.at("state"), "running") << json::serialize(job);
    EXPECT_EQ(job.at("rows_done"), 3) << json::serialize(job);
    EXPECT_EQ(job.at("rows_total"), 3);
    EXPECT_TRUE(job.at("imported").is_null());
    EXPECT_EQ(count_rows(second.database(), "outcome"), 0);  // all or nothing: not yet
    blocker->execute("COMMIT");
    EXPECT_EQ(wait_for(second, r.header("Location")).at("state"), "succeeded");
    EXPECT_EQ(count_rows(second.database(), "outcome"), 3);
}

TEST_P(ImportJobsAcrossServers, JobsOfAStoppedServerAreInterruptedWhenAServerStarts) {
    auto gone = gone_runner();
    insert(first_->database(), job_row("left-running", "running", gone));
    insert(first_->database(), job_row("left-queued", "queued", gone));
    // A job of a server that still runs (this process) is left alone.
    auto alive_lease = std::make_unique<storage::RunnerLease>(first_->database());
    insert(first_->database(), job_row("still-running", "running", alive_lease->id()));

    // The server is restarted: a new process on the same database.
    auto& shared = first_->test_database();
    RunningServer restarted(shared);
    auto job = parse_json(restarted.request("GET", jobs_url + "/left-running?lang=en").body).as_object();
    EXPECT_EQ(job.at("state"), "interrupted") << json::serialize(job);
    EXPECT_TRUE(job.at("imported").is_null());
    EXPECT_EQ(job.at("rows_done"), 1000);
    ASSERT_EQ(job.at("errors").as_array().size(), 1u);
    EXPECT_TRUE(job.at("errors").at(0).at("row").is_null());
    EXPECT_NE(job.at("errors").at(0).at("message").as_string().find("nothing was imported"), json::string::npos);
    job = parse_json(restarted.request("GET", jobs_url + "/left-queued").body).as_object();
    EXPECT_EQ(job.at("state"), "interrupted");
    EXPECT_NE(job.at("errors").at(0).at("message").as_string().find("inget importerades"), json::string::npos);
    EXPECT_EQ(parse_json(restarted.request("GET", jobs_url + "/still-running").body).at("state"), "running");

    // Found by a poll too: a server that stops while the others run.
    insert(restarted.database(), job_row("orphan-found-by-poll", "running", gone_runner()));
    EXPECT_EQ(parse_json(first_->request("GET", jobs_url + "/orphan-found-by-poll").body).at("state"), "interrupted");
    // When its server goes, the job that was still running is interrupted too.
    auto still = alive_lease->id();
    alive_lease.reset();
    if (GetParam() == Backend::postgres) {
        wait_until_gone(still);
        EXPECT_EQ(parse_json(first_->request("GET", jobs_url + "/still-running").body).at("state"), "interrupted");
    }
}

TEST_P(ImportJobsAcrossServers, FinishedJobsAreDeletedAfterTheConfiguredTime) {
    auto finished = [&](const std::string& id, std::chrono::hours ago) {
        auto j = job_row(id, "succeeded", "gone");
        j.imported = 10;
        insert(first_->database(), j);
        first_->database().write([&](storage::Connection& c) {
            c.execute("UPDATE import_job SET finished_at = ? WHERE id = ?", {utc_iso_from_now(-ago), id});
        });
    };
    finished("two-days-old", std::chrono::hours(48));
    finished("two-hours-old", std::chrono::hours(2));
    {
        RunningServer restarted(first_->test_database());  // default: 24 hours
        EXPECT_EQ(restarted.request("GET", jobs_url + "/two-days-old").status, 404);
        EXPECT_EQ(restarted.request("GET", jobs_url + "/two-hours-old").status, 200);
    }
    api::ImportJobsConfig one_hour;
    one_hour.keep_finished = std::chrono::hours(1);
    auto db = first_->test_database().open();
    api::ImportJobs jobs(*db, one_hour);
    EXPECT_FALSE(jobs.find("two-hours-old"));
}

// While the import runs, the server running it shows the progress it holds; the
// database has it too on PostgreSQL (written in its own transaction), while SQLite's
// one writer is the import's until it ends.
TEST_P(ImportJobsAcrossServers, ProgressWhileTheImportRuns) {
    auto db = first_->test_database().open();
    api::ImportJobsConfig every_call;
    every_call.progress_interval = std::chrono::milliseconds(0);
    api::ImportJobs jobs(*db, every_call);
    std::promise<void> reached, release;
    auto released = release.get_future().share();
    api::ImportWork work;
    work.file_name = "utfall.csv";
    work.format = "csv";
    work.count_rows = [] { return std::int64_t{4}; };
    work.import = [&](storage::Connection&, const api::JobProgress& progress) {
        progress(2);
        reached.set_value();
        released.wait();
        progress(4);
        return std::int64_t{4};
    };
    auto id = jobs.submit(org_, admin_id_, std::move(work));
    reached.get_future().wait();
    auto shown = jobs.find(id);
    ASSERT_TRUE(shown);
    EXPECT_EQ(shown->state, "running");
    EXPECT_EQ(shown->rows_done, 2);
    EXPECT_EQ(shown->rows_total, 4);
    auto stored = first_->database().read([&](storage::Connection& c) { return storage::ImportJobStore(c).find(id); });
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->state, "running");
    EXPECT_EQ(stored->rows_total, 4);  // written before the import began
    EXPECT_EQ(stored->rows_done, GetParam() == Backend::postgres ? 2 : 0);
    release.set_value();
    std::optional<storage::ImportJobRecord> done;
    for (int i = 0; i < 2000 && !(done && done->finished()); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        done = jobs.find(id);
    }
    ASSERT_TRUE(done);
    EXPECT_EQ(done->state, "succeeded");
    EXPECT_EQ(done->imported, 4);
    EXPECT_EQ(done->rows_done, 4);
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportJobsAcrossServers, backends(), backend_name);
INSTANTIATE_TEST_SUITE_P(Backends, ImportJobsOnPostgres, postgres_only(), backend_name);

}  // namespace
}  // namespace styrkort::testing
