#pragma once
// What the API integration tests share: a real server with the real API on a real
// database, requests through a real socket, and ways to look at the database directly
// (to prove that a failed request changed nothing, and what the audit log holds).
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "api/api.hpp"
#include "domain/schema.hpp"
#include "http/server.hpp"
#include "http_client.hpp"
#include "openapi_check.hpp"
#include "support/test_database.hpp"

namespace styrkort::testing {

namespace json = boost::json;
using storage::Id;

// The source tree's data/ file of that name.
std::string data_file(const std::string& name);
std::string read_text_file(const std::string& path);

// http::Server with api::Api on a fresh TestDatabase, serving on 127.0.0.1 and a port
// the OS picked, in a background thread; stopped and joined on destruction.
class RunningServer {
public:
    explicit RunningServer(Backend backend, http::ServerConfig config = {}, auth::AuthConfig auth_config = {});
    // Another app server on the database of `first` (as behind a load balancer), or a
    // restarted one on a database that outlived its server.
    explicit RunningServer(const TestDatabase& shared);
    ~RunningServer();
    RunningServer(const RunningServer&) = delete;
    RunningServer& operator=(const RunningServer&) = delete;

    // Every response is also checked against the OpenAPI document (a non-fatal
    // failure names the undeclared status). Requests are made as the installation's
    // administrator (an API token made at start) unless the headers carry their own
    // Authorization or Cookie; anonymous_request sends no credentials at all.
    HttpResponse request(const std::string& method, const std::string& target, const std::string& body = {},
                         const HeaderList& headers = {});
    HttpResponse anonymous_request(const std::string& method, const std::string& target,
                                   const std::string& body = {}, const HeaderList& headers = {});
    // With Content-Type: application/json: the body as given, or the value serialized.
    HttpResponse send_json_text(const std::string& method, const std::string& target, const std::string& body,
                                HeaderList headers = {});
    HttpResponse send_json(const std::string& method, const std::string& target, const json::value& body);

    [[nodiscard]] storage::Database& database() { return *database_; }
    [[nodiscard]] const TestDatabase& test_database() const { return *source_; }
    [[nodiscard]] const api::Api& api() const { return *api_; }
    [[nodiscard]] std::uint16_t port() const { return server_->port(); }
    [[nodiscard]] const std::string& admin_token() const { return admin_token_; }

private:
    void start(http::ServerConfig config);

    std::unique_ptr<TestDatabase> test_db_;  // null when the database belongs to another server
    const TestDatabase* source_ = nullptr;
    std::unique_ptr<storage::Database> database_;
    std::unique_ptr<api::Api> api_;
    std::unique_ptr<OpenApiStatusCheck> statuses_;
    std::unique_ptr<http::Server> server_;
    std::thread thread_;
    std::string admin_token_;
};

// The first administrator's password in the API tests (as STYRKORT_ADMIN_PASSWORD).
inline const std::string test_admin_password = "Norrsken-över-Luleå-42";

// --- URLs ---------------------------------------------------------------------------

// /api/v1/organisations[/org] for organisations, /api/v1/organisations/{org}/{collection}
// for everything else.
std::string collection_url(const Entity& e, const std::string& org);
std::string item_url(const Entity& e, const std::string& org, Id id);
inline std::string collection_url(const Entity& e, Id org) { return collection_url(e, std::to_string(org)); }
inline std::string item_url(const Entity& e, Id org, Id id) { return item_url(e, std::to_string(org), id); }

// --- JSON ---------------------------------------------------------------------------

json::value parse_json(const std::string& text);  // fails the test (throws) if not JSON
// The body's {"error": {...}} object; an empty object if the body has none.
json::object error_of(const HttpResponse& r);

// --- Records ------------------------------------------------------------------------

// The smallest valid input for the entity: every required field, with references to
// the records in `ids` (entity name -> id). Keys and texts end in `suffix`.
json::object minimal_body(const Entity& e, const std::map<std::string, Id>& ids, const std::string& suffix);

// A plain-text field that PUT and PATCH can change on every entity (name, title, ...).
const Field& changeable_field(const Entity& e);

// Creates one minimal record of every entity up to and including `last`, in catalogue
// order (parents first), in organisation `org` (or a new organisation when `last` is
// the organisation itself or org == 0). Returns entity name -> id, and the bodies sent.
struct Chain {
    std::map<std::string, Id> ids;
    std::map<std::string, json::object> bodies;
};
Chain create_chain(RunningServer& server, const std::string& last, Id org, const std::string& suffix);

// Creates the record, asserting 201; returns the stored record.
json::object create(RunningServer& server, const Entity& e, Id org, const json::object& body);

// --- The database, looked at directly -----------------------------------------------

// Every row of every table of the plan model, its link tables and the audit log, as
// text: two dumps are equal exactly when the stored data is the same.
std::string dump_database(storage::Database& db);
// Success when the dumps are equal; otherwise names the first line that differs
// (a whole dump is too long to read in a failure message).
::testing::AssertionResult same_database(const std::string& before, const std::string& after);

struct AuditRow {
    Id org_id = 0;
    std::string action;
    std::string entity;
    std::optional<Id> entity_id;
};
// The audit rows of organisations; rows of the installation itself (org_id 0: the
// first administrator made at start) are left out.
std::vector<AuditRow> audit_rows(storage::Database& db);
std::int64_t count_rows(storage::Database& db, const std::string& table);

// --- Parametrisation ----------------------------------------------------------------

std::string backend_label(Backend b);

}  // namespace styrkort::testing
