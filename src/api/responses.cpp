#include "api/responses.hpp"

#include <iostream>

#include "domain/errors.hpp"
#include "reports/tool_error.hpp"
#include "domain/version_conflict.hpp"
#include "json/read.hpp"
#include "json/write.hpp"

namespace styrkort::api {

namespace json = boost::json;

Language language_of(const http::Request& request) {
    if (auto it = request.query.find("lang"); it != request.query.end()) return language_from_tag(it->second);
    return language_from_tag(request.header("accept-language"));
}

json::value request_json(const http::Request& request) {
    if (request.header("content-type").find("application/json") == std::string::npos) {
        throw InputError("", {"innehållet måste vara application/json", "the body must be application/json"},
                         "unsupported_media_type");
    }
    return json_text::parse(request.body);
}

json::object request_object(const http::Request& request) {
    auto v = request_json(request);
    if (!v.is_object()) throw InputError("", {"måste vara ett JSON-objekt", "must be a JSON object"}, "type");
    return std::move(v.as_object());
}

http::Response json_response(int status, const json::value& body) {
    http::Response r;
    r.status = status;
    r.content_type = "application/json; charset=utf-8";
    r.body = json_text::compact(body);
    return r;
}

http::Response error_response(int status, const std::string& code, const Text& message, Language lang) {
    return json_response(status, json::object{{"error", {{"code", code}, {"message", message.in(lang)}}}});
}

http::Response answer(const http::Request& request, const std::function<http::Response()>& f) {
    auto lang = language_of(request);
    try {
        return f();
    } catch (const InputError& e) {
        json::object err{{"code", e.code()}, {"message", e.describe(lang)}};
        if (!e.path().empty()) err["path"] = e.path();
        if (e.line()) err["line"] = *e.line();
        // 415 is what the OpenAPI document promises for a body that is not JSON.
        int status = e.code() == "json"                     ? 400
                     : e.code() == "unsupported_media_type" ? 415
                     : e.code() == "version_required"       ? 428
                                                            : 422;
        return json_response(status, json::object{{"error", std::move(err)}});
    } catch (const NotFound& e) {
        return error_response(404, "not_found", e.what_text(), lang);
    } catch (const VersionConflict& e) {
        json::object err{{"code", "stale_version"}, {"message", e.what_text().in(lang)}};
        err["current"] = e.current().empty() ? json::value(nullptr) : json::value(e.current());
        err["changed_fields"] = e.changed_fields();
        return json_response(409, json::object{{"error", std::move(err)}});
    } catch (const Conflict& e) {
        return error_response(409, "conflict", e.what_text(), lang);
    } catch (const ToolError& e) {
        std::cerr << "tool error: " << e.what() << '\n';
        return error_response(503, "unavailable", e.what_text(), lang);
    } catch (const StorageError& e) {
        std::cerr << "storage error: " << e.what() << '\n';
        return error_response(503, "storage", {"databasen är inte tillgänglig just nu", "the database is unavailable"},
                              lang);
    }
}

}  // namespace styrkort::api
