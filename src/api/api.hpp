#pragma once
// The JSON REST API under /api/v1: the plan model's CRUD for every entity, plan file
// import and export, health and the OpenAPI document, sign-in and the audit log.
// Every request passes the access gate (api/access_gate.cpp) before its handler.
#include <memory>
#include <string>

#include "api/import_jobs.hpp"
#include "api/router.hpp"
#include "api/scorecard_cache.hpp"
#include "auth/oidc.hpp"
#include "auth/service.hpp"
#include "storage/database.hpp"
#include "storage/repository.hpp"

namespace styrkort::api {

using storage::Id;

class Api {
public:
    explicit Api(storage::Database& db, auth::AuthConfig auth_config = {});
    http::Response handle(const http::Request& request) const;
    // The I/O thread's fast path (api/fast_path.cpp): the answer when it is in a cache
    // (a Bearer token's GET of a route with a `cached` hook), after the same token,
    // membership and data-version checks as handle(); nullopt whenever handle() must
    // answer instead (any refusal, error or miss: those are audited and answered there).
    std::optional<http::Response> answer_at_once(const http::Request& request) const;
    // For the CLI: the request is made by the local operator (request.user names
    // them, e.g. "cli:alice"), who has the database file or URL and therefore every
    // permission; it is still routed, validated and audited like any request.
    http::Response handle_as_operator(const http::Request& request) const;
    [[nodiscard]] const Router& router() const { return router_; }

private:
    void add_entity_routes(const Entity& e);
    void add_plan_file_routes();
    void add_service_routes();
    void add_followup_routes();  // followup_routes.cpp
    void add_import_routes();    // import_routes.cpp
    void add_workflow_routes();      // plan_version_routes.cpp: both below
    void add_report_routes();        // report_routes.cpp: follow-up reports
    void add_plan_version_routes();  // plan_version_routes.cpp: plan decisions, versions, compare
    void add_document_routes();      // document_routes.cpp: the plan and follow-up as PDF, DOCX, HTML
    void add_authoring_routes();     // batch_routes.cpp, comment_routes.cpp (issue 18)
    void add_batch_routes();
    void add_comment_routes();
    void add_kolada_routes();  // kolada_routes.cpp (issue 16, docs/kolada.md)
    void add_reporting_round_routes();  // reporting_round_routes.cpp: completeness, open/close, to-do
    void add_reminder_routes();  // reminder_routes.cpp: e-mail settings, unsubscribe, notifications (issue 17)
    // The organisation a URL names by id or key: nullopt, or NotFound, when none.
    [[nodiscard]] std::optional<storage::Id> find_organisation(const std::string& id_or_key) const;
    [[nodiscard]] std::optional<storage::Id> find_organisation(storage::Connection& c, const std::string& id_or_key) const;
    [[nodiscard]] storage::Id organisation_of(const std::string& id_or_key) const;
    void add_auth_routes();
    void add_audit_routes();
    void add_oidc_routes();  // oidc_routes.cpp
    void add_mfa_routes();   // mfa_routes.cpp: TOTP enrolment, recovery codes, reset

    void finish(http::Response& response, const http::Request& request) const;
    http::Response gated(const http::Request& request, const std::optional<auth::Principal>& preset) const;
    std::optional<auth::Principal> authenticate(const http::Request& request) const;
    void authorise_route(const Route& route, const Params& params, const http::Request& request,
                         const std::optional<auth::Principal>& principal) const;
    void audit_denial(const http::Request& request, const Route* route, const Params& params,
                      const std::optional<auth::Principal>& principal, const std::string& code) const;
    std::optional<storage::Id> org_of(const Params& params) const;
    void check_plan_readable(const Params& params) const;  // throws unless the reader may see the plan

    storage::Database& db_;
    mutable storage::Repository repo_;
    mutable auth::AuthService auth_;
    std::unique_ptr<auth::OidcClient> oidc_;  // null: single sign-on is not configured
    Router router_;
    mutable ScorecardCache scorecards_;
    // Last, so that its worker stops before anything it uses goes away.
    std::unique_ptr<ImportJobs> jobs_ = std::make_unique<ImportJobs>(db_);
};

// The headers every response carries: a strict Content-Security-Policy fit for the
// single-page app served from the same origin, nosniff, no framing, no referrer.
std::vector<std::pair<std::string, std::string>> security_headers(bool tls);

// The client's address: the peer, or, when the peer is a trusted proxy, the client
// that X-Forwarded-For names.
std::string client_address(const http::Request& r, const std::vector<std::string>& trusted_proxies);

// The value of one cookie in a Cookie header ("" when absent).
std::string cookie_value(const std::string& header, const std::string& name);
// The session and CSRF cookies' names: with the __Host- prefix over TLS (the browser
// then keeps them only if Secure, for this host alone, Path=/: no sibling subdomain or
// plain-http page can plant or overwrite them); plain names over http:// (auth_routes.cpp).
std::string session_cookie_name(bool tls);
std::string csrf_cookie_name(bool tls);
// Sets the session cookie (HttpOnly) and the CSRF cookie the app reads (auth_routes.cpp).
void set_session_cookies(http::Response& res, const std::string& secret, const std::string& csrf, bool secure);

// The principal of the request being handled on this thread (null: anonymous). Set
// by the access gate for the duration of the handler call.
const auth::Principal* current_principal();

}  // namespace styrkort::api
