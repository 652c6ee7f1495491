#include "reports/document_source.hpp"

#include <charconv>

#include "domain/errors.hpp"
#include "domain/followup/scorecard.hpp"
#include "domain/schema.hpp"
#include "domain/workflow/state_machine.hpp"
#include "formats/plan_file.hpp"
#include "reports/followup_document.hpp"
#include "reports/plan_document.hpp"
#include "storage/record_store.hpp"
#include "storage/scorecard_reader.hpp"
#include "storage/workflow_store.hpp"

namespace styrkort::reports {

Document plan_document_from(storage::Connection& c, const std::optional<std::string>& org, const std::string& plan_key) {
    auto file = formats::export_plans(c, {org, {plan_key}});
    return plan_document(file.at("organisations").at(0).as_object(), plan_key);
}

namespace {

// The control results of the plan's control points for one period, each with its
// deviation actions, in the plan-file shape (keys, not ids): results are follow-up
// data and stay out of the plan file. Which units they concern is decided by the report.
boost::json::array control_results_of(storage::Connection& c, storage::Id org, storage::Id plan, int year,
                                      const std::string& point) {
    namespace json = boost::json;
    using storage::as_int;
    using storage::as_text;
    using storage::is_null;
    auto text = [](const storage::SqlValue& v) { return is_null(v) ? json::value(nullptr) : json::value(as_text(v)); };
    json::array out;
    auto results = c.query(
        "SELECT r.id, p.key, r.performed, r.outcome, r.comment FROM control_result r "
        "JOIN control_point p ON p.org_id = r.org_id AND p.id = r.control_point_id "
        "WHERE r.org_id = ? AND p.plan_id = ? AND r.year = ? AND r.point = ? ORDER BY p.position, p.id",
        {org, plan, static_cast<std::int64_t>(year), point});
    for (const auto& row : results) {
        json::array actions;
        auto rows = c.query(
            "SELECT a.description, a.responsible, u.key, a.due_date, a.action_status, a.closed_date, a.comment "
            "FROM deviation_action a LEFT JOIN org_unit u ON u.org_id = a.org_id AND u.id = a.owner_unit_id "
            "WHERE a.org_id = ? AND a.control_result_id = ? ORDER BY a.position, a.id",
            {org, as_int(row[0])});
        for (const auto& a : rows) {
            actions.push_back({{"description", text(a[0])}, {"responsible", text(a[1])}, {"owner_unit", text(a[2])},
                               {"due_date", text(a[3])}, {"action_status", text(a[4])}, {"closed_date", text(a[5])},
                               {"comment", text(a[6])}});
        }
        out.push_back({{"control_point", text(row[1])}, {"performed", text(row[2])}, {"outcome", text(row[3])},
                       {"comment", text(row[4])}, {"deviation_actions", std::move(actions)}});
    }
    return out;
}

}  // namespace

void check_followup_period(int year, const std::string& point) {
    if (year < 1900 || year > 2200) {
        throw InputError("year", {"måste vara ett år mellan 1900 och 2200", "must be a year between 1900 and 2200"}, "type");
    }
    if (point != "da04" && point != "da08" && point != "ar") {
        throw InputError("point", {"måste vara da04, da08 eller ar", "must be da04, da08 or ar"}, "choice");
    }
}

int parse_year(const std::string& text, const std::string& field) {
    int year = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
    if (ec != std::errc{} || end != text.data() + text.size()) {
        throw InputError(field, {"måste vara ett år mellan 1900 och 2200", "must be a year between 1900 and 2200"}, "type");
    }
    return year;
}

Document followup_document_from(storage::Connection& c, const FollowupRequest& r) {
    check_followup_period(r.year, r.point);
    auto file = formats::export_plans(c, {r.org, {r.plan_key}});
    const auto& organisation = file.at("organisations").at(0).as_object();
    storage::RecordStore store(c);
    std::string org_key(organisation.at("key").as_string());
    auto org = store.id_by_key(entity("organisation"), 0, std::nullopt, org_key);
    auto plan = org ? store.id_by_key(entity("plan"), *org, std::nullopt, r.plan_key) : std::nullopt;
    if (!plan) throw NotFound({"planen '" + r.plan_key + "' finns inte", "the plan '" + r.plan_key + "' does not exist"});
    auto input = storage::load_scorecard(c, *org, r.unit, {r.year, r.point}, *plan);
    auto scorecard = followup::build_scorecard(input);
    const auto& unit = scorecard.at("unit").as_object();
    auto report = storage::WorkflowStore(c).report_for(*org, unit.at("id").as_int64(), r.year, r.point);
    FollowupInput in{.organisation = organisation,
                     .plan_key = r.plan_key,
                     .scorecard = scorecard,
                     .unit_key = std::string(unit.at("key").as_string()),
                     .year = r.year,
                     .point = r.point,
                     .report_state = report ? workflow::state_name(report->state) : "",
                     .control_results = control_results_of(c, *org, *plan, r.year, r.point)};
    return followup_document(in);
}

}  // namespace styrkort::reports
