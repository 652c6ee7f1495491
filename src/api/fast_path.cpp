// The I/O thread's fast path (docs/scale-out.md "The HTTP fast path and revalidation"):
// a GET with a Bearer token whose answer is in a cache is answered where it was read,
// without the hop to the worker pool and back, in one read transaction.
// It makes the same checks as the gate (access_gate.cpp) on every request: the token
// read from the database now (so a revocation through any app server counts at once),
// the route's declared access (authorise_route, shared), and the route's own checks in
// its `cached` hook (e.g. membership), against the data version read now. Whatever it
// cannot answer exactly as the gate and the handler would — no token, a refusal, an
// error, a miss — it declines, and the request takes the usual way, where refusals are
// audited and errors explained. Sessions (cookies) always take the usual way: their
// last use may need writing, which does not belong on the I/O thread.
#include "api/api.hpp"
#include "api/principal_scope.hpp"
#include "auth/service.hpp"
#include "storage/tenant_scope.hpp"

namespace styrkort::api {

std::optional<http::Response> Api::answer_at_once(const http::Request& request) const {
    if (request.method != "GET" && request.method != "HEAD") return std::nullopt;
    // With a standby, read routing (api/read_routing.hpp) decides where reads go.
    if (db_.has_standby()) return std::nullopt;
    auto authorization = request.headers.find("authorization");
    if (authorization == request.headers.end() || authorization->second.rfind("Bearer ", 0) != 0) return std::nullopt;
    try {
        Params params;
        const Route* route = router_.find(request.method, request.path, params);
        // Routes whose declared access the gate checks without reading anything (the
        // route's own checks are in its hook): nothing else waits on the I/O thread.
        if (route == nullptr || !route->cached || route->access != Access::read_records) return std::nullopt;
        auto org_param = params.find("org");
        if (org_param == params.end()) return std::nullopt;
        auto secret = authorization->second.substr(7);
        storage::DenyScope base_scope;  // as in the gate: no rows until the organisation is named
        // One read transaction for the token, the organisation and the route's own reads
        // (the data version): one snapshot, one lock. When every connection is busy (slow
        // handlers), the I/O thread does not wait for one: the worker pool answers.
        auto answered = db_.snapshot_if_idle([&](storage::Connection& c) -> std::optional<http::Response> {
            std::optional<auth::Principal> principal;
            {
                storage::SystemScopeInTransaction auth_scope(c, storage::SystemWork::authentication);
                principal = auth::principal_from_token(c, secret);
            }
            if (!principal) return std::nullopt;  // the gate answers 401
            auto org = find_organisation(c, org_param->second);
            if (!org) return std::nullopt;  // the gate answers 404
            storage::OrganisationScope org_scope(*org);
            storage::set_connection_scope(c, storage::current_tenant_scope(), true);
            authorise_route(*route, params, request, principal);
            PrincipalScope scope(&*principal);
            auto response = route->cached(request, params, *org, c);
            if (response) finish(*response, request);
            return response;
        });
        if (!answered) return std::nullopt;
        return std::move(*answered);
    } catch (...) {
        // Refusals, bad input and storage errors alike: the gate answers (and audits) them.
        return std::nullopt;
    }
}

}  // namespace styrkort::api
