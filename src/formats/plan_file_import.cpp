#include <algorithm>
#include <map>
#include <set>

#include "domain/errors.hpp"
#include "domain/validation.hpp"
#include "formats/plan_file.hpp"
#include "json/read.hpp"
#include "storage/record_store.hpp"

namespace styrkort::formats {
namespace {

namespace json = boost::json;
using storage::Id;
using storage::Record;
using storage::RecordStore;

std::string at_index(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

// Runs f; an InputError from inside gets `path` in front of its own path.
template <typename F>
auto within(const std::string& path, F&& f) {
    try {
        return f();
    } catch (InputError& e) {
        e.prefix_path(path);
        throw;
    }
}

const json::object& object_at(const json::value& v, const std::string& path) {
    if (!v.is_object()) throw InputError(path, {"måste vara ett JSON-objekt", "must be a JSON object"}, "type");
    return v.get_object();
}

const json::array& array_member(const json::object& o, const std::string& name, bool required) {
    static const json::array empty;
    const auto* v = o.if_contains(name);
    if (v == nullptr || v->is_null()) {
        if (required) throw InputError(name, {"saknas", "is required"}, "required");
        return empty;
    }
    if (!v->is_array()) throw InputError(name, {"måste vara en lista", "must be an array"}, "type");
    return v->get_array();
}

// Keys of the organisation's units and of the plans' items, for resolving references.
struct Keys {
    std::map<std::string, Id> units;
    std::map<std::string, Id> plans;
    std::map<std::pair<Id, std::string>, std::map<std::string, Id>> items;  // (plan, entity) -> key -> id
};

class Importer {
public:
    Importer(storage::Connection& c, const storage::Actor& actor) : c_(c), store_(c), actor_(actor) {}

    ImportSummary run(const json::value& doc) {
        const auto& top = object_at(doc, "");
        for (const auto& [k, v] : top) {
            if (k != "format" && k != "format_version" && k != "organisations") {
                throw InputError(std::string(k), {"är inget fält i en planfil", "is not a field of a plan file"},
                                 "unknown_field");
            }
        }
        const auto* format = top.if_contains("format");
        if (format == nullptr || !format->is_string() || format->get_string() != plan_file_format) {
            throw InputError("format", {"måste vara \"styrkort-plan\"", "must be \"styrkort-plan\""}, "format");
        }
        const auto* version = top.if_contains("format_version");
        if (version == nullptr || !version->is_int64() || version->get_int64() != plan_file_version) {
            throw InputError("format_version", {"måste vara 1 (den version denna Styrkort läser)",
                                                "must be 1 (the version this Styrkort reads)"},
                             "format");
        }
        const auto& orgs = array_member(top, "organisations", true);
        for (std::size_t i = 0; i < orgs.size(); ++i) {
            auto path = at_index("organisations", i);
            within(path, [&] { organisation(object_at(orgs[i], "")); });
        }
        return summary_;
    }

private:
    void organisation(const json::object& file) {
        const auto& e = entity("organisation");
        json::object fields;
        for (const auto& [k, v] : file) {
            if (k != "units" && k != "plans") fields[k] = v;
        }
        auto record = validate_record(e, fields);
        auto key = std::string(record.at("key").as_string());
        auto existing = store_.id_by_key(e, 0, std::nullopt, key);
        if (existing) {
            org_ = *existing;
            auto before = *store_.find(e, org_, org_);
            auto after = store_.update(e, org_, org_, record);
            if (after != before) storage::append_audit(c_, org_, actor_, "import", e.name, org_, before, after);
        } else {
            auto stored = store_.insert(e, 0, record);
            org_ = stored.at("id").as_int64();
            storage::append_audit(c_, org_, actor_, "import", e.name, org_, nullptr, stored);
            ++summary_.organisations_created;
        }
        keys_ = Keys{};
        for (const auto& u : store_.all(entity("unit"), org_)) {
            keys_.units[std::string(u.at("key").as_string())] = u.at("id").as_int64();
        }
        for (const auto& p : store_.all(entity("plan"), org_)) {
            keys_.plans[std::string(p.at("key").as_string())] = p.at("id").as_int64();
        }
        const auto& units = array_member(file, "units", false);
        for (std::size_t i = 0; i < units.size(); ++i) {
            within(at_index("units", i), [&] { unit(object_at(units[i], "")); });
        }
        const auto& plans = array_member(file, "plans", false);
        for (std::size_t i = 0; i < plans.size(); ++i) {
            within(at_index("plans", i), [&] { plan(object_at(plans[i], "")); });
        }
    }

    void unit(const json::object& file) {
        const auto& e = entity("unit");
        auto record = validate_record(e, to_record(e, file, std::nullopt, {}));
        auto key = std::string(record.at("key").as_string());
        if (auto it = keys_.units.find(key); it != keys_.units.end()) {
            auto before = *store_.find(e, org_, it->second);
            record["position"] = before.at("position");
            // An unchanged unit is not written: writing would raise its row_version.
            bool same = std::all_of(record.begin(), record.end(), [&](const auto& field) {
                const auto* was = before.if_contains(field.key());
                return was != nullptr && *was == field.value();
            });
            if (same) return;
            auto after = store_.update(e, org_, it->second, record);
            storage::append_audit(c_, org_, actor_, "import", e.name, it->second, before, after);
            ++summary_.units_updated;
            return;
        }
        auto stored = store_.insert(e, org_, record);
        keys_.units[key] = stored.at("id").as_int64();
        storage::append_audit(c_, org_, actor_, "import", e.name, stored.at("id").as_int64(), nullptr, stored);
        ++summary_.units_created;
    }

    void plan(const json::object& file) {
        const auto& e = entity("plan");
        std::set<std::string> nested;
        for (const auto& child : entities()) {
            if (child.parent_field == "plan_id") nested.insert(child.file_collection);
        }
        auto record = validate_record(e, to_record(e, file, std::nullopt, nested));
        auto key = std::string(record.at("key").as_string());
        if (keys_.plans.count(key)) {
            throw InputError("key", {"planen '" + key + "' finns redan i organisationen",
                                     "the plan '" + key + "' already exists in the organisation"},
                             "duplicate_key");
        }
        auto stored = store_.insert(e, org_, record);
        Id plan_id = stored.at("id").as_int64();
        keys_.plans[key] = plan_id;
        for (const auto& child : entities()) {
            if (child.parent_field != "plan_id") continue;
            const auto& items = array_member(file, child.file_collection, false);
            for (std::size_t i = 0; i < items.size(); ++i) {
                within(at_index(child.file_collection, i), [&] {
                    plan_item(child, plan_id, object_at(items[i], ""), static_cast<std::int64_t>(i));
                });
            }
            summary_.items[child.file_collection] += static_cast<int>(items.size());
        }
        storage::append_audit(c_, org_, actor_, "import", e.name, plan_id, nullptr, stored);
        summary_.plans.push_back(key);
    }

    void plan_item(const Entity& e, Id plan_id, const json::object& file, std::int64_t position) {
        const Entity* child = nullptr;
        for (const auto& c : entities()) {
            if (c.in_plan_file && c.parent() != nullptr && c.parent()->target == e.name) child = &c;
        }
        std::set<std::string> nested;
        if (child != nullptr) nested.insert(child->file_collection);
        auto input = to_record(e, file, plan_id, nested);
        input["plan_id"] = plan_id;
        input["position"] = position;
        auto stored = store_.insert(e, org_, validate_record(e, input));
        Id id = stored.at("id").as_int64();
        keys_.items[{plan_id, e.name}][std::string(stored.at("key").as_string())] = id;
        if (child == nullptr) return;
        const auto& items = array_member(file, child->file_collection, false);
        for (std::size_t i = 0; i < items.size(); ++i) {
            within(at_index(child->file_collection, i), [&] {
                auto nested_input = to_record(*child, object_at(items[i], ""), plan_id, {});
                nested_input[child->parent_field] = id;
                nested_input["position"] = static_cast<std::int64_t>(i);
                store_.insert(*child, org_, validate_record(*child, nested_input));
            });
        }
        summary_.items[child->file_collection] += static_cast<int>(items.size());
    }

    // File object -> API-shaped record: file names to field names, keys to ids.
    json::object to_record(const Entity& e, const json::object& file, std::optional<Id> plan,
                           const std::set<std::string>& nested) {
        json::object out;
        for (const auto& [k, v] : file) {
            std::string name(k);
            if (nested.count(name)) continue;
            const Field* field = nullptr;
            for (const auto& f : e.fields) {
                if (!f.owner && f.file_name() == name) field = &f;
            }
            if (field == nullptr) {
                throw InputError(name, {"är inget fält i " + e.label_sv, "is not a field of " + e.label_en},
                                 "unknown_field");
            }
            if (field->type == FieldType::ref && !v.is_null()) {
                out[field->name] = resolve(*field, v, name, plan);
            } else if (field->type == FieldType::ref_list && v.is_array()) {
                json::array ids;
                const auto& refs = v.get_array();
                for (std::size_t i = 0; i < refs.size(); ++i) ids.push_back(resolve(*field, refs[i], at_index(name, i), plan));
                out[field->name] = std::move(ids);
            } else {
                out[field->name] = v;
            }
        }
        return out;
    }

    Id resolve(const Field& f, const json::value& v, const std::string& path, std::optional<Id> plan) {
        if (!v.is_string()) throw InputError(path, {"måste vara en nyckel (text)", "must be a key (a string)"}, "type");
        std::string key(v.get_string());
        const auto& target = entity(f.target);
        auto not_found = [&](const std::string& why_sv, const std::string& why_en) {
            return InputError(path, {"det finns inget " + target.label_sv + " med nyckeln '" + key + "'" + why_sv,
                                     "there is no " + target.label_en + " with the key '" + key + "'" + why_en},
                              "reference");
        };
        if (f.target == "unit") {
            auto it = keys_.units.find(key);
            if (it == keys_.units.end()) throw not_found(" (överordnade enheter före underordnade)", " (parents must come first)");
            return it->second;
        }
        std::optional<Id> in_plan = plan;
        auto colon = key.find(':');
        std::string item_key = key;
        if (colon != std::string::npos) {
            auto p = keys_.plans.find(key.substr(0, colon));
            if (p == keys_.plans.end()) throw not_found(" (planen finns inte)", " (no such plan)");
            in_plan = p->second;
            item_key = key.substr(colon + 1);
        }
        if (in_plan) {
            auto& index = keys_.items[{*in_plan, target.name}];
            if (index.empty() && in_plan != plan) {
                for (const auto& r : store_.all(target, org_, *in_plan)) index[std::string(r.at("key").as_string())] = r.at("id").as_int64();
            }
            if (auto it = index.find(item_key); it != index.end()) return it->second;
        }
        throw not_found(" i planen (det måste stå före det som hänvisar till det)", " in the plan (it must come before what refers to it)");
    }

    storage::Connection& c_;
    RecordStore store_;
    const storage::Actor& actor_;
    Id org_ = 0;
    Keys keys_;
    ImportSummary summary_;
};

}  // namespace

ImportSummary import_plans(storage::Connection& c, std::string_view text, const std::string& file_name,
                           const storage::Actor& actor) {
    try {
        auto doc = json_text::parse(text);
        return Importer(c, actor).run(doc);
    } catch (InputError& e) {
        e.locate(file_name, e.line() ? e.line() : json_text::line_of_path(text, e.path()));
        throw;
    }
}

}  // namespace styrkort::formats
