#include "formats/plan_diff.hpp"

#include <map>
#include <set>
#include <string>

namespace styrkort::formats {
namespace {

namespace json = boost::json;

// Collections are the arrays of objects directly under the plan.
bool is_collection(const json::value& v) {
    if (!v.is_array()) return false;
    for (const auto& item : v.as_array()) {
        if (!item.is_object()) return false;
    }
    return true;
}

json::array field_changes(const json::object& before, const json::object& after, bool skip_collections) {
    std::set<std::string> names;
    for (const auto& [k, v] : before) names.insert(std::string(k));
    for (const auto& [k, v] : after) names.insert(std::string(k));
    json::array out;
    for (const auto& name : names) {
        const auto* b = before.if_contains(name);
        const auto* a = after.if_contains(name);
        if (skip_collections && ((b && is_collection(*b) && !b->as_array().empty()) ||
                                 (a && is_collection(*a) && !a->as_array().empty()))) {
            continue;
        }
        json::value bv = b ? *b : json::value(nullptr);
        json::value av = a ? *a : json::value(nullptr);
        if (bv == av) continue;
        out.push_back(json::object{{"field", name}, {"before", std::move(bv)}, {"after", std::move(av)}});
    }
    return out;
}

// An item's identity within its collection: its key, or its position when it has none.
std::map<std::string, const json::object*> by_identity(const json::array& items) {
    std::map<std::string, const json::object*> out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& o = items[i].as_object();
        const auto* key = o.if_contains("key");
        out[key && key->is_string() ? std::string(key->as_string()) : "#" + std::to_string(i + 1)] = &o;
    }
    return out;
}

}  // namespace

json::object diff_plans(const json::object& from, const json::object& to) {
    json::object collections;
    std::int64_t added = 0, removed = 0, changed = 0;
    std::set<std::string> names;
    for (const auto& [k, v] : from) {
        if (is_collection(v)) names.insert(std::string(k));
    }
    for (const auto& [k, v] : to) {
        if (is_collection(v)) names.insert(std::string(k));
    }
    static const json::array none;
    for (const auto& name : names) {
        const auto* f = from.if_contains(name);
        const auto* t = to.if_contains(name);
        auto before = by_identity(f && f->is_array() ? f->as_array() : none);
        auto after = by_identity(t && t->is_array() ? t->as_array() : none);
        json::array add, remove, change;
        for (const auto& [id, item] : after) {
            if (!before.count(id)) add.push_back(json::object{{"key", id}, {"item", *item}});
        }
        for (const auto& [id, item] : before) {
            auto it = after.find(id);
            if (it == after.end()) {
                remove.push_back(json::object{{"key", id}, {"item", *item}});
                continue;
            }
            auto fields = field_changes(*item, *it->second, false);
            if (!fields.empty()) change.push_back(json::object{{"key", id}, {"fields", std::move(fields)}});
        }
        if (add.empty() && remove.empty() && change.empty()) continue;
        added += static_cast<std::int64_t>(add.size());
        removed += static_cast<std::int64_t>(remove.size());
        changed += static_cast<std::int64_t>(change.size());
        collections[name] = json::object{{"added", std::move(add)}, {"removed", std::move(remove)}, {"changed", std::move(change)}};
    }
    return {{"plan", field_changes(from, to, true)},
            {"collections", std::move(collections)},
            {"summary", json::object{{"added", added}, {"removed", removed}, {"changed", changed}}}};
}

}  // namespace styrkort::formats
