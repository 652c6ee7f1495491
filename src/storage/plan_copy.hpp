#pragma once
// A new version of a plan: a copy of the plan and all of its content (sections, goals,
// activities, measures with their targets, economy tables ...) under a new key, with
// references inside the plan pointing into the copy, and the lineage of every copied
// item recorded (storage/plan_lineage.hpp). Follow-up is not copied: it is carried when
// the new version is approved (storage/followup_carry.hpp). Runs on the caller's
// transaction; the caller audits.
#include <map>
#include <string>

#include "storage/record_store.hpp"

namespace styrkort::storage {

struct PlanCopy {
    Record plan;                            // the new plan as stored
    std::map<std::string, int> items;       // per plan-file collection: records copied
};

// `changes` overrides fields of the new plan record (key, status, version ...).
PlanCopy copy_plan(Connection& c, Id org, Id plan, const Record& changes);

}  // namespace styrkort::storage
