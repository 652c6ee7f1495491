#include "http/request_builder.hpp"

#include <algorithm>

#include "http/target.hpp"

namespace styrkort::http {

std::optional<Request> request_from_message(ParsedMessage&& message, std::string remote) {
    Request req;
    req.method = std::string(message.method_string());
    req.target = std::string(message.target());
    req.remote_address = std::move(remote);
    auto decoded = decode_target(req.target);
    if (!decoded) return std::nullopt;
    req.path = std::move(decoded->path);
    req.query = std::move(decoded->query);
    for (const auto& field : message) {
        std::string name(field.name_string());
        std::transform(name.begin(), name.end(), name.begin(),
                       [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
        const auto value = field.value();
        auto [it, inserted] = req.headers.try_emplace(std::move(name), value);
        if (!inserted) {
            // RFC 9110 5.3 combines repeated fields with commas, except Cookie, whose
            // pairs are separated by semicolons.
            it->second += it->first == "cookie" ? "; " : ", ";
            it->second += value;
        }
    }
    req.body = std::move(message.body());
    return req;
}

}  // namespace styrkort::http
