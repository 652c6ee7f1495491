// Rules about measures and their baselines and targets: a measure must say what it
// aims at, where its numbers come from, when they are reported, and its targets must
// point the way the measure says is better.
#include <map>
#include <tuple>

#include "domain/checks/plan_access.hpp"
#include "domain/checks/rules.hpp"

namespace styrkort::checks {

namespace json = boost::json;

namespace {

template <typename F>
void each_measure(const PlanContext& ctx, F&& f) {
    const auto& all = items(ctx.plan, "measures");
    for (std::size_t i = 0; i < all.size(); ++i) {
        f("measures[" + std::to_string(i) + "]", all[i].as_object());
    }
}

std::string name_of(const json::object& m) {
    auto number = text_of(m, "number");
    return (number.empty() ? "" : number + " ") + text_of(m, "name");
}

bool has_target(const json::object& m) {
    for (const auto& t : items(m, "targets")) {
        if (text_of(t.as_object(), "kind") == "target") return true;
    }
    return false;
}

void incomplete(const PlanContext& ctx, const Rule& rule, std::vector<Finding>& out) {
    each_measure(ctx, [&](const std::string& place, const json::object& m) {
        auto report = [&](const char* sv, const char* en) {
            out.push_back(make_finding(rule, ctx, place, name_of(m), {sv, en}));
        };
        if (!has_target(m)) report("måttet saknar målvärde", "the measure has no target");
        if (text_of(m, "source").empty()) report("måttet saknar källa", "the measure has no source");
        if (items(m, "reporting_points").empty()) {
            report("måttet saknar rapporteringstillfälle", "the measure has no reporting point");
        }
    });
}

void targets_outside_period(const PlanContext& ctx, const Rule& rule, std::vector<Finding>& out) {
    auto first = int_of(ctx.plan, "first_year").value_or(0);
    auto last = int_of(ctx.plan, "last_year").value_or(0);
    each_measure(ctx, [&](const std::string& place, const json::object& m) {
        const auto& targets = items(m, "targets");
        for (std::size_t i = 0; i < targets.size(); ++i) {
            const auto& t = targets[i].as_object();
            auto year = int_of(t, "year");
            if (text_of(t, "kind") != "target" || !year || (*year >= first && *year <= last)) continue;
            auto y = std::to_string(*year);
            out.push_back(make_finding(rule, ctx, place + ".targets[" + std::to_string(i) + "]", name_of(m),
                                       {"målvärdet gäller " + y + ", utanför planperioden " + std::to_string(first) + "–" + std::to_string(last),
                                        "the target is for " + y + ", outside the plan period " + std::to_string(first) + "–" + std::to_string(last)}));
        }
    });
}

// Numeric targets are compared with the latest numeric baseline of the same reporting
// point and sex; where the baseline is not split that way, with the unsplit one.
void direction_contradictions(const PlanContext& ctx, const Rule& rule, std::vector<Finding>& out) {
    each_measure(ctx, [&](const std::string& place, const json::object& m) {
        auto direction = text_of(m, "direction");
        if (direction != "increase" && direction != "decrease") return;
        bool lower_is_better = direction == "decrease";
        std::map<std::pair<std::string, std::string>, std::pair<long long, double>> baseline;  // (point, sex) -> (year, value)
        const auto& targets = items(m, "targets");
        for (const auto& v : targets) {
            const auto& t = v.as_object();
            const auto* value = t.if_contains("value");
            if (text_of(t, "kind") != "baseline" || value == nullptr || !value->is_number()) continue;
            auto key = std::make_pair(text_of(t, "point"), text_of(t, "sex"));
            auto year = int_of(t, "year").value_or(0);
            auto it = baseline.find(key);
            if (it == baseline.end() || year >= it->second.first) baseline[key] = {year, value->to_number<double>()};
        }
        for (std::size_t i = 0; i < targets.size(); ++i) {
            const auto& t = targets[i].as_object();
            if (text_of(t, "kind") != "target") continue;
            auto here = place + ".targets[" + std::to_string(i) + "]";
            auto qualitative = text_of(t, "qualitative");
            if ((qualitative == "increase" && lower_is_better) || (qualitative == "decrease" && !lower_is_better)) {
                out.push_back(make_finding(rule, ctx, here, name_of(m),
                                           {std::string("målet säger ") + (lower_is_better ? "Öka" : "Minska") +
                                                " men måttets riktning är " + (lower_is_better ? "lägre är bättre" : "högre är bättre"),
                                            std::string("the target says ") + (lower_is_better ? "increase" : "decrease") +
                                                " but the measure's direction is " + (lower_is_better ? "lower is better" : "higher is better")}));
                continue;
            }
            const auto* value = t.if_contains("value");
            if (value == nullptr || !value->is_number()) continue;
            auto point = text_of(t, "point");
            auto sex = text_of(t, "sex");
            auto it = baseline.find({point, sex});
            if (it == baseline.end()) it = baseline.find({"", sex});
            if (it == baseline.end()) it = baseline.find({"", ""});
            if (it == baseline.end()) continue;
            double target = value->to_number<double>();
            double base = it->second.second;
            bool wrong_way = lower_is_better ? target > base : target < base;
            if (!wrong_way) continue;
            auto fmt = [](double d) {
                auto s = std::to_string(d);
                s.erase(s.find_last_not_of('0') + 1);
                if (s.back() == '.') s.pop_back();
                return s;
            };
            out.push_back(make_finding(
                rule, ctx, here, name_of(m),
                {"målvärdet " + fmt(target) + " är " + (lower_is_better ? "högre" : "lägre") + " än ingångsvärdet " + fmt(base) +
                     " fast " + (lower_is_better ? "lägre" : "högre") + " är bättre",
                 "the target " + fmt(target) + " is " + (lower_is_better ? "above" : "below") + " the baseline " + fmt(base) +
                     " although " + (lower_is_better ? "lower" : "higher") + " is better"}));
        }
    });
}

void sex_split_undeclared(const PlanContext& ctx, const Rule& rule, std::vector<Finding>& out) {
    each_measure(ctx, [&](const std::string& place, const json::object& m) {
        bool split = false;
        for (const auto& t : items(m, "targets")) {
            auto sex = text_of(t.as_object(), "sex");
            split = split || sex == "K" || sex == "M";
        }
        bool declared = false;
        for (const auto& b : items(m, "breakdowns")) declared = declared || b.as_string() == "sex";
        if (split && !declared) {
            out.push_back(make_finding(rule, ctx, place, name_of(m),
                                       {"värden är uppdelade på kön men måttet är inte angivet att redovisas per kön",
                                        "values are split by sex but the measure is not declared to be reported by sex"}));
        }
    });
}

}  // namespace

void add_measure_rules(std::vector<Rule>& rules) {
    rules.push_back({"measure.incomplete", Severity::warning,
                     {"Mått utan målvärde, källa eller rapporteringstillfälle", "Measures without target, source or reporting point"},
                     incomplete});
    rules.push_back({"target.outside_period", Severity::warning,
                     {"Målvärden utanför planperioden", "Targets outside the plan period"}, targets_outside_period});
    rules.push_back({"target.direction", Severity::error,
                     {"Målvärden som pekar åt fel håll", "Targets pointing the wrong way"}, direction_contradictions});
    rules.push_back({"measure.sex_split_undeclared", Severity::warning,
                     {"Könsuppdelade värden utan uppdelning", "Sex-split values without the breakdown"}, sex_split_undeclared});
}

}  // namespace styrkort::checks
