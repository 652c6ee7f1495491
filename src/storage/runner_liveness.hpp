#pragma once
// Which server process holds an import job, and whether it still runs: several app
// servers share one database, and a job held by a process that died (killed, host
// lost) must not stay 'running' for ever. No clocks or heartbeats are involved:
//
// - PostgreSQL: each process holds a session advisory lock on a connection of its own
//   for as long as it lives; the database drops the lock when the process (or its
//   host) goes. Another server asks with pg_try_advisory_xact_lock whether the lock
//   is free, i.e. whether its holder is gone.
// - SQLite: the file can only be shared by processes on one host (WAL needs shared
//   memory), so the runner is the host, the process id and the process's start time
//   (/proc/PID/stat: a reused process id has another start time).
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "storage/database.hpp"

namespace styrkort::storage {

class RunnerLease {
public:
    explicit RunnerLease(const Database& db);  // PostgreSQL: opens its connection and takes the lock
    ~RunnerLease();
    RunnerLease(const RunnerLease&) = delete;
    RunnerLease& operator=(const RunnerLease&) = delete;

    // Stored with each job this process holds, e.g. "pg/123456789/host/4242".
    [[nodiscard]] const std::string& id() const { return id_; }
    // PostgreSQL: when the server ended the holding connection (a failover to a standby,
    // a restart; docs/scale-out.md) the lock went with it. Takes the same lock again on
    // the server that is now the primary, so that the id keeps naming a live runner.
    // Throws StorageError when no server can be reached. SQLite: nothing to do.
    void keep_held();

private:
    std::string id_;
    std::string url_;
    std::int64_t key_ = 0;
    std::mutex mutex_;
    std::unique_ptr<Connection> holder_;  // PostgreSQL: the connection holding the lock
};

// The runner id of a process on this host, with SQLite ("sqlite/PID/START/HOST");
// nullopt when there is no such process.
std::optional<std::string> sqlite_runner_id(long pid);

// Whether the process named by `runner` (a RunnerLease id) still runs. A name of
// another form (another backend, damaged) counts as gone.
bool runner_alive(Connection& c, const std::string& runner);

}  // namespace styrkort::storage
