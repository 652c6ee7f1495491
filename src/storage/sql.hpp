#pragma once
// The narrow SQL interface that both backends implement. Statements are written once
// with '?' placeholders; the PostgreSQL backend numbers them. Every statement is
// prepared and cached per connection: values are always bound, never spliced in.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace styrkort::storage {

enum class Dialect { sqlite, postgres };

using SqlValue = std::variant<std::nullptr_t, std::int64_t, double, std::string>;
using Row = std::vector<SqlValue>;

inline bool is_null(const SqlValue& v) { return std::holds_alternative<std::nullptr_t>(v); }
std::int64_t as_int(const SqlValue& v);
const std::string& as_text(const SqlValue& v);

class Connection {
public:
    virtual ~Connection() = default;
    [[nodiscard]] virtual Dialect dialect() const = 0;
    // Runs one statement; returns the rows it produced (RETURNING, SELECT).
    virtual std::vector<Row> query(std::string_view sql, const std::vector<SqlValue>& params = {}) = 0;
    // Runs a script of several statements without parameters (migrations only).
    virtual void execute_script(std::string_view sql) = 0;
    // PostgreSQL only: runs `copy_sql` (COPY … FROM STDIN, a fixed statement) and sends
    // `data`, rows in COPY's text format (copy_text_field escapes a value), as its input.
    // The values travel as data, never as SQL. Throws StorageError on SQLite.
    virtual void copy_in(std::string_view copy_sql, std::string_view data);
    // Whether the connection can be handed to the next user: false once the server has
    // closed it (a restart, a failover) or when it was left inside a transaction. Reads
    // what the server already sent without waiting (PostgreSQL); SQLite: always true.
    virtual bool usable() { return true; }

    void execute(std::string_view sql, const std::vector<SqlValue>& params = {}) { query(sql, params); }
    void begin() { execute(dialect() == Dialect::sqlite ? "BEGIN IMMEDIATE" : "BEGIN"); }
    void commit() { execute("COMMIT"); }
    void rollback() { execute("ROLLBACK"); }

    // PostgreSQL: the tenant scope last set on the session (Database::apply_tenant_scope),
    // "" when unknown.
    std::string session_tenant_scope;
};

// Appends the value as a field of COPY's text format: \N for null, backslash, tab,
// newline and carriage return escaped.
void copy_text_field(std::string& out, const SqlValue& v);

std::unique_ptr<Connection> open_sqlite(const std::string& path, bool read_only);
// `application_name` names the pool in pg_stat_activity unless the URL names one.
std::unique_ptr<Connection> open_postgres(const std::string& url, const char* application_name = "styrkort");

}  // namespace styrkort::storage
