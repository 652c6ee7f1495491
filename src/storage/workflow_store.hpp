#pragma once
// The stored side of the approval workflow (docs/workflow.md): follow-up reports per
// org unit and reporting period, and the version links and decisions of plans. Runs on
// the caller's transaction; the caller checks roles and audits.
#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

#include "domain/workflow/state_machine.hpp"
#include "storage/record_store.hpp"

namespace styrkort::storage {

struct FollowupReport {
    Id id = 0;
    Id org = 0;
    Id unit = 0;
    std::int64_t year = 0;
    std::string point;
    workflow::State state = workflow::State::draft;
    std::string comment;  // the latest return's comment (or approval's note)
    std::string created_by, created_at, submitted_by, submitted_at, decided_by, decided_at;
};
boost::json::object to_json(const FollowupReport& r);

struct ReportFilter {
    std::optional<Id> unit;
    std::optional<std::int64_t> year;
    std::optional<std::string> point;
    std::optional<workflow::State> state;
};

// A plan's place in its line of versions and its latest submission and decision.
struct PlanVersion {
    Id plan = 0;
    std::int64_t number = 1;
    std::optional<Id> previous;
    std::string comment, submitted_by, submitted_at, decided_by, decided_at;
};
boost::json::object to_json(const PlanVersion& v);

class WorkflowStore {
public:
    explicit WorkflowStore(Connection& c) : c_(c) {}

    std::optional<FollowupReport> report(Id org, Id id);
    std::optional<FollowupReport> report_for(Id org, Id unit, std::int64_t year, const std::string& point);
    std::vector<FollowupReport> reports(Id org, const ReportFilter& f, std::int64_t limit, std::int64_t offset);
    std::int64_t count_reports(Id org, const ReportFilter& f);
    // Throws Conflict when the unit already has a report for the period.
    FollowupReport create_report(Id org, Id unit, std::int64_t year, const std::string& point,
                                 const std::string& by);
    // Stores the new state with who did it and when (submitted_* on submit, decided_*
    // on approve/return) and the comment of a return or approval.
    FollowupReport move_report(const FollowupReport& r, workflow::Action a, workflow::State to, const std::string& by,
                               const std::string& comment);
    // For tests and the operator: a report in any state, as if it had got there.
    FollowupReport put_report(Id org, Id unit, std::int64_t year, const std::string& point, workflow::State state,
                              const std::string& submitted_by);

    // Version 1 with no predecessor when the plan has no row yet.
    PlanVersion plan_version(Id org, Id plan);
    void save_plan_version(Id org, const PlanVersion& v);
    // The newer version of this plan that is not yet approved, if any.
    std::optional<Id> open_successor(Id org, Id plan);
    // The versions of the plan's line, oldest first (following previous links both ways).
    std::vector<PlanVersion> line_of(Id org, Id plan);

private:
    Connection& c_;
};

}  // namespace styrkort::storage
