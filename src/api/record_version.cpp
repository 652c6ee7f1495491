#include "api/record_version.hpp"

#include <charconv>
#include <string>

#include "api/api.hpp"
#include "api/responses.hpp"
#include "domain/errors.hpp"

namespace styrkort::api {
namespace {

std::optional<std::int64_t> parse_version(std::string text) {
    if (text.starts_with("W/")) text = text.substr(2);
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"') text = text.substr(1, text.size() - 2);
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size() || v < 1) return std::nullopt;
    return v;
}

}  // namespace

ExpectedVersion expected_version(const http::Request& request, const boost::json::value* body) {
    std::optional<std::int64_t> from_header;
    bool any = false;
    auto header = request.header("if-match");
    if (header == "*") {
        any = true;
    } else if (!header.empty()) {
        from_header = parse_version(header);
        if (!from_header) {
            throw InputError("If-Match", {"måste vara en postversion som \"3\" (den row_version du läste)",
                                          "must be a record version such as \"3\" (the row_version you read)"},
                             "type");
        }
    }
    std::optional<std::int64_t> from_body;
    if (body != nullptr && body->is_object()) {
        if (const auto* v = body->get_object().if_contains("row_version"); v != nullptr && !v->is_null()) {
            if (!v->is_int64() || v->get_int64() < 1) {
                throw InputError("row_version", {"måste vara ett heltal ≥ 1 (den version du läste)",
                                                 "must be an integer ≥ 1 (the version you read)"},
                                 "type");
            }
            from_body = v->get_int64();
        }
    }
    if (from_header && from_body && *from_header != *from_body) {
        throw InputError("row_version", {"stämmer inte med If-Match", "does not agree with If-Match"}, "type");
    }
    auto version = from_header ? from_header : from_body;
    const auto* p = current_principal();
    bool session = p != nullptr && p->via == auth::Principal::Via::session;
    return {version, !version && !any && session};
}

storage::WriteGuard then_require_version(storage::WriteGuard guard, const ExpectedVersion& expected) {
    return [guard = std::move(guard), missing = expected.missing](storage::Connection& c, const storage::Record& r) {
        if (guard) guard(c, r);
        if (missing) {
            throw InputError("If-Match",
                             {"saknas: skicka den row_version du läste (If-Match), så att ingen annans ändring skrivs över",
                              "missing: send the row_version you read (If-Match) so that no one else's change is overwritten"},
                             "version_required");
        }
    };
}

http::Response record_response(int status, const boost::json::object& record) {
    auto res = json_response(status, record);
    if (const auto* v = record.if_contains("row_version"); v != nullptr && v->is_int64()) {
        res.headers.emplace_back("ETag", "\"" + std::to_string(v->get_int64()) + "\"");
    }
    return res;
}

}  // namespace styrkort::api
