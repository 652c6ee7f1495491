#include "storage/plan_copy.hpp"

#include <vector>

#include "domain/workflow/frozen_plan.hpp"
#include "storage/kolada_store.hpp"
#include "storage/plan_lineage.hpp"

namespace styrkort::storage {
namespace {

namespace json = boost::json;

// A reference that could not be pointed into the copy yet: its target comes later in
// the catalogue, or is a record of the same kind (an activity's parent activity).
struct Pending {
    const Entity* e;
    Id new_id;
};

}  // namespace

PlanCopy copy_plan(Connection& c, Id org, Id plan, const Record& changes) {
    RecordStore store(c);
    const auto& plan_entity = entity("plan");
    auto original = store.find(plan_entity, org, plan).value();
    Record fresh = original;
    for (const auto& [k, v] : changes) fresh[k] = v;
    fresh.erase("id");
    fresh.erase("org_id");
    fresh.erase("position");
    PlanCopy out;
    out.plan = store.insert(plan_entity, org, fresh);

    // old id -> new id, per entity; the plan itself first.
    std::map<std::string, std::map<Id, Id>> ids;
    ids["plan"][plan] = out.plan.at("id").as_int64();
    std::vector<Pending> pending;
    auto mapped = [&](const Field& f, const json::value& v, bool& later) -> json::value {
        if (v.is_null() || !workflow::is_plan_content(entity(f.target))) return v;
        auto& m = ids[f.target];
        auto it = m.find(v.as_int64());
        if (it != m.end()) return it->second;
        later = true;  // resolved once everything is copied, or left as is (another plan's item)
        return v;
    };
    for (const auto& e : entities()) {
        if (!workflow::is_plan_content(e)) continue;
        const auto& owners = ids[e.parent()->target];
        std::vector<std::pair<Id, Id>> owner_pairs(owners.begin(), owners.end());
        for (const auto& [old_owner, new_owner] : owner_pairs) {
            for (auto r : store.all(e, org, old_owner)) {
                Id old_id = r.at("id").as_int64();
                r.erase("id");
                r.erase("org_id");
                r[e.parent_field] = new_owner;
                bool later = false;
                for (const auto& f : e.fields) {
                    if (f.owner) continue;
                    if (f.type == FieldType::ref) r[f.name] = mapped(f, r.at(f.name), later);
                    if (f.type == FieldType::ref_list) {
                        json::array list;
                        for (const auto& v : r.at(f.name).as_array()) list.push_back(mapped(f, v, later));
                        r[f.name] = std::move(list);
                    }
                }
                auto stored = store.insert(e, org, std::move(r));
                Id new_id = stored.at("id").as_int64();
                ids[e.name][old_id] = new_id;
                if (later) pending.push_back({&e, new_id});
                ++out.items[e.file_collection];
            }
        }
    }
    // The lineage: at approval, follow-up of the previous version's items is carried to
    // the items they became (storage/followup_carry.hpp).
    Id new_plan = out.plan.at("id").as_int64();
    for (const auto& [entity_name, pairs] : ids) {
        if (entity_name == "plan") continue;
        for (const auto& [old_id, new_id] : pairs) record_lineage(c, org, new_plan, entity_name, old_id, new_id);
    }
    // A measure's link to a public KPI (docs/kolada.md) is part of how the plan follows
    // it up, not follow-up itself: the copy keeps it, as it keeps the targets.
    kolada::copy_links(c, org, new_plan);
    // Second pass: references to records copied after the referrer.
    for (const auto& p : pending) {
        auto r = store.find(*p.e, org, p.new_id).value();
        bool changed = false;
        for (const auto& f : p.e->fields) {
            if (f.owner || !f.is_reference()) continue;
            auto point = [&](json::value& v) {
                if (v.is_null() || !workflow::is_plan_content(entity(f.target))) return;
                auto& m = ids[f.target];
                if (auto it = m.find(v.as_int64()); it != m.end() && it->second != v.as_int64()) {
                    v = it->second;
                    changed = true;
                }
            };
            if (f.type == FieldType::ref) {
                point(r[f.name]);
            } else {
                for (auto& v : r[f.name].as_array()) point(v);
            }
        }
        if (changed) store.update(*p.e, org, p.new_id, std::move(r));
    }
    return out;
}

}  // namespace styrkort::storage
