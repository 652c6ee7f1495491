#pragma once
// Where the items of a plan version came from (migration 0010, docs/workflow.md): for
// each item copied into a new version, the item of the previous version it was copied
// from. Runs on the caller's transaction.
#include <map>
#include <string>

#include "storage/record_store.hpp"

namespace styrkort::storage {

// Per entity name: the previous version's id -> the id of its copy in the new version.
using Lineage = std::map<std::string, std::map<Id, Id>>;

void record_lineage(Connection& c, Id org, Id plan, const std::string& entity, Id source, Id copy);
// Everything recorded for `plan` (the new version), including copies it has since deleted.
Lineage lineage_of(Connection& c, Id org, Id plan);

}  // namespace styrkort::storage
