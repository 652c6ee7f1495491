// Follow-up reports over HTTP (docs/workflow.md): one per org unit and reporting
// period, through draft -> submitted -> approved | returned -> draft.
#include <boost/json/serialize.hpp>

#include "api/api.hpp"
#include "api/responses.hpp"
#include "api/workflow_support.hpp"
#include "auth/access.hpp"
#include "auth/errors.hpp"
#include "domain/errors.hpp"
#include "domain/workflow/state_machine.hpp"
#include "mail/planner.hpp"
#include "storage/audit.hpp"
#include "storage/clock.hpp"
#include "storage/workflow_store.hpp"

namespace styrkort::api {
namespace {

namespace json = boost::json;
using namespace workflow_support;
using storage::Id;
using workflow::Action;
using workflow::State;

constexpr const char* org_base = "/api/v1/organisations/{org}";

Text report_name(storage::Connection& c, const storage::FollowupReport& r) {
    auto rows = c.query("SELECT name FROM org_unit WHERE org_id = ? AND id = ?", {r.org, r.unit});
    std::string unit = rows.empty() ? std::to_string(r.unit) : storage::as_text(rows[0][0]);
    auto period = std::to_string(r.year) + " " + r.point;
    return {"uppföljningsrapporten för " + unit + " " + period, "the follow-up report of " + unit + " " + period};
}

storage::ReportFilter report_filter(const http::Request& r) {
    storage::ReportFilter f;
    for (const auto& [name, value] : r.query) {
        if (name == "unit_id") {
            f.unit = query_integer(r, name, 1, INT64_MAX, 0);
        } else if (name == "year") {
            f.year = query_integer(r, name, 1900, 2200, 0);
        } else if (name == "point") {
            const auto& points = reporting_point_names();
            if (std::find(points.begin(), points.end(), value) == points.end()) {
                throw InputError(name, {"är inget rapporteringstillfälle", "is not a reporting point"}, "choice");
            }
            f.point = value;
        } else if (name == "state") {
            f.state = workflow::parse_state(value);
            if (!f.state || *f.state == State::archived) {
                throw InputError(name, {"måste vara draft, submitted, approved eller returned",
                                        "must be draft, submitted, approved or returned"},
                                 "choice");
            }
        } else if (name != "limit" && name != "offset" && name != "lang") {
            throw InputError(name, {"går inte att filtrera på", "is not a filter of this list"}, "unknown_parameter");
        }
    }
    return f;
}


}  // namespace

void Api::add_report_routes() {
    const std::string reports = std::string(org_base) + "/followup-reports";
    router_.add({"GET", reports, "listFollowupReports",
                 "Follow-up reports per unit and reporting period, with their workflow state", "Workflow", "",
                 "report_list",
                 [this](const http::Request& r, const Params& p) {
                     Id org = organisation_of(p.at("org"));
                     auto filter = report_filter(r);
                     if (!reads_everything(db_, org)) filter.state = State::approved;  // the public: approved only
                     auto limit = query_integer(r, "limit", 1, 5000, 500);
                     auto offset = query_integer(r, "offset", 0, INT64_MAX, 0);
                     auto [items, total] = db_.read([&](storage::Connection& c) {
                         storage::WorkflowStore ws(c);
                         json::array out;
                         for (const auto& rep : ws.reports(org, filter, limit, offset)) out.push_back(storage::to_json(rep));
                         return std::pair{std::move(out), ws.count_reports(org, filter)};
                     });
                     return json_response(200, json::object{{"items", std::move(items)}, {"total", total}});
                 },
                 Access::read_records});
    router_.add({"GET", reports + "/{id}", "getFollowupReport", "One follow-up report", "Workflow", "", "report_get",
                 [this](const http::Request&, const Params& p) {
                     Id org = organisation_of(p.at("org"));
                     bool everything = reads_everything(db_, org);
                     Id id = path_id(p);
                     auto rep = db_.read([&](storage::Connection& c) { return storage::WorkflowStore(c).report(org, id); });
                     if (!rep) throw NotFound({"rapporten " + std::to_string(id) + " finns inte", "the report " + std::to_string(id) + " does not exist"});
                     if (!everything && rep->state != State::approved) {
                         if (current_principal() == nullptr) throw auth::Unauthenticated();
                         throw auth::Forbidden({"rapporten är inte godkänd och därför inte publicerad",
                                                "the report is not approved, so not published"});
                     }
                     return json_response(200, storage::to_json(*rep));
                 },
                 Access::read_records});
    router_.add({"POST", reports, "createFollowupReport",
                 "Start the follow-up report of a unit for a reporting period (as a draft)", "Workflow", "",
                 "report_create",
                 [this](const http::Request& r, const Params& p) {
                     Id org = organisation_of(p.at("org"));
                     const auto& principal = writer();
                     auto body = body_object(r);
                     const auto* unit = body.if_contains("unit_id");
                     const auto* year = body.if_contains("year");
                     if (unit == nullptr || !unit->is_int64()) {
                         throw InputError("unit_id", {"krävs: enhetens id", "is required: the unit's id"}, "required");
                     }
                     if (year == nullptr || !year->is_int64() || year->as_int64() < 1900 || year->as_int64() > 2200) {
                         throw InputError("year", {"krävs: ett år mellan 1900 och 2200", "is required: a year between 1900 and 2200"},
                                          "required");
                     }
                     auto point = string_field(body, "point");
                     const auto& points = reporting_point_names();
                     if (std::find(points.begin(), points.end(), point) == points.end()) {
                         throw InputError("point", {"måste vara ett av da04, da08, ar, t1, t2, t3, every_4_years",
                                                    "must be one of da04, da08, ar, t1, t2, t3, every_4_years"},
                                          "choice");
                     }
                     for (const auto& [k, v] : body) {
                         if (k != "unit_id" && k != "year" && k != "point") {
                             throw InputError(std::string(k), {"är inget fält här", "is not a field here"}, "unknown_field");
                         }
                     }
                     auto created = db_.write([&](storage::Connection& c) {
                         Id unit_id = unit->as_int64();
                         if (c.query("SELECT 1 FROM org_unit WHERE org_id = ? AND id = ?", {org, unit_id}).empty()) {
                             throw InputError("unit_id", {"det finns ingen enhet med id " + std::to_string(unit_id) + " i organisationen",
                                                          "there is no unit with id " + std::to_string(unit_id) + " in the organisation"},
                                              "reference");
                         }
                         if (!auth::holds_role_over(c, principal, org, auth::Role::reporter, unit_id)) {
                             throw auth::Forbidden({"rapporten kräver rollen reporter för enheten",
                                                    "the report needs the reporter role over the unit"});
                         }
                         auto rep = storage::WorkflowStore(c).create_report(org, unit_id, year->as_int64(), point,
                                                                            principal.username);
                         storage::append_audit(c, org, actor_of(r, principal), "create", "followup_report", rep.id,
                                               nullptr, storage::to_json(rep));
                         return rep;
                     });
                     return json_response(201, storage::to_json(created));
                 },
                 Access::write_records});
    for (Action action : workflow::all_actions()) {
        auto name = workflow::action_name(action);
        router_.add({"POST", reports + "/{id}/" + name, name + "FollowupReport",
                     "Workflow: " + name + " a follow-up report (docs/workflow.md)", "Workflow", "",
                     "report_" + name,
                     [this, action](const http::Request& r, const Params& p) {
                         Id org = organisation_of(p.at("org"));
                         const auto& principal = writer();
                         Id id = path_id(p);
                         auto comment = string_field(body_object(r), "comment");
                         auto after = db_.write([&](storage::Connection& c) {
                             storage::WorkflowStore ws(c);
                             auto rep = ws.report(org, id);
                             if (!rep) throw NotFound({"rapporten " + std::to_string(id) + " finns inte", "the report " + std::to_string(id) + " does not exist"});
                             auto actor = actor_over(c, principal, org, rep->unit, auth::Role::reporter);
                             auto to = decided(workflow::decide({rep->state, rep->submitted_by, report_name(c, *rep)},
                                                                action, actor, comment));
                             auto moved = ws.move_report(*rep, action, to, principal.username, comment);
                             storage::append_audit(c, org, actor_of(r, principal), workflow::action_name(action),
                                                   "followup_report", id, storage::to_json(*rep), storage::to_json(moved));
                             // The author hears of a return (docs/reporting-round.md "Påminnelser").
                             if (moved.state == workflow::State::returned) {
                                 mail::plan_return_notice(c, mail::base_url_from_environment(), moved, utc_now_iso());
                             }
                             return moved;
                         });
                         return json_response(200, storage::to_json(after));
                     },
                     Access::write_records});
    }
}

}  // namespace styrkort::api
