#include "storage/database.hpp"

#include <iostream>

#include "domain/errors.hpp"
#include "storage/tenant_scope.hpp"

namespace styrkort::storage {

std::string DatabaseConfig::describe() const {
    if (postgres_url.empty()) return "SQLite " + sqlite_path;
    // Drop the user-info part (it may hold a password) from what we print.
    auto scheme = postgres_url.find("://");
    auto at = postgres_url.rfind('@');
    if (scheme != std::string::npos && at != std::string::npos && at > scheme) {
        return "PostgreSQL " + postgres_url.substr(0, scheme + 3) + postgres_url.substr(at + 1);
    }
    return "PostgreSQL " + postgres_url;
}

Database::Database(DatabaseConfig config)
    : config_(std::move(config)), dialect_(config_.postgres_url.empty() ? Dialect::sqlite : Dialect::postgres) {
    if (config_.pool_size == 0) config_.pool_size = 1;
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

Database::Lease::Lease(Database& database, bool for_write)
    : db(database), writer(for_write && database.dialect_ == Dialect::sqlite) {
    std::unique_lock lock(db.mutex_);
    if (writer) {
        db.available_.wait(lock, [&] { return !db.writer_busy_; });
        db.writer_busy_ = true;
        conn = std::move(db.writer_);
        return;
    }
    db.available_.wait(lock, [&] { return !db.idle_.empty() || db.open_count_ < db.config_.pool_size; });
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
    std::lock_guard lock(db.mutex_);
    if (writer) {
        db.writer_ = std::move(conn);
        db.writer_busy_ = false;
    } else {
        db.idle_.push_back(std::move(conn));
    }
    db.available_.notify_all();
}

}  // namespace styrkort::storage
