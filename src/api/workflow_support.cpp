#include "api/workflow_support.hpp"

#include <charconv>

#include "api/api.hpp"
#include "api/responses.hpp"
#include "auth/errors.hpp"
#include "auth/identity_store.hpp"
#include "domain/errors.hpp"

namespace styrkort::api::workflow_support {

namespace json = boost::json;
using workflow::State;

std::optional<std::int64_t> parse_number(const std::string& s) {
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
    return n;
}

Id path_id(const Params& p, const std::string& name) {
    auto n = parse_number(p.at(name));
    if (!n || *n <= 0) throw NotFound({"'" + p.at(name) + "' är inget id", "'" + p.at(name) + "' is not an id"});
    return *n;
}

json::object body_object(const http::Request& r) {
    if (r.body.find_first_not_of(" \t\r\n") == std::string::npos) return {};
    return request_object(r);
}

std::string string_field(const json::object& body, const std::string& name) {
    const auto* v = body.if_contains(name);
    if (v == nullptr || v->is_null()) return {};
    if (!v->is_string()) throw InputError(name, {"måste vara en text", "must be a string"}, "type");
    return std::string(v->as_string());
}

const auth::Principal& writer() {
    const auto* p = current_principal();
    if (p == nullptr) throw auth::Unauthenticated();
    if (!p->can_write) throw auth::Forbidden({"nyckeln får bara läsa", "this token may only read"}, "read_only_token");
    return *p;
}

storage::Actor actor_of(const http::Request& r, const auth::Principal& p) { return {p.username, r.remote_address}; }

std::optional<Id> parent_unit(storage::Connection& c, Id org, Id unit) {
    auto rows = c.query("SELECT parent_id FROM org_unit WHERE org_id = ? AND id = ?", {org, unit});
    if (rows.empty() || storage::is_null(rows[0][0])) return std::nullopt;
    return storage::as_int(rows[0][0]);
}

workflow::Actor actor_over(storage::Connection& c, const auth::Principal& p, Id org, Id unit, auth::Role author_role) {
    return {p.username, auth::holds_role_over(c, p, org, author_role, unit),
            auth::holds_role_over(c, p, org, auth::Role::planner, parent_unit(c, org, unit))};
}

State decided(const std::variant<State, workflow::Refusal>& d) {
    if (const auto* s = std::get_if<State>(&d)) return *s;
    const auto& refusal = std::get<workflow::Refusal>(d);
    switch (refusal.kind) {
        case workflow::Refusal::Kind::forbidden: throw auth::Forbidden(refusal.why);
        case workflow::Refusal::Kind::input: throw InputError(refusal.field, refusal.why, "required");
        case workflow::Refusal::Kind::conflict: break;
    }
    throw Conflict(refusal.why);
}

bool reads_everything(storage::Database& db, Id org) {
    const auto* p = current_principal();
    if (p != nullptr && p->member_of(org)) return true;
    bool open = db.read([&](storage::Connection& c) { return auth::IdentityStore(c).public_read(org); });
    if (open) return false;
    if (p == nullptr) throw auth::Unauthenticated();
    throw auth::Forbidden({"du har ingen roll i den här organisationen", "you hold no role in this organisation"});
}

std::int64_t query_integer(const http::Request& r, const std::string& name, std::int64_t min, std::int64_t max,
                           std::int64_t fallback) {
    auto it = r.query.find(name);
    if (it == r.query.end()) return fallback;
    auto n = parse_number(it->second);
    if (!n || *n < min || *n > max) {
        throw InputError(name, {"måste vara ett heltal mellan " + std::to_string(min) + " och " + std::to_string(max),
                                "must be an integer between " + std::to_string(min) + " and " + std::to_string(max)},
                         "range");
    }
    return *n;
}

}  // namespace styrkort::api::workflow_support
