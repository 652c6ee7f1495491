#pragma once
// When a new plan version is approved, the follow-up reported against the version it
// replaces is carried over to it (docs/workflow.md "Plan versions"), in the approval's
// transaction, so that the new version's scorecard does not start empty mid-year:
//
// - Follow-up (activity reports, outcomes, goal assessments) of an item the new
//   version kept, changed or not, is copied to the item it became (plan_lineage).
//   Where the new version already has its own record for the same item and period,
//   that one is kept. Follow-up of an item the new version removed stays on the
//   previous version only; new items start without.
// - What stays open in an approved plan and was added to the previous version after
//   the copy was made (area and unit activities, budget follow-up and its tables) is
//   copied to the new version, references pointed at the items they became.
// - Budget follow-up rows the new version kept get the figures reported since
//   (outcome, forecast, comment) where the previous version has them; the budget
//   stays as the new version decided it.
//
// The previous version is left as it is: archived, it remains the public record of
// what was decided and reported. The carried records are copies, not corrections: a
// closed reporting period does not refuse them. The caller audits the whole batch.
#include <boost/json/object.hpp>

#include <map>
#include <string>

#include "storage/record_store.hpp"

namespace styrkort::storage {

struct CarriedFollowup {
    // Per plan-file collection name ("outcomes", "activity_reports", ...).
    std::map<std::string, int> carried;   // copied to the new version
    std::map<std::string, int> updated;   // budget follow-up brought up to date in the new version
    std::map<std::string, int> kept_own;  // the new version's own record for the same item and period kept
    std::map<std::string, int> left;      // stay on the previous version only (item removed or changed so it does not fit)
};
boost::json::object to_json(const CarriedFollowup& c);

CarriedFollowup carry_followup(Connection& c, Id org, Id from_plan, Id to_plan);

}  // namespace styrkort::storage
