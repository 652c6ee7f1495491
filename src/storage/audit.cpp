#include "storage/audit.hpp"

#include <boost/json/serialize.hpp>

#include "storage/audit_chain.hpp"
#include "storage/clock.hpp"

namespace styrkort::storage {

Id append_audit(Connection& c, Id org, const Actor& actor, const std::string& action, const std::string& entity,
                std::optional<Id> entity_id, const boost::json::value& before, const boost::json::value& after) {
    auto text = [](const boost::json::value& v) -> std::optional<std::string> {
        if (v.is_null()) return std::nullopt;
        return boost::json::serialize(v);
    };
    AuditEntry entry;
    entry.org_id = org;
    entry.at = utc_now_iso();
    entry.actor = actor.name;
    if (!actor.remote.empty()) entry.remote = actor.remote;
    entry.action = action;
    entry.entity = entity;
    entry.entity_id = entity_id;
    entry.before = text(before);
    entry.after = text(after);
    Id id = append_chained(c, std::move(entry));  // hash-chained to the organisation's last entry
    // Every change is audited, so this is where the organisation's data version moves:
    // the version keys cached scorecards (api/scorecard_cache.hpp). Events about a user's
    // account (sign-in and -out, passwords, sessions, second factor) change no data a
    // scorecard shows; letting them move it emptied the cache at every sign-in.
    if (entity == "user") return id;
    c.execute(
        "INSERT INTO data_version (org_id, version) VALUES (?, 1) "
        "ON CONFLICT (org_id) DO UPDATE SET version = data_version.version + 1",
        {org});
    return id;
}

void append_corrections(Connection& c, Id org, Id audit_id, const std::vector<PeriodRef>& periods) {
    for (const auto& p : periods) {
        c.execute("INSERT INTO correction (org_id, audit_id, year, point) VALUES (?, ?, ?, ?)",
                  {org, audit_id, p.year, p.point});
    }
}

std::int64_t data_version(Connection& c, Id org) {
    auto rows = c.query("SELECT version FROM data_version WHERE org_id = ?", {org});
    return rows.empty() ? 0 : as_int(rows[0][0]);
}

}  // namespace styrkort::storage
