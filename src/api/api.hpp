#pragma once
// The JSON REST API under /api/v1: the plan model's CRUD for every entity, plan file
// import and export, health and the OpenAPI document.
#include <string>

#include "api/router.hpp"
#include "storage/database.hpp"
#include "storage/repository.hpp"

namespace styrkort::api {

using storage::Id;

class Api {
public:
    explicit Api(storage::Database& db);
    http::Response handle(const http::Request& request) const;
    [[nodiscard]] const Router& router() const { return router_; }

private:
    void add_entity_routes(const Entity& e);
    void add_plan_file_routes();
    void add_service_routes();
    void add_followup_routes();  // followup_routes.cpp
    [[nodiscard]] storage::Id organisation_of(const std::string& id_or_key) const;

    storage::Database& db_;
    mutable storage::Repository repo_;
    Router router_;
};

}  // namespace styrkort::api
