#pragma once
// A pool of connections to one database, SQLite or PostgreSQL. SQLite has exactly one
// writer (it serialises writes anyway) and pooled readers in WAL mode; PostgreSQL has
// one pool for both, and a second pool for a hot standby when postgres_read_url is set
// (read() uses it inside a StandbyReads scope, storage/read_routing.hpp). write() runs
// a function in a transaction and commits only if it returns; any exception rolls
// back, so a failed import or request changes nothing. A connection the server has
// dropped (a failover, a restart) is discarded, never reused; the next lease opens a
// new one (libpq's multi-host URLs then find the new primary).
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "storage/sql.hpp"

namespace styrkort::storage {

struct DatabaseConfig {
    std::string sqlite_path;   // used when postgres_url is empty
    std::string postgres_url;  // e.g. postgresql://user@localhost:5432/styrkort
    // A hot standby for reads that may be slightly stale, e.g.
    // postgresql://user@h2:5432,h1:5432/styrkort?target_session_attrs=prefer-standby
    std::string postgres_read_url;
    unsigned pool_size = 4;

    [[nodiscard]] std::string describe() const;  // for logs: never includes a password
};

class Database {
public:
    explicit Database(DatabaseConfig config);  // opens and runs pending migrations
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    [[nodiscard]] Dialect dialect() const { return dialect_; }
    [[nodiscard]] const DatabaseConfig& config() const { return config_; }
    [[nodiscard]] bool has_standby() const { return !config_.postgres_read_url.empty(); }

    // Both apply this thread's tenant scope (storage/tenant_scope.hpp) before f runs.
    template <typename F>
    auto read(F&& f) {
        Lease lease(*this, false);
        apply_tenant_scope(*lease.conn, false);
        return f(*lease.conn);
    }

    // Several reads in one read-only transaction on one connection: one snapshot, and
    // SQLite takes its read lock once rather than per statement (for a few short reads
    // that was most of their cost). f may change the scope for some statements
    // (storage::set_connection_scope, local). For callers that must not wait (the HTTP
    // fast path on an I/O thread, api/fast_path.cpp): nullopt, without running f, when
    // every connection of the pool is in use rather than waiting for one.
    template <typename F>
    auto snapshot_if_idle(F&& f) -> std::optional<decltype(f(std::declval<Connection&>()))> {
        Lease lease(*this, false, false);
        if (!lease.conn) return std::nullopt;
        Connection& c = *lease.conn;
        c.execute(dialect_ == Dialect::sqlite ? "BEGIN" : "BEGIN READ ONLY");
        try {
            apply_tenant_scope(c, true);
            auto result = f(c);
            c.commit();
            return result;
        } catch (...) {
            try_rollback(c);
            throw;
        }
    }

    template <typename F>
    auto write(F&& f) {
        Lease lease(*this, true);
        Connection& c = *lease.conn;
        c.begin();
        try {
            apply_tenant_scope(c, true);
            if constexpr (std::is_void_v<decltype(f(c))>) {
                f(c);
                c.commit();
            } else {
                auto result = f(c);
                c.commit();
                return result;
            }
        } catch (...) {
            try_rollback(c);
            throw;
        }
    }

private:
    struct Pool {  // PostgreSQL's standby connections (read_routing.hpp)
        std::vector<std::unique_ptr<Connection>> idle;
        unsigned open_count = 0;
    };
    struct Lease {
        // wait = false: conn stays null rather than waiting while every connection is in use.
        Lease(Database& db, bool for_write, bool wait = true);
        ~Lease();
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Database& db;
        bool writer;
        bool standby = false;
        bool acquired = true;  // false: gave up waiting (wait = false); nothing to give back
        std::unique_ptr<Connection> conn;

    private:
        bool lease_standby();  // database_standby.cpp
    };
    std::unique_ptr<Connection> open_connection() const;
    static void try_rollback(Connection& c) noexcept;
    // PostgreSQL: sets styrkort.org_id / styrkort.system (row-level security) to this
    // thread's scope, transaction-local inside write()'s transaction, and for read()
    // (no transaction) on the session, skipped when the connection already holds it.
    void apply_tenant_scope(Connection& c, bool in_transaction) const;

    DatabaseConfig config_;
    Dialect dialect_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<Connection>> idle_;  // readers (SQLite) or all (PostgreSQL)
    unsigned open_count_ = 0;
    std::unique_ptr<Connection> writer_;  // SQLite only
    bool writer_busy_ = false;
    Pool standby_;
};

// Applies the migrations not yet applied; returns how many ran.
int migrate(Connection& c);
// The newest schema version this binary knows.
int latest_schema_version();

}  // namespace styrkort::storage
