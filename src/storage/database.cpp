#include "storage/database.hpp"

#include <iostream>

#include "domain/errors.hpp"
#include "storage/tenant_scope.hpp"

namespace styrkort::storage {

namespace {
// Drops the user-info part (it may hold a password) from what we print.
std::string without_password(const std::string& url) {
    auto scheme = url.find("://");
    auto at = url.rfind('@');
    if (scheme != std::string::npos && at != std::string::npos && at > scheme) {
        return url.substr(0, scheme + 3) + url.substr(at + 1);
    }
    return url;
}
}  // namespace

std::string DatabaseConfig::describe() const {
    if (postgres_url.empty()) return "SQLite " + sqlite_path;
    auto text = "PostgreSQL " + without_password(postgres_url);
    if (!postgres_read_url.empty()) text += ", standby reads " + without_password(postgres_read_url);
    return text;
}

Database::Database(DatabaseConfig config)
    : config_(std::move(config)), dialect_(config_.postgres_url.empty() ? Dialect::sqlite : Dialect::postgres) {
    if (config_.pool_size == 0) config_.pool_size = 1;
    if (dialect_ == Dialect::sqlite && !config_.postgres_read_url.empty()) {
        throw StorageError("a standby for reads (--postgres-read-url) needs PostgreSQL (--postgres)");
    }
    auto first = open_connection();
    first->begin();
    try {
        SystemScope migrations(SystemWork::migrations);
        apply_tenant_scope(*first, true);
        migrate(*first);
        first->commit();
    } catch (...) {
        try_rollback(*first);
        throw;
    }
    if (dialect_ == Dialect::sqlite) {
        writer_ = std::move(first);
    } else {
        idle_.push_back(std::move(first));
        open_count_ = 1;
    }
}

Database::~Database() = default;

std::unique_ptr<Connection> Database::open_connection() const {
    if (dialect_ == Dialect::postgres) return open_postgres(config_.postgres_url);
    return open_sqlite(config_.sqlite_path, false);
}

void Database::apply_tenant_scope(Connection& c, bool in_transaction) const {
    if (dialect_ != Dialect::postgres) return;
    auto scope = current_tenant_scope();
    if (in_transaction) return set_connection_scope(c, scope, true);
    auto wanted = std::to_string(static_cast<int>(scope.kind)) + ":" + std::to_string(scope.org);
    if (c.session_tenant_scope == wanted) return;
    c.session_tenant_scope.clear();  // unknown until the statement succeeds
    set_connection_scope(c, scope, false);
    c.session_tenant_scope = wanted;
}

void Database::try_rollback(Connection& c) noexcept {
    try {
        c.rollback();
    } catch (const std::exception& e) {
        // The transaction is gone either way; the connection reports the cause.
        std::cerr << "rollback failed: " << e.what() << '\n';
    }
}

Database::Lease::Lease(Database& database, bool for_write, bool wait)
    : db(database), writer(for_write && database.dialect_ == Dialect::sqlite) {
    if (!for_write && db.has_standby() && lease_standby()) return;
    std::unique_lock lock(db.mutex_);
    if (writer) {
        db.available_.wait(lock, [&] { return !db.writer_busy_; });
        db.writer_busy_ = true;
        conn = std::move(db.writer_);
        return;
    }
    if (!wait && db.idle_.empty() && db.open_count_ >= db.config_.pool_size) {
        acquired = false;
        return;
    }
    db.available_.wait(lock, [&] { return !db.idle_.empty() || db.open_count_ < db.config_.pool_size; });
    // An idle connection the server has dropped meanwhile (a restart, a failover) is
    // closed here and replaced, rather than failing the request that would get it.
    while (!db.idle_.empty() && !db.idle_.back()->usable()) {
        db.idle_.pop_back();
        --db.open_count_;
    }
    if (!db.idle_.empty()) {
        conn = std::move(db.idle_.back());
        db.idle_.pop_back();
        return;
    }
    ++db.open_count_;
    lock.unlock();
    try {
        conn = db.open_connection();
        if (db.dialect_ == Dialect::sqlite) conn->execute_script("PRAGMA query_only = ON;");
    } catch (...) {
        std::lock_guard relock(db.mutex_);
        --db.open_count_;
        db.available_.notify_one();
        throw;
    }
}

Database::Lease::~Lease() {
    if (!acquired) return;
    // A connection that broke, or was left inside a transaction, is not handed out again.
    bool keep = conn != nullptr && conn->usable();
    std::unique_ptr<Connection> dropped;
    std::lock_guard lock(db.mutex_);
    if (writer) {
        db.writer_ = std::move(conn);
        db.writer_busy_ = false;
    } else if (standby) {
        if (keep) db.standby_.idle.push_back(std::move(conn));
        else dropped = std::move(conn), --db.standby_.open_count;
    } else if (keep) {
        db.idle_.push_back(std::move(conn));
    } else {
        dropped = std::move(conn);
        --db.open_count_;
    }
    db.available_.notify_all();
}

}  // namespace styrkort::storage
