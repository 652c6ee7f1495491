#include "storage/read_routing.hpp"

#include <atomic>

#include "storage/database.hpp"

namespace styrkort::storage {
namespace {
thread_local StandbyReads* scope_on_this_thread = nullptr;
std::atomic<std::int64_t> revisit_ms{10000};
}  // namespace

std::chrono::milliseconds standby_revisit() { return std::chrono::milliseconds(revisit_ms.load()); }
void set_standby_revisit(std::chrono::milliseconds period) { revisit_ms = period.count(); }

StandbyReads::StandbyReads(std::optional<std::string> min_lsn)
    : min_lsn_(std::move(min_lsn)), outer_(scope_on_this_thread) {
    scope_on_this_thread = this;
}

StandbyReads::~StandbyReads() { scope_on_this_thread = outer_; }

StandbyReads* StandbyReads::current() { return scope_on_this_thread; }

bool standby_caught_up(Connection& standby, const std::optional<std::string>& min_lsn) {
    if (!min_lsn) return true;
    // A promoted standby (or a read URL that reached the primary) is current by definition.
    auto rows = standby.query(
        "SELECT NOT pg_is_in_recovery() OR COALESCE(pg_last_wal_replay_lsn() >= CAST(? AS pg_lsn), false)",
        {*min_lsn});
    return !rows.empty() && as_int(rows[0][0]) != 0;
}

// The table is UNLOGGED (migration 0020): the position is a routing hint read on the
// primary only, so it writes no WAL and its commit waits for no standby. After a crash
// or a failover it starts empty, which is safe: the new primary then is current.
void remember_write_position(Database& db, std::int64_t user_id) {
    if (!db.has_standby()) return;
    db.read([&](Connection& c) {
        c.execute(
            "INSERT INTO replica_write_position (user_id, lsn) VALUES (?, pg_current_wal_insert_lsn()) "
            "ON CONFLICT (user_id) DO UPDATE SET lsn = excluded.lsn",
            {user_id});
    });
}

std::optional<std::string> last_write_position(Database& db, std::int64_t user_id) {
    if (!db.has_standby()) return std::nullopt;
    return db.read([&](Connection& c) -> std::optional<std::string> {
        auto rows = c.query("SELECT CAST(lsn AS TEXT) FROM replica_write_position WHERE user_id = ?", {user_id});
        if (rows.empty()) return std::nullopt;
        return as_text(rows[0][0]);
    });
}

}  // namespace styrkort::storage
