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

    void execute(std::string_view sql, const std::vector<SqlValue>& params = {}) { query(sql, params); }
    void begin() { execute(dialect() == Dialect::sqlite ? "BEGIN IMMEDIATE" : "BEGIN"); }
    void commit() { execute("COMMIT"); }
    void rollback() { execute("ROLLBACK"); }
};

std::unique_ptr<Connection> open_sqlite(const std::string& path, bool read_only);
std::unique_ptr<Connection> open_postgres(const std::string& url);

}  // namespace styrkort::storage
