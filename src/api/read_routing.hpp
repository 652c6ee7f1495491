#pragma once
// Which requests may read from the hot standby (docs/scale-out.md "Replicas and
// failover"): GETs of public plan data (every record list and record, a plan's export
// and check) and the scorecard. Everything else reads from the primary, and so does a
// stale-tolerant read by a user until the standby has replayed that user's last write.
#include <optional>

#include "api/router.hpp"
#include "auth/access.hpp"
#include "storage/database.hpp"

namespace styrkort::api {

[[nodiscard]] bool stale_tolerant(const Route& route);

// Runs the route's handler with its reads routed as above, and after a change by a
// signed-in user remembers the primary's WAL position as that user's last write. A
// stale-tolerant read whose standby connection broke is answered again from the
// primary (it is a GET: running it twice changes nothing).
http::Response handle_with_read_routing(storage::Database& db, const Route& route, const http::Request& request,
                                        const Params& params, const auth::Principal* principal);

}  // namespace styrkort::api
