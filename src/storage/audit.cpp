#include "storage/audit.hpp"

#include <boost/json/serialize.hpp>

#include "storage/clock.hpp"

namespace styrkort::storage {

void append_audit(Connection& c, Id org, const Actor& actor, const std::string& action, const std::string& entity,
                  std::optional<Id> entity_id, const boost::json::value& before, const boost::json::value& after) {
    auto text = [](const boost::json::value& v) -> SqlValue {
        if (v.is_null()) return nullptr;
        return boost::json::serialize(v);
    };
    c.execute(
        "INSERT INTO audit_log (org_id, at, actor, remote, action, entity, entity_id, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {org, utc_now_iso(), actor.name, actor.remote.empty() ? SqlValue{nullptr} : SqlValue{actor.remote}, action,
         entity, entity_id ? SqlValue{*entity_id} : SqlValue{nullptr}, text(before), text(after)});
}

}  // namespace styrkort::storage
