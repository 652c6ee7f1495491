#pragma once
// Which organisation's rows this thread's database work may see (docs/scale-out.md
// "Tenants"). On PostgreSQL every table with org_id has row-level security, enabled
// and forced, keyed on the setting styrkort.org_id; Database applies the thread's
// scope to every lease (write: transaction-local right after BEGIN; read: before the
// first statement). SQLite has no row-level security: the scope changes nothing there.
//
// Three kinds of scope:
//  - an organisation: what a request runs in, entered by the access gate for the
//    organisation the URL names, after the gate has authorised the principal;
//  - deny: no rows at all (the base of every request and of the server's own threads);
//  - system: every organisation, for the few kinds of work that span them, each named
//    by a SystemWork below. It is entered only in code (a SystemScope object); nothing
//    in a request's data chooses it.
// Scopes nest (RAII, per thread): the innermost one counts, the outer comes back when
// it ends. Handlers run synchronously on the worker thread that called them (no
// coroutine suspends inside a handler), so a thread_local is the request's scope.
#include <cstdint>
#include <optional>

namespace styrkort::storage {

// The work that may span organisations. Each value is a documented use
// (docs/scale-out.md, "System scope"); add one only with its paragraph there.
enum class SystemWork {
    migrations,         // the schema and its data migrations, on start
    authentication,     // sign-in by user name, sessions and tokens by their secret, OIDC
    identity,           // a user's own sessions, tokens, password and e-mail settings (user-centric rows)
    organisation_lifecycle,  // creating an organisation (its first rows) and deleting one (all its rows)
    installation,       // installation administrator's routes over all organisations (plan file import/export)
    import_jobs,        // the job runner: claiming jobs of any organisation, interrupted jobs, cleanup
    reminders,          // the reminder scheduler: planning and sending across organisations
    operator_cli,       // the CLI acting as the operator (it holds the database URL)
};

struct TenantScope {
    enum class Kind { deny, organisation, system };
    Kind kind = Kind::deny;
    std::int64_t org = 0;  // Kind::organisation
};

// The scope of this thread's database work now.
TenantScope current_tenant_scope();

// A thread with no scope of its own gets this one: deny, unless a process that is the
// operator (the CLI, the tests' own set-up) says otherwise before it starts threads.
void set_unscoped_default(std::optional<SystemWork> system);

class OrganisationScope {
public:
    explicit OrganisationScope(std::int64_t org);
    ~OrganisationScope();
    OrganisationScope(const OrganisationScope&) = delete;
    OrganisationScope& operator=(const OrganisationScope&) = delete;

private:
    std::optional<TenantScope> outer_;
};

class DenyScope {
public:
    DenyScope();
    ~DenyScope();
    DenyScope(const DenyScope&) = delete;
    DenyScope& operator=(const DenyScope&) = delete;

private:
    std::optional<TenantScope> outer_;
};

class SystemScope {
public:
    explicit SystemScope(SystemWork why);
    ~SystemScope();
    SystemScope(const SystemScope&) = delete;
    SystemScope& operator=(const SystemScope&) = delete;

private:
    std::optional<TenantScope> outer_;
};

class Connection;

// PostgreSQL: sets styrkort.org_id and styrkort.system on the connection to the scope,
// for the current transaction only (local) or for the session. SQLite: nothing.
void set_connection_scope(Connection& c, const TenantScope& scope, bool local);

// Inside a transaction that runs in an organisation's scope: the system scope for a
// few statements that read the installation's accounts (a user may hold roles in
// several organisations), e.g. the author of a returned report for the notice to them.
// The thread's scope is set again when it ends.
class SystemScopeInTransaction {
public:
    SystemScopeInTransaction(Connection& c, SystemWork why);
    ~SystemScopeInTransaction();
    SystemScopeInTransaction(const SystemScopeInTransaction&) = delete;
    SystemScopeInTransaction& operator=(const SystemScopeInTransaction&) = delete;

private:
    Connection& c_;
};

// Runs f in the system scope for `why` and returns what it returns.
template <typename F>
auto in_system_scope(SystemWork why, F&& f) {
    SystemScope scope(why);
    return f();
}

}  // namespace styrkort::storage
