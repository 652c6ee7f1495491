#pragma once
// Runs `f` on the database's writer in a transaction that is always rolled back.
#include "storage/database.hpp"

namespace styrkort::fuzz {

struct RolledBack {};

template <typename F>
void in_rolled_back_transaction(storage::Database& db, F&& f) {
    try {
        db.write([&](storage::Connection& c) {
            f(c);
            throw RolledBack{};
        });
    } catch (const RolledBack&) {
    }
}

}  // namespace styrkort::fuzz
