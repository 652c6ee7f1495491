#include "api/read_routing.hpp"

#include <iostream>

#include "domain/errors.hpp"
#include "storage/read_routing.hpp"

namespace styrkort::api {

bool stale_tolerant(const Route& route) {
    if (route.method != "GET" || route.access != Access::read_records) return false;
    if (!route.entity.empty() && (route.kind == "list" || route.kind == "get")) return true;
    return route.operation_id == "getScorecard" || route.operation_id == "exportPlan" ||
           route.operation_id == "checkPlan";
}

http::Response handle_with_read_routing(storage::Database& db, const Route& route, const http::Request& request,
                                        const Params& params, const auth::Principal* principal) {
    if (!db.has_standby()) return route.handle(request, params);
    bool user = principal != nullptr && principal->user_id != 0;
    if (stale_tolerant(route)) {
        // The user's last write position is read from the primary, before any standby read.
        storage::StandbyReads reads(user ? storage::last_write_position(db, principal->user_id) : std::nullopt);
        try {
            return route.handle(request, params);
        } catch (const StorageError& e) {
            if (!reads.used_standby()) throw;
            std::cerr << "standby read failed, answering from the primary: " << e.what() << '\n';
            reads.to_primary();
            return route.handle(request, params);
        }
    }
    auto response = route.handle(request, params);
    bool changed = request.method != "GET" && request.method != "HEAD" && request.method != "OPTIONS";
    if (changed && user && response.status < 400) {
        try {
            storage::remember_write_position(db, principal->user_id);
        } catch (const StorageError& e) {
            // The change is committed; without its position the user's next stale-tolerant
            // read may come from a standby that has not replayed it yet. Said, not hidden.
            std::cerr << "could not remember the write position: " << e.what() << '\n';
        }
    }
    return response;
}

}  // namespace styrkort::api
