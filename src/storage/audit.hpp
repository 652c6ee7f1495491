#pragma once
// The append-only audit log: one row per change, written in the same transaction as
// the change so that there is never a change without its record, nor a record of a
// change that did not happen. Nothing in Styrkort updates or deletes these rows.
#include <boost/json/value.hpp>

#include <string>

#include "storage/record_store.hpp"

namespace styrkort::storage {

struct Actor {
    std::string name = "system";  // user name, "cli:<os user>" or "system"
    std::string remote;           // client address for HTTP requests
    // Who may correct follow-up of closed reporting periods (record_store.hpp). The API
    // asks the signed-in user's roles; the CLI, the local operator, may correct all.
    CorrectionPolicy may_correct;
};

// The organisation's data version: raised by every append_audit, in the change's own
// transaction. Read it before the data it describes (see api/scorecard_cache.hpp).
std::int64_t data_version(Connection& c, Id org);

// Returns the audit row's id.
Id append_audit(Connection& c, Id org, const Actor& actor, const std::string& action, const std::string& entity,
                std::optional<Id> entity_id, const boost::json::value& before, const boost::json::value& after);

// Records that the audited change `audit_id` corrected closed reporting periods.
void append_corrections(Connection& c, Id org, Id audit_id, const std::vector<PeriodRef>& periods);

}  // namespace styrkort::storage
