#pragma once
// The plan model as data: every kind of thing a plan is made of is an Entity with typed
// Fields. Validation, storage, the REST API, the OpenAPI document and the plan file are
// all driven by this one description, so a field added here is added everywhere.
#include <optional>
#include <string>
#include <vector>

namespace styrkort {

enum class FieldType {
    key,          // stable human-readable identifier, see is_valid_key
    string,       // one line of plain text
    text,         // Markdown, may be long
    integer,      // 64-bit integer
    number,       // decimal measure value (not money)
    amount,       // money: whole kronor as a JSON integer, never a fraction
    date,         // YYYY-MM-DD
    choice,       // one of Field::choices
    ref,          // id of another entity in the same organisation
    ref_list,     // ids of other entities (stored in a link table, ordered)
    string_list,  // ordered list of plain texts
    choice_list,  // ordered list of distinct Field::choices
    integer_list  // ordered list of distinct integers within [min, max]
};

struct Field {
    std::string name;         // API name, e.g. "parent_id", "goal_ids", "title"
    FieldType type = FieldType::string;
    bool required = false;
    std::vector<std::string> choices;  // for choice, choice_list
    std::string target;                // for ref, ref_list: the entity referred to
    bool owner = false;                // ref to the owning entity: deleting it deletes this
    std::optional<long long> min;      // for integer, integer_list
    std::optional<long long> max;
    std::string label_sv;              // what a Swedish user calls it
    std::string label_en;
    std::string default_value;         // for choice: used when the input leaves it out

    // The name used in the plan file: refs drop "_id"/"_ids" and use keys.
    [[nodiscard]] std::string file_name() const;
    [[nodiscard]] bool is_reference() const {
        return type == FieldType::ref || type == FieldType::ref_list;
    }
};

struct Entity {
    std::string name;        // singular, snake_case: "development_area"
    std::string collection;  // URL segment: "development-areas"
    std::string table;       // SQL table
    std::string file_collection;  // array name in the plan file: "development_areas"
    std::string parent_field;     // owning ref ("plan_id", "measure_id") or "" for org level
    bool has_key = true;          // plan-file identity; targets are identified by position
    bool ordered = true;          // has a position within its parent
    std::vector<Field> fields;    // id, org_id and position are implicit
    std::string label_sv;
    std::string label_en;
    // Fields that together identify a record of an entity without a key (null = null).
    std::vector<std::string> unique_fields;
    // Follow-up records: they carry year and point, and are refused while that
    // reporting period is closed. Not part of the plan file.
    bool period_bound = false;
    bool in_plan_file = true;

    [[nodiscard]] const Field* field(const std::string& field_name) const;
    [[nodiscard]] const Field* parent() const { return field(parent_field); }
    // The link table of a ref_list field, e.g. "activity_goal".
    [[nodiscard]] std::string link_table(const Field& f) const;
};

// All entities, parents before children (the order import and export use).
const std::vector<Entity>& entities();
// The follow-up entities (followup_model.cpp), appended to entities() after the plan's.
void add_followup_entities(std::vector<Entity>& all);
// The reminder rules of reporting periods (reminder_model.cpp), after the follow-up.
void add_reminder_entities(std::vector<Entity>& all);
// The reporting points of the plans: da04, da08, ar, t1, t2, t3, every_4_years.
const std::vector<std::string>& reporting_point_names();
const Entity* find_entity_by_collection(const std::string& collection);
const Entity& entity(const std::string& name);

// a-z 0-9 . _ -, 1..100 characters, starting with a letter or digit.
bool is_valid_key(const std::string& key);
// A real calendar date written YYYY-MM-DD.
bool is_valid_date(const std::string& date);

}  // namespace styrkort
