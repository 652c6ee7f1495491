#include "storage/comment_store.hpp"

#include <map>

#include "domain/errors.hpp"
#include "domain/version_conflict.hpp"
#include "domain/workflow/frozen_plan.hpp"
#include "storage/clock.hpp"

namespace styrkort::storage {
namespace {

namespace json = boost::json;

constexpr std::size_t max_body = 10000;

const char* columns =
    "id, plan_id, entity, item_id, thread_id, author, body, created_at, resolved_by, resolved_at, row_version, edited_at";

json::value text_or_null(const SqlValue& v) { return is_null(v) ? json::value(nullptr) : json::value(as_text(v)); }

json::object to_json(const Row& row) {
    json::object o{{"id", as_int(row[0])},        {"plan_id", as_int(row[1])},   {"entity", as_text(row[2])},
                   {"item_id", as_int(row[3])},   {"author", as_text(row[5])},   {"body", as_text(row[6])},
                   {"created_at", as_text(row[7])}, {"row_version", as_int(row[10])},
                   {"edited_at", text_or_null(row[11])}};
    if (is_null(row[4])) {
        o["resolved"] = !is_null(row[9]);
        o["resolved_by"] = text_or_null(row[8]);
        o["resolved_at"] = text_or_null(row[9]);
        o["replies"] = json::array{};
    }
    return o;
}

void check_body(const std::string& body) {
    auto first = body.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) throw InputError("body", {"får inte vara tom", "must not be empty"}, "required");
    if (body.size() > max_body) {
        throw InputError("body", {"får vara högst 10 000 tecken", "may be at most 10,000 characters"}, "range");
    }
    if (body.find('\0') != std::string::npos) {
        throw InputError("body", {"får inte innehålla NUL-tecknet (U+0000)", "must not contain the NUL character (U+0000)"});
    }
}

// The plan an item belongs to, following its owners up to the plan.
std::optional<Id> plan_of(RecordStore& store, const Entity& e, Id org, Id id) {
    const Entity* cur = &e;
    Id at = id;
    for (int depth = 0; depth < 16; ++depth) {
        if (cur->name == "plan") return at;
        auto rec = store.find(*cur, org, at);
        if (!rec || cur->parent() == nullptr) return std::nullopt;
        at = rec->at(cur->parent_field).as_int64();
        cur = &entity(cur->parent()->target);
    }
    return std::nullopt;
}

// A short name of the item for lists ("Mått: Andel …"): its name, title or text.
std::string label_of(RecordStore& store, const Entity& e, Id org, Id id) {
    auto rec = store.find(e, org, id);
    if (!rec) return e.label_sv + " " + std::to_string(id) + " (borttagen)";
    for (const char* f : {"name", "title", "text", "description", "key"}) {
        if (const auto* v = rec->if_contains(f); v != nullptr && v->is_string() && !v->get_string().empty()) {
            std::string s(v->get_string());
            if (s.size() > 80) s = s.substr(0, 77) + "…";
            return e.label_sv + ": " + s;
        }
    }
    return e.label_sv + " " + std::to_string(id);
}

}  // namespace

json::array CommentStore::threads(Id org, Id plan, const CommentFilter& filter) {
    std::string sql = std::string("SELECT ") + columns + " FROM plan_comment WHERE org_id = ? AND plan_id = ?";
    std::vector<SqlValue> params{org, plan};
    auto rows = c_.query(sql + " ORDER BY id", params);
    RecordStore store(c_);
    json::array out;
    std::map<Id, std::size_t> index;
    for (const auto& row : rows) {
        if (is_null(row[4])) {
            auto t = to_json(row);
            if (filter.entity && t.at("entity").as_string() != *filter.entity) continue;
            if (filter.item_id && t.at("item_id").as_int64() != *filter.item_id) continue;
            if (filter.resolved && t.at("resolved").as_bool() != *filter.resolved) continue;
            const Entity* e = nullptr;
            for (const auto& candidate : entities()) {
                if (candidate.name == t.at("entity").as_string()) e = &candidate;
            }
            t["item_label"] = e ? label_of(store, *e, org, t.at("item_id").as_int64()) : std::string(t.at("entity").as_string());
            index[as_int(row[0])] = out.size();
            out.push_back(std::move(t));
        } else if (auto it = index.find(as_int(row[4])); it != index.end()) {
            auto reply = to_json(row);
            out[it->second].as_object()["replies"].as_array().push_back(std::move(reply));
        }
    }
    return out;
}

std::optional<json::object> CommentStore::thread(Id org, Id plan, Id id) {
    for (auto& t : threads(org, plan)) {
        if (t.at("id").as_int64() == id) return std::move(t.as_object());
    }
    return std::nullopt;
}

json::object CommentStore::start(Id org, Id plan, const std::string& entity_name, Id item, const std::string& author,
                                 const std::string& body) {
    const Entity* e = nullptr;
    for (const auto& candidate : entities()) {
        if (candidate.name == entity_name && (candidate.name == "plan" || workflow::is_plan_content(candidate))) e = &candidate;
    }
    if (e == nullptr) {
        throw InputError("entity", {"'" + entity_name + "' är ingen del av en plan som kan kommenteras",
                                    "'" + entity_name + "' is no part of a plan that can be commented on"},
                         "choice");
    }
    RecordStore store(c_);
    if (plan_of(store, *e, org, item) != plan) {
        throw InputError("item_id", {"det finns inget " + e->label_sv + " med id " + std::to_string(item) + " i planen",
                                     "there is no " + e->label_en + " with id " + std::to_string(item) + " in the plan"},
                         "reference");
    }
    check_body(body);
    auto id = as_int(c_.query("INSERT INTO plan_comment (org_id, plan_id, entity, item_id, thread_id, author, body, "
                              "created_at) VALUES (?, ?, ?, ?, NULL, ?, ?, ?) RETURNING id",
                              {org, plan, entity_name, item, author, body, utc_now_iso()})
                         .at(0)
                         .at(0));
    return *thread(org, plan, id);
}

json::object CommentStore::reply(Id org, Id plan, Id thread_id, const std::string& author, const std::string& body) {
    auto t = thread(org, plan, thread_id);
    if (!t) throw NotFound({"kommentaren finns inte", "the comment does not exist"});
    check_body(body);
    c_.execute("INSERT INTO plan_comment (org_id, plan_id, entity, item_id, thread_id, author, body, created_at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               {org, plan, std::string(t->at("entity").as_string()), t->at("item_id").as_int64(), thread_id, author,
                body, utc_now_iso()});
    return *thread(org, plan, thread_id);
}

json::object CommentStore::set_resolved(Id org, Id plan, Id thread_id, bool resolved, const std::string& by) {
    auto t = thread(org, plan, thread_id);
    if (!t) throw NotFound({"kommentaren finns inte", "the comment does not exist"});
    if (t->at("resolved").as_bool() == resolved) return *t;
    if (resolved) {
        c_.execute("UPDATE plan_comment SET resolved_by = ?, resolved_at = ? WHERE org_id = ? AND id = ?",
                   {by, utc_now_iso(), org, thread_id});
    } else {
        c_.execute("UPDATE plan_comment SET resolved_by = NULL, resolved_at = NULL WHERE org_id = ? AND id = ?",
                   {org, thread_id});
    }
    return *thread(org, plan, thread_id);
}

std::optional<json::object> CommentStore::comment(Id org, Id plan, Id id) {
    auto rows = c_.query(std::string("SELECT ") + columns + " FROM plan_comment WHERE org_id = ? AND plan_id = ? AND id = ?",
                         {org, plan, id});
    if (rows.empty()) return std::nullopt;
    auto o = to_json(rows[0]);
    Id thread_id = is_null(rows[0][4]) ? id : as_int(rows[0][4]);
    o["thread_id"] = thread_id;
    auto t = thread(org, plan, thread_id);
    o["resolved"] = t && t->at("resolved").as_bool();
    return o;
}

namespace {

// The comment as it is now and that its text changed: what a change from an older
// version is told (409 stale_version), as for every record.
[[noreturn]] void stale(const json::object& now) {
    json::object current{{"id", now.at("id")}, {"body", now.at("body")}, {"row_version", now.at("row_version")},
                         {"edited_at", now.at("edited_at")}};
    throw VersionConflict({"kommentaren har ändrats sedan du läste den (version " + std::to_string(now.at("row_version").as_int64()) +
                               " nu). Ändring i: Text",
                           "the comment has changed since you read it (version " +
                               std::to_string(now.at("row_version").as_int64()) + " now). Changed: Text"},
                          current, json::array{json::object{{"field", "body"}, {"label_sv", "Text"}, {"label_en", "Text"}}});
}

}  // namespace

json::object CommentStore::edit(Id org, Id plan, Id id, const std::string& body, std::optional<std::int64_t> expected) {
    auto now = comment(org, plan, id);
    if (!now) throw NotFound({"kommentaren finns inte", "the comment does not exist"});
    if (expected && *expected != now->at("row_version").as_int64()) stale(*now);
    check_body(body);
    c_.execute("UPDATE plan_comment SET body = ?, edited_at = ?, row_version = row_version + 1 "
               "WHERE org_id = ? AND plan_id = ? AND id = ?",
               {body, utc_now_iso(), org, plan, id});
    return *comment(org, plan, id);
}

int CommentStore::remove(Id org, Id plan, Id id, std::optional<std::int64_t> expected) {
    auto now = comment(org, plan, id);
    if (!now) throw NotFound({"kommentaren finns inte", "the comment does not exist"});
    if (expected && *expected != now->at("row_version").as_int64()) stale(*now);
    // A thread's first comment goes with its replies: they answer nothing without it.
    auto rows = c_.query("SELECT COUNT(*) FROM plan_comment WHERE org_id = ? AND plan_id = ? AND (id = ? OR thread_id = ?)",
                         {org, plan, id, id});
    c_.execute("DELETE FROM plan_comment WHERE org_id = ? AND plan_id = ? AND (id = ? OR thread_id = ?)", {org, plan, id, id});
    return static_cast<int>(as_int(rows.at(0).at(0)));
}

json::array unresolved_comments(Connection& c, Id org, Id plan) {
    return CommentStore(c).threads(org, plan, {.resolved = false});
}

}  // namespace styrkort::storage
