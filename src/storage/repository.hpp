#pragma once
// The one way the API and the CLI change the plan model: each call is a transaction
// that validates, writes and audits, or changes nothing.
#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include <functional>

#include "storage/audit.hpp"
#include "storage/database.hpp"
#include "storage/record_store.hpp"

namespace styrkort::storage {

struct Page {
    std::vector<Record> items;
    std::int64_t total = 0;
};

// Called inside the write transaction with the record as stored before the change
// and as it is about to be stored, so that a permission check and the change see the
// same data. It refuses by throwing.
using WriteGuard = std::function<void(Connection&, const Record&)>;

// One change inside the caller's transaction: validated, guarded, written and audited
// (what Repository's methods do in a transaction of their own; the batch route uses
// these to make several changes one transaction).
Record create_record(Connection& c, const Entity& e, Id org, const boost::json::value& body, const Actor& actor,
                     const WriteGuard& guard);
Record replace_record(Connection& c, const Entity& e, Id org, Id id, const boost::json::value& body,
                      const Actor& actor, const WriteGuard& guard, std::optional<std::int64_t> expected_version);
Record patch_record(Connection& c, const Entity& e, Id org, Id id, const boost::json::value& body, const Actor& actor,
                    const WriteGuard& guard, std::optional<std::int64_t> expected_version);
void remove_record(Connection& c, const Entity& e, Id org, Id id, const Actor& actor, const WriteGuard& guard,
                   std::optional<std::int64_t> expected_version);

class Repository {
public:
    explicit Repository(Database& db) : db_(db) {}

    Record create(const Entity& e, Id org, const boost::json::value& body, const Actor& actor,
                  const WriteGuard& guard = {});
    // With `expected_version` (the row_version the client read) a record changed since
    // is left as it is: VersionConflict (409) with the record as it is now.
    Record replace(const Entity& e, Id org, Id id, const boost::json::value& body, const Actor& actor,
                   const WriteGuard& guard = {}, std::optional<std::int64_t> expected_version = std::nullopt);
    Record patch(const Entity& e, Id org, Id id, const boost::json::value& body, const Actor& actor,
                 const WriteGuard& guard = {}, std::optional<std::int64_t> expected_version = std::nullopt);
    void remove(const Entity& e, Id org, Id id, const Actor& actor, const WriteGuard& guard = {},
                std::optional<std::int64_t> expected_version = std::nullopt);
    // Several records of one entity in one transaction: an item with an "id" replaces
    // that record, one without creates a record. Every one is saved and audited, or
    // none: the first refusal (its path prefixed "<name>[i]") undoes the others.
    std::vector<Record> save_all(const Entity& e, Id org, const boost::json::array& items, const std::string& name,
                                 const Actor& actor, const WriteGuard& guard = {});

    std::optional<Record> get(const Entity& e, Id org, Id id);
    Page list(const Entity& e, Id org, const ListQuery& q);
    std::optional<Id> organisation_by_key(const std::string& key);

    Database& database() { return db_; }

private:
    Database& db_;
};

}  // namespace styrkort::storage
