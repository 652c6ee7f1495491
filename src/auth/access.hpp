#pragma once
// Who is asking, and what they may do with a record: roles are held on org subtrees;
// a record belongs to the org unit found by walking up its parents (its own unit, the
// plan's owner unit, ...). Reads by members of the organisation are allowed; the
// public reads only what is published (approved plans and what belongs to them).
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "auth/identity_store.hpp"
#include "domain/schema.hpp"
#include "storage/record_store.hpp"

namespace styrkort::auth {

struct Principal {
    Id user_id = 0;
    std::string username;
    std::string display_name;
    std::vector<RoleGrant> grants;
    enum class Via { session, token, cli } via = Via::session;
    bool can_write = true;       // false for tokens with scope "read"
    Id session_id = 0;           // sessions only
    std::string csrf_token;      // sessions only
    // How the session was signed in: "" (a password alone), "totp", "recovery_code" or
    // "identity_provider" (single sign-on). Sessions only.
    std::string second_factor;
    // An administrator whose organisation (or the installation) requires TOTP, in a
    // session signed in without it: only enrolment, sign-out and their own account
    // answer (api/mfa_gate.cpp, docs/security.md "Required of administrators").
    enum class MfaGate { open, enrol, sign_in_again } mfa_gate = MfaGate::open;

    // Administrator of the whole installation: the operator, like the CLI. Holds
    // every role in every organisation.
    [[nodiscard]] bool installation_admin() const;
    // Holds any role in the organisation (so may read its drafts).
    [[nodiscard]] bool member_of(Id org) const;
};

// Whether `unit` (nullopt = the organisation as a whole) lies in a subtree where the
// principal holds `role` in `org`.
bool holds_role_over(storage::Connection& c, const Principal& p, Id org, Role role, std::optional<Id> unit);

// The units of `org` in the subtrees where the principal holds `role`: nullopt when
// the role is held over the whole organisation (every unit, and the organisation as
// a whole); an empty set when it is held nowhere in it. Loads the org tree once (for
// bulk imports, which check every row against it).
std::optional<std::set<Id>> units_with_role(storage::Connection& c, const Principal& p, Id org, Role role);

// The unit a record belongs to, nullopt when it belongs to the organisation as a whole.
std::optional<Id> owning_unit(storage::Connection& c, const Entity& e, Id org, const storage::Record& r);

// The role needed to write this record; throws Forbidden when no rule is declared.
Role required_role(storage::Connection& c, const Entity& e, Id org, const storage::Record& r);

// Throws Forbidden unless the principal may write this record (as it is stored, or
// as it is about to be stored).
void check_write(storage::Connection& c, const Principal& p, const Entity& e, Id org, const storage::Record& r);

// May correct follow-up of a closed reporting period: a planner or an administrator
// over the record's unit (docs/permissions.md, "Closed reporting periods").
bool may_correct_closed_period(storage::Connection& c, const Principal& p, const Entity& e, Id org,
                               const storage::Record& r);

// Published: belongs to no plan, or to an approved (or archived) plan, and has no
// status of its own that is not approved/published (an investment request's status is
// the decision on it, not its publication).
bool is_published(storage::Connection& c, const Entity& e, Id org, const storage::Record& r);

// The same rule as an SQL condition on the entity's table (by its name) and its owners,
// for lists that the public reads: built from the catalogue only. nullopt when the
// owner chain is a tree of one entity with a status (not expressible without
// recursion) or for follow-up (published with an approved report): such lists are
// filtered with is_published.
std::optional<std::string> published_condition(const Entity& e);

}  // namespace styrkort::auth
