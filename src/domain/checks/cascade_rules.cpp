// Rules about the cascade of activities: board → division → area → unit, each level
// owned by a unit below the one above, within the plan and its period.
#include <map>

#include "domain/checks/plan_access.hpp"
#include "domain/checks/rules.hpp"

namespace styrkort::checks {

namespace json = boost::json;

namespace {

int level_rank(const std::string& level) {
    static const std::map<std::string, int> rank{{"board", 0}, {"division", 1}, {"area", 2}, {"unit", 3}};
    auto it = rank.find(level);
    return it == rank.end() ? -1 : it->second;
}

struct Activity {
    std::size_t index;
    const json::object* data;
    std::string place() const { return "activities[" + std::to_string(index) + "]"; }
    std::string key() const { return text_of(*data, "key"); }
};

std::map<std::string, Activity> activities_by_key(const PlanContext& ctx) {
    std::map<std::string, Activity> out;
    const auto& all = items(ctx.plan, "activities");
    for (std::size_t i = 0; i < all.size(); ++i) out[text_of(all[i].as_object(), "key")] = {i, &all[i].as_object()};
    return out;
}

template <typename F>
void each_activity(const PlanContext& ctx, F&& f) {
    const auto& all = items(ctx.plan, "activities");
    for (std::size_t i = 0; i < all.size(); ++i) f(Activity{i, &all[i].as_object()});
}

void without_goal(const PlanContext& ctx, const Rule& rule, std::vector<Finding>& out) {
    each_activity(ctx, [&](const Activity& a) {
        if (!items(*a.data, "goals").empty() || !text_of(*a.data, "parent").empty()) return;
        out.push_back(make_finding(rule, ctx, a.place(), a.key(),
                                   {"aktiviteten har inget relaterat strategiskt mål och ingen överordnad aktivitet",
                                    "the activity has no related strategic goal and no parent activity"}));
    });
}

void without_parent(const PlanContext& ctx, const Rule& rule, std::vector<Finding>& out) {
    each_activity(ctx, [&](const Activity& a) {
        auto level = text_of(*a.data, "level");
        if ((level != "area" && level != "unit") || !text_of(*a.data, "parent").empty()) return;
        out.push_back(make_finding(rule, ctx, a.place(), a.key(),
                                   {"aktivitet på verksamhetsområdes- eller enhetsnivå utan divisionsaktivitet ovanför",
                                    "area or unit activity without a division activity above it"}));
    });
}

void crosses_plans(const PlanContext& ctx, const Rule& rule, std::vector<Finding>& out) {
    each_activity(ctx, [&](const Activity& a) {
        auto parent = text_of(*a.data, "parent");
        std::string foreign = is_foreign_key(parent) ? parent : "";
        for (const auto& g : items(*a.data, "goals")) {
            if (foreign.empty() && is_foreign_key(std::string(g.as_string()))) foreign = std::string(g.as_string());
        }
        if (foreign.empty()) return;
        out.push_back(make_finding(rule, ctx, a.place(), a.key(),
                                   {"kaskaden går över till en annan plan (" + foreign + ")",
                                    "the cascade crosses into another plan (" + foreign + ")"}));
    });
}

void level_order(const PlanContext& ctx, const Rule& rule, std::vector<Finding>& out) {
    auto by_key = activities_by_key(ctx);
    UnitTree units(ctx.organisation);
    each_activity(ctx, [&](const Activity& a) {
        auto it = by_key.find(text_of(*a.data, "parent"));
        if (it == by_key.end()) return;
        const auto& parent = *it->second.data;
        if (level_rank(text_of(parent, "level")) >= level_rank(text_of(*a.data, "level"))) {
            out.push_back(make_finding(rule, ctx, a.place(), a.key(),
                                       {"den överordnade aktiviteten " + it->first + " ligger inte på en högre nivå",
                                        "the parent activity " + it->first + " is not at a higher level"}));
        }
        auto owner = text_of(*a.data, "owner_unit");
        auto parent_owner = text_of(parent, "owner_unit");
        if (!owner.empty() && !parent_owner.empty() && !units.within(owner, parent_owner)) {
            out.push_back(make_finding(rule, ctx, a.place(), a.key(),
                                       {"ansvarig enhet " + owner + " ligger inte under " + parent_owner +
                                            " som äger den överordnade aktiviteten",
                                        "owner unit " + owner + " is not below " + parent_owner +
                                            ", which owns the parent activity"}));
        }
    });
}

void outside_period(const PlanContext& ctx, const Rule& rule, std::vector<Finding>& out) {
    auto first = std::to_string(int_of(ctx.plan, "first_year").value_or(0)) + "-01-01";
    auto last = std::to_string(int_of(ctx.plan, "last_year").value_or(0)) + "-12-31";
    UnitTree units(ctx.organisation);
    auto check_unit = [&](const std::string& key, const std::string& place, const std::string& item) {
        const auto* unit = units.find(key);
        if (unit == nullptr) return;
        auto from = text_of(*unit, "valid_from");
        auto to = text_of(*unit, "valid_to");
        if ((!from.empty() && from > last) || (!to.empty() && to < first)) {
            out.push_back(make_finding(rule, ctx, place, item,
                                       {"enheten " + key + " finns inte under planperioden", "the unit " + key + " does not exist during the plan period"}));
        }
    };
    each_activity(ctx, [&](const Activity& a) {
        auto start = text_of(*a.data, "start_date");
        auto end = text_of(*a.data, "end_date");
        if ((!start.empty() && start > last) || (!end.empty() && end < first)) {
            out.push_back(make_finding(rule, ctx, a.place(), a.key(),
                                       {"aktiviteten ligger helt utanför planperioden", "the activity lies wholly outside the plan period"}));
        }
        check_unit(text_of(*a.data, "owner_unit"), a.place(), a.key());
    });
    const auto& missions = items(ctx.plan, "missions");
    for (std::size_t i = 0; i < missions.size(); ++i) {
        const auto& m = missions[i].as_object();
        check_unit(text_of(m, "unit"), "missions[" + std::to_string(i) + "]", text_of(m, "key"));
    }
}

}  // namespace

void add_cascade_rules(std::vector<Rule>& rules) {
    rules.push_back({"activity.no_goal", Severity::warning, {"Aktiviteter utan mål", "Activities without a goal"}, without_goal});
    rules.push_back({"activity.no_parent", Severity::warning,
                     {"Aktiviteter utan överordnad aktivitet", "Activities without a parent activity"}, without_parent});
    rules.push_back({"cascade.crosses_plans", Severity::warning,
                     {"Kaskad över plangränser", "Cascade across plans"}, crosses_plans});
    rules.push_back({"cascade.order", Severity::error,
                     {"Kaskad i fel ordning", "Cascade out of order"}, level_order});
    rules.push_back({"cascade.outside_period", Severity::warning,
                     {"Utanför planperioden", "Outside the plan period"}, outside_period});
}

}  // namespace styrkort::checks
