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
                     .report_state = report ? workflow::state_name(report->state) : ""};
    return followup_document(in);
}

}  // namespace styrkort::reports
