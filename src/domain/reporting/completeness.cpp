#include "domain/reporting/completeness.hpp"

#include <algorithm>
#include <functional>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace styrkort::reporting {
namespace {

namespace json = boost::json;

std::string four(int year) {
    std::string s = std::to_string(year);
    return std::string(s.size() < 4 ? 4 - s.size() : 0, '0') + s;
}

bool overlaps(const std::string& from, const std::string& to, const PeriodSpan& p) {
    return (from.empty() || from <= p.ends) && (to.empty() || to >= p.starts);
}

// Who owes what: each unit's activities, measures and goals for the period, decided
// once for the whole tree so that computing one subtree costs the same as another.
struct Obligations {
    std::unordered_map<Id, std::vector<const ActivityRow*>> activities;
    std::unordered_map<Id, std::vector<const MeasureRow*>> measures;
    std::unordered_map<Id, std::set<Id>> goals;
};

}  // namespace

PeriodSpan span_of(int year, const std::string& point) {
    PeriodSpan s{year, point, four(year) + "-01-01", four(year) + "-12-31"};
    if (point == "da04" || point == "t1") s.ends = four(year) + "-04-30";
    if (point == "da08") s.ends = four(year) + "-08-31";
    if (point == "t2") {
        s.starts = four(year) + "-05-01";
        s.ends = four(year) + "-08-31";
    }
    if (point == "t3") s.starts = four(year) + "-09-01";
    return s;
}

const std::vector<Part>& all_parts() {
    static const std::vector<Part> parts{Part::activities, Part::measures, Part::assessments, Part::report};
    return parts;
}

std::string part_name(Part p) {
    switch (p) {
        case Part::activities: return "activities";
        case Part::measures: return "measures";
        case Part::assessments: return "assessments";
        case Part::report: return "report";
    }
    return "";
}

std::optional<int> PartCompleteness::percent() const {
    if (required <= 0) return std::nullopt;
    return static_cast<int>((static_cast<std::int64_t>(done) * 100) / required);
}

PartCompleteness UnitCompleteness::overall() const {
    PartCompleteness sum;
    for (const auto& [part, pc] : parts) {
        sum.required += pc.required;
        sum.done += pc.done;
    }
    return sum;
}

bool UnitCompleteness::nothing_to_report() const { return overall().required == 0; }

bool UnitCompleteness::complete() const {
    auto o = overall();
    return o.required > 0 && o.done == o.required;
}

PartCompleteness Completeness::overall() const {
    PartCompleteness sum;
    for (const auto& [part, pc] : totals) {
        sum.required += pc.required;
        sum.done += pc.done;
    }
    return sum;
}

int Completeness::units_complete() const {
    return static_cast<int>(std::count_if(units.begin(), units.end(), [](const auto& u) { return u.complete(); }));
}
int Completeness::units_with_nothing() const {
    return static_cast<int>(std::count_if(units.begin(), units.end(), [](const auto& u) { return u.nothing_to_report(); }));
}
int Completeness::units_owing() const { return static_cast<int>(units.size()) - units_with_nothing(); }

Completeness compute_completeness(const CompletenessInput& in) {
    Completeness out;
    out.root = in.root;
    out.period_id = in.period_id;
    out.period_status = in.period_status;
    out.deadline = in.deadline;
    out.period = in.period;
    const auto& period = in.period;

    std::unordered_map<Id, Id> plan_owner;
    for (const auto& p : in.plans) plan_owner[p.id] = p.owner_unit;
    std::unordered_set<Id> goals_in_force;
    std::unordered_map<Id, const GoalRow*> goal_by_id;
    for (const auto& g : in.goals) {
        goals_in_force.insert(g.id);
        goal_by_id[g.id] = &g;
    }

    Obligations owe;
    for (const auto& a : in.activities) {
        auto owner_it = plan_owner.find(a.plan);
        if (owner_it == plan_owner.end() || !overlaps(a.start_date, a.end_date, period)) continue;
        Id owner = a.owner_unit.value_or(owner_it->second);
        owe.activities[owner].push_back(&a);
        for (Id g : a.goals) {
            if (goals_in_force.contains(g)) owe.goals[owner].insert(g);
        }
    }
    // A measure is reported by the units that have reported it (in any period of its
    // plan); one that no unit reports for itself is the plan owner's, as outcomes
    // without a unit are.
    std::unordered_map<Id, std::set<Id>> reporters;
    for (const auto& r : in.reporters) reporters[r.measure].insert(r.unit);
    std::unordered_map<Id, const MeasureRow*> measure_by_id;
    for (const auto& m : in.measures) {
        auto owner_it = plan_owner.find(m.plan);
        if (owner_it == plan_owner.end()) continue;
        measure_by_id[m.id] = &m;
    }
    // A unit reporting a measure for the first time in this period reports it from now on.
    for (const auto& o : in.outcomes) {
        if (o.unit && measure_by_id.contains(o.measure)) reporters[o.measure].insert(*o.unit);
    }
    for (const auto& m : in.measures) {
        auto owner_it = plan_owner.find(m.plan);
        if (owner_it == plan_owner.end()) continue;
        const auto& points = m.reporting_points;
        if (!points.empty() && std::find(points.begin(), points.end(), period.point) == points.end()) continue;
        auto rep = reporters.find(m.id);
        std::set<Id> units = rep == reporters.end() || rep->second.empty() ? std::set<Id>{owner_it->second} : rep->second;
        for (Id u : units) {
            owe.measures[u].push_back(&m);
            if (m.goal && goals_in_force.contains(*m.goal)) owe.goals[u].insert(*m.goal);
        }
    }
    // The owner of a plan assesses every goal of it.
    for (const auto& g : in.goals) {
        if (auto owner = plan_owner.find(g.plan); owner != plan_owner.end()) owe.goals[owner->second].insert(g.id);
    }

    // What was reported in the period.
    std::unordered_map<Id, std::unordered_map<Id, std::set<std::string>>> sexes;  // measure → unit → sexes
    for (const auto& o : in.outcomes) {
        auto m = measure_by_id.find(o.measure);
        if (m == measure_by_id.end()) continue;
        Id unit = o.unit.value_or(plan_owner.at(m->second->plan));
        sexes[o.measure][unit].insert(o.sex.empty() ? "total" : o.sex);
    }
    std::map<std::pair<Id, Id>, const AssessmentRow*> assessed;
    for (const auto& a : in.assessments) assessed[{a.goal, a.unit}] = &a;
    std::unordered_map<Id, const ReportRow*> report_of;
    for (const auto& r : in.reports) report_of[r.unit] = &r;

    // The subtree in tree order.
    std::unordered_map<Id, std::vector<const UnitRow*>> children;
    const UnitRow* root = nullptr;
    for (const auto& u : in.units) {
        if (u.parent) children[*u.parent].push_back(&u);
        if (u.id == in.root) root = &u;
    }
    if (root == nullptr) return out;
    std::function<void(const UnitRow&, int, std::set<Id>&)> walk = [&](const UnitRow& u, int depth, std::set<Id>& seen) {
        if (!seen.insert(u.id).second) return;  // a cycle cannot be stored, but never loop
        bool before = !u.valid_to.empty() && u.valid_to < period.starts;
        bool after = !u.valid_from.empty() && u.valid_from > period.ends;
        if (!before && !after) {
            UnitCompleteness uc;
            uc.id = u.id;
            uc.key = u.key;
            uc.name = u.name;
            uc.kind = u.kind;
            uc.parent = u.parent;
            uc.depth = depth;
            uc.valid_from = u.valid_from;
            uc.valid_to = u.valid_to;
            uc.membership = !u.valid_to.empty() && u.valid_to < period.ends       ? "removed"
                            : !u.valid_from.empty() && u.valid_from > period.starts ? "added"
                                                                                    : "whole";
            bool owes = uc.membership != "removed";
            auto report = report_of.find(u.id);
            uc.report_state = report == report_of.end() ? "none" : report->second->state;
            if (report != report_of.end()) uc.report_id = report->second->id;
            for (Part p : all_parts()) uc.parts[p];
            if (owes) {
                auto& acts = uc.parts[Part::activities];
                if (auto it = owe.activities.find(u.id); it != owe.activities.end()) {
                    for (const auto* a : it->second) {
                        ++acts.required;
                        if (a->status.empty()) {
                            acts.missing.push_back({a->id, a->key, a->name, {}, ""});
                        } else {
                            ++acts.done;
                            ++acts.by_status[a->status];
                        }
                    }
                }
                auto& meas = uc.parts[Part::measures];
                if (auto it = owe.measures.find(u.id); it != owe.measures.end()) {
                    for (const auto* m : it->second) {
                        ++meas.required;
                        std::set<std::string> have;
                        if (auto s = sexes.find(m->id); s != sexes.end()) {
                            if (auto su = s->second.find(u.id); su != s->second.end()) have = su->second;
                        }
                        std::vector<std::string> need = m->by_sex ? std::vector<std::string>{"K", "M"}
                                                                  : std::vector<std::string>{"total"};
                        std::vector<std::string> lacking;
                        for (const auto& s : need) {
                            if (!have.contains(s)) lacking.push_back(s);
                        }
                        if (lacking.empty()) {
                            ++meas.done;
                        } else {
                            meas.missing.push_back({m->id, m->key, m->name, std::move(lacking), ""});
                        }
                    }
                }
                auto& ass = uc.parts[Part::assessments];
                if (auto it = owe.goals.find(u.id); it != owe.goals.end()) {
                    for (Id g : it->second) {
                        ++ass.required;
                        auto found = assessed.find({g, u.id});
                        if (found != assessed.end()) {
                            ++ass.done;
                            ++ass.by_status[found->second->status];
                        } else {
                            const auto* goal = goal_by_id.at(g);
                            ass.missing.push_back({g, goal->key, goal->title, {}, ""});
                        }
                    }
                }
                if (acts.required + meas.required + ass.required > 0) {
                    auto& rep = uc.parts[Part::report];
                    rep.required = 1;
                    if (uc.report_state == "submitted" || uc.report_state == "approved") {
                        rep.done = 1;
                    } else {
                        rep.missing.push_back({uc.report_id.value_or(0), "", "", {}, uc.report_state});
                    }
                    ++rep.by_status[uc.report_state];
                }
                for (Part p : all_parts()) {
                    out.totals[p].required += uc.parts[p].required;
                    out.totals[p].done += uc.parts[p].done;
                    for (const auto& [status, n] : uc.parts[p].by_status) out.totals[p].by_status[status] += n;
                }
            }
            out.units.push_back(std::move(uc));
        }
        if (auto it = children.find(u.id); it != children.end()) {
            for (const auto* child : it->second) walk(*child, depth + 1, seen);
        }
    };
    for (Part p : all_parts()) out.totals[p];
    std::set<Id> seen;
    walk(*root, 0, seen);
    return out;
}

namespace {

json::value percent_json(const PartCompleteness& p) {
    auto v = p.percent();
    return v ? json::value(*v) : json::value(nullptr);
}

json::object counts_json(const PartCompleteness& p) {
    json::object o{{"required", p.required}, {"done", p.done}, {"percent", percent_json(p)}};
    if (!p.by_status.empty()) {
        json::object s;
        for (const auto& [k, n] : p.by_status) s[k] = n;
        o["by_status"] = std::move(s);
    }
    return o;
}

json::object part_json(Part part, const PartCompleteness& p, bool with_missing) {
    auto o = counts_json(p);
    if (!with_missing) return o;
    json::array missing;
    for (const auto& m : p.missing) {
        json::object item;
        if (part == Part::report) {
            item = {{"id", m.id == 0 ? json::value(nullptr) : json::value(m.id)}, {"state", m.state}};
        } else {
            item = {{"id", m.id}, {"key", m.key}, {"name", m.name}};
            if (part == Part::measures) {
                json::array s;
                for (const auto& x : m.missing_sexes) s.push_back(json::value(x));
                item["missing_sexes"] = std::move(s);
            }
        }
        missing.push_back(std::move(item));
    }
    o["missing"] = std::move(missing);
    return o;
}

json::value text_or_null(const std::string& s) { return s.empty() ? json::value(nullptr) : json::value(s); }

}  // namespace

json::object to_json(const Completeness& c, bool with_missing) {
    json::array parts;
    for (Part p : all_parts()) parts.push_back(json::value(part_name(p)));
    json::object totals;
    for (Part p : all_parts()) totals[part_name(p)] = counts_json(c.totals.at(p));
    totals["overall"] = counts_json(c.overall());
    totals["units"] = static_cast<std::int64_t>(c.units.size());
    totals["units_owing"] = c.units_owing();
    totals["units_complete"] = c.units_complete();
    totals["units_nothing_to_report"] = c.units_with_nothing();
    json::array units;
    for (const auto& u : c.units) {
        json::object parts_of;
        for (Part p : all_parts()) parts_of[part_name(p)] = part_json(p, u.parts.at(p), with_missing);
        units.push_back(json::object{
            {"id", u.id},
            {"key", u.key},
            {"name", u.name},
            {"kind", u.kind},
            {"parent_id", u.parent ? json::value(*u.parent) : json::value(nullptr)},
            {"depth", u.depth},
            {"membership", u.membership},
            {"valid_from", text_or_null(u.valid_from)},
            {"valid_to", text_or_null(u.valid_to)},
            {"nothing_to_report", u.nothing_to_report()},
            {"complete", u.complete()},
            {"report_state", u.report_state},
            {"report_id", u.report_id ? json::value(*u.report_id) : json::value(nullptr)},
            {"overall", counts_json(u.overall())},
            {"parts", std::move(parts_of)}});
    }
    const UnitCompleteness* root = c.units.empty() || c.units.front().id != c.root ? nullptr : &c.units.front();
    return {{"period",
             {{"id", c.period_id ? json::value(*c.period_id) : json::value(nullptr)},
              {"year", c.period.year},
              {"point", c.period.point},
              {"status", text_or_null(c.period_status)},
              {"deadline", text_or_null(c.deadline)},
              {"starts", c.period.starts},
              {"ends", c.period.ends}}},
            {"unit", root == nullptr ? json::value(nullptr)
                                     : json::value(json::object{{"id", root->id}, {"key", root->key}, {"name", root->name}})},
            {"parts", std::move(parts)},
            {"totals", std::move(totals)},
            {"units", std::move(units)}};
}

}  // namespace styrkort::reporting
