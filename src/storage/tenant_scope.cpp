#include "storage/tenant_scope.hpp"

#include <atomic>
#include <string>

#include "storage/sql.hpp"

namespace styrkort::storage {
namespace {

thread_local std::optional<TenantScope> scope_on_this_thread;
std::atomic<bool> unscoped_is_system{false};

std::optional<TenantScope> enter(TenantScope s) {
    auto outer = scope_on_this_thread;
    scope_on_this_thread = s;
    return outer;
}

}  // namespace

TenantScope current_tenant_scope() {
    if (scope_on_this_thread) return *scope_on_this_thread;
    return {unscoped_is_system ? TenantScope::Kind::system : TenantScope::Kind::deny, 0};
}

void set_unscoped_default(std::optional<SystemWork> system) { unscoped_is_system = system.has_value(); }

OrganisationScope::OrganisationScope(std::int64_t org) : outer_(enter({TenantScope::Kind::organisation, org})) {}
OrganisationScope::~OrganisationScope() { scope_on_this_thread = outer_; }

DenyScope::DenyScope() : outer_(enter({TenantScope::Kind::deny, 0})) {}
DenyScope::~DenyScope() { scope_on_this_thread = outer_; }

SystemScope::SystemScope(SystemWork) : outer_(enter({TenantScope::Kind::system, 0})) {}
SystemScope::~SystemScope() { scope_on_this_thread = outer_; }

void set_connection_scope(Connection& c, const TenantScope& scope, bool local) {
    if (c.dialect() != Dialect::postgres) return;
    std::string org = scope.kind == TenantScope::Kind::organisation ? std::to_string(scope.org) : "";
    std::string system = scope.kind == TenantScope::Kind::system ? "on" : "";
    c.execute(local ? "SELECT set_config('styrkort.org_id', ?, true), set_config('styrkort.system', ?, true)"
                    : "SELECT set_config('styrkort.org_id', ?, false), set_config('styrkort.system', ?, false)",
              {org, system});
}

SystemScopeInTransaction::SystemScopeInTransaction(Connection& c, SystemWork) : c_(c) {
    set_connection_scope(c_, {TenantScope::Kind::system, 0}, true);
}

SystemScopeInTransaction::~SystemScopeInTransaction() {
    try {
        set_connection_scope(c_, current_tenant_scope(), true);
    } catch (...) {
        // The transaction failed already and will be rolled back, settings and all.
    }
}

}  // namespace styrkort::storage
