#include "openapi_check.hpp"

#include <algorithm>

#include "api/openapi.hpp"
#include "http/target.hpp"

namespace styrkort::testing {

namespace json = boost::json;

OpenApiStatusCheck::OpenApiStatusCheck(const api::Router& router)
    : router_(router), document_(api::openapi_document(router)) {}

std::optional<std::string> OpenApiStatusCheck::undeclared(const std::string& method, const std::string& target,
                                                          int status) const {
    auto decoded = http::decode_target(target);
    if (!decoded) return std::nullopt;  // refused by the HTTP layer before any operation
    const std::string wanted = method == "HEAD" ? "GET" : method;
    for (const auto& route : router_.routes()) {
        api::Params params;
        if (route.method != wanted || !api::match_pattern(route.pattern, decoded->path, params)) continue;
        std::string lower = route.method;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        const auto* path_item = document_.at("paths").as_object().if_contains(route.pattern);
        const auto* op = path_item == nullptr ? nullptr : path_item->as_object().if_contains(lower);
        if (op == nullptr) return "the document has no operation " + route.method + " " + route.pattern;
        const auto& responses = op->at("responses").as_object();
        if (responses.contains(std::to_string(status))) return std::nullopt;
        std::string declared;
        for (const auto& [code, _] : responses) declared += (declared.empty() ? "" : ", ") + std::string(code);
        return method + " " + target + " (" + route.operation_id + ") answered " + std::to_string(status) +
               ", which the OpenAPI document does not declare (it declares " + declared + ")";
    }
    return std::nullopt;  // no operation: the router's own 404/405
}

}  // namespace styrkort::testing
