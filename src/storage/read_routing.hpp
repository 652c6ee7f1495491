#pragma once
// Which server a request's reads go to when a hot standby is configured beside the
// primary (DatabaseConfig::postgres_read_url; docs/scale-out.md "Replicas and failover").
//
// Reads go to the primary unless the request is inside a StandbyReads scope: the access
// gate opens one for routes whose reads may be slightly stale (public plan reads, the
// scorecard). Within the scope, Database::read leases a standby connection, but only
// once the standby has replayed the reader's own last write: read-your-writes. That
// position (a WAL LSN) is kept in the primary per user (remember_write_position), so it
// holds whichever app server the next request reaches. Writes always go to the primary.
// Scopes are per thread: a request's handler runs on one worker thread.
#include <chrono>
#include <optional>
#include <string>

#include "storage/sql.hpp"

namespace styrkort::storage {

class Database;

class StandbyReads {
public:
    // `min_lsn`: the reader's last write position (pg_lsn text), or none.
    explicit StandbyReads(std::optional<std::string> min_lsn);
    ~StandbyReads();
    StandbyReads(const StandbyReads&) = delete;
    StandbyReads& operator=(const StandbyReads&) = delete;

    // Whether any read of this scope was served by a standby connection.
    [[nodiscard]] bool used_standby() const { return used_standby_; }
    // From now on this scope reads from the primary (a standby connection failed).
    void to_primary() { decision_ = Decision::primary; }

    enum class Decision { undecided, standby, primary };
    // For Database: the scope of this thread, or null.
    static StandbyReads* current();
    [[nodiscard]] Decision decision() const { return decision_; }
    [[nodiscard]] const std::optional<std::string>& min_lsn() const { return min_lsn_; }
    void decide(Decision d) { decision_ = d; }
    void mark_used() { used_standby_ = true; }

private:
    std::optional<std::string> min_lsn_;
    Decision decision_ = Decision::undecided;
    bool used_standby_ = false;
    StandbyReads* outer_;
};

// Whether a standby connection may serve a reader whose last write is at `min_lsn`:
// it is not in recovery (it is, or has become, a primary) or has replayed that far.
bool standby_caught_up(Connection& standby, const std::optional<std::string>& min_lsn);

// A standby-pool connection that is on a primary (no standby answered when it was
// opened, or its server has been promoted since) is replaced once it is this old, so
// that a standby rebuilt after a failover (scripts/replica-rebuild.sh) takes the reads
// again without a restart (docs/scale-out.md "Rebuilding the standby"). While there is
// no standby that is one new connection per pooled read connection this often. 10 s;
// process-wide, tests shorten it.
std::chrono::milliseconds standby_revisit();
void set_standby_revisit(std::chrono::milliseconds period);
// PostgreSQL (postgres_connection.cpp): whether the connection's server last said it is
// a hot standby (in_hot_standby, which PostgreSQL 14 and later report at connection and
// again after a promotion), and how long ago the connection was opened. SQLite: false, 0.
bool on_hot_standby(const Connection& c);
std::chrono::steady_clock::duration connection_age(const Connection& c);

// The primary's WAL position now, recorded as `user_id`'s last write: called after a
// request of theirs changed something (its commit is at or before this position).
// Without a standby configured, or on SQLite, does nothing.
void remember_write_position(Database& db, std::int64_t user_id);
// The user's last write position as remembered, or none.
std::optional<std::string> last_write_position(Database& db, std::int64_t user_id);

}  // namespace styrkort::storage
