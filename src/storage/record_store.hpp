#pragma once
// Reads and writes records of any entity of the plan model on one connection, inside
// the caller's transaction. It checks what only the database can tell: that references
// exist in the same organisation, that keys are unique, that trees stay trees, and that
// nothing still refers to what is deleted. Validation of shape is the domain's.
#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/schema.hpp"
#include "storage/sql.hpp"

namespace styrkort::storage {

using Record = boost::json::object;
using Id = std::int64_t;

struct ListQuery {
    std::vector<std::pair<const Field*, SqlValue>> equals;  // field = value
    // A further condition on the table (named by its table name), built from the
    // catalogue only, never from input: e.g. auth::published_condition. "" = none.
    std::string condition;
    std::int64_t limit = 500;
    std::int64_t offset = 0;
};

// Whether the one making a change may correct this record of a closed reporting
// period (the API asks the user's roles; docs/permissions.md). Empty: nobody may.
using CorrectionPolicy = std::function<bool(Connection&, const Entity&, Id org, const Record&)>;

// A closed reporting period that a change corrected.
struct PeriodRef {
    std::int64_t year = 0;
    std::string point;
    bool operator==(const PeriodRef&) const = default;
};

class RecordStore {
public:
    explicit RecordStore(Connection& c) : c_(c) {}

    // Changes to follow-up of a closed period are refused unless `policy` allows them;
    // those it allows are corrections, listed by corrected_periods().
    void allow_corrections(CorrectionPolicy policy) { may_correct_ = std::move(policy); }
    [[nodiscard]] const std::vector<PeriodRef>& corrected_periods() const { return corrected_; }

    // `record` must come from validate_record. Returns the stored record with id.
    Record insert(const Entity& e, Id org, Record record);
    // With expected_version, a record whose row_version differs is not changed:
    // VersionConflict (domain/version_conflict.hpp) with the record as it is now.
    Record update(const Entity& e, Id org, Id id, Record record,
                  std::optional<std::int64_t> expected_version = std::nullopt);
    void remove(const Entity& e, Id org, Id id, std::optional<std::int64_t> expected_version = std::nullopt);

    std::optional<Record> find(const Entity& e, Id org, Id id);
    std::vector<Record> list(const Entity& e, Id org, const ListQuery& q);
    std::int64_t count(const Entity& e, Id org, const ListQuery& q);
    // Every record of the entity within the organisation (or of one parent), in order.
    std::vector<Record> all(const Entity& e, Id org, std::optional<Id> parent = std::nullopt);
    std::optional<Id> id_by_key(const Entity& e, Id org, std::optional<Id> parent, const std::string& key);
    // Every record of the entity whose chain of owners leads to `plan` (a plan's
    // measures, their targets, their outcomes ...), in one statement whatever their
    // number. Empty for an entity that does not belong to plans.
    std::vector<Record> in_plan(const Entity& e, Id org, Id plan);
    static bool belongs_to_plans(const Entity& e);

private:
    void check_storable_text(const Entity& e, const Record& r);
    void check_references(const Entity& e, Id org, const Record& r);
    void check_unique_key(const Entity& e, Id org, std::optional<Id> self, const Record& r);
    void check_unique_fields(const Entity& e, Id org, std::optional<Id> self, const Record& r);
    void check_period_open(const Entity& e, Id org, const Record& r);
    void check_period_closed_change(const Entity& e, Id org, const PeriodRef& period, const Record& r);
    void check_reporting_period_change(const Entity& e, Id org, const Record& before);
    void check_no_closed_cascade(const Entity& e, Id org, const std::string& ids_sql, const std::vector<SqlValue>& params);
    void check_entity_rules(const Entity& e, Id org, std::optional<Id> self, const Record& r);
    void check_no_cycle(const Entity& e, Id org, Id self, const Record& r);
    void check_not_referenced(const Entity& e, Id org, Id id);
    void check_no_sent_reports(const Entity& e, Id org, Id id);
    void delete_owned(const Entity& e, Id org, const std::string& ids_sql, const std::vector<SqlValue>& params);
    void write_links(const Entity& e, Id org, Id id, const Record& r);
    std::vector<Record> select(const Entity& e, const std::string& where, const std::vector<SqlValue>& params,
                               const std::string& tail);
    Connection& c_;
    CorrectionPolicy may_correct_;
    std::vector<PeriodRef> corrected_;
};

bool is_tenant(const Entity& e);

}  // namespace styrkort::storage
