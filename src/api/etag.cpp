#include "api/etag.hpp"

#include <sodium.h>

#include <array>

namespace styrkort::api {

std::string etag_of(std::string_view body) {
    // BLAKE2b (libsodium, already the auth layer's): fast, and the same on every app
    // server behind the proxy, so a tag from one is recognised by the others.
    std::array<unsigned char, 16> digest{};
    crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(body.data()), body.size(),
                       nullptr, 0);
    static constexpr char hex[] = "0123456789abcdef";
    std::string tag = "\"sk-";
    for (unsigned char b : digest) {
        tag += hex[b >> 4];
        tag += hex[b & 0xf];
    }
    tag += '"';
    return tag;
}

bool none_match(const http::Request& request, std::string_view etag) {
    auto it = request.headers.find("if-none-match");
    if (it == request.headers.end()) return false;
    std::string_view list = it->second;
    // A comma-separated list of tags, each possibly W/-prefixed, or "*".
    std::size_t pos = 0;
    while (pos < list.size()) {
        auto end = list.find(',', pos);
        if (end == std::string_view::npos) end = list.size();
        auto item = list.substr(pos, end - pos);
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
        if (item == "*") return true;
        if (item.substr(0, 2) == "W/") item.remove_prefix(2);
        if (item == etag) return true;
        pos = end + 1;
    }
    return false;
}

void revalidate(http::Response& response, const http::Request& request) {
    if (response.status != 200 || (request.method != "GET" && request.method != "HEAD")) return;
    std::string tag;
    for (const auto& [name, value] : response.headers) {
        if (name != "ETag") continue;
        // A record's own ETag is its row_version, for If-Match (docs/authoring.md): it says
        // nothing about computed fields in the body, so it is left alone, and no 304.
        if (value.rfind("\"sk-", 0) != 0) return;
        tag = value;  // a digest set by the route (a cached scorecard's, computed once)
    }
    if (tag.empty()) {
        tag = etag_of(response.body);
        response.headers.emplace_back("ETag", tag);
    }
    if (!none_match(request, tag)) return;
    // RFC 9110 15.4.5: a 304 carries the headers a 200 would have (ETag, Cache-Control),
    // and no body.
    response.status = 304;
    response.body.clear();
}

}  // namespace styrkort::api
