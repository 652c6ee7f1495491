#include "storage/plan_lineage.hpp"

namespace styrkort::storage {

void record_lineage(Connection& c, Id org, Id plan, const std::string& entity, Id source, Id copy) {
    c.execute("INSERT INTO plan_lineage (org_id, plan_id, entity, source_id, copy_id) VALUES (?, ?, ?, ?, ?)",
              {org, plan, entity, source, copy});
}

Lineage lineage_of(Connection& c, Id org, Id plan) {
    Lineage out;
    for (const auto& r : c.query("SELECT entity, source_id, copy_id FROM plan_lineage WHERE org_id = ? AND plan_id = ?",
                                 {org, plan})) {
        out[as_text(r[0])][as_int(r[1])] = as_int(r[2]);
    }
    return out;
}

}  // namespace styrkort::storage
