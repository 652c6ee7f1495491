#pragma once
// What the workflow routes share (report_routes.cpp, plan_version_routes.cpp): reading
// the request, who acts and over which level, and turning the state machine's refusal
// into the answer the error rule gives (403, 409, 422).
#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <variant>

#include "api/router.hpp"
#include "auth/access.hpp"
#include "domain/workflow/state_machine.hpp"
#include "storage/audit.hpp"
#include "storage/database.hpp"

namespace styrkort::api::workflow_support {

using storage::Id;

std::optional<std::int64_t> parse_number(const std::string& s);
Id path_id(const Params& p, const std::string& name = "id");
// The body of a change: empty, or a JSON object.
boost::json::object body_object(const http::Request& r);
std::string string_field(const boost::json::object& body, const std::string& name);
// The signed-in principal who may change something (not a read-only token).
const auth::Principal& writer();
storage::Actor actor_of(const http::Request& r, const auth::Principal& p);
std::optional<Id> parent_unit(storage::Connection& c, Id org, Id unit);
// The author holds `author_role` over the unit; the approver is a planner over the
// level above it (over the whole organisation for a root unit).
workflow::Actor actor_over(storage::Connection& c, const auth::Principal& p, Id org, Id unit, auth::Role author_role);
// The new state, or the refusal thrown as Forbidden, Conflict or InputError.
workflow::State decided(const std::variant<workflow::State, workflow::Refusal>& d);
// Members read everything; everyone else only what is published, when the organisation
// lets the public read (else 401/403). Returns whether the reader sees everything.
bool reads_everything(storage::Database& db, Id org);
std::int64_t query_integer(const http::Request& r, const std::string& name, std::int64_t min, std::int64_t max,
                           std::int64_t fallback);

}  // namespace styrkort::api::workflow_support
