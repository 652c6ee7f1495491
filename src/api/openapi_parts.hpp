#pragma once
// Small pieces of OpenAPI documentation shared by the route groups' documents
// (workflow_openapi.cpp, authoring_openapi.cpp).
#include <boost/json/object.hpp>

#include <string>

namespace styrkort::api::openapi_parts {

inline boost::json::object ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }
inline boost::json::object content(const boost::json::object& schema) {
    return {{"application/json", {{"schema", schema}}}};
}
inline boost::json::object error_doc(const std::string& text) {
    return {{"description", text}, {"content", content(ref("Error"))}};
}
inline boost::json::object nullable(const char* type) { return {{"type", type}, {"nullable", true}}; }

}  // namespace styrkort::api::openapi_parts
