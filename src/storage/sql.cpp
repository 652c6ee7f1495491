#include "storage/sql.hpp"

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

}  // namespace styrkort::storage
