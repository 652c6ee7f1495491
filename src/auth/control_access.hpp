#pragma once
// The one write that is decided by person rather than role: a control point names the
// user who reports it (performer_user), and that person may report its results and the
// actions on their deviations, whatever roles they hold (docs/risk.md).
#include "auth/access.hpp"

namespace styrkort::auth {

// True when `r` is a control result (or a deviation action of one) whose control point
// names this principal as the one who reports it.
bool named_control_reporter(storage::Connection& c, const Principal& p, const Entity& e, Id org,
                            const storage::Record& r);

}  // namespace styrkort::auth
