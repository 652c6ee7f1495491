#pragma once
// The versioned schema migrations, embedded from src/storage/migrations/*.sql at build
// time (see src/storage/CMakeLists.txt). Version N is the file NNNN_*.sql.
#include <string>
#include <string_view>
#include <vector>

namespace styrkort::storage {

struct Migration {
    int version;
    std::string_view name;
    std::string_view sql;
};

const std::vector<Migration>& migrations();

class Connection;
// migrate() (database.hpp) stopped after version up_to: the tests of an upgrade path.
int migrate_up_to(Connection& c, int up_to);

}  // namespace styrkort::storage
