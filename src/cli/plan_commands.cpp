// styrkort plan new-version|submit|withdraw|approve|return|reopen|versions|compare: the
// approval workflow of plan versions (docs/workflow.md) from the command line, through
// the same API routes as the web client, as the local operator.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <iostream>

#include "api/api.hpp"
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "domain/errors.hpp"
#include "json/write.hpp"

namespace styrkort::cli {
namespace {

namespace json = boost::json;

Text usage() {
    return {"använd: styrkort plan new-version|submit|withdraw|approve|return|reopen|versions NYCKEL --org ORG "
            "[--comment TEXT] [--key NY-NYCKEL]\n       styrkort plan compare NYCKEL --with NYCKEL --org ORG",
            "usage: styrkort plan new-version|submit|withdraw|approve|return|reopen|versions KEY --org ORG "
            "[--comment TEXT] [--key NEW-KEY]\n       styrkort plan compare KEY --with KEY --org ORG"};
}

struct Caller {
    api::Api& api;
    std::string org;

    // The answer's JSON, or the error printed and thrown on as the exit status.
    json::value call(const std::string& method, const std::string& path, const json::object& body = {}) {
        http::Request r;
        r.method = method;
        auto question = path.find('?');
        r.path = "/api/v1/organisations/" + org + path.substr(0, question);
        // name=value&...: keys and ids only, nothing to decode.
        for (auto at = question; at != std::string::npos;) {
            auto end = path.find('&', at + 1);
            auto pair = path.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1);
            auto eq = pair.find('=');
            r.query[pair.substr(0, eq)] = eq == std::string::npos ? "" : pair.substr(eq + 1);
            at = end;
        }
        r.user = cli_actor().name;
        r.headers["accept-language"] = user_language() == Language::en ? "en" : "sv";
        if (!body.empty()) {
            r.body = json::serialize(body);
            r.headers["content-type"] = "application/json";
        }
        auto response = api.handle_as_operator(r);
        if (response.status >= 400) {
            auto error = json::parse(response.body);
            throw Failed{response.status, std::string(error.at("error").at("message").as_string())};
        }
        return json::parse(response.body);
    }
    std::string plan_id(const std::string& key) {
        auto page = call("GET", "/plans?key=" + key);
        if (page.at("total").as_int64() != 1) {
            throw NotFound({"planen '" + key + "' finns inte", "the plan '" + key + "' does not exist"});
        }
        return std::to_string(page.at("items").at(0).at("id").as_int64());
    }
    struct Failed {
        int status;
        std::string message;
    };
};

}  // namespace

int plan(const std::vector<std::string>& argv) {
    Args args(argv, {});
    const auto& pos = args.positional();
    if (pos.size() != 2) throw InputError("", usage(), "usage");
    auto known = database_options;
    known.insert({"org", "comment", "key", "with"});
    args.allow_only(known);
    auto org = args.option("org");
    if (!org) throw InputError("--org", {"saknas (organisationens nyckel eller id)", "is required (the organisation's key or id)"}, "usage");
    const auto& verb = pos[0];
    auto db = open_database(args);
    api::Api api(*db);
    Caller caller{api, *org};
    try {
        auto id = caller.plan_id(pos[1]);
        json::value answer;
        if (verb == "new-version") {
            json::object body;
            if (auto key = args.option("key")) body["key"] = *key;
            answer = caller.call("POST", "/plans/" + id + "/versions", body);
        } else if (verb == "versions") {
            answer = caller.call("GET", "/plans/" + id + "/versions");
        } else if (verb == "compare") {
            auto with = args.option("with");
            if (!with) throw InputError("--with", {"saknas: nyckeln för planen att jämföra med", "is required: the key of the plan to compare with"}, "usage");
            answer = caller.call("GET", "/plans/" + id + "/compare?with=" + caller.plan_id(*with));
        } else if (verb == "submit" || verb == "withdraw" || verb == "approve" || verb == "return" || verb == "reopen") {
            json::object body;
            if (auto comment = args.option("comment")) body["comment"] = *comment;
            answer = caller.call("POST", "/plans/" + id + "/" + verb, body);
        } else {
            throw InputError(verb, usage(), "usage");
        }
        std::cout << json_text::pretty(answer);
        return 0;
    } catch (const Caller::Failed& f) {
        std::cerr << f.message << '\n';
        return f.status >= 500 ? 1 : 2;
    }
}

}  // namespace styrkort::cli
