// POST /organisations/{org}/batch (issue 18, docs/authoring.md "One transaction per
// action"): several creates, changes and deletes on any collection of the plan model,
// applied in one transaction with the checks, validation and audit of the single
// routes. A later change may name a record an earlier one created ("$ref"). The first
// refusal undoes everything and names the change (changes[i]), the field and why.
#include <map>

#include "api/api.hpp"
#include "api/record_guards.hpp"
#include "api/record_version.hpp"
#include "api/responses.hpp"
#include "auth/errors.hpp"
#include "domain/computed_fields.hpp"
#include "domain/errors.hpp"
#include "domain/version_conflict.hpp"

namespace styrkort::api {
namespace {

namespace json = boost::json;

constexpr std::size_t max_changes = 500;

InputError bad(const std::string& path, const char* sv, const char* en) { return {path, {sv, en}, "type"}; }

// {"$ref": "name"}: the id an earlier create of the batch named `name`.
bool is_ref(const json::value& v) {
    return v.is_object() && v.get_object().size() == 1 && v.get_object().contains("$ref");
}

Id resolve(const json::value& v, const std::map<std::string, Id>& refs, const std::string& path) {
    const auto& name = v.get_object().at("$ref");
    if (!name.is_string()) throw bad(path + ".$ref", "måste vara ett namn (text)", "must be a name (text)");
    auto it = refs.find(std::string(name.get_string()));
    if (it == refs.end()) {
        throw InputError(path, {"\"$ref\": \"" + std::string(name.get_string()) +
                                    "\" har inte skapats av en tidigare ändring i samma omgång",
                                "\"$ref\": \"" + std::string(name.get_string()) +
                                    "\" was not created by an earlier change of the batch"},
                         "reference");
    }
    return it->second;
}

// The record with every {"$ref"} (in a field or a list of ids) replaced by its id.
json::value with_ids(const json::value& record, const std::map<std::string, Id>& refs) {
    if (!record.is_object()) return record;
    json::object out;
    for (const auto& [k, v] : record.get_object()) {
        std::string name(k);
        if (is_ref(v)) {
            out[k] = resolve(v, refs, name);
        } else if (v.is_array()) {
            json::array list;
            const auto& items = v.get_array();
            for (std::size_t i = 0; i < items.size(); ++i) {
                list.push_back(is_ref(items[i]) ? json::value(resolve(items[i], refs, name + "[" + std::to_string(i) + "]"))
                                                : items[i]);
            }
            out[k] = std::move(list);
        } else {
            out[k] = v;
        }
    }
    return out;
}

std::string text_of(const json::object& change, const char* field, const std::string& path) {
    const auto* v = change.if_contains(field);
    if (v == nullptr || !v->is_string()) throw bad(path + "." + field, "måste anges som text", "must be given as text");
    return std::string(v->get_string());
}

struct Change {
    std::string action;  // create, update, replace, delete
    const Entity* entity = nullptr;
    std::optional<Id> id;
    std::optional<std::string> ref;
    std::optional<std::int64_t> version;
    json::value record;
};

// The shape of one change, before anything is written.
Change parse_change(const json::value& value, const std::string& path, const std::map<std::string, Id>& refs,
                    bool version_required) {
    if (!value.is_object()) throw bad(path, "måste vara ett JSON-objekt", "must be a JSON object");
    const auto& o = value.get_object();
    for (const auto& [k, v] : o) {
        std::string n(k);
        if (n != "action" && n != "collection" && n != "id" && n != "ref" && n != "row_version" && n != "record") {
            throw InputError(path + "." + n, {"är inget fält i en ändring (action, collection, id, ref, row_version, record)",
                                              "is not a field of a change (action, collection, id, ref, row_version, record)"},
                             "unknown_field");
        }
    }
    Change c;
    c.action = text_of(o, "action", path);
    if (c.action != "create" && c.action != "update" && c.action != "replace" && c.action != "delete") {
        throw InputError(path + ".action", {"måste vara create, update, replace eller delete",
                                            "must be create, update, replace or delete"},
                         "choice");
    }
    auto collection = text_of(o, "collection", path);
    c.entity = find_entity_by_collection(collection);
    if (c.entity == nullptr || c.entity->name == "organisation") {
        throw InputError(path + ".collection", {"'" + collection + "' är ingen samling som kan ändras här",
                                                "'" + collection + "' is no collection that can be changed here"},
                         "choice");
    }
    if (c.action == "create") {
        if (o.contains("id") || o.contains("row_version")) {
            throw bad(path + ".id", "anges inte när en post skapas", "is not given when a record is created");
        }
        if (const auto* r = o.if_contains("ref"); r != nullptr) {
            if (!r->is_string() || r->get_string().empty() || r->get_string().size() > 100) {
                throw bad(path + ".ref", "måste vara ett namn (1–100 tecken)", "must be a name (1–100 characters)");
            }
            c.ref = std::string(r->get_string());
            if (refs.contains(*c.ref)) {
                throw InputError(path + ".ref", {"namnet '" + *c.ref + "' används redan i omgången",
                                                 "the name '" + *c.ref + "' is already used in the batch"},
                                 "duplicate_key");
            }
        }
    } else {
        const auto* id = o.if_contains("id");
        if (id != nullptr && is_ref(*id)) {
            c.id = resolve(*id, refs, path + ".id");
        } else if (id != nullptr && id->is_int64() && id->get_int64() > 0) {
            c.id = id->get_int64();
        } else {
            throw bad(path + ".id", "måste vara ett id eller {\"$ref\": namn}", "must be an id or {\"$ref\": name}");
        }
        if (o.contains("ref")) throw bad(path + ".ref", "anges bara när en post skapas", "is only given when a record is created");
        if (const auto* v = o.if_contains("row_version"); v != nullptr && !v->is_null()) {
            if (!v->is_int64() || v->get_int64() < 1) {
                throw bad(path + ".row_version", "måste vara ett heltal ≥ 1 (den version du läste)",
                          "must be an integer ≥ 1 (the version you read)");
            }
            c.version = v->get_int64();
        } else if (version_required && !(id != nullptr && is_ref(*id))) {
            // A record created earlier in the same batch has no older version to lose.
            throw InputError(path + ".row_version",
                             {"saknas: skicka den row_version du läste, så att ingen annans ändring skrivs över",
                              "missing: send the row_version you read so that no one else's change is overwritten"},
                             "version_required");
        }
    }
    if (c.action != "delete") {
        const auto* r = o.if_contains("record");
        if (r == nullptr || !r->is_object()) throw bad(path + ".record", "måste vara ett JSON-objekt", "must be a JSON object");
        try {
            c.record = with_ids(*r, refs);
        } catch (InputError& e) {
            e.prefix_path(path + ".record");
            throw;
        }
        drop_computed_fields(c.entity->name, c.record);
    } else if (o.contains("record")) {
        throw bad(path + ".record", "anges inte när en post tas bort", "is not given when a record is deleted");
    }
    return c;
}

Text prefixed(const Text& t, std::size_t index) {
    auto n = std::to_string(index);
    return {"Ändring " + n + ": " + t.sv, "Change " + n + ": " + t.en};
}

}  // namespace

void Api::add_authoring_routes() {
    add_batch_routes();
    add_comment_routes();
}

void Api::add_batch_routes() {
    router_.add({"POST", "/api/v1/organisations/{org}/batch", "applyBatch",
                 "Several creates, changes and deletes in one transaction: every one or none (docs/authoring.md)",
                 "Authoring", "", "batch",
                 [this](const http::Request& r, const Params& p) {
                     Id org = organisation_of(p.at("org"));
                     auto body = request_json(r);
                     const auto* list = body.is_object() ? body.get_object().if_contains("changes") : nullptr;
                     if (list == nullptr || !list->is_array() || list->get_array().size() > max_changes) {
                         throw InputError("changes", {"måste vara en lista med högst 500 ändringar",
                                                      "must be a list of at most 500 changes"},
                                          "type");
                     }
                     const auto* principal = current_principal();
                     bool version_required = principal != nullptr && principal->via == auth::Principal::Via::session;
                     auto actor = request_actor(r);
                     auto results = db_.write([&](storage::Connection& c) {
                         std::map<std::string, Id> refs;
                         json::array out;
                         const auto& changes = list->get_array();
                         for (std::size_t i = 0; i < changes.size(); ++i) {
                             auto path = "changes[" + std::to_string(i) + "]";
                             auto change = parse_change(changes[i], path, refs, version_required);  // full paths
                             try {
                                 const auto& e = *change.entity;
                                 json::object result{{"action", change.action}, {"collection", e.collection}};
                                 try {
                                     if (change.action == "create") {
                                         auto rec = storage::create_record(c, e, org, change.record, actor,
                                                                           record_write_guard(e, org, RecordWrite::create));
                                         Id id = rec.at("id").as_int64();
                                         if (change.ref) {
                                             refs[*change.ref] = id;
                                             result["ref"] = *change.ref;
                                         }
                                         result["id"] = id;
                                         add_computed_fields(e.name, rec);
                                         result["record"] = std::move(rec);
                                     } else if (change.action == "delete") {
                                         storage::remove_record(c, e, org, *change.id, actor,
                                                                record_write_guard(e, org, RecordWrite::remove), change.version);
                                         result["id"] = *change.id;
                                     } else {
                                         auto guard = record_write_guard(e, org, RecordWrite::change);
                                         auto rec = change.action == "update"
                                                        ? storage::patch_record(c, e, org, *change.id, change.record, actor,
                                                                                guard, change.version)
                                                        : storage::replace_record(c, e, org, *change.id, change.record,
                                                                                  actor, guard, change.version);
                                         result["id"] = *change.id;
                                         add_computed_fields(e.name, rec);
                                         result["record"] = std::move(rec);
                                     }
                                 } catch (InputError& error) {
                                     error.prefix_path("record");
                                     throw;
                                 }
                                 out.push_back(std::move(result));
                             } catch (InputError& error) {
                                 error.prefix_path(path);
                                 throw;
                             } catch (const VersionConflict& error) {
                                 throw VersionConflict(prefixed(error.what_text(), i), error.current(),
                                                       error.changed_fields());
                             } catch (const Conflict& error) {
                                 throw Conflict(prefixed(error.what_text(), i));
                             } catch (const NotFound& error) {
                                 throw NotFound(prefixed(error.what_text(), i));
                             } catch (const auth::Forbidden& error) {
                                 throw auth::Forbidden(prefixed(error.what_text(), i), error.code());
                             }
                         }
                         return out;
                     });
                     return json_response(200, json::object{{"results", std::move(results)}});
                 },
                 Access::write_records});
}

}  // namespace styrkort::api
