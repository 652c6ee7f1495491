#pragma once
// Follow-up rules that need the database, checked by the record store inside the
// change's transaction: an outcome may use only the breakdowns its measure declares
// (the rule itself is domain/followup/breakdowns.hpp), and a measure may not drop a
// breakdown that its outcomes use.
#include "storage/record_store.hpp"

namespace styrkort::storage {

// Throws InputError naming the outcome's field (sex, age_group, municipality).
void check_outcome_breakdowns(Connection& c, Id org, const Record& outcome);

// Throws InputError naming `breakdowns` when the changed measure no longer declares a
// breakdown that one of its stored outcomes uses.
void check_measure_keeps_breakdowns(Connection& c, Id org, Id measure, const Record& changed);

}  // namespace styrkort::storage
