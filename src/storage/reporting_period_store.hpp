#pragma once
// Opening and closing a reporting period (docs/reporting-round.md), on the caller's
// transaction; the caller checks roles. Both are audited here, in that transaction.
//
// Opening sets the period open and carries to each plan in force that year the open
// content and follow-up added to its previous (archived) version since that version
// was replaced (storage/followup_carry.hpp: area and unit activities, budget
// follow-up, and the follow-up reported on the old version), so that the round starts
// on the version in force. Running it again carries only what is new.
//
// Closing is refused while units that owe something for the period have not submitted
// their follow-up report (or it is returned or a draft), unless forced; the refusal
// lists them, and a forced close records them in the audit log.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <string>
#include <vector>

#include "storage/audit.hpp"
#include "storage/sql.hpp"

namespace styrkort::storage {

using Id = std::int64_t;

struct Unsubmitted {
    Id unit = 0;
    std::string key, name;
    std::string state;  // none, draft, returned
    std::optional<Id> report;
};
boost::json::array unsubmitted_json(const std::vector<Unsubmitted>& list);

struct CloseOutcome {
    bool closed = false;
    bool forced = false;
    boost::json::object period;            // as stored after the change (before, when refused)
    std::vector<Unsubmitted> unsubmitted;  // the units without a submitted report
};
boost::json::object to_json(const CloseOutcome& o);

// NotFound for a period not in the organisation. Returns {"period", "carried": {plan key:
// counts}, "already_open"}.
boost::json::object open_period(Connection& c, Id org, Id period, const Actor& actor);

// NotFound for a period not in the organisation; Conflict when it is already closed.
// Not closed (and nothing written) when reports are missing and `force` is false.
CloseOutcome close_period(Connection& c, Id org, Id period, bool force, const std::string& comment, const Actor& actor);

// The units of the whole organisation that owe a report for the period and have not
// submitted it (every tree root of the organisation).
std::vector<Unsubmitted> unsubmitted_reports(Connection& c, Id org, Id period);

}  // namespace styrkort::storage
