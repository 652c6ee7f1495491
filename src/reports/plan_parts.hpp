#pragma once
// The parts of the plan document, each built from the plan-file shape of one plan. The
// list `plan_parts()` is the extension point: a part adds pieces (a heading and its
// tables), and each piece follows the section of the plan's own text it belongs to (e.g.
// the goal table after "Strategiska mål", Bilaga 5 after "Bilaga 5: …"), or, when the
// plan has no such section, becomes a chapter of its own after the text, in list order.
#include <boost/json/object.hpp>

#include <functional>
#include <string>
#include <vector>

#include "domain/checks/plan_access.hpp"
#include "reports/document.hpp"

namespace styrkort::reports {

struct PlanContext {
    const boost::json::object& organisation;
    const boost::json::object& plan;
    checks::UnitTree units;
};

struct Piece {
    // True for the section this piece follows; the first such section in plan order wins.
    std::function<bool(const boost::json::object& section)> follows;
    std::string chapter;  // the chapter heading it goes under when no section matches
    // Writes the piece's blocks; `level` is the heading level its own headings take.
    std::function<void(Writer&, int level)> write;
};

using PartBuilder = std::function<void(const PlanContext&, std::vector<Piece>&)>;
struct PlanPart {
    std::string name;
    PartBuilder build;
};

// In the order of the seed documents: goals, assignments, development areas and
// success factors, division missions, measures, economy tables and annexes, division
// activity tables, with the risk matrix, risk register and internal control plan after the measures.
const std::vector<PlanPart>& plan_parts();

// The parts (plan_goals.cpp, plan_measures.cpp, plan_risk.cpp, plan_economy.cpp, plan_divisions.cpp).
void goal_parts(const PlanContext& c, std::vector<Piece>& out);
void measure_parts(const PlanContext& c, std::vector<Piece>& out);
void risk_parts(const PlanContext& c, std::vector<Piece>& out);
void economy_parts(const PlanContext& c, std::vector<Piece>& out);
void division_parts(const PlanContext& c, std::vector<Piece>& out);

// Small shared helpers.
const boost::json::object* find_keyed(const boost::json::array& list, const std::string& key);
std::function<bool(const boost::json::object&)> section_with_key(std::vector<std::string> keys);
std::function<bool(const boost::json::object&)> section_titled(std::vector<std::string> titles);
std::string number_text(double value);  // "1 234,5": Swedish digits, as few decimals as needed

}  // namespace styrkort::reports
