#pragma once
// Routes are data: the table that dispatches requests is also what the OpenAPI
// document is generated from and what the tests walk, so none can drift from another.
#include <functional>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace styrkort::storage {
class Connection;
}

namespace styrkort::api {

using Params = std::map<std::string, std::string>;  // path parameters, e.g. {"org": "3"}

// What a route needs before its handler runs. Every route declares one; a route left
// `undeclared` is refused to everyone (deny by default) and fails the authorisation
// matrix test. Record routes add object-level checks in their handlers.
enum class Access {
    undeclared,
    open,                // anyone, signed in or not (health, OpenAPI, sign-in)
    signed_in,           // any signed-in user (own account, sign-out)
    read_records,        // members of the organisation; the public for published records
    write_records,       // the role the entity's write rule names, over the record's unit
    org_admin,           // administrator of the whole organisation {org}
    installation_admin,  // administrator of the installation
};
std::string access_name(Access a);

struct Route {
    std::string method;        // GET, POST, PUT, PATCH, DELETE
    std::string pattern;       // "/api/v1/organisations/{org}/goals/{id}"
    std::string operation_id;  // "listGoals"
    std::string summary;       // one line for the OpenAPI document
    std::string tag;           // groups operations in the document
    std::string entity;        // entity name for generated schemas, "" for others
    std::string kind;          // list, create, get, replace, patch, delete, or a custom name
    std::function<http::Response(const http::Request&, const Params&)> handle;
    Access access = Access::undeclared;
    // Optional, GET only: the answer straight from a cache, for the I/O thread's fast path
    // (api/fast_path.cpp), called with the request's principal set (current_principal()),
    // its organisation {org} resolved and in scope, and the connection of the request's
    // one read transaction, to read on (the data version). It must make the same checks
    // as `handle` and return nullopt (or throw) whenever it cannot answer exactly as
    // `handle` would; the request then goes to `handle` on the worker pool.
    std::function<std::optional<http::Response>(const http::Request&, const Params&, std::int64_t org,
                                                storage::Connection&)>
        cached;
};

class Router {
public:
    void add(Route route);
    [[nodiscard]] const std::vector<Route>& routes() const { return routes_; }
    // Finds the route; 404 for an unknown path, 405 (with Allow) for a known path
    // with another method. Exceptions from handlers propagate to the caller.
    http::Response dispatch(const http::Request& request) const;
    // The route for this method and path (HEAD finds GET), or null.
    [[nodiscard]] const Route* find(const std::string& method, const std::string& path, Params& params) const;

private:
    std::vector<Route> routes_;
    std::vector<std::vector<std::string>> segments_;  // each route's pattern split once, by index
};

// Matches "/a/{x}/b" against "/a/7/b"; fills params.
bool match_pattern(const std::string& pattern, const std::string& path, Params& params);

}  // namespace styrkort::api
