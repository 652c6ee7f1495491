#include "storage/record_store.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <map>

#include "domain/errors.hpp"
#include "storage/followup_rules.hpp"
#include "storage/stale_version.hpp"

namespace styrkort::storage {
namespace {

namespace json = boost::json;

bool stored_as_json(FieldType t) {
    return t == FieldType::string_list || t == FieldType::choice_list || t == FieldType::integer_list;
}

// Columns of the entity's own table, in field order (ref_list fields live in link tables).
std::vector<const Field*> columns(const Entity& e) {
    std::vector<const Field*> out;
    for (const auto& f : e.fields) {
        if (f.type != FieldType::ref_list) out.push_back(&f);
    }
    return out;
}

SqlValue to_sql(const Field& f, const json::value& v) {
    if (v.is_null()) return nullptr;
    if (stored_as_json(f.type)) return json::serialize(v);
    if (v.is_string()) return std::string(v.get_string());
    if (f.type == FieldType::number) return v.to_number<double>();
    return v.as_int64();
}

json::value from_sql(const Field& f, const SqlValue& v) {
    if (is_null(v)) return stored_as_json(f.type) ? json::value(json::array{}) : json::value(nullptr);
    if (stored_as_json(f.type)) return json::parse(as_text(v));
    if (f.type == FieldType::number) {
        if (std::holds_alternative<double>(v)) return std::get<double>(v);
        return static_cast<double>(as_int(v));
    }
    if (f.type == FieldType::integer || f.type == FieldType::amount || f.type == FieldType::ref) return as_int(v);
    return json::string(as_text(v));
}

std::string name_of(const Entity& e, Language lang) { return lang == Language::en ? e.label_en : e.label_sv; }

}  // namespace

bool is_tenant(const Entity& e) { return e.name == "organisation"; }

std::vector<Record> RecordStore::select(const Entity& e, const std::string& where,
                                        const std::vector<SqlValue>& params, const std::string& tail) {
    auto cols = columns(e);
    std::string sql = "SELECT id, row_version";
    if (!is_tenant(e)) sql += ", org_id, position";
    for (const auto* f : cols) sql += ", " + f->name;
    sql += " FROM " + e.table + " WHERE " + where + tail;
    auto rows = c_.query(sql, params);

    std::vector<Record> out;
    out.reserve(rows.size());
    std::map<Id, std::size_t> index;
    for (auto& row : rows) {
        Record r;
        std::size_t col = 0;
        Id id = as_int(row[col++]);
        r["id"] = id;
        r["row_version"] = as_int(row[col++]);
        if (!is_tenant(e)) {
            r["org_id"] = as_int(row[col++]);
            r["position"] = as_int(row[col++]);
        }
        for (const auto* f : cols) r[f->name] = from_sql(*f, row[col++]);
        index[id] = out.size();
        out.push_back(std::move(r));
    }
    for (const auto& f : e.fields) {
        if (f.type != FieldType::ref_list) continue;
        for (auto& r : out) r[f.name] = json::array{};
        if (out.empty()) continue;
        // One query for all links of the selected records: ids come from our own rows.
        std::string in;
        std::vector<SqlValue> link_params{out.front().at("org_id").as_int64()};
        for (const auto& r : out) {
            in += in.empty() ? "?" : ",?";
            link_params.emplace_back(r.at("id").as_int64());
        }
        auto links = c_.query("SELECT owner_id, ref_id FROM " + e.link_table(f) +
                                  " WHERE org_id = ? AND owner_id IN (" + in + ") ORDER BY owner_id, position",
                              link_params);
        for (const auto& l : links) out[index.at(as_int(l[0]))][f.name].as_array().push_back(as_int(l[1]));
    }
    return out;
}

std::optional<Record> RecordStore::find(const Entity& e, Id org, Id id) {
    auto rows = is_tenant(e) ? select(e, "id = ?", {id}, "") : select(e, "org_id = ? AND id = ?", {org, id}, "");
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
}

namespace {

std::string where_clause(const Entity& e, Id org, const ListQuery& q, std::vector<SqlValue>& params) {
    std::string where = is_tenant(e) ? "1 = 1" : "org_id = ?";
    if (!is_tenant(e)) params.emplace_back(org);
    for (const auto& [f, v] : q.equals) {
        where += " AND " + f->name + (is_null(v) ? " IS NULL" : " = ?");
        if (!is_null(v)) params.push_back(v);
    }
    if (!q.condition.empty()) where += " AND (" + q.condition + ")";
    return where;
}

std::string order_clause(const Entity& e) {
    if (is_tenant(e)) return " ORDER BY id";
    return e.parent_field.empty() ? " ORDER BY position, id" : " ORDER BY " + e.parent_field + ", position, id";
}

// SQL selecting the ids of `owner`'s records in the plan, one nested subquery per level
// of ownership; the parameters are appended in the order the text needs them.
std::string ids_in_plan_sql(const Entity& owner, Id org, Id plan, std::vector<SqlValue>& params) {
    if (owner.name == "plan") {
        params.emplace_back(plan);
        return "?";
    }
    params.emplace_back(org);
    std::string sql = "SELECT id FROM " + owner.table + " WHERE org_id = ? AND " + owner.parent_field + " IN (";
    return sql + ids_in_plan_sql(entity(owner.parent()->target), org, plan, params) + ")";
}

}  // namespace

std::vector<Record> RecordStore::list(const Entity& e, Id org, const ListQuery& q) {
    std::vector<SqlValue> params;
    auto where = where_clause(e, org, q, params);
    params.emplace_back(q.limit);
    params.emplace_back(q.offset);
    return select(e, where, params, order_clause(e) + " LIMIT ? OFFSET ?");
}

std::int64_t RecordStore::count(const Entity& e, Id org, const ListQuery& q) {
    std::vector<SqlValue> params;
    auto where = where_clause(e, org, q, params);
    return as_int(c_.query("SELECT COUNT(*) FROM " + e.table + " WHERE " + where, params).at(0).at(0));
}

std::vector<Record> RecordStore::all(const Entity& e, Id org, std::optional<Id> parent) {
    ListQuery q;
    q.limit = INT64_MAX;
    if (parent) q.equals.emplace_back(e.parent(), *parent);
    return list(e, org, q);
}

bool RecordStore::belongs_to_plans(const Entity& e) {
    for (const Entity* at = &e; at->parent() != nullptr; at = &entity(at->parent()->target)) {
        if (at->parent()->target == "plan") return true;
    }
    return false;
}

std::vector<Record> RecordStore::in_plan(const Entity& e, Id org, Id plan) {
    if (!belongs_to_plans(e)) return {};
    std::vector<SqlValue> params{org};
    auto owners = ids_in_plan_sql(entity(e.parent()->target), org, plan, params);
    return select(e, "org_id = ? AND " + e.parent_field + " IN (" + owners + ")", params, order_clause(e));
}

std::optional<Id> RecordStore::id_by_key(const Entity& e, Id org, std::optional<Id> parent, const std::string& key) {
    std::vector<Row> rows;
    if (is_tenant(e)) {
        rows = c_.query("SELECT id FROM organisation WHERE key = ?", {key});
    } else if (parent) {
        rows = c_.query("SELECT id FROM " + e.table + " WHERE org_id = ? AND " + e.parent_field + " = ? AND key = ?",
                        {org, *parent, key});
    } else {
        rows = c_.query("SELECT id FROM " + e.table + " WHERE org_id = ? AND key = ?", {org, key});
    }
    if (rows.empty()) return std::nullopt;
    return as_int(rows.front().front());
}

// PostgreSQL cannot store U+0000 in TEXT (libpq passes C strings, so it would silently
// cut the text there) while SQLite would keep it: refuse it on both, as bad input.
void RecordStore::check_storable_text(const Entity& e, const Record& r) {
    for (const auto& f : e.fields) {
        const auto& v = r.at(f.name);
        if (v.is_string() && v.get_string().subview().find('\0') != std::string_view::npos) {
            throw InputError(f.name, {"får inte innehålla NUL-tecknet (U+0000)", "must not contain the NUL character (U+0000)"});
        }
    }
}

void RecordStore::check_references(const Entity& e, Id org, const Record& r) {
    auto exists = [&](const Field& f, const json::value& v, const std::string& path) {
        const auto& target = entity(f.target);
        auto rows = c_.query("SELECT 1 FROM " + target.table + " WHERE org_id = ? AND id = ?", {org, v.as_int64()});
        if (rows.empty()) {
            auto id = std::to_string(v.as_int64());
            throw InputError(path,
                             {"det finns inget " + name_of(target, Language::sv) + " med id " + id +
                                  " i organisationen",
                              "there is no " + name_of(target, Language::en) + " with id " + id +
                                  " in the organisation"},
                             "reference");
        }
    };
    for (const auto& f : e.fields) {
        const auto& v = r.at(f.name);
        if (f.type == FieldType::ref && !v.is_null()) exists(f, v, f.name);
        if (f.type == FieldType::ref_list) {
            const auto& items = v.as_array();
            for (std::size_t i = 0; i < items.size(); ++i) {
                exists(f, items[i], f.name + "[" + std::to_string(i) + "]");
            }
        }
    }
}

void RecordStore::check_unique_key(const Entity& e, Id org, std::optional<Id> self, const Record& r) {
    if (e.field("key") == nullptr) return;
    std::optional<Id> parent;
    if (!e.parent_field.empty()) parent = r.at(e.parent_field).as_int64();
    auto existing = id_by_key(e, org, parent, std::string(r.at("key").as_string()));
    if (existing && existing != self) {
        auto key = std::string(r.at("key").as_string());
        throw InputError("key",
                         {"nyckeln '" + key + "' används redan av " + name_of(e, Language::sv) + " " +
                              std::to_string(*existing),
                          "the key '" + key + "' is already used by " + name_of(e, Language::en) + " " +
                              std::to_string(*existing)},
                         "duplicate_key");
    }
}

// Entities without a key are identified by a set of fields; null matches null.
void RecordStore::check_unique_fields(const Entity& e, Id org, std::optional<Id> self, const Record& r) {
    if (e.unique_fields.empty()) return;
    std::string sql = "SELECT id FROM " + e.table + " WHERE org_id = ?";
    std::vector<SqlValue> params{org};
    std::string which;
    for (const auto& name : e.unique_fields) {
        const auto& v = r.at(name);
        sql += " AND " + name + (v.is_null() ? " IS NULL" : " = ?");
        if (!v.is_null()) params.push_back(to_sql(*e.field(name), v));
        which += (which.empty() ? "" : ", ") + name;
    }
    auto rows = c_.query(sql + " LIMIT 2", params);
    for (const auto& row : rows) {
        Id existing = as_int(row[0]);
        if (self && existing == *self) continue;
        auto id = std::to_string(existing);
        throw Conflict({"det finns redan " + name_of(e, Language::sv) + " " + id + " med samma " + which,
                        "there is already " + name_of(e, Language::en) + " " + id + " with the same " + which});
    }
}

// Follow-up for a closed reporting period is refused, unless the one changing it may
// correct it: then the change goes through and is recorded as a correction.
void RecordStore::check_period_open(const Entity& e, Id org, const Record& r) {
    if (!e.period_bound) return;
    const auto& year = r.at("year");
    const auto& point = r.at("point");
    if (year.is_null() || point.is_null()) return;
    auto rows = c_.query("SELECT status FROM reporting_period WHERE org_id = ? AND year = ? AND point = ?",
                         {org, year.as_int64(), std::string(point.as_string())});
    if (rows.empty() || as_text(rows[0][0]) != "closed") return;
    check_period_closed_change(e, org, {year.as_int64(), std::string(point.as_string())}, r);
}

void RecordStore::check_period_closed_change(const Entity& e, Id org, const PeriodRef& period, const Record& r) {
    if (may_correct_ && may_correct_(c_, e, org, r)) {
        if (std::find(corrected_.begin(), corrected_.end(), period) == corrected_.end()) corrected_.push_back(period);
        return;
    }
    auto name = std::to_string(period.year) + " " + period.point;
    throw Conflict({"rapporteringsperioden " + name + " är stängd; ändringar i " + name_of(e, Language::sv) +
                        " rättas av en planerare eller administratör för enheten",
                    "the reporting period " + name + " is closed; changes to " + name_of(e, Language::en) +
                        " are corrected by a planner or administrator of the unit"});
}

// Reopening, changing or deleting a closed period is itself a correction of it.
void RecordStore::check_reporting_period_change(const Entity& e, Id org, const Record& before) {
    if (e.name != "reporting_period" || !before.at("status").is_string() || before.at("status").as_string() != "closed") {
        return;
    }
    check_period_closed_change(e, org, {before.at("year").as_int64(), std::string(before.at("point").as_string())},
                               before);
}

// A delete that would take follow-up of a closed period with it (a measure's outcomes,
// an activity's reports, a goal's assessments, a unit's outcomes …) is refused, whoever
// asks: closed figures are corrected one by one, never lost in passing.
void RecordStore::check_no_closed_cascade(const Entity& e, Id org, const std::string& ids_sql,
                                          const std::vector<SqlValue>& params) {
    auto refuse_if_any = [&](const Entity& bound, const std::string& where, const std::vector<SqlValue>& args) {
        auto rows = c_.query("SELECT t.year, t.point FROM " + bound.table +
                                 " t JOIN reporting_period p ON p.org_id = t.org_id AND p.year = t.year AND "
                                 "p.point = t.point AND p.status = 'closed' WHERE t.org_id = ? AND " + where +
                                 " LIMIT 1",
                             args);
        if (rows.empty()) return;
        auto period = std::to_string(as_int(rows[0][0])) + " " + as_text(rows[0][1]);
        throw Conflict({name_of(e, Language::sv) + " har " + name_of(bound, Language::sv) +
                            " i den stängda rapporteringsperioden " + period + " och kan inte tas bort",
                        name_of(e, Language::en) + " has " + name_of(bound, Language::en) +
                            " in the closed reporting period " + period + " and cannot be deleted"});
    };
    for (const auto& other : entities()) {
        for (const auto& f : other.fields) {
            if (f.target != e.name || f.type != FieldType::ref) continue;
            std::vector<SqlValue> args{org};
            args.insert(args.end(), params.begin(), params.end());
            if (other.period_bound) refuse_if_any(other, "t." + f.name + " IN (" + ids_sql + ")", args);
            if (f.owner) {
                check_no_closed_cascade(other, org,
                                        "SELECT id FROM " + other.table + " WHERE org_id = ? AND " + f.name + " IN (" +
                                            ids_sql + ")",
                                        args);
            }
        }
    }
}

// Rules of single entities that need the database (storage/followup_rules.hpp).
void RecordStore::check_entity_rules(const Entity& e, Id org, std::optional<Id> self, const Record& r) {
    if (e.name == "outcome") check_outcome_breakdowns(c_, org, r);
    if (e.name == "measure" && self) check_measure_keeps_breakdowns(c_, org, *self, r);
}

void RecordStore::check_no_cycle(const Entity& e, Id org, Id self, const Record& r) {
    const Field* parent = e.field("parent_id");
    if (parent == nullptr || parent->target != e.name || r.at("parent_id").is_null()) return;
    Id at = r.at("parent_id").as_int64();
    // Bounded walk: a tree deeper than this is itself a sign of corruption.
    for (int depth = 0; depth < 100000; ++depth) {
        if (at == self) {
            throw InputError("parent_id", {"skulle göra trädet till en cykel", "would make the tree a cycle"},
                             "cycle");
        }
        auto rows = c_.query("SELECT parent_id FROM " + e.table + " WHERE org_id = ? AND id = ?", {org, at});
        if (rows.empty() || is_null(rows[0][0])) return;
        at = as_int(rows[0][0]);
    }
    throw InputError("parent_id", {"trädet är för djupt", "the tree is too deep"}, "cycle");
}

void RecordStore::check_not_referenced(const Entity& e, Id org, Id id) {
    for (const auto& other : entities()) {
        for (const auto& f : other.fields) {
            if (f.target != e.name || f.owner) continue;
            std::string sql = f.type == FieldType::ref_list
                                  ? "SELECT owner_id FROM " + other.link_table(f) + " WHERE org_id = ? AND ref_id = ?"
                                  : "SELECT id FROM " + other.table + " WHERE org_id = ? AND " + f.name + " = ?";
            auto rows = c_.query(sql + " LIMIT 1", {org, id});
            if (rows.empty()) continue;
            auto ref = std::to_string(as_int(rows[0][0]));
            throw Conflict({name_of(other, Language::sv) + " " + ref + " hänvisar till den (" + f.name +
                                "); ändra eller ta bort den först",
                            name_of(other, Language::en) + " " + ref + " refers to it (" + f.name +
                                "); change or delete that first"});
        }
    }
}

// A follow-up report that was submitted or decided is a record of what the unit
// reported; the table's foreign key would cascade it away with the unit, so a unit
// that has one is kept. Drafts carry nothing of their own and go with the unit.
void RecordStore::check_no_sent_reports(const Entity& e, Id org, Id id) {
    if (e.table != "org_unit") return;
    auto rows = c_.query(
        "SELECT year, point FROM followup_report WHERE org_id = ? AND unit_id = ? AND state <> 'draft' LIMIT 1",
        {org, id});
    if (rows.empty()) return;
    auto report = std::to_string(as_int(rows[0][0])) + " " + as_text(rows[0][1]);
    throw Conflict({"enheten har en inskickad eller beslutad uppföljningsrapport (" + report +
                        "); den ska finnas kvar, så enheten kan inte tas bort",
                    "the unit has a submitted or decided follow-up report (" + report +
                        "); it must be kept, so the unit cannot be deleted"});
}

void RecordStore::write_links(const Entity& e, Id org, Id id, const Record& r) {
    for (const auto& f : e.fields) {
        if (f.type != FieldType::ref_list) continue;
        auto table = e.link_table(f);
        c_.execute("DELETE FROM " + table + " WHERE org_id = ? AND owner_id = ?", {org, id});
        std::int64_t position = 0;
        for (const auto& ref : r.at(f.name).as_array()) {
            c_.execute("INSERT INTO " + table + " (org_id, owner_id, ref_id, position) VALUES (?, ?, ?, ?)",
                       {org, id, ref.as_int64(), position++});
        }
    }
}

Record RecordStore::insert(const Entity& e, Id org, Record r) {
    check_storable_text(e, r);
    check_references(e, org, r);
    check_unique_key(e, org, std::nullopt, r);
    check_unique_fields(e, org, std::nullopt, r);
    check_period_open(e, org, r);
    check_entity_rules(e, org, std::nullopt, r);
    auto cols = columns(e);
    std::string names;
    std::string marks;
    std::vector<SqlValue> params;
    if (!is_tenant(e)) {
        std::int64_t position = 0;
        if (const auto* p = r.if_contains("position"); p != nullptr && !p->is_null()) {
            position = p->as_int64();
        } else if (!e.ordered) {
            position = 0;  // no order to keep, and no MAX() over a large table per insert
        } else {
            std::string sql = "SELECT COALESCE(MAX(position) + 1, 0) FROM " + e.table + " WHERE org_id = ?";
            std::vector<SqlValue> args{org};
            if (!e.parent_field.empty()) {
                sql += " AND " + e.parent_field + " = ?";
                args.emplace_back(r.at(e.parent_field).as_int64());
            }
            position = as_int(c_.query(sql, args).at(0).at(0));
        }
        names = "org_id, position";
        marks = "?, ?";
        params = {org, position};
    }
    for (const auto* f : cols) {
        names += (names.empty() ? "" : ", ") + f->name;
        marks += marks.empty() ? "?" : ", ?";
        params.push_back(to_sql(*f, r.at(f->name)));
    }
    auto rows = c_.query("INSERT INTO " + e.table + " (" + names + ") VALUES (" + marks + ") RETURNING id", params);
    Id id = as_int(rows.at(0).at(0));
    write_links(e, is_tenant(e) ? id : org, id, r);
    return *find(e, org, id);
}

Record RecordStore::update(const Entity& e, Id org, Id id, Record r, std::optional<std::int64_t> expected_version) {
    auto before = find(e, org, id);
    if (!before) throw NotFound({name_of(e, Language::sv) + " " + std::to_string(id) + " finns inte",
                                 name_of(e, Language::en) + " " + std::to_string(id) + " does not exist"});
    if (expected_version && before->at("row_version").as_int64() != *expected_version) {
        throw_stale_version(c_, e, org, id, *expected_version);
    }
    check_storable_text(e, r);
    check_references(e, org, r);
    check_unique_key(e, org, id, r);
    check_unique_fields(e, org, id, r);
    check_period_open(e, org, *before);
    check_period_open(e, org, r);
    check_reporting_period_change(e, org, *before);
    check_no_cycle(e, org, id, r);
    check_entity_rules(e, org, id, r);
    std::string sets;
    std::vector<SqlValue> params;
    for (const auto* f : columns(e)) {
        sets += (sets.empty() ? "" : ", ") + f->name + " = ?";
        params.push_back(to_sql(*f, r.at(f->name)));
    }
    if (!is_tenant(e)) {
        const auto* p = r.if_contains("position");
        sets += ", position = ?";
        params.emplace_back(p != nullptr && !p->is_null() ? p->as_int64() : before->at("position").as_int64());
    }
    // Every change raises the version. With an expected version the statement itself
    // checks it, so that of two concurrent changes from one version only the first
    // matches: PostgreSQL re-reads the row after the other's commit, SQLite has one writer.
    sets += ", row_version = row_version + 1";
    std::string where = is_tenant(e) ? " WHERE id = ?" : " WHERE org_id = ? AND id = ?";
    if (!is_tenant(e)) params.emplace_back(org);
    params.emplace_back(id);
    if (expected_version) {
        where += " AND row_version = ?";
        params.emplace_back(*expected_version);
    }
    auto changed = c_.query("UPDATE " + e.table + " SET " + sets + where + " RETURNING id", params);
    if (changed.empty()) throw_stale_version(c_, e, org, id, expected_version.value_or(0));
    write_links(e, org, id, r);
    return *find(e, org, id);
}

// Deletes what the selected records own, deepest first and one kind at a time. The
// schema's ON DELETE CASCADE would do it in one statement, but PostgreSQL checks the
// references between sibling kinds (a measure's goal) between cascade steps, so the
// order must be ours: reverse catalogue order, which puts referrers before referees.
void RecordStore::delete_owned(const Entity& e, Id org, const std::string& ids_sql,
                               const std::vector<SqlValue>& params) {
    const auto& all = entities();
    for (auto it = all.rbegin(); it != all.rend(); ++it) {
        if (it->parent() == nullptr || it->parent()->target != e.name) continue;
        std::string owned = " FROM " + it->table + " WHERE org_id = ? AND " + it->parent_field + " IN (" + ids_sql + ")";
        std::vector<SqlValue> owned_params{org};
        owned_params.insert(owned_params.end(), params.begin(), params.end());
        delete_owned(*it, org, "SELECT id" + owned, owned_params);
        c_.execute("DELETE" + owned, owned_params);
    }
}

void RecordStore::remove(const Entity& e, Id org, Id id, std::optional<std::int64_t> expected_version) {
    auto found = find(e, org, id);
    if (!found) {
        throw NotFound({name_of(e, Language::sv) + " " + std::to_string(id) + " finns inte",
                        name_of(e, Language::en) + " " + std::to_string(id) + " does not exist"});
    }
    if (expected_version && found->at("row_version").as_int64() != *expected_version) {
        throw_stale_version(c_, e, org, id, *expected_version);
    }
    if (is_tenant(e)) {
        // The audit log stays: it is append-only and outlives what it describes.
        const auto& plan = entity("plan");
        delete_owned(plan, id, "SELECT id FROM plan WHERE org_id = ?", {id});
        c_.execute("DELETE FROM plan WHERE org_id = ?", {id});
        c_.execute("DELETE FROM org_unit WHERE org_id = ?", {id});
        c_.execute("DELETE FROM organisation WHERE id = ?", {id});
        return;
    }
    auto before = *find(e, org, id);
    check_period_open(e, org, before);
    check_reporting_period_change(e, org, before);
    check_no_closed_cascade(e, org, "?", {id});
    check_not_referenced(e, org, id);
    check_no_sent_reports(e, org, id);
    delete_owned(e, org, "?", {id});
    std::vector<SqlValue> params{org, id};
    std::string where = " WHERE org_id = ? AND id = ?";
    if (expected_version) {
        where += " AND row_version = ?";
        params.emplace_back(*expected_version);
    }
    if (c_.query("DELETE FROM " + e.table + where + " RETURNING id", params).empty()) {
        throw_stale_version(c_, e, org, id, expected_version.value_or(0));
    }
}

}  // namespace styrkort::storage
