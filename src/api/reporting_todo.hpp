#pragma once
// The signed-in user's to-do ("Att göra", docs/reporting-round.md): what the home page
// shows, by the roles the user holds in the organisation.
//   reporter:   the missing parts of the units they report for, in the current period
//   approver:   follow-up reports submitted for units they decide (planner over the level above)
//   controller: completeness of their subtrees and the economy findings of the plans in force
//   reader:     the region's scorecard (politicians read)
#include <boost/json/object.hpp>

#include <optional>

#include "auth/access.hpp"
#include "domain/text.hpp"
#include "storage/sql.hpp"

namespace styrkort::api {

// `period`: a reporting period of the organisation (NotFound otherwise); none: the
// latest open period. Sections the user holds no role for are null.
boost::json::object todo_of(storage::Connection& c, const auth::Principal& p, storage::Id org,
                            std::optional<storage::Id> period, Language lang);

}  // namespace styrkort::api
