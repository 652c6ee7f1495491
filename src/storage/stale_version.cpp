#include "storage/stale_version.hpp"

#include <boost/json/parse.hpp>

#include <set>
#include <string>

#include "domain/computed_fields.hpp"
#include "domain/version_conflict.hpp"
#include "storage/record_store.hpp"

namespace styrkort::storage {
namespace {

namespace json = boost::json;

std::int64_t version_of(const json::value& record) {
    if (!record.is_object()) return 0;
    const auto* v = record.get_object().if_contains("row_version");
    return v != nullptr && v->is_int64() ? v->get_int64() : 0;
}

// The fields of the entity that the audited changes after `expected` changed, in
// catalogue order. The newest changes are enough: a client is rarely many behind.
json::array changed_since(Connection& c, const Entity& e, Id audit_org, Id id, std::int64_t expected) {
    auto rows = c.query("SELECT before, after FROM audit_log WHERE org_id = ? AND entity = ? AND entity_id = ? "
                        "AND action = 'update' ORDER BY id DESC LIMIT 200",
                        {audit_org, e.name, id});
    std::set<std::string> names;
    for (const auto& row : rows) {
        if (is_null(row[0]) || is_null(row[1])) continue;
        auto before = json::parse(as_text(row[0]));
        auto after = json::parse(as_text(row[1]));
        if (version_of(after) <= expected) break;
        for (const auto& f : e.fields) {
            const auto* b = before.get_object().if_contains(f.name);
            const auto* a = after.get_object().if_contains(f.name);
            bool same = (b == nullptr && a == nullptr) || (b != nullptr && a != nullptr && *b == *a);
            if (!same) names.insert(f.name);
        }
        const auto* bp = before.get_object().if_contains("position");
        const auto* ap = after.get_object().if_contains("position");
        if (bp != nullptr && ap != nullptr && *bp != *ap) names.insert("position");
    }
    json::array out;
    for (const auto& f : e.fields) {
        if (names.contains(f.name)) out.push_back(json::object{{"field", f.name}, {"label_sv", f.label_sv}, {"label_en", f.label_en}});
    }
    if (names.contains("position")) out.push_back(json::object{{"field", "position"}, {"label_sv", "Ordning"}, {"label_en", "Order"}});
    return out;
}

std::string joined(const json::array& fields, const char* label) {
    std::string out;
    for (const auto& f : fields) {
        out += (out.empty() ? "" : ", ") + std::string(f.at(label).as_string());
    }
    return out;
}

}  // namespace

void throw_stale_version(Connection& c, const Entity& e, Id org, Id id, std::int64_t expected) {
    RecordStore store(c);
    auto now = store.find(e, org, id);
    auto what = e.label_sv + " " + std::to_string(id);
    auto what_en = e.label_en + " " + std::to_string(id);
    if (!now) {
        throw VersionConflict({what + " har tagits bort av någon annan sedan du läste den",
                               what_en + " was deleted by someone else after you read it"},
                              {}, {});
    }
    auto current = now->at("row_version").as_int64();
    auto changed = changed_since(c, e, is_tenant(e) ? id : org, id, expected);
    std::string sv = what + " har ändrats av någon annan sedan du läste den (din version " + std::to_string(expected) +
                     ", nu version " + std::to_string(current) + ")";
    std::string en = what_en + " was changed by someone else after you read it (your version " +
                     std::to_string(expected) + ", now version " + std::to_string(current) + ")";
    if (!changed.empty()) {
        sv += "; ändrat: " + joined(changed, "label_sv");
        en += "; changed: " + joined(changed, "label_en");
    }
    sv += ". Läs in den på nytt och gör om din ändring.";
    en += ". Reload it and make your change again.";
    add_computed_fields(e.name, *now);
    throw VersionConflict({sv, en}, std::move(*now), std::move(changed));
}

}  // namespace styrkort::storage
