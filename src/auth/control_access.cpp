#include "auth/control_access.hpp"

namespace styrkort::auth {
namespace {

std::optional<Id> id_in(const storage::Record& r, const char* field) {
    const auto* v = r.if_contains(field);
    if (v == nullptr || !v->is_int64()) return std::nullopt;
    return v->as_int64();
}

}  // namespace

bool named_control_reporter(storage::Connection& c, const Principal& p, const Entity& e, Id org,
                            const storage::Record& r) {
    if (p.username.empty()) return false;
    std::optional<Id> point;
    if (e.name == "control_result") {
        point = id_in(r, "control_point_id");
    } else if (e.name == "deviation_action") {
        auto result = id_in(r, "control_result_id");
        if (!result) return false;
        auto rows = c.query("SELECT control_point_id FROM control_result WHERE org_id = ? AND id = ?", {org, *result});
        if (!rows.empty()) point = storage::as_int(rows[0][0]);
    }
    if (!point) return false;
    auto rows = c.query("SELECT performer_user FROM control_point WHERE org_id = ? AND id = ?", {org, *point});
    return !rows.empty() && !storage::is_null(rows[0][0]) && storage::as_text(rows[0][0]) == p.username;
}

}  // namespace styrkort::auth
