#include "storage/repository.hpp"

#include "domain/errors.hpp"
#include "domain/validation.hpp"

namespace styrkort::storage {
namespace {

namespace json = boost::json;

// A client may send back id and org_id as it read them, but not change them.
void check_identity(const json::value& body, const char* field, std::optional<Id> expected) {
    if (!body.is_object()) return;
    const auto* v = body.get_object().if_contains(field);
    if (v == nullptr || v->is_null()) return;
    if (!expected || !v->is_int64() || v->get_int64() != *expected) {
        throw InputError(field, {"kan inte sättas eller ändras", "cannot be set or changed"}, "read_only");
    }
}

Id audit_org(const Entity& e, Id org, const Record& r) { return is_tenant(e) ? r.at("id").as_int64() : org; }

}  // namespace

Record create_record(Connection& c, const Entity& e, Id org, const json::value& body, const Actor& actor,
                     const WriteGuard& guard) {
    check_identity(body, "id", std::nullopt);
    check_identity(body, "org_id", is_tenant(e) ? std::nullopt : std::optional<Id>(org));
    auto record = validate_record(e, body);
    if (guard) guard(c, record);
    RecordStore store(c);
    store.allow_corrections(actor.may_correct);
    auto stored = store.insert(e, org, std::move(record));
    auto audit = append_audit(c, audit_org(e, org, stored), actor, "create", e.name, stored.at("id").as_int64(),
                              nullptr, stored);
    append_corrections(c, org, audit, store.corrected_periods());
    return stored;
}

Record replace_record(Connection& c, const Entity& e, Id org, Id id, const json::value& body, const Actor& actor,
                      const WriteGuard& guard, std::optional<std::int64_t> expected_version) {
    check_identity(body, "id", id);
    check_identity(body, "org_id", is_tenant(e) ? std::optional<Id>(id) : std::optional<Id>(org));
    auto record = validate_record(e, body);
    RecordStore store(c);
    auto before = store.find(e, org, id);
    if (guard && before) guard(c, *before);
    if (guard) guard(c, record);
    store.allow_corrections(actor.may_correct);
    auto stored = store.update(e, org, id, std::move(record), expected_version);
    auto audit = append_audit(c, audit_org(e, org, stored), actor, "update", e.name, id,
                              before ? json::value(*before) : nullptr, stored);
    append_corrections(c, org, audit, store.corrected_periods());
    return stored;
}

Record patch_record(Connection& c, const Entity& e, Id org, Id id, const json::value& body, const Actor& actor,
                    const WriteGuard& guard, std::optional<std::int64_t> expected_version) {
    if (!body.is_object()) throw InputError("", {"måste vara ett JSON-objekt", "must be a JSON object"}, "type");
    RecordStore store(c);
    auto before = store.find(e, org, id);
    if (!before) {
        throw NotFound({e.label_sv + " " + std::to_string(id) + " finns inte",
                        e.label_en + " " + std::to_string(id) + " does not exist"});
    }
    json::object merged = *before;
    for (const auto& [k, v] : body.get_object()) merged[k] = v;
    check_identity(body, "id", id);
    check_identity(body, "org_id", is_tenant(e) ? std::optional<Id>(id) : std::optional<Id>(org));
    if (guard) guard(c, *before);
    auto record = validate_record(e, merged);
    if (guard) guard(c, record);
    store.allow_corrections(actor.may_correct);
    auto stored = store.update(e, org, id, std::move(record), expected_version);
    auto audit = append_audit(c, audit_org(e, org, stored), actor, "update", e.name, id, *before, stored);
    append_corrections(c, org, audit, store.corrected_periods());
    return stored;
}

void remove_record(Connection& c, const Entity& e, Id org, Id id, const Actor& actor, const WriteGuard& guard,
                   std::optional<std::int64_t> expected_version) {
    RecordStore store(c);
    auto before = store.find(e, org, id);
    if (guard && before) guard(c, *before);
    store.allow_corrections(actor.may_correct);
    store.remove(e, org, id, expected_version);
    auto audit = append_audit(c, is_tenant(e) ? id : org, actor, "delete", e.name, id,
                              before ? json::value(*before) : nullptr, nullptr);
    append_corrections(c, org, audit, store.corrected_periods());
}

Record Repository::create(const Entity& e, Id org, const json::value& body, const Actor& actor,
                          const WriteGuard& guard) {
    // Shape first, outside the transaction: bad input never waits for the writer.
    check_identity(body, "id", std::nullopt);
    check_identity(body, "org_id", is_tenant(e) ? std::nullopt : std::optional<Id>(org));
    validate_record(e, body);
    return db_.write([&](Connection& c) { return create_record(c, e, org, body, actor, guard); });
}

Record Repository::replace(const Entity& e, Id org, Id id, const json::value& body, const Actor& actor,
                           const WriteGuard& guard, std::optional<std::int64_t> expected_version) {
    check_identity(body, "id", id);
    check_identity(body, "org_id", is_tenant(e) ? std::optional<Id>(id) : std::optional<Id>(org));
    validate_record(e, body);
    return db_.write([&](Connection& c) { return replace_record(c, e, org, id, body, actor, guard, expected_version); });
}

Record Repository::patch(const Entity& e, Id org, Id id, const json::value& body, const Actor& actor,
                         const WriteGuard& guard, std::optional<std::int64_t> expected_version) {
    if (!body.is_object()) throw InputError("", {"måste vara ett JSON-objekt", "must be a JSON object"}, "type");
    return db_.write([&](Connection& c) { return patch_record(c, e, org, id, body, actor, guard, expected_version); });
}

void Repository::remove(const Entity& e, Id org, Id id, const Actor& actor, const WriteGuard& guard,
                        std::optional<std::int64_t> expected_version) {
    db_.write([&](Connection& c) { remove_record(c, e, org, id, actor, guard, expected_version); });
}

std::vector<Record> Repository::save_all(const Entity& e, Id org, const json::array& items, const std::string& name,
                                         const Actor& actor, const WriteGuard& guard) {
    if (is_tenant(e)) throw InputError(name, {"kan inte sparas flera åt gången", "cannot be saved several at a time"}, "type");
    return db_.write([&](Connection& c) {
        RecordStore store(c);
        std::vector<Record> saved;
        for (std::size_t i = 0; i < items.size(); ++i) {
            auto where = name + "[" + std::to_string(i) + "]";
            try {
                const auto& item = items[i];
                if (!item.is_object()) throw InputError("", {"måste vara ett JSON-objekt", "must be a JSON object"}, "type");
                const auto* id_value = item.get_object().if_contains("id");
                std::optional<Id> id;
                if (id_value != nullptr && !id_value->is_null()) {
                    if (!id_value->is_int64()) throw InputError("id", {"måste vara ett id", "must be an id"}, "type");
                    id = id_value->get_int64();
                }
                check_identity(item, "org_id", org);
                auto record = validate_record(e, item);
                if (id) {
                    auto before = store.find(e, org, *id);
                    if (guard && before) guard(c, *before);
                    if (guard) guard(c, record);
                    auto stored = store.update(e, org, *id, std::move(record));
                    append_audit(c, org, actor, "update", e.name, *id, before ? json::value(*before) : nullptr, stored);
                    saved.push_back(std::move(stored));
                } else {
                    if (guard) guard(c, record);
                    auto stored = store.insert(e, org, std::move(record));
                    append_audit(c, org, actor, "create", e.name, stored.at("id").as_int64(), nullptr, stored);
                    saved.push_back(std::move(stored));
                }
            } catch (InputError& error) {
                error.prefix_path(where);
                throw;
            }
        }
        return saved;
    });
}

std::optional<Record> Repository::get(const Entity& e, Id org, Id id) {
    return db_.read([&](Connection& c) { return RecordStore(c).find(e, org, id); });
}

Page Repository::list(const Entity& e, Id org, const ListQuery& q) {
    return db_.read([&](Connection& c) {
        RecordStore store(c);
        return Page{store.list(e, org, q), store.count(e, org, q)};
    });
}

std::optional<Id> Repository::organisation_by_key(const std::string& key) {
    return db_.read([&](Connection& c) { return RecordStore(c).id_by_key(entity("organisation"), 0, {}, key); });
}

}  // namespace styrkort::storage
