#include "storage/sql.hpp"

#include <charconv>
#include <string>

#include "domain/errors.hpp"

namespace styrkort::storage {

std::int64_t as_int(const SqlValue& v) {
    if (std::holds_alternative<std::int64_t>(v)) return std::get<std::int64_t>(v);
    if (std::holds_alternative<double>(v)) return static_cast<std::int64_t>(std::get<double>(v));
    if (std::holds_alternative<std::string>(v)) return std::stoll(std::get<std::string>(v));
    throw StorageError("expected an integer, got NULL");
}

const std::string& as_text(const SqlValue& v) {
    if (!std::holds_alternative<std::string>(v)) throw StorageError("expected text");
    return std::get<std::string>(v);
}

void Connection::copy_in(std::string_view, std::string_view) {
    throw StorageError("COPY FROM STDIN is PostgreSQL's; this connection cannot take it");
}

void copy_text_field(std::string& out, const SqlValue& v) {
    if (is_null(v)) {
        out += "\\N";
    } else if (std::holds_alternative<std::int64_t>(v)) {
        out += std::to_string(std::get<std::int64_t>(v));
    } else if (std::holds_alternative<double>(v)) {
        // The shortest text that reads back as the same double (as the bound parameter is sent).
        char buf[64];
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, std::get<double>(v));
        out.append(buf, end);
    } else {
        for (char ch : std::get<std::string>(v)) {
            switch (ch) {
                case '\\': out += "\\\\"; break;
                case '\t': out += "\\t"; break;
                case '\n': out += "\\n"; break;
                case '\r': out += "\\r"; break;
                default: out += ch;
            }
        }
    }
}

}  // namespace styrkort::storage
