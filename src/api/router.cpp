#include "api/router.hpp"

#include "api/responses.hpp"

namespace styrkort::api {
namespace {

std::vector<std::string> split(const std::string& path) {
    std::vector<std::string> parts;
    std::string cur;
    for (char c : path) {
        if (c == '/') {
            if (!cur.empty()) parts.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) parts.push_back(cur);
    return parts;
}

}  // namespace

bool match_pattern(const std::string& pattern, const std::string& path, Params& params) {
    auto want = split(pattern);
    auto got = split(path);
    if (want.size() != got.size()) return false;
    Params found;
    for (std::size_t i = 0; i < want.size(); ++i) {
        const auto& w = want[i];
        if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
            found[w.substr(1, w.size() - 2)] = got[i];
        } else if (w != got[i]) {
            return false;
        }
    }
    params = std::move(found);
    return true;
}

std::string access_name(Access a) {
    switch (a) {
        case Access::undeclared: return "undeclared";
        case Access::open: return "open";
        case Access::signed_in: return "signed_in";
        case Access::read_records: return "read_records";
        case Access::write_records: return "write_records";
        case Access::org_admin: return "org_admin";
        case Access::installation_admin: return "installation_admin";
    }
    return "undeclared";
}

const Route* Router::find(const std::string& method_in, const std::string& path, Params& params) const {
    const std::string& method = method_in == "HEAD" ? std::string("GET") : method_in;
    for (const auto& route : routes_) {
        Params p;
        if (route.method == method && match_pattern(route.pattern, path, p)) {
            params = std::move(p);
            return &route;
        }
    }
    return nullptr;
}

void Router::add(Route route) { routes_.push_back(std::move(route)); }

http::Response Router::dispatch(const http::Request& request) const {
    std::string allowed;
    const std::string& method = request.method == "HEAD" ? std::string("GET") : request.method;
    for (const auto& route : routes_) {
        Params params;
        if (!match_pattern(route.pattern, request.path, params)) continue;
        if (route.method == method) return route.handle(request, params);
        allowed += (allowed.empty() ? "" : ", ") + route.method;
    }
    if (!allowed.empty()) {
        auto r = error_response(405, "method_not_allowed", {"metoden stöds inte här", "method not allowed here"},
                                language_of(request));
        r.headers.emplace_back("Allow", allowed);
        return r;
    }
    return error_response(404, "not_found", {"ingen sådan adress", "no such resource"}, language_of(request));
}

}  // namespace styrkort::api
