#pragma once
// Completeness of a reporting round (docs/reporting-round.md): for one reporting period
// and one org unit, who in the unit's subtree has reported what — activities with a
// status, measures with outcomes (women and men where the measure is broken down by
// sex), goal assessments, and the unit's follow-up report — as counts, percentages and
// the items still missing. Pure: storage/completeness_reader.cpp loads the rows of the
// whole organisation in a few queries; this decides what each unit owes and has done.
//
// Interface note: the reminders (another branch) call compute_completeness and read
// UnitCompleteness; add to these types, do not rename.
#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace styrkort::reporting {

using Id = std::int64_t;

// The days a reporting point covers, as ISO dates. DÅ 04, DÅ 08 and ÅR are cumulative
// from 1 January; the tertials are four months each; every_4_years is treated as the year.
struct PeriodSpan {
    int year = 0;
    std::string point;
    std::string starts, ends;  // "2025-01-01", "2025-04-30"
};
PeriodSpan span_of(int year, const std::string& point);

struct UnitRow {
    Id id = 0;
    std::string key, name, kind;
    std::optional<Id> parent;
    std::string valid_from, valid_to;  // "" when open-ended
};
struct PlanRow {
    Id id = 0;
    std::string key;
    Id owner_unit = 0;  // owns activities without an owner and outcomes without a unit
};
struct GoalRow {
    Id id = 0;
    Id plan = 0;
    std::string key, title;
};
struct ActivityRow {
    Id id = 0;
    Id plan = 0;
    std::string key, name;
    std::optional<Id> owner_unit;  // null: the plan's owner
    std::vector<Id> goals;
    std::string start_date, end_date;  // "" when open
    std::string status;                // the report for the period, "" when none
};
struct MeasureRow {
    Id id = 0;
    Id plan = 0;
    std::string key, name;
    std::optional<Id> goal;                    // directly or through its success factor
    std::vector<std::string> reporting_points;  // empty: every point
    bool by_sex = false;                       // women and men are required
};
struct OutcomeRow {  // one outcome of the period (only who and which sex matter here)
    Id measure = 0;
    std::optional<Id> unit;  // null: the organisation as a whole, counted as the plan owner's
    std::string sex;         // "K", "M" or "total" (an outcome without sex is total)
};
struct ReporterRow {  // a unit that reports a measure: it has an outcome of it in some period
    Id measure = 0;
    Id unit = 0;
};
struct AssessmentRow {
    Id goal = 0;
    Id unit = 0;
    std::string status;
};
struct ReportRow {
    Id id = 0;
    Id unit = 0;
    std::string state;  // draft, submitted, approved, returned
};

struct CompletenessInput {
    Id root = 0;
    std::optional<Id> period_id;
    std::string period_status;  // open, closed ("" when the period has no record)
    std::string deadline;       // "" when none
    PeriodSpan period;
    std::vector<UnitRow> units;  // the whole org tree, in tree order of position
    std::vector<PlanRow> plans;  // the plans in force in the period's year
    std::vector<GoalRow> goals;
    std::vector<ActivityRow> activities;
    std::vector<MeasureRow> measures;
    std::vector<OutcomeRow> outcomes;
    std::vector<ReporterRow> reporters;
    std::vector<AssessmentRow> assessments;
    std::vector<ReportRow> reports;
};

// The parts a unit reports, in the order of the heat map's columns.
enum class Part { activities, measures, assessments, report };
const std::vector<Part>& all_parts();
std::string part_name(Part p);  // "activities", "measures", "assessments", "report"

struct MissingItem {
    Id id = 0;  // the activity, measure, goal or follow-up report (0: no report yet)
    std::string key, name;
    std::vector<std::string> missing_sexes;  // measures: which of K, M, total are missing
    std::string state;                       // report: none, draft, returned
};

struct PartCompleteness {
    int required = 0;
    int done = 0;
    std::map<std::string, int> by_status;  // activities and assessments: reported statuses
    std::vector<MissingItem> missing;
    [[nodiscard]] bool applies() const { return required > 0; }
    // Whole per cent, rounded down: 100 only when nothing is missing. Null when nothing applies.
    [[nodiscard]] std::optional<int> percent() const;
};

struct UnitCompleteness {
    Id id = 0;
    std::string key, name, kind;
    std::optional<Id> parent;
    int depth = 0;  // 0 for the unit asked for
    // whole: the unit existed the whole period; added: it began during the period
    // (reports like the others); removed: it ended during the period (owes nothing,
    // shown with what it reported, left out of the totals).
    std::string membership;
    std::string valid_from, valid_to;
    std::string report_state;  // none, draft, submitted, approved, returned
    std::optional<Id> report_id;
    std::map<Part, PartCompleteness> parts;
    [[nodiscard]] bool nothing_to_report() const;  // "inget att rapportera", not 0 %
    [[nodiscard]] bool complete() const;           // something to report and nothing missing
    [[nodiscard]] PartCompleteness overall() const;  // the four parts summed (no items)
};

struct Completeness {
    Id root = 0;
    std::optional<Id> period_id;
    std::string period_status, deadline;
    PeriodSpan period;
    std::vector<UnitCompleteness> units;  // the subtree in tree order; units outside the period left out
    std::map<Part, PartCompleteness> totals;  // over units that owe something (no items)
    [[nodiscard]] PartCompleteness overall() const;
    [[nodiscard]] int units_complete() const;
    [[nodiscard]] int units_with_nothing() const;
    [[nodiscard]] int units_owing() const;  // units with something to report
};

Completeness compute_completeness(const CompletenessInput& in);

// The API's JSON (shape in docs/reporting-round.md). `with_missing` false leaves out the
// item lists (the counts stay), for large subtrees.
boost::json::object to_json(const Completeness& c, bool with_missing = true);

}  // namespace styrkort::reporting
