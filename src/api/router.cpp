#include "api/router.hpp"

#include "api/responses.hpp"

#include <string_view>

namespace styrkort::api {
namespace {

// The non-empty segments of a path as views into it: no copies, as the router compares
// a request's path with every route's pattern until one matches (hundreds of routes;
// splitting into strings per route and request was a tenth of a cached scorecard's CPU).
std::vector<std::string_view> split(std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t i = 0;
    while (i < path.size()) {
        auto j = path.find('/', i);
        if (j == std::string_view::npos) j = path.size();
        if (j > i) parts.push_back(path.substr(i, j - i));
        i = j + 1;
    }
    return parts;
}

bool is_parameter(std::string_view w) { return w.size() > 2 && w.front() == '{' && w.back() == '}'; }

template <typename Segment>
bool matches(const std::vector<Segment>& want, const std::vector<std::string_view>& got) {
    if (want.size() != got.size()) return false;
    for (std::size_t i = 0; i < want.size(); ++i) {
        std::string_view w = want[i];
        if (!is_parameter(w) && w != got[i]) return false;
    }
    return true;
}

template <typename Segment>
Params parameters(const std::vector<Segment>& want, const std::vector<std::string_view>& got) {
    Params found;
    for (std::size_t i = 0; i < want.size(); ++i) {
        std::string_view w = want[i];
        if (is_parameter(w)) found[std::string(w.substr(1, w.size() - 2))] = std::string(got[i]);
    }
    return found;
}

}  // namespace

bool match_pattern(const std::string& pattern, const std::string& path, Params& params) {
    auto want = split(pattern);
    auto got = split(path);
    if (!matches(want, got)) return false;
    params = parameters(want, got);
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
    auto got = split(path);
    for (std::size_t r = 0; r < routes_.size(); ++r) {
        if (routes_[r].method == method && matches(segments_[r], got)) {
            params = parameters(segments_[r], got);
            return &routes_[r];
        }
    }
    return nullptr;
}

void Router::add(Route route) {
    std::vector<std::string> segments;
    for (auto s : split(route.pattern)) segments.emplace_back(s);
    segments_.push_back(std::move(segments));
    routes_.push_back(std::move(route));
}

http::Response Router::dispatch(const http::Request& request) const {
    std::string allowed;
    const std::string& method = request.method == "HEAD" ? std::string("GET") : request.method;
    auto got = split(request.path);
    for (std::size_t r = 0; r < routes_.size(); ++r) {
        const auto& route = routes_[r];
        if (!matches(segments_[r], got)) continue;
        if (route.method == method) return route.handle(request, parameters(segments_[r], got));
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
