// list, get, create, update, delete: the CLI speaks the same API as the web client,
// in-process, so that validation, filters and errors are the same everywhere.
#include <boost/json/parse.hpp>

#include <iostream>

#include "api/api.hpp"
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "domain/errors.hpp"
#include "json/write.hpp"

namespace styrkort::cli {

namespace {

Text usage() {
    return {"använd: styrkort list|get|create|update|delete SAMLING [ID] [--org ORG] [--json JSON | --file FIL] "
            "[--FÄLT VÄRDE …]",
            "usage: styrkort list|get|create|update|delete COLLECTION [ID] [--org ORG] [--json JSON | --file FILE] "
            "[--FIELD VALUE …]"};
}

}  // namespace

int crud(const std::string& verb, const std::vector<std::string>& argv) {
    Args args(argv, {});
    const auto& pos = args.positional();
    bool needs_id = verb == "get" || verb == "update" || verb == "delete";
    if (pos.size() != (needs_id ? 2u : 1u)) throw InputError("", usage(), "usage");
    const auto* e = find_entity_by_collection(pos[0]);
    if (e == nullptr) {
        std::string names;
        for (const auto& x : entities()) names += (names.empty() ? "" : ", ") + x.collection;
        throw InputError(pos[0], {"är ingen samling; välj bland " + names, "is not a collection; choose from " + names},
                         "usage");
    }
    bool tenant = e->name == "organisation";
    auto org = args.option("org");
    if (!tenant && !org) throw InputError("--org", {"saknas (organisationens nyckel eller id)", "is required (the organisation's key or id)"}, "usage");

    http::Request r;
    r.method = verb == "list" ? "GET" : verb == "get" ? "GET" : verb == "create" ? "POST" : verb == "update" ? "PATCH" : "DELETE";
    r.path = "/api/v1/organisations";
    if (tenant && needs_id) r.path += "/" + pos[1];
    if (!tenant) r.path += "/" + *org + "/" + e->collection + (needs_id ? "/" + pos[1] : "");
    r.user = cli_actor().name;
    r.headers["accept-language"] = user_language() == Language::en ? "en" : "sv";
    if (verb == "create" || verb == "update") {
        auto json = args.option("json");
        auto file = args.option("file");
        if (json.has_value() == file.has_value()) {
            throw InputError("--json", {"ange antingen --json eller --file", "give either --json or --file"}, "usage");
        }
        r.body = json ? *json : read_file(*file);
        r.headers["content-type"] = "application/json";
    }
    auto known = database_options;
    known.insert({"org", "json", "file"});
    for (const auto& f : e->fields) known.insert(f.name);
    known.insert({"limit", "offset"});
    args.allow_only(known);
    if (verb == "list") {
        for (const auto& name : known) {
            if (database_options.count(name) || name == "org" || name == "json" || name == "file") continue;
            if (auto v = args.option(name)) r.query[name] = *v;
        }
    }

    auto db = open_database(args);
    api::Api api(*db);
    auto response = api.handle_as_operator(r);  // the operator has the database: every permission
    if (response.status >= 400) {
        auto body = boost::json::parse(response.body);
        std::cerr << body.at("error").at("message").as_string().c_str() << '\n';
        return response.status >= 500 ? 1 : 2;
    }
    if (!response.body.empty()) std::cout << json_text::pretty(boost::json::parse(response.body));
    return 0;
}

}  // namespace styrkort::cli
