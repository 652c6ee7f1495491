#include <sqlite3.h>

#include <map>
#include <mutex>

#include "domain/errors.hpp"
#include "storage/sql.hpp"

namespace styrkort::storage {
namespace {

class SqliteConnection final : public Connection {
public:
    SqliteConnection(const std::string& path, bool read_only) {
        int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                    SQLITE_OPEN_NOMUTEX;
        if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
            std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
            sqlite3_close(db_);
            throw StorageError("cannot open SQLite database " + path + ": " + msg);
        }
        sqlite3_busy_timeout(db_, 10000);
        sqlite3_extended_result_codes(db_, 1);
        // Durability first: an acknowledged write must survive kill -9 and power loss.
        execute_script("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;");
        if (!read_only) execute_script("PRAGMA journal_mode = WAL;");
    }
    ~SqliteConnection() override {
        for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
        sqlite3_close(db_);
    }

    [[nodiscard]] Dialect dialect() const override { return Dialect::sqlite; }

    std::vector<Row> query(std::string_view sql, const std::vector<SqlValue>& params) override {
        sqlite3_stmt* stmt = prepare(sql);
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        for (std::size_t i = 0; i < params.size(); ++i) bind(stmt, static_cast<int>(i + 1), params[i]);
        std::vector<Row> rows;
        int columns = sqlite3_column_count(stmt);
        for (;;) {
            int rc = sqlite3_step(stmt);
            if (rc == SQLITE_DONE) break;
            if (rc != SQLITE_ROW) {
                std::string msg = sqlite3_errmsg(db_);
                sqlite3_reset(stmt);
                fail(rc, msg);
            }
            Row row;
            row.reserve(columns);
            for (int c = 0; c < columns; ++c) row.push_back(column(stmt, c));
            rows.push_back(std::move(row));
        }
        sqlite3_reset(stmt);
        return rows;
    }

    void execute_script(std::string_view sql) override {
        char* err = nullptr;
        std::string text(sql);
        int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
        if (rc != SQLITE_OK) {
            std::string msg = err ? err : "unknown error";
            sqlite3_free(err);
            fail(rc, msg);
        }
    }

private:
    sqlite3_stmt* prepare(std::string_view sql) {
        if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
        std::string key(sql);
        sqlite3_stmt* stmt = nullptr;
        int rc = sqlite3_prepare_v3(db_, key.c_str(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                                    nullptr);
        if (rc != SQLITE_OK) fail(rc, std::string(sqlite3_errmsg(db_)) + " in: " + key);
        cache_.emplace(std::move(key), stmt);
        return stmt;
    }

    static void bind(sqlite3_stmt* stmt, int index, const SqlValue& v) {
        if (std::holds_alternative<std::int64_t>(v)) {
            sqlite3_bind_int64(stmt, index, std::get<std::int64_t>(v));
        } else if (std::holds_alternative<double>(v)) {
            sqlite3_bind_double(stmt, index, std::get<double>(v));
        } else if (std::holds_alternative<std::string>(v)) {
            const auto& s = std::get<std::string>(v);
            // Static: the parameters outlive the statement's steps (query() binds all
            // of them again, after clearing, before the next step).
            sqlite3_bind_text(stmt, index, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
        } else {
            sqlite3_bind_null(stmt, index);
        }
    }

    static SqlValue column(sqlite3_stmt* stmt, int c) {
        switch (sqlite3_column_type(stmt, c)) {
            case SQLITE_INTEGER: return static_cast<std::int64_t>(sqlite3_column_int64(stmt, c));
            case SQLITE_FLOAT: return sqlite3_column_double(stmt, c);
            case SQLITE_NULL: return nullptr;
            default: {
                const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
                return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, c)));
            }
        }
    }

    [[noreturn]] static void fail(int rc, const std::string& msg) {
        int primary = rc & 0xff;
        if (primary == SQLITE_CONSTRAINT) {
            throw Conflict({"databasen avvisade ändringen: " + msg, "the database rejected the change: " + msg});
        }
        throw StorageError("SQLite: " + msg);
    }

    sqlite3* db_ = nullptr;
    std::map<std::string, sqlite3_stmt*, std::less<>> cache_;
};

}  // namespace

std::unique_ptr<Connection> open_sqlite(const std::string& path, bool read_only) {
    // A statement that writes many rows (a batch of an import) keeps the pages it
    // changed in a statement journal, to undo just that statement. SQLite spills it
    // to a temporary file after 64 KiB: one write per page of every batch. Kept in
    // memory up to 8 MiB instead. Process-wide, so set once, before the first open.
    static std::once_flag configured;
    std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, 8 << 20); });
    return std::make_unique<SqliteConnection>(path, read_only);
}

}  // namespace styrkort::storage
