#pragma once
// The one way the API and the CLI change the plan model: each call is a transaction
// that validates, writes and audits, or changes nothing.
#include <boost/json/value.hpp>

#include "storage/audit.hpp"
#include "storage/database.hpp"
#include "storage/record_store.hpp"

namespace styrkort::storage {

struct Page {
    std::vector<Record> items;
    std::int64_t total = 0;
};

class Repository {
public:
    explicit Repository(Database& db) : db_(db) {}

    Record create(const Entity& e, Id org, const boost::json::value& body, const Actor& actor);
    Record replace(const Entity& e, Id org, Id id, const boost::json::value& body, const Actor& actor);
    Record patch(const Entity& e, Id org, Id id, const boost::json::value& body, const Actor& actor);
    void remove(const Entity& e, Id org, Id id, const Actor& actor);

    std::optional<Record> get(const Entity& e, Id org, Id id);
    Page list(const Entity& e, Id org, const ListQuery& q);
    std::optional<Id> organisation_by_key(const std::string& key);

    Database& database() { return db_; }

private:
    Database& db_;
};

}  // namespace styrkort::storage
