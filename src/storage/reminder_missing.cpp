#include "storage/reminder_missing.hpp"

namespace styrkort::storage {

std::vector<MissingUnit> units_without_submitted_report(Connection& c, const OpenPeriod& p) {
    std::vector<MissingUnit> out;
    auto rows = c.query(
        "SELECT DISTINCT u.id, u.name FROM org_unit u JOIN role_assignment g ON g.org_id = u.org_id AND g.unit_id = u.id "
        "AND g.role = 'reporter' WHERE u.org_id = ? AND NOT EXISTS (SELECT 1 FROM followup_report r WHERE r.org_id = u.org_id "
        "AND r.unit_id = u.id AND r.year = ? AND r.point = ? AND r.state IN ('submitted', 'approved')) ORDER BY u.id",
        {p.org, p.year, p.point});
    for (const auto& r : rows) out.push_back({as_int(r[0]), as_text(r[1]), {"followup_report"}});
    return out;
}

MissingPartsSource missing_parts_source() { return units_without_submitted_report; }

}  // namespace styrkort::storage
