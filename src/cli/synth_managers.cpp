// styrkort synth managers: N unit managers in an existing organisation, for the load
// test of several app servers (bench/load.sh, docs/scale-out.md). For each manager:
// a unit (kind "unit") under one of the organisation's divisions and areas, a unit
// activity of the plan under one of its board or division activities (related to a
// goal), outcomes of a few of the plan's measures for the unit in the previous year's
// ÅR (so that the unit reports those measures: docs/reporting-round.md), and a user
// with the role reporter on the unit. The period (--year, --point) is opened when the
// organisation has no record of it. Everything goes through the API in-process (the
// batch route: validated and audited) and the users through the identity store with
// an audit row each, as `user add` and `user role` do.
//
// All managers get the one password given on standard input: it is hashed once
// (Argon2id, one salt) so that seeding 1,000 managers does not cost 1,000 hashes.
// Signing in still verifies Argon2id per request. Synthetic accounts only.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <iostream>
#include <map>

#include "api/api.hpp"
#include "auth/crypto.hpp"
#include "auth/identity_store.hpp"
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "domain/auth/password_policy.hpp"
#include "domain/auth/roles.hpp"
#include "domain/errors.hpp"
#include "json/write.hpp"

namespace styrkort::cli {
namespace {

namespace json = boost::json;
using storage::Id;

constexpr long max_batch_changes = 500;  // the batch route's limit (api/batch_routes.cpp)

Text usage() {
    return {"använd: styrkort synth managers --org ORG --plan PLAN [--count N] [--year ÅR] [--point da04|da08|ar] "
            "[--prefix chef] [--measures-per-unit 3] --password-stdin",
            "usage: styrkort synth managers --org ORG --plan PLAN [--count N] [--year YEAR] [--point da04|da08|ar] "
            "[--prefix chef] [--measures-per-unit 3] --password-stdin"};
}

long whole(const Args& args, const std::string& name, long fallback, long min, long max) {
    auto v = args.option(name);
    if (!v) return fallback;
    try {
        std::size_t used = 0;
        long n = std::stol(*v, &used);
        if (used == v->size() && n >= min && n <= max) return n;
    } catch (const std::exception&) {
    }
    auto range = std::to_string(min) + "–" + std::to_string(max);
    throw InputError("--" + name, {"måste vara ett heltal " + range, "must be a whole number " + range}, "usage");
}

std::string padded(long i, int width) {
    auto s = std::to_string(i);
    return std::string(static_cast<std::size_t>(std::max(0, width - static_cast<int>(s.size()))), '0') + s;
}

// One request to the API as the local operator; its JSON answer, or the API's error.
class InProcess {
public:
    InProcess(storage::Database& db, std::string org) : api_(db), org_(std::move(org)) {}

    json::value call(const std::string& method, const std::string& path, const json::value& body = nullptr,
                     std::map<std::string, std::string> query = {}) {
        http::Request r;
        r.method = method;
        r.path = "/api/v1/organisations/" + org_ + path;
        r.query = std::move(query);
        r.user = cli_actor().name;
        r.headers["accept-language"] = user_language() == Language::en ? "en" : "sv";
        if (!body.is_null()) {
            r.body = json::serialize(body);
            r.headers["content-type"] = "application/json";
        }
        auto response = api_.handle_as_operator(r);
        auto answer = response.body.empty() ? json::value(nullptr) : json::parse(response.body);
        if (response.status >= 400) {
            // The API's own message, in the user's language (it names the path).
            const auto* error = answer.is_object() ? answer.get_object().if_contains("error") : nullptr;
            std::string message = response.body;
            if (error && error->is_object() && error->get_object().contains("message")) {
                message = std::string(error->get_object().at("message").as_string());
            }
            throw Conflict({method + " " + path + ": " + message, method + " " + path + ": " + message});
        }
        return answer;
    }
    json::array items(const std::string& collection, std::map<std::string, std::string> query) {
        query["limit"] = "5000";
        return call("GET", "/" + collection, nullptr, std::move(query)).at("items").as_array();
    }

private:
    api::Api api_;
    std::string org_;
};

bool lists(const json::value& list, const std::string& value) {
    if (!list.is_array() || list.as_array().empty()) return true;  // empty: every reporting point
    for (const auto& v : list.as_array()) {
        if (v.is_string() && v.as_string() == value) return true;
    }
    return false;
}

bool by_sex(const json::value& breakdowns) {
    if (!breakdowns.is_array()) return false;
    for (const auto& v : breakdowns.as_array()) {
        if (v.is_string() && v.as_string() == "sex") return true;
    }
    return false;
}

}  // namespace

int synth_managers(const std::vector<std::string>& argv) {
    Args args(argv, {"password-stdin"});
    auto known = database_options;
    known.insert({"org", "plan", "count", "year", "point", "prefix", "measures-per-unit", "password-stdin"});
    args.allow_only(known);
    if (!args.positional().empty()) throw InputError(args.positional().front(), usage(), "usage");
    auto org = args.option("org");
    auto plan_key = args.option("plan");
    if (!org) throw InputError("--org", usage(), "usage");
    if (!plan_key) throw InputError("--plan", usage(), "usage");
    if (!args.flag("password-stdin")) {
        throw InputError("--password-stdin", {"krävs: alla chefer får lösenordet från standard in",
                                              "is required: every manager gets the password read from standard input"},
                         "usage");
    }
    const long count = whole(args, "count", 1000, 1, 100000);
    const long per_unit = whole(args, "measures-per-unit", 3, 0, 20);
    const std::string point = args.option("point").value_or("da08");
    if (point != "da04" && point != "da08" && point != "ar") {
        throw InputError("--point", {"måste vara da04, da08 eller ar", "must be da04, da08 or ar"}, "usage");
    }
    const std::string prefix = args.option("prefix").value_or("chef");
    const int width = std::max(4, static_cast<int>(std::to_string(count).size()));

    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    auth::check_password(password, prefix + "-" + padded(1, width), {"styrkort"});

    auto db = open_database(args);
    InProcess api(*db, *org);
    Id org_id = api.call("GET", "").at("id").as_int64();

    json::object plan;
    for (auto& p : api.items("plans", {{"key", *plan_key}})) {
        if (p.at("key").as_string() == *plan_key) plan = p.as_object();
    }
    if (plan.empty()) throw NotFound({"planen '" + *plan_key + "' finns inte", "the plan '" + *plan_key + "' does not exist"});
    const Id plan_id = plan.at("id").as_int64();
    const long year = whole(args, "year", plan.at("last_year").as_int64(), plan.at("first_year").as_int64() + 1,
                            plan.at("last_year").as_int64());
    const auto plan_filter = std::map<std::string, std::string>{{"plan_id", std::to_string(plan_id)}};

    std::vector<Id> parents;  // the units the managers' units hang under
    for (auto& u : api.items("units", {})) {
        auto kind = u.at("kind").as_string();
        if (kind == "division" || kind == "area") parents.push_back(u.at("id").as_int64());
    }
    std::vector<Id> parent_activities;
    for (auto& a : api.items("activities", plan_filter)) {
        auto level = a.at("level").as_string();
        if (level == "board" || level == "division") parent_activities.push_back(a.at("id").as_int64());
    }
    std::vector<Id> goals;
    for (auto& g : api.items("goals", plan_filter)) goals.push_back(g.at("id").as_int64());
    // The measures reported at the period's point and at ÅR (the seeded outcomes' point), with a goal.
    std::vector<json::object> measures;
    for (auto& m : api.items("measures", plan_filter)) {
        const auto& o = m.as_object();
        if (lists(o.at("reporting_points"), point) && lists(o.at("reporting_points"), "ar") && o.at("goal_id").is_int64()) {
            measures.push_back(o);
        }
    }
    if (parents.empty()) throw Conflict({"organisationen har inga divisioner eller verksamhetsområden", "the organisation has no divisions or areas"});
    if (goals.empty()) throw Conflict({"planen har inga mål", "the plan has no goals"});

    bool period_exists = !api.items("reporting-periods", {{"year", std::to_string(year)}, {"point", point}}).empty();
    if (!period_exists) {
        auto deadline = std::to_string(year) + (point == "da04" ? "-05-15" : point == "da08" ? "-09-15" : "-12-31");
        api.call("POST", "/reporting-periods", json::object{{"year", year}, {"point", point}, {"status", "open"}, {"deadline", deadline}});
    }

    const auto hash = auth::hash_password(password);
    const auto actor = cli_actor();
    // Per manager: a unit, an activity and at most two outcomes per measure.
    const long managers_per_batch = std::max(1L, max_batch_changes / (2 + 2 * per_unit));
    for (long first = 1; first <= count; first += managers_per_batch) {
        const long last = std::min(count, first + managers_per_batch - 1);
        json::array changes;
        for (long i = first; i <= last; ++i) {
            auto name = prefix + "-" + padded(i, width);
            auto ref = "u" + std::to_string(i);
            changes.push_back({{"action", "create"}, {"collection", "units"}, {"ref", ref},
                               {"record", {{"key", name}, {"name", "Enhet " + std::to_string(i) + " (syntetisk)"}, {"kind", "unit"},
                                           {"parent_id", parents[static_cast<std::size_t>(i) % parents.size()]}}}});
            Id goal = goals[static_cast<std::size_t>(i) % goals.size()];
            json::array unit_measures;
            for (long k = 0; k < per_unit && !measures.empty() && k < static_cast<long>(measures.size()); ++k) {
                unit_measures.push_back(measures[static_cast<std::size_t>(i * per_unit + k) % measures.size()]);
            }
            if (!unit_measures.empty()) goal = unit_measures.front().as_object().at("goal_id").as_int64();
            json::object activity{{"plan_id", plan_id}, {"key", name + "-akt"}, {"name", "Enhetens aktivitet " + std::to_string(i)},
                                  {"level", "unit"}, {"owner_unit_id", {{"$ref", ref}}}, {"goal_ids", json::array{goal}}};
            if (!parent_activities.empty()) activity["parent_id"] = parent_activities[static_cast<std::size_t>(i) % parent_activities.size()];
            changes.push_back({{"action", "create"}, {"collection", "activities"}, {"record", std::move(activity)}});
            for (const auto& mv : unit_measures) {
                const auto& m = mv.as_object();
                auto outcome = [&](const char* sex, double value) {
                    json::object o{{"measure_id", m.at("id")}, {"unit_id", {{"$ref", ref}}}, {"year", year - 1}, {"point", "ar"}, {"value", value}};
                    if (sex) o["sex"] = sex;
                    changes.push_back({{"action", "create"}, {"collection", "outcomes"}, {"record", std::move(o)}});
                };
                double base = 40.0 + static_cast<double>((i * 7) % 50);
                if (by_sex(m.at("breakdowns"))) {
                    outcome("K", base);
                    outcome("M", base + 2);
                } else {
                    outcome(nullptr, base + 1);
                }
            }
        }
        auto results = api.call("POST", "/batch", json::object{{"changes", std::move(changes)}}).at("results").as_array();
        std::map<std::string, Id> unit_of;  // "chef-0001" → unit id
        for (const auto& r : results) {
            if (r.at("collection").as_string() == "units") unit_of[std::string(r.at("record").at("key").as_string())] = r.at("id").as_int64();
        }
        db->write([&](storage::Connection& c) {
            auth::IdentityStore store(c);
            for (long i = first; i <= last; ++i) {
                auto name = prefix + "-" + padded(i, width);
                if (store.user_by_name(name)) throw Conflict({"användaren " + name + " finns redan", "the user " + name + " already exists"});
                Id unit = unit_of.at(name);
                Id user = store.add_user(org_id, name, "Chef för enhet " + std::to_string(i), hash);
                store.grant(org_id, user, auth::Role::reporter, unit);
                storage::append_audit(c, org_id, actor, "create", "user", user, nullptr,
                                      json::object{{"username", name}, {"display_name", "Chef för enhet " + std::to_string(i)}});
                storage::append_audit(c, org_id, actor, "grant_role", "user", user, nullptr,
                                      json::object{{"role", "reporter"}, {"unit_id", unit}});
            }
        });
    }
    std::cout << Text{std::to_string(count) + " chefer (" + prefix + "-" + padded(1, width) + " … " + prefix + "-" + padded(count, width) +
                          "), var och en rapportör på sin enhet, period " + std::to_string(year) + " " + point + "\n",
                      std::to_string(count) + " managers (" + prefix + "-" + padded(1, width) + " … " + prefix + "-" + padded(count, width) +
                          "), each a reporter on their unit, period " + std::to_string(year) + " " + point + "\n"}
                     .in(user_language());
    return 0;
}

}  // namespace styrkort::cli
