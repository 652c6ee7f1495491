// The reporting round over HTTP (docs/reporting-round.md): completeness of a reporting
// period for a unit's subtree (JSON, XLSX, CSV), opening and closing a period, and the
// signed-in user's to-do list for the home page.
#include <boost/json/parse.hpp>

#include <algorithm>
#include <charconv>

#include "api/api.hpp"
#include "api/reporting_todo.hpp"
#include "api/responses.hpp"
#include "api/workflow_support.hpp"
#include "auth/access.hpp"
#include "auth/errors.hpp"
#include "domain/errors.hpp"
#include "domain/schema.hpp"
#include "formats/completeness_sheets.hpp"
#include "formats/economy_export.hpp"
#include "storage/audit.hpp"
#include "storage/completeness_reader.hpp"
#include "storage/reporting_period_store.hpp"

namespace styrkort::api {
namespace {

namespace json = boost::json;
using workflow_support::actor_of;
using workflow_support::body_object;
using workflow_support::writer;

constexpr const char* periods_base = "/api/v1/organisations/{org}/reporting-periods/{id}";

// A period id in the path; anything else is a period that does not exist.
Id period_id_of(const Params& p) {
    const auto& text = p.at("id");
    Id id = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc{} || end != text.data() + text.size() || id <= 0) {
        throw NotFound({"rapporteringsperiod '" + text + "' finns inte", "reporting period '" + text + "' does not exist"});
    }
    return id;
}

// Follow-up in progress is not public: members of the organisation only.
const auth::Principal& member(Id org) {
    const auto* principal = current_principal();
    if (principal == nullptr) throw auth::Unauthenticated();
    if (!principal->member_of(org)) {
        throw auth::Forbidden({"du har ingen roll i den här organisationen", "you hold no role in this organisation"});
    }
    return *principal;
}

std::string query_or(const http::Request& r, const std::string& name, const std::string& fallback) {
    auto it = r.query.find(name);
    return it == r.query.end() ? fallback : it->second;
}

// Opening and closing belong to those who may correct the whole organisation's
// follow-up: a planner or an administrator over all of it (docs/permissions.md).
void require_period_manager(storage::Connection& c, const auth::Principal& p, Id org) {
    if (auth::holds_role_over(c, p, org, auth::Role::planner, std::nullopt) ||
        auth::holds_role_over(c, p, org, auth::Role::administrator, std::nullopt)) {
        return;
    }
    throw auth::Forbidden({"att öppna och stänga perioder kräver rollen planner eller administrator för hela organisationen",
                           "opening and closing periods needs the planner or administrator role over the whole organisation"});
}

bool bool_field(const json::object& body, const std::string& name) {
    const auto* v = body.if_contains(name);
    if (v == nullptr || v->is_null()) return false;
    if (!v->is_bool()) throw InputError(name, {"måste vara true eller false", "must be true or false"}, "type");
    return v->as_bool();
}

void only_fields(const json::object& body, std::initializer_list<const char*> allowed) {
    for (const auto& field : body) {
        // A plain variable, not a structured binding: clang 14 (the sanitizer tree)
        // refuses a lambda that captures a binding.
        const auto& k = field.key();
        if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return k == a; })) {
            throw InputError(std::string(k), {"är inget fält här", "is not a field here"}, "unknown_field");
        }
    }
}

}  // namespace

void Api::add_reporting_round_routes() {
    const std::string base = periods_base;
    router_.add({"GET", base + "/completeness", "getCompleteness",
                 "Who in a unit's subtree has reported what for the period: counts, percentages, missing items "
                 "(format=xlsx|csv for a spreadsheet)",
                 "Reporting round", "", "completeness", [this](const http::Request& r, const Params& p) {
                     Id org = organisation_of(p.at("org"));
                     member(org);
                     Id id = period_id_of(p);
                     auto format = query_or(r, "format", "json");
                     if (format != "json" && format != "xlsx" && format != "csv") {
                         throw InputError("format", {"måste vara json, xlsx eller csv", "must be json, xlsx or csv"}, "choice");
                     }
                     auto missing = query_or(r, "missing", "true");
                     if (missing != "true" && missing != "false") {
                         throw InputError("missing", {"måste vara true eller false", "must be true or false"}, "choice");
                     }
                     auto unit = query_or(r, "unit", "");
                     auto result = db_.read([&](storage::Connection& c) { return storage::completeness_of(c, org, id, unit); });
                     if (format == "json") return json_response(200, reporting::to_json(result, missing == "true"));
                     auto sheets = formats::completeness_sheets(result, language_of(r));
                     http::Response response;
                     bool xlsx = format == "xlsx";
                     response.content_type = xlsx ? std::string(formats::xlsx_media_type) : "text/csv; charset=utf-8";
                     response.body = xlsx ? formats::economy_xlsx(sheets) : formats::economy_csv(sheets);
                     auto root = result.units.empty() ? std::string("enhet") : result.units.front().key;
                     response.headers.emplace_back(
                         "Content-Disposition", "attachment; filename=\"fullstandighet-" + std::to_string(result.period.year) +
                                                    "-" + result.period.point + "-" + root + "." + format + "\"");
                     return response;
                 },
                 Access::read_records});

    router_.add({"POST", base + "/open", "openReportingPeriod",
                 "Open a reporting period: it takes follow-up again, and open content added to an earlier version of a "
                 "plan in force is carried to the version in force",
                 "Reporting round", "", "period_open", [this](const http::Request& r, const Params& p) {
                     Id org = organisation_of(p.at("org"));
                     const auto& principal = writer();
                     Id id = period_id_of(p);
                     auto body = body_object(r);
                     only_fields(body, {});
                     auto result = db_.write([&](storage::Connection& c) {
                         require_period_manager(c, principal, org);
                         return storage::open_period(c, org, id, actor_of(r, principal));
                     });
                     return json_response(200, result);
                 },
                 Access::write_records});

    router_.add({"POST", base + "/close", "closeReportingPeriod",
                 "Close a reporting period: refused (409, with the list) while units have not submitted their "
                 "follow-up report, unless an administrator forces it",
                 "Reporting round", "", "period_close", [this](const http::Request& r, const Params& p) {
                     Id org = organisation_of(p.at("org"));
                     const auto& principal = writer();
                     Id id = period_id_of(p);
                     auto body = body_object(r);
                     only_fields(body, {"force", "comment"});
                     bool force = bool_field(body, "force");
                     const auto* comment = body.if_contains("comment");
                     if (comment != nullptr && !comment->is_string() && !comment->is_null()) {
                         throw InputError("comment", {"måste vara en text", "must be a text"}, "type");
                     }
                     auto outcome = db_.write([&](storage::Connection& c) {
                         require_period_manager(c, principal, org);
                         if (force && !auth::holds_role_over(c, principal, org, auth::Role::administrator, std::nullopt)) {
                             throw auth::Forbidden({"bara en administratör kan stänga en period trots att rapporter saknas",
                                                    "only an administrator can close a period while reports are missing"});
                         }
                         return storage::close_period(c, org, id, force,
                                                      comment != nullptr && comment->is_string()
                                                          ? std::string(comment->as_string())
                                                          : std::string{},
                                                      actor_of(r, principal));
                     });
                     if (!outcome.closed) {
                         auto lang = language_of(r);
                         auto n = std::to_string(outcome.unsubmitted.size());
                         Text message{n + " enheter har inte lämnat in sin uppföljningsrapport; en administratör kan stänga ändå (force)",
                                      n + " units have not submitted their follow-up report; an administrator can close anyway (force)"};
                         return json_response(409, json::object{{"error",
                                                                 {{"code", "unsubmitted_reports"},
                                                                  {"message", message.in(lang)},
                                                                  {"reports", storage::unsubmitted_json(outcome.unsubmitted)}}}});
                     }
                     return json_response(200, storage::to_json(outcome));
                 },
                 Access::write_records});

    router_.add({"GET", "/api/v1/organisations/{org}/me/todo", "getMyTodo",
                 "The signed-in user's to-do for the home page (Att göra): by role, missing parts, reports to decide, "
                 "completeness and economy findings, the region's scorecard",
                 "Reporting round", "", "todo", [this](const http::Request& r, const Params& p) {
                     Id org = organisation_of(p.at("org"));
                     const auto& principal = member(org);
                     std::optional<Id> period;
                     if (auto it = r.query.find("period"); it != r.query.end()) {
                         Id v = 0;
                         auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
                         if (ec != std::errc{} || end != it->second.data() + it->second.size() || v <= 0) {
                             throw InputError("period", {"måste vara en rapporteringsperiods id", "must be a reporting period's id"},
                                              "type");
                         }
                         period = v;
                     }
                     auto todo = db_.read([&](storage::Connection& c) { return todo_of(c, principal, org, period, language_of(r)); });
                     return json_response(200, todo);
                 },
                 Access::read_records});
}

}  // namespace styrkort::api
