#include "domain/workflow/frozen_plan.hpp"

#include "domain/risk/matrix.hpp"

namespace styrkort::workflow {

bool is_plan_content(const Entity& e) {
    if (!e.in_plan_file) return false;
    const Entity* cur = &e;
    for (int depth = 0; depth < 16 && cur->parent() != nullptr; ++depth) {
        if (cur->parent()->target == "plan") return true;
        cur = &entity(cur->parent()->target);
    }
    return false;
}

bool open_in_frozen_plan(const Entity& e, const boost::json::object& record) {
    // Budget follow-up is reported on the approved plan every reporting point, like outcomes.
    if (e.name == "budget_follow_up") return true;
    // The risk assessment and the internal control plan are revised through the year
    // (the board's risk workshop, a yearly internal control plan): docs/risk.md.
    if (risk::is_risk_content(e)) return true;
    if (e.name == "economy_table") {
        const auto* kind = record.if_contains("kind");
        return kind != nullptr && kind->is_string() && kind->get_string() == "budget_follow_up";
    }
    if (e.name != "activity") return false;
    const auto* level = record.if_contains("level");
    return level != nullptr && level->is_string() && (level->get_string() == "area" || level->get_string() == "unit");
}

const std::vector<std::string>& reported_fields(const Entity& e) {
    static const std::vector<std::string> budget = {"outcome", "forecast", "comment"};
    static const std::vector<std::string> none;
    return e.name == "budget_follow_up" ? budget : none;
}

Text frozen_plan_message(const std::string& plan_key, State state, const std::string& org, long long plan_id) {
    auto id = std::to_string(plan_id);
    auto how_sv = state == State::submitted
                      ? "dra tillbaka den (POST /api/v1/organisations/" + org + "/plans/" + id +
                            "/withdraw) eller vänta på att den återsänds"
                      : "gör en ny version (POST /api/v1/organisations/" + org + "/plans/" + id +
                            "/versions, eller styrkort plan new-version " + plan_key + ") och ändra den";
    auto how_en = state == State::submitted
                      ? "withdraw it (POST /api/v1/organisations/" + org + "/plans/" + id +
                            "/withdraw) or wait until it is returned"
                      : "make a new version (POST /api/v1/organisations/" + org + "/plans/" + id +
                            "/versions, or styrkort plan new-version " + plan_key + ") and change that";
    return {"planen '" + plan_key + "' är " + state_label(state).sv + " och låst för ändringar; " + how_sv,
            "the plan '" + plan_key + "' is " + state_label(state).en + " and locked against changes; " + how_en};
}

}  // namespace styrkort::workflow
