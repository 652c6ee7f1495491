#pragma once
// What the approval workflow forbids the record routes (docs/workflow.md): changing a
// frozen plan or its content, setting a plan's status outside the workflow, and
// changing follow-up of a unit and period whose report is submitted or approved.
#include "auth/access.hpp"
#include "storage/record_store.hpp"

namespace styrkort::api {

// before: the record as stored (null on create); after: as it will be stored (null on
// delete). Throws Conflict (409) or InputError (422) naming the plan or report and what
// to do instead.
void check_workflow_write(storage::Connection& c, const Entity& e, storage::Id org, const storage::Record* before,
                          const storage::Record* after, const auth::Principal* principal);

}  // namespace styrkort::api
