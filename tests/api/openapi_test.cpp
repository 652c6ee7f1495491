// The OpenAPI document held to the router it is generated from: every route is an
// operation of the document and every operation a route, with the same method, its
// path parameters declared and every schema reference resolving. That responses use
// only declared statuses is checked on every request of the integration tests
// (openapi_check.hpp); the tests at the end make sure that check itself can fail.
#include <gtest/gtest.h>

#include <set>

#include "api/openapi.hpp"
#include "api_test_support.hpp"

namespace styrkort::testing {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

const std::set<std::string> http_methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"};

class OpenApiTest : public ::testing::Test {
protected:
    OpenApiTest() : db_(Backend::sqlite), database_(db_.open()), api_(*database_), doc_(api::openapi_document(api_.router())) {}

    const json::object& paths() const { return doc_.at("paths").as_object(); }
    const json::object* operation(const std::string& pattern, const std::string& method) const {
        const auto* item = paths().if_contains(pattern);
        if (item == nullptr) return nullptr;
        const auto* op = item->as_object().if_contains(lower(method));
        return op == nullptr ? nullptr : &op->as_object();
    }

    TestDatabase db_;
    std::unique_ptr<storage::Database> database_;
    api::Api api_;
    json::value doc_;
};

TEST_F(OpenApiTest, IsOpenApi3WithInfo) {
    EXPECT_EQ(doc_.at("openapi").as_string().subview().substr(0, 2), "3.");
    EXPECT_TRUE(doc_.at("info").at("title").is_string());
    EXPECT_TRUE(doc_.at("info").at("version").is_string());
}

TEST_F(OpenApiTest, EveryRouteIsAnOperationWithItsMethod) {
    ASSERT_FALSE(api_.router().routes().empty());
    for (const auto& route : api_.router().routes()) {
        const auto* op = operation(route.pattern, route.method);
        ASSERT_NE(op, nullptr) << route.method << " " << route.pattern << " is not in the document";
        EXPECT_EQ(op->at("operationId"), json::value(route.operation_id)) << route.pattern;
    }
}

TEST_F(OpenApiTest, EveryOperationIsARoute) {
    std::size_t operations = 0;
    for (const auto& [pattern, item] : paths()) {
        for (const auto& [method, op] : item.as_object()) {
            if (!http_methods.count(std::string(method))) continue;
            ++operations;
            // Copies: clang 14 cannot capture structured bindings in a lambda (C++20 allows it).
            std::string path(pattern), verb(method);
            bool routed = std::any_of(api_.router().routes().begin(), api_.router().routes().end(), [&](const api::Route& r) {
                return r.pattern == path && lower(r.method) == verb;
            });
            EXPECT_TRUE(routed) << method << " " << pattern << " is documented but not routed";
        }
    }
    EXPECT_EQ(operations, api_.router().routes().size());
}

TEST_F(OpenApiTest, EveryEntityHasItsSixOperations) {
    for (const auto& e : entities()) {
        auto collection = collection_url(e, "{org}");
        auto item = storage::is_tenant(e) ? collection + "/{org}" : collection + "/{id}";
        for (const auto& [pattern, method] : std::vector<std::pair<std::string, std::string>>{
                 {collection, "GET"}, {collection, "POST"}, {item, "GET"}, {item, "PUT"}, {item, "PATCH"}, {item, "DELETE"}}) {
            EXPECT_NE(operation(pattern, method), nullptr) << e.name << ": " << method << " " << pattern;
        }
    }
}

TEST_F(OpenApiTest, OperationIdsAreUnique) {
    std::set<std::string> seen;
    for (const auto& route : api_.router().routes()) {
        EXPECT_TRUE(seen.insert(route.operation_id).second) << route.operation_id;
    }
}

TEST_F(OpenApiTest, EveryPathParameterIsDeclared) {
    for (const auto& route : api_.router().routes()) {
        const auto* op = operation(route.pattern, route.method);
        ASSERT_NE(op, nullptr);
        std::set<std::string> declared;
        for (const auto& p : op->at("parameters").as_array()) {
            if (p.at("in") == "path") {
                declared.insert(std::string(p.at("name").as_string()));
                EXPECT_EQ(p.at("required"), true) << route.pattern;
            }
        }
        std::set<std::string> in_pattern;
        for (std::size_t pos = 0; (pos = route.pattern.find('{', pos)) != std::string::npos; ++pos) {
            in_pattern.insert(route.pattern.substr(pos + 1, route.pattern.find('}', pos) - pos - 1));
        }
        EXPECT_EQ(declared, in_pattern) << route.method << " " << route.pattern;
    }
}

TEST_F(OpenApiTest, EverySchemaReferenceResolves) {
    const auto& schemas = doc_.at("components").at("schemas").as_object();
    std::size_t refs = 0;
    std::function<void(const json::value&)> walk = [&](const json::value& v) {
        if (v.is_object()) {
            for (const auto& [k, child] : v.as_object()) {
                if (k == "$ref") {
                    ++refs;
                    std::string ref(child.as_string());
                    const std::string prefix = "#/components/schemas/";
                    ASSERT_EQ(ref.rfind(prefix, 0), 0u) << ref;
                    EXPECT_TRUE(schemas.contains(ref.substr(prefix.size()))) << ref << " does not resolve";
                } else {
                    walk(child);
                }
            }
        } else if (v.is_array()) {
            for (const auto& child : v.as_array()) walk(child);
        }
    };
    walk(doc_);
    EXPECT_GT(refs, 0u);
}

TEST_F(OpenApiTest, BodiesAreDeclaredWhereRoutesReadThem) {
    for (const auto& route : api_.router().routes()) {
        const auto* op = operation(route.pattern, route.method);
        ASSERT_NE(op, nullptr);
        bool reads_body = route.method == "POST" || route.method == "PUT" || route.method == "PATCH";
        EXPECT_EQ(op->contains("requestBody"), reads_body) << route.method << " " << route.pattern;
    }
}

TEST_F(OpenApiTest, EntitySchemasHaveEveryFieldOfTheModel) {
    const auto& schemas = doc_.at("components").at("schemas").as_object();
    for (const auto& e : entities()) {
        std::string name;
        bool up = true;
        for (char c : e.name) {
            if (c == '_') {
                up = true;
                continue;
            }
            name += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
            up = false;
        }
        for (const auto& suffix : {"", "Input", "Patch"}) {
            ASSERT_TRUE(schemas.contains(name + suffix)) << name + suffix;
            const auto& props = schemas.at(name + suffix).at("properties").as_object();
            for (const auto& f : e.fields) EXPECT_TRUE(props.contains(f.name)) << name + suffix << "." << f.name;
        }
    }
}

// OpenAPI 3.0.3: "nullable" adds null to the type, not to an enum; a nullable choice
// must list null among its values, or validators refuse records where it is null.
TEST_F(OpenApiTest, NullableEnumsListNull) {
    std::size_t checked = 0;
    std::function<void(const json::value&, const std::string&)> walk = [&](const json::value& v, const std::string& at) {
        if (v.is_array()) {
            for (std::size_t i = 0; i < v.as_array().size(); ++i) walk(v.as_array()[i], at + "[" + std::to_string(i) + "]");
            return;
        }
        if (!v.is_object()) return;
        const auto& o = v.as_object();
        if (o.contains("enum") && o.contains("nullable") && o.at("nullable") == true) {
            ++checked;
            const auto& values = o.at("enum").as_array();
            EXPECT_NE(std::find(values.begin(), values.end(), json::value(nullptr)), values.end()) << at;
        }
        if (o.contains("enum") && !(o.contains("nullable") && o.at("nullable") == true)) {
            const auto& values = o.at("enum").as_array();
            EXPECT_EQ(std::find(values.begin(), values.end(), json::value(nullptr)), values.end())
                << at << ": null listed but not nullable";
        }
        for (const auto& [k, child] : o) walk(child, at + "/" + std::string(k));
    };
    walk(doc_, "#");
    EXPECT_GT(checked, 0u);
}

// The status check the integration tests rely on must be able to say no.
TEST_F(OpenApiTest, StatusCheckRefusesAnUndeclaredStatus) {
    OpenApiStatusCheck check(api_.router());
    EXPECT_EQ(check.undeclared("GET", "/api/v1/organisations/x/goals/7", 200), std::nullopt);
    EXPECT_EQ(check.undeclared("GET", "/api/v1/organisations/x/goals/7", 404), std::nullopt);
    EXPECT_NE(check.undeclared("GET", "/api/v1/organisations/x/goals/7", 201), std::nullopt);
    EXPECT_NE(check.undeclared("DELETE", "/api/v1/organisations/x/goals/7", 200), std::nullopt);
    EXPECT_NE(check.undeclared("GET", "/api/v1/export", 404), std::nullopt);
    // Not operations: the router's own answers and targets the HTTP layer refuses.
    EXPECT_EQ(check.undeclared("GET", "/api/v1/nothing", 404), std::nullopt);
    EXPECT_EQ(check.undeclared("GET", "/api/v1/organisations/%FF", 400), std::nullopt);
}

}  // namespace
}  // namespace styrkort::testing
