#include "storage/followup_carry.hpp"

#include <algorithm>
#include <functional>
#include <set>
#include <vector>

#include <boost/json/serialize.hpp>

#include "domain/errors.hpp"
#include "domain/workflow/frozen_plan.hpp"
#include "storage/plan_lineage.hpp"

namespace styrkort::storage {
namespace {

namespace json = boost::json;

bool child_of_plan(const Entity& e) { return e.parent() != nullptr && e.parent()->target == "plan"; }

// A follow-up record's identity within its item: its unique fields other than the item.
std::string identity_of(const Entity& e, const Record& r) {
    json::array values;
    for (const auto& f : e.unique_fields) {
        if (f != e.parent_field) values.push_back(r.at(f));
    }
    return json::serialize(values);
}

class Carrier {
public:
    Carrier(Connection& c, Id org, Id from, Id to)
        : c_(c), store_(c), org_(org), from_(from), to_(to), lineage_(lineage_of(c, org, to)) {
        // Carried records are copies of what was accepted when it was reported: a closed
        // reporting period does not refuse them, and they are not corrections.
        store_.allow_corrections([](Connection&, const Entity&, Id, const Record&) { return true; });
    }

    CarriedFollowup run() {
        for (const auto& e : entities()) {
            if (workflow::is_plan_content(e) && child_of_plan(e)) carry_late_content(e);
        }
        for (const auto& e : entities()) {
            if (!workflow::reported_fields(e).empty() && child_of_plan(e)) bring_reported_fields(e);
        }
        for (const auto& e : entities()) {
            if (e.period_bound && e.parent() != nullptr) carry_followup_of(e);
        }
        return std::move(out_);
    }

private:
    // The copy of a previous version's item in the new version, if it still exists.
    std::optional<Id> current_copy(const std::string& entity_name, Id source) {
        auto m = lineage_.find(entity_name);
        if (m == lineage_.end()) return std::nullopt;
        auto it = m->second.find(source);
        if (it == m->second.end()) return std::nullopt;
        if (!exists(entity_name, it->second)) return std::nullopt;
        return it->second;
    }

    bool exists(const std::string& entity_name, Id id) {
        const auto& e = entity(entity_name);
        if (!RecordStore::belongs_to_plans(e)) return store_.find(e, org_, id).has_value();
        return in_new_version(e).contains(id);
    }

    // The ids of the new version's records of an entity within plans, read once.
    std::set<Id>& in_new_version(const Entity& e) {
        auto known = existing_.find(e.name);
        if (known == existing_.end()) {
            std::set<Id> ids;
            for (const auto& r : store_.in_plan(e, org_, to_)) ids.insert(r.at("id").as_int64());
            known = existing_.emplace(e.name, std::move(ids)).first;
        }
        return known->second;
    }

    bool recorded(const std::string& entity_name, Id source) {
        auto m = lineage_.find(entity_name);
        return m != lineage_.end() && m->second.contains(source);
    }

    // Open content (area and unit activities, budget follow-up) added to the previous
    // version after the copy: it has no lineage. Copied with its references pointed
    // into the new version; an optional reference to an item the new version removed
    // is cleared, a required one leaves the record on the previous version.
    void carry_late_content(const Entity& e) {
        auto records = store_.all(e, org_, from_);
        std::sort(records.begin(), records.end(),
                  [](const Record& a, const Record& b) { return a.at("id").as_int64() < b.at("id").as_int64(); });
        for (auto r : records) {
            Id old_id = r.at("id").as_int64();
            if (recorded(e.name, old_id) || !workflow::open_in_frozen_plan(e, r)) continue;
            bool fits = true;
            for (const auto& f : e.fields) {
                if (f.owner || !f.is_reference() || !workflow::is_plan_content(entity(f.target))) continue;
                if (f.type == FieldType::ref) {
                    if (r.at(f.name).is_null()) continue;
                    if (auto copy = current_copy(f.target, r.at(f.name).as_int64())) {
                        r[f.name] = *copy;
                    } else if (f.required) {
                        fits = false;
                    } else {
                        r[f.name] = nullptr;
                    }
                } else {
                    json::array list;
                    for (const auto& v : r.at(f.name).as_array()) {
                        if (auto copy = current_copy(f.target, v.as_int64())) list.push_back(*copy);
                    }
                    r[f.name] = std::move(list);
                }
            }
            if (!fits) {
                ++out_.left[e.file_collection];
                continue;
            }
            r.erase("id");
            r.erase("org_id");
            r.erase("position");
            r[e.parent_field] = to_;
            insert(e, std::move(r), old_id);
        }
    }

    // Figures reported on the previous version since the copy (budget follow-up).
    void bring_reported_fields(const Entity& e) {
        std::map<Id, Record> current;
        for (auto& r : store_.in_plan(e, org_, to_)) current.emplace(r.at("id").as_int64(), std::move(r));
        for (const auto& r : store_.all(e, org_, from_)) {
            Id old_id = r.at("id").as_int64();
            if (!recorded(e.name, old_id)) continue;  // carried whole by carry_late_content
            auto copy = current_copy(e.name, old_id);
            if (!copy) {
                ++out_.left[e.file_collection];
                continue;
            }
            auto now = current.at(*copy);
            bool changed = false;
            for (const auto& name : workflow::reported_fields(e)) {
                const auto& v = r.at(name);
                if (!v.is_null() && now.at(name) != v) {
                    now[name] = v;
                    changed = true;
                }
            }
            if (!changed) continue;
            now.erase("id");
            now.erase("org_id");
            store_.update(e, org_, *copy, std::move(now));
            ++out_.updated[e.file_collection];
        }
    }

    // Follow-up owned by an item of the previous version, to the item it became. Read
    // per entity and plan, not per item: an approval with thousands of measures is a
    // handful of statements, not thousands.
    void carry_followup_of(const Entity& e) {
        const auto& item = e.parent()->target;
        auto m = lineage_.find(item);
        if (m == lineage_.end()) return;
        std::map<Id, std::vector<Record>> reported;  // per item of the previous version
        for (auto& r : store_.in_plan(e, org_, from_)) reported[r.at(e.parent_field).as_int64()].push_back(std::move(r));
        std::map<Id, std::set<std::string>> own;  // per item of the new version
        for (const auto& r : store_.in_plan(e, org_, to_)) own[r.at(e.parent_field).as_int64()].insert(identity_of(e, r));
        for (auto& [source, rows] : reported) {
            if (!m->second.contains(source)) continue;
            auto copy = current_copy(item, source);
            if (!copy) {
                out_.left[e.file_collection] += static_cast<int>(rows.size());
                continue;
            }
            for (auto& r : rows) {
                if (own[*copy].contains(identity_of(e, r))) {
                    ++out_.kept_own[e.file_collection];
                    continue;
                }
                r.erase("id");
                r.erase("org_id");
                r.erase("position");
                r[e.parent_field] = *copy;
                insert(e, std::move(r), std::nullopt);
            }
        }
    }

    // A record the changed item no longer accepts (an outcome by sex for a measure the
    // new version no longer breaks down by sex) stays on the previous version; the
    // rule is checked before anything is written, so the transaction goes on.
    void insert(const Entity& e, Record r, std::optional<Id> source) {
        Record stored;
        try {
            stored = store_.insert(e, org_, std::move(r));
        } catch (const InputError&) {
            ++out_.left[e.file_collection];
            return;
        }
        ++out_.carried[e.file_collection];
        if (source) {
            Id id = stored.at("id").as_int64();
            record_lineage(c_, org_, to_, e.name, *source, id);
            lineage_[e.name][*source] = id;
            in_new_version(e).insert(id);
        }
    }

    Connection& c_;
    RecordStore store_;
    Id org_, from_, to_;
    Lineage lineage_;
    std::map<std::string, std::set<Id>> existing_;  // per entity within plans: ids in the new version
    CarriedFollowup out_;
};

json::object counts(const std::map<std::string, int>& m) {
    json::object o;
    for (const auto& [k, n] : m) o[k] = n;
    return o;
}

}  // namespace

json::object to_json(const CarriedFollowup& c) {
    return {{"carried", counts(c.carried)}, {"updated", counts(c.updated)}, {"kept_own", counts(c.kept_own)},
            {"left_on_previous", counts(c.left)}};
}

CarriedFollowup carry_followup(Connection& c, Id org, Id from_plan, Id to_plan) {
    return Carrier(c, org, from_plan, to_plan).run();
}

}  // namespace styrkort::storage
