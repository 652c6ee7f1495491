// Rules about strategic goals: the 2025 plan's goals exist only as the activities'
// "Relaterade strategiska mål", written in several ways; a checker should say so.
#include <cmath>
#include <set>

#include "domain/checks/plan_access.hpp"
#include "domain/checks/rules.hpp"
#include "domain/checks/text_similarity.hpp"

namespace styrkort::checks {

namespace json = boost::json;

namespace {

constexpr double near_duplicate_threshold = 0.85;

std::vector<std::string> wordings(const json::object& goal) {
    std::vector<std::string> out{text_of(goal, "text")};
    for (const auto& a : items(goal, "aliases")) out.emplace_back(a.as_string());
    return out;
}

std::string percent(double share) { return std::to_string(static_cast<int>(std::floor(share * 100))) + " %"; }

void near_duplicates(const PlanContext& ctx, const Rule& rule, std::vector<Finding>& out) {
    const auto& goals = items(ctx.plan, "goals");
    for (std::size_t i = 0; i < goals.size(); ++i) {
        for (std::size_t j = i + 1; j < goals.size(); ++j) {
            double best = 0;
            for (const auto& a : wordings(goals[i].as_object())) {
                for (const auto& b : wordings(goals[j].as_object())) best = std::max(best, text_similarity(a, b));
            }
            if (best < near_duplicate_threshold) continue;
            auto ki = text_of(goals[i].as_object(), "key");
            auto kj = text_of(goals[j].as_object(), "key");
            out.push_back(make_finding(rule, ctx, "goals[" + std::to_string(j) + "]", kj,
                                       {"målet " + kj + " är nästan likadant som " + ki + " (" + percent(best) +
                                            " lika): samma mål i två stavningar?",
                                        "goal " + kj + " is nearly the same as " + ki + " (" + percent(best) +
                                            " alike): one goal spelt two ways?"}));
        }
    }
}

void spelling_variants(const PlanContext& ctx, const Rule& rule, std::vector<Finding>& out) {
    const auto& goals = items(ctx.plan, "goals");
    for (std::size_t i = 0; i < goals.size(); ++i) {
        const auto& goal = goals[i].as_object();
        auto n = items(goal, "aliases").size();
        if (n == 0) continue;
        auto count = std::to_string(n + 1);
        out.push_back(make_finding(rule, ctx, "goals[" + std::to_string(i) + "]", text_of(goal, "key"),
                                   {"målet är skrivet på " + count + " sätt i planen; varianterna är samlade som ett mål",
                                    "the goal is written " + count + " ways in the plan; the variants are held as one goal"}));
    }
}

void goals_nothing_contributes_to(const PlanContext& ctx, const Rule& rule, std::vector<Finding>& out) {
    std::set<std::string> used;
    for (const char* kind : {"activities", "measures", "success_factors", "assignments"}) {
        for (const auto& v : items(ctx.plan, kind)) {
            const auto& o = v.as_object();
            used.insert(text_of(o, "goal"));
            for (const auto& g : items(o, "goals")) used.insert(std::string(g.as_string()));
        }
    }
    const auto& goals = items(ctx.plan, "goals");
    for (std::size_t i = 0; i < goals.size(); ++i) {
        auto key = text_of(goals[i].as_object(), "key");
        if (used.count(key)) continue;
        out.push_back(make_finding(rule, ctx, "goals[" + std::to_string(i) + "]", key,
                                   {"inga aktiviteter, mått, framgångsfaktorer eller uppdrag hänvisar till målet",
                                    "no activity, measure, success factor or assignment refers to the goal"}));
    }
}

}  // namespace

void add_goal_rules(std::vector<Rule>& rules) {
    rules.push_back({"goal.near_duplicate", Severity::warning,
                     {"Nästan likadana mål", "Near-duplicate goals"}, near_duplicates});
    rules.push_back({"goal.spelling_variants", Severity::info,
                     {"Mål skrivna på flera sätt", "Goals written several ways"}, spelling_variants});
    rules.push_back({"goal.nothing_contributes", Severity::warning,
                     {"Mål som inget bidrar till", "Goals nothing contributes to"}, goals_nothing_contributes_to});
}

}  // namespace styrkort::checks
