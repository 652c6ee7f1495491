#include <algorithm>
#include <map>
#include <set>

#include "domain/errors.hpp"
#include "formats/plan_file.hpp"
#include "storage/record_store.hpp"

namespace styrkort::formats {
namespace {

namespace json = boost::json;
using storage::Id;
using storage::Record;
using storage::RecordStore;

// Keys of everything in one organisation, to write references as keys. A reference
// to an item of another plan is written "plan-key:item-key".
class KeyIndex {
public:
    KeyIndex(RecordStore& store, Id org) : store_(store), org_(org) {}

    std::string key_of(const Entity& target, Id id, std::optional<Id> from_plan) {
        auto& index = load(target);
        const auto& [key, plan] = index.at(id);
        if (!target.parent_field.empty() && plan != from_plan) {
            return plan_keys().at(plan.value()) + ":" + key;
        }
        return key;
    }

private:
    using Index = std::map<Id, std::pair<std::string, std::optional<Id>>>;
    Index& load(const Entity& e) {
        auto [it, fresh] = cache_.try_emplace(e.name);
        if (fresh) {
            for (const auto& r : store_.all(e, org_)) {
                std::optional<Id> plan;
                if (e.parent_field == "plan_id") plan = r.at("plan_id").as_int64();
                it->second[r.at("id").as_int64()] = {std::string(r.at("key").as_string()), plan};
            }
        }
        return it->second;
    }
    std::map<Id, std::string>& plan_keys() {
        if (plan_keys_.empty()) {
            for (const auto& [id, kp] : load(entity("plan"))) plan_keys_[id] = kp.first;
        }
        return plan_keys_;
    }
    RecordStore& store_;
    Id org_;
    std::map<std::string, Index> cache_;
    std::map<Id, std::string> plan_keys_;
};

json::object to_file(const Entity& e, const Record& r, KeyIndex& keys, std::optional<Id> plan) {
    json::object out;
    for (const auto& f : e.fields) {
        if (f.owner) continue;
        const auto& v = r.at(f.name);
        if (f.type == FieldType::ref) {
            out[f.file_name()] = v.is_null() ? json::value(nullptr)
                                             : json::value(keys.key_of(entity(f.target), v.as_int64(), plan));
        } else if (f.type == FieldType::ref_list) {
            json::array refs;
            for (const auto& id : v.as_array()) refs.push_back(json::value(keys.key_of(entity(f.target), id.as_int64(), plan)));
            out[f.file_name()] = std::move(refs);
        } else {
            out[f.file_name()] = v;
        }
    }
    return out;
}

// Units a single-plan export carries: those in force during the plan period, those the
// plan refers to, and the ancestors of both, in the organisation's order.
std::vector<Record> units_for_plans(RecordStore& store, Id org, const std::vector<Record>& plans) {
    auto units = store.all(entity("unit"), org);
    std::map<Id, const Record*> by_id;
    for (const auto& u : units) by_id[u.at("id").as_int64()] = &u;
    std::set<Id> wanted;
    auto overlaps = [](const Record& u, const Record& plan) {
        auto from = std::to_string(plan.at("first_year").as_int64()) + "-01-01";
        auto to = std::to_string(plan.at("last_year").as_int64()) + "-12-31";
        const auto& vf = u.at("valid_from");
        const auto& vt = u.at("valid_to");
        return (vf.is_null() || std::string(vf.as_string()) <= to) && (vt.is_null() || std::string(vt.as_string()) >= from);
    };
    for (const auto& plan : plans) {
        for (const auto& u : units) {
            if (overlaps(u, plan)) wanted.insert(u.at("id").as_int64());
        }
        Id plan_id = plan.at("id").as_int64();
        wanted.insert(plan.at("owner_unit_id").as_int64());
        for (const auto& e : entities()) {
            if (e.parent_field != "plan_id") continue;
            for (const auto& r : store.all(e, org, plan_id)) {
                for (const auto& f : e.fields) {
                    if (f.type == FieldType::ref && f.target == "unit" && !r.at(f.name).is_null()) {
                        wanted.insert(r.at(f.name).as_int64());
                    }
                }
            }
        }
    }
    std::vector<Id> queue(wanted.begin(), wanted.end());
    while (!queue.empty()) {
        Id id = queue.back();
        queue.pop_back();
        const auto& parent = by_id.at(id)->at("parent_id");
        if (!parent.is_null() && wanted.insert(parent.as_int64()).second) queue.push_back(parent.as_int64());
    }
    std::vector<Record> out;
    for (const auto& u : units) {
        if (wanted.count(u.at("id").as_int64())) out.push_back(u);
    }
    return out;
}

json::object export_plan(RecordStore& store, Id org, const Record& plan, KeyIndex& keys) {
    Id plan_id = plan.at("id").as_int64();
    auto out = to_file(entity("plan"), plan, keys, plan_id);
    for (const auto& e : entities()) {
        if (e.parent_field != "plan_id") continue;
        json::array items;
        for (const auto& r : store.all(e, org, plan_id)) {
            auto item = to_file(e, r, keys, plan_id);
            for (const auto& child : entities()) {
                if (!child.in_plan_file || child.parent() == nullptr || child.parent()->target != e.name) continue;
                json::array nested;
                for (const auto& c : store.all(child, org, r.at("id").as_int64())) {
                    nested.push_back(to_file(child, c, keys, plan_id));
                }
                item[child.file_collection] = std::move(nested);
            }
            items.push_back(std::move(item));
        }
        out[e.file_collection] = std::move(items);
    }
    return out;
}

}  // namespace

json::value export_plans(storage::Connection& c, const ExportSelection& selection) {
    RecordStore store(c);
    const auto& org_entity = entity("organisation");
    std::vector<Record> orgs;
    if (selection.organisation) {
        auto id = store.id_by_key(org_entity, 0, std::nullopt, *selection.organisation);
        if (!id) {
            throw NotFound({"organisationen '" + *selection.organisation + "' finns inte",
                            "the organisation '" + *selection.organisation + "' does not exist"});
        }
        orgs.push_back(*store.find(org_entity, *id, *id));
    } else {
        orgs = store.all(org_entity, 0);
    }

    std::set<std::string> missing(selection.plans.begin(), selection.plans.end());
    json::array org_items;
    for (const auto& org : orgs) {
        Id org_id = org.at("id").as_int64();
        std::vector<Record> plans;
        for (auto& p : store.all(entity("plan"), org_id)) {
            std::string key(p.at("key").as_string());
            bool chosen = selection.plans.empty() ||
                          std::find(selection.plans.begin(), selection.plans.end(), key) != selection.plans.end();
            if (!chosen) continue;
            missing.erase(key);
            plans.push_back(std::move(p));
        }
        if (!selection.plans.empty() && plans.empty()) continue;
        KeyIndex keys(store, org_id);
        json::object o = to_file(org_entity, org, keys, std::nullopt);
        json::array units;
        auto unit_records = selection.plans.empty() ? store.all(entity("unit"), org_id)
                                                    : units_for_plans(store, org_id, plans);
        for (const auto& u : unit_records) units.push_back(to_file(entity("unit"), u, keys, std::nullopt));
        o["units"] = std::move(units);
        json::array plan_items;
        for (const auto& p : plans) plan_items.push_back(export_plan(store, org_id, p, keys));
        o["plans"] = std::move(plan_items);
        org_items.push_back(std::move(o));
    }
    if (!missing.empty()) {
        throw NotFound({"planen '" + *missing.begin() + "' finns inte", "the plan '" + *missing.begin() + "' does not exist"});
    }
    return json::object{{"format", plan_file_format},
                        {"format_version", plan_file_version},
                        {"organisations", std::move(org_items)}};
}

}  // namespace styrkort::formats
