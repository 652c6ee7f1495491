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

// Several app servers may start at once on an empty database: the first-start steps
// (the default plans, the first administrator) each check "is the database empty?"
// and then fill it. On PostgreSQL this takes the migrations' advisory lock for the
// rest of the transaction, so one server fills and the others wait and then see its
// rows (READ COMMITTED: the check runs after the lock is granted). SQLite has one
// writer: nothing to do.
void lock_first_start(Connection& c);

}  // namespace styrkort::storage
