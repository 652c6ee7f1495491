#include "domain/followup/scorecard.hpp"

#include <set>

#include "domain/followup/aggregation.hpp"
#include "domain/followup/goal_fulfilment.hpp"

namespace styrkort::followup {
namespace {

namespace json = boost::json;

constexpr const char* sexes[] = {"K", "M", "total"};
int sex_index(const std::string& s) { return s == "K" ? 0 : s == "M" ? 1 : 2; }

json::value number_or_null(const std::optional<double>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::object counts_json(const StatusCounts& c) {
    return {{"met", c.met}, {"improving", c.improving}, {"not_met", c.not_met}, {"no_data", c.no_data},
            {"info_only", c.info_only}};
}

// Values of one measure, per sex, this year [0] and last year [1]: (position in the
// subtree, value) in the order of the outcomes (a later one for the same unit wins).
struct MeasureValues {
    std::vector<std::pair<std::size_t, double>> by_unit[3][2];
};

}  // namespace

json::object build_scorecard(const ScorecardInput& in) {
    OrgTree tree;
    const UnitInfo* root = nullptr;
    for (const auto& u : in.units) {
        tree.add(u.id, u.parent);
        if (u.id == in.root) root = &u;
    }
    SubtreeRollUp subtree(tree, in.root);
    auto inside = [&](Id unit) { return subtree.position(unit) >= 0; };

    std::map<Id, MeasureValues> values;
    for (const auto& o : in.outcomes) {
        auto unit = o.unit ? o.unit : in.plan_owner;
        if (!unit) continue;
        auto at = subtree.position(*unit);
        if (at < 0) continue;
        int age = o.year == in.period.year ? 0 : 1;
        values[o.measure].by_unit[sex_index(o.sex)][age].emplace_back(static_cast<std::size_t>(at), o.value);
    }
    std::vector<double> unit_values(subtree.size());
    std::vector<char> reported(subtree.size());
    auto roll_up_values = [&](const std::vector<std::pair<std::size_t, double>>& by_unit) {
        std::fill(reported.begin(), reported.end(), 0);
        for (const auto& [at, v] : by_unit) {
            unit_values[at] = v;
            reported[at] = 1;
        }
        return subtree.roll_up(unit_values, reported);
    };

    // Goals in plan order, then what belongs to no goal.
    std::map<std::optional<Id>, std::size_t> goal_index;
    json::array goals;
    std::vector<StatusCounts> goal_counts;
    std::vector<std::vector<MeasureStatus>> goal_measure_statuses;
    std::vector<std::vector<std::string>> goal_activity_statuses;
    auto add_goal = [&](std::optional<Id> id, json::object g) {
        goal_index[id] = goals.size();
        g["measures"] = json::array{};
        g["activities"] = json::array{};
        goals.push_back(std::move(g));
        goal_counts.emplace_back();
        goal_measure_statuses.emplace_back();
        goal_activity_statuses.emplace_back();
    };
    for (const auto& g : in.goals) add_goal(g.id, {{"id", g.id}, {"key", g.key}, {"title", g.title}});
    auto slot = [&](std::optional<Id> goal) {
        if (goal && goal_index.count(goal)) return goal_index.at(goal);
        if (!goal_index.count(std::nullopt)) {
            add_goal(std::nullopt, {{"id", nullptr}, {"key", nullptr}, {"title", "Utan strategiskt mål"}});
        }
        return goal_index.at(std::nullopt);
    };

    StatusCounts total;
    for (const auto& m : in.measures) {
        std::optional<double> now[3], before[3];
        if (auto it = values.find(m.id); it != values.end()) {
            for (int s = 0; s < 3; ++s) {
                now[s] = roll_up_values(it->second.by_unit[s][0]);
                before[s] = roll_up_values(it->second.by_unit[s][1]);
            }
        }
        auto e = evaluate_measure(m.rule, in.period, "total", {now[2], before[2]});
        // The total cannot be judged (no total reported, or nothing to judge it against,
        // e.g. targets only for K and M) but women and men can: judged per sex.
        json::value status_by_sex = nullptr;
        bool by_sex_only = false;
        if ((e.status == MeasureStatus::no_data || e.status == MeasureStatus::info_only) && now[0] && now[1]) {
            auto women = evaluate_measure(m.rule, in.period, "K", {now[0], before[0]});
            auto men = evaluate_measure(m.rule, in.period, "M", {now[1], before[1]});
            auto combined = combine_sexes(women.status, men.status);
            if (combined != MeasureStatus::info_only) {  // "Följa utvecklingen" stays information
                by_sex_only = true;
                e.status = combined;
                status_by_sex = json::object{{"K", name_of(women.status)}, {"M", name_of(men.status)}};
            }
        }
        auto gap = gender_gap(in.gender_gap, m.unit_of_measure, {now[0], now[1]}, {before[0], before[1]});
        json::object by_sex;
        for (int s = 0; s < 3; ++s) by_sex[sexes[s]] = number_or_null(now[s]);
        auto i = slot(m.goal);
        goal_counts[i].add(e.status);
        goal_measure_statuses[i].push_back(e.status);
        total.add(e.status);
        goals[i].as_object()["measures"].as_array().push_back(json::object{
            {"id", m.id},
            {"key", m.key},
            {"name", m.name},
            {"unit", m.unit_of_measure},
            {"direction", m.rule.direction.empty() ? json::value(nullptr) : json::value(m.rule.direction)},
            {"status", name_of(e.status)},
            {"judged_by", by_sex_only ? "sex" : "total"},
            {"status_by_sex", std::move(status_by_sex)},
            {"value", number_or_null(e.value)},
            {"target", number_or_null(e.target)},
            {"reference", number_or_null(e.reference)},
            {"values_by_sex", std::move(by_sex)},
            {"gender_gap", {{"flag", gap.flag}, {"grows", gap.grows}, {"gap", number_or_null(gap.gap)}}}});
    }

    for (const auto& a : in.activities) {
        auto owner = a.owner_unit ? a.owner_unit : in.plan_owner;
        if (!owner || !inside(*owner)) continue;
        json::object item{{"id", a.id},
                          {"key", a.key},
                          {"name", a.name},
                          {"owner_unit_id", a.owner_unit ? json::value(*a.owner_unit) : json::value(nullptr)},
                          {"status", a.status.empty() ? json::value(nullptr) : json::value(a.status)},
                          {"comment", a.comment.empty() ? json::value(nullptr) : json::value(a.comment)}};
        std::vector<std::optional<Id>> targets(a.goals.begin(), a.goals.end());
        if (targets.empty()) targets.emplace_back(std::nullopt);
        for (const auto& goal : targets) {
            auto i = slot(goal);
            goal_activity_statuses[i].push_back(a.status);
            goals[i].as_object()["activities"].as_array().push_back(item);
        }
    }

    for (std::size_t i = 0; i < goals.size(); ++i) {
        auto& g = goals[i].as_object();
        auto computed = goal_fulfilment(goal_measure_statuses[i], goal_activity_statuses[i]);
        std::optional<GoalStatus> assessed;
        g["assessment"] = nullptr;
        if (!g["id"].is_null()) {
            if (auto it = in.assessments.find(g["id"].as_int64()); it != in.assessments.end()) {
                assessed = goal_status_from(it->second.status);
                g["assessment"] = json::object{{"status", it->second.status}, {"analysis", it->second.analysis}};
            }
        }
        auto shown = with_assessment(computed, assessed);
        g["status"] = name_of(shown.shown);
        g["computed_status"] = name_of(shown.computed);
        g["counts"] = counts_json(goal_counts[i]);
    }

    json::object unit;
    if (root != nullptr) unit = {{"id", root->id}, {"key", root->key}, {"name", root->name}};
    return {{"unit", std::move(unit)},          {"year", in.period.year}, {"point", in.period.point},
            {"counts", counts_json(total)},     {"goals", std::move(goals)}};
}

}  // namespace styrkort::followup
