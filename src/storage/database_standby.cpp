// Database's standby pool (storage/read_routing.hpp, docs/scale-out.md): a read inside
// a StandbyReads scope is served by a standby connection when one can be had and the
// standby has replayed the reader's last write; otherwise the scope falls back to the
// primary for the rest of the request, so that one request never mixes the two. A pooled
// standby connection found on a primary is replaced after standby_revisit():
// the read URL then finds a standby built since (docs/scale-out.md "Rebuilding the standby").
#include <iostream>

#include "domain/errors.hpp"
#include "storage/database.hpp"
#include "storage/read_routing.hpp"

namespace styrkort::storage {

bool Database::Lease::lease_standby() {
    auto* scope = StandbyReads::current();
    if (scope == nullptr || scope->decision() == StandbyReads::Decision::primary) return false;
    auto& pool = db.standby_;
    {
        std::unique_lock lock(db.mutex_);
        db.available_.wait(lock, [&] { return !pool.idle.empty() || pool.open_count < db.config_.pool_size; });
        const auto revisit = standby_revisit();
        auto replace = [&](Connection& c) {
            return !c.usable() || (!on_hot_standby(c) && connection_age(c) >= revisit);
        };
        while (!pool.idle.empty() && replace(*pool.idle.back())) {
            pool.idle.pop_back();
            --pool.open_count;
        }
        if (!pool.idle.empty()) {
            conn = std::move(pool.idle.back());
            pool.idle.pop_back();
        } else {
            ++pool.open_count;
        }
    }
    auto give_back = [&](bool keep) {
        std::unique_ptr<Connection> dropped;
        std::lock_guard lock(db.mutex_);
        if (keep && conn && conn->usable()) {
            pool.idle.push_back(std::move(conn));
        } else {
            dropped = std::move(conn);
            --pool.open_count;
        }
        db.available_.notify_all();
    };
    if (!conn) {
        try {
            conn = open_postgres(db.config_.postgres_read_url, "styrkort-read");
        } catch (const StorageError& e) {
            give_back(false);
            // No standby (nor, with a multi-host URL, any server) answered: the primary serves.
            std::cerr << "standby unavailable, reading from the primary: " << e.what() << '\n';
            scope->decide(StandbyReads::Decision::primary);
            return false;
        }
    }
    if (scope->decision() == StandbyReads::Decision::undecided) {
        bool caught_up = false;
        try {
            caught_up = standby_caught_up(*conn, scope->min_lsn());
        } catch (const StorageError& e) {
            std::cerr << "standby check failed, reading from the primary: " << e.what() << '\n';
        }
        scope->decide(caught_up ? StandbyReads::Decision::standby : StandbyReads::Decision::primary);
        if (!caught_up) {
            give_back(true);
            return false;
        }
    }
    standby = true;
    scope->mark_used();
    return true;
}

}  // namespace styrkort::storage
