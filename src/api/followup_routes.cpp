// Follow-up routes beyond CRUD: the scorecard (docs/followup.md).
#include <boost/json/parse.hpp>

#include <algorithm>
#include <array>
#include <charconv>

#include "api/api.hpp"
#include "api/responses.hpp"
#include "auth/access.hpp"
#include "auth/errors.hpp"
#include "domain/errors.hpp"
#include "domain/schema.hpp"
#include "storage/audit.hpp"
#include "storage/scorecard_reader.hpp"

namespace styrkort::api {
namespace {

std::string query_param(const http::Request& r, const std::string& name) {
    auto it = r.query.find(name);
    if (it == r.query.end() || it->second.empty()) {
        throw InputError(name, {"saknas", "is required"}, "required");
    }
    return it->second;
}

followup::Period period_of(const http::Request& r) {
    auto year_text = query_param(r, "year");
    int year = 0;
    auto [end, ec] = std::from_chars(year_text.data(), year_text.data() + year_text.size(), year);
    if (ec != std::errc{} || end != year_text.data() + year_text.size() || year < 1900 || year > 2200) {
        throw InputError("year", {"måste vara ett år mellan 1900 och 2200", "must be a year between 1900 and 2200"},
                         "type");
    }
    auto point = query_param(r, "point");
    const auto& points = reporting_point_names();
    if (std::find(points.begin(), points.end(), point) == points.end()) {
        throw InputError("point", {"måste vara ett av da04, da08, ar, t1, t2, t3, every_4_years",
                                   "must be one of da04, da08, ar, t1, t2, t3, every_4_years"},
                         "choice");
    }
    return {year, point};
}

// The scorecard of one plan version (`plan`, an id), e.g. an archived one; none: the
// plans in force (storage/scorecard_reader.hpp).
std::optional<Id> plan_of(const http::Request& r) {
    auto it = r.query.find("plan");
    if (it == r.query.end() || it->second.empty()) return std::nullopt;
    Id id = 0;
    auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), id);
    if (ec != std::errc{} || end != it->second.data() + it->second.size() || id <= 0) {
        throw InputError("plan", {"måste vara ett plan-id", "must be a plan id"}, "type");
    }
    return id;
}

// Optional thresholds of the gender-gap flag (docs/followup.md), e.g. 0.15 or 3.
void gender_gap_rule(const http::Request& r, followup::GenderGapRule& rule) {
    auto read = [&](const std::string& name, double& into, double max) {
        auto it = r.query.find(name);
        if (it == r.query.end()) return;
        double v = -1;
        auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
        if (ec != std::errc{} || end != it->second.data() + it->second.size() || !(v >= 0 && v <= max)) {
            throw InputError(name, {"måste vara ett tal mellan 0 och " + std::to_string(static_cast<int>(max)),
                                    "must be a number between 0 and " + std::to_string(static_cast<int>(max))},
                             "range");
        }
        into = v;
    };
    read("gap_relative", rule.relative, 1);
    read("gap_points", rule.percentage_points, 100);
}

http::Response json_body_response(int status, std::string body) {
    http::Response r;
    r.status = status;
    r.content_type = "application/json; charset=utf-8";
    r.body = std::move(body);
    return r;
}

http::Response cached_response(const ScorecardCache::Entry& entry) {
    auto response = json_body_response(200, entry.body);
    response.headers.emplace_back("ETag", entry.etag);  // computed once, when stored
    return response;
}


// The scorecard mixes reported and not yet approved follow-up, so it is not public:
// only members of the organisation read it.
void require_member(Id org) {
    const auto* principal = current_principal();
    if (principal == nullptr) throw auth::Unauthenticated();
    if (!principal->member_of(org)) {
        throw auth::Forbidden({"du har ingen roll i den här organisationen", "you hold no role in this organisation"});
    }
}

// The corrections of one reporting period: each change accepted after it was closed,
// with who made it, when, and the record before and after (docs/followup.md).
boost::json::object corrections_of(storage::Connection& c, Id org, Id period_id) {
    auto period = storage::RecordStore(c).find(entity("reporting_period"), org, period_id);
    if (!period) {
        throw NotFound({"rapporteringsperiod " + std::to_string(period_id) + " finns inte",
                        "reporting period " + std::to_string(period_id) + " does not exist"});
    }
    boost::json::array items;
    auto text_json = [](const storage::SqlValue& v) -> boost::json::value {
        return storage::is_null(v) ? boost::json::value(nullptr) : boost::json::parse(storage::as_text(v));
    };
    for (const auto& r : c.query("SELECT a.id, a.at, a.actor, a.action, a.entity, a.entity_id, a.before, a.after "
                                 "FROM correction k JOIN audit_log a ON a.org_id = k.org_id AND a.id = k.audit_id "
                                 "WHERE k.org_id = ? AND k.year = ? AND k.point = ? ORDER BY a.id",
                                 {org, period->at("year").as_int64(), std::string(period->at("point").as_string())})) {
        items.push_back(boost::json::object{
            {"audit_id", storage::as_int(r[0])},
            {"at", storage::as_text(r[1])},
            {"actor", storage::as_text(r[2])},
            {"action", storage::as_text(r[3])},
            {"entity", storage::as_text(r[4])},
            {"entity_id", storage::is_null(r[5]) ? boost::json::value(nullptr) : boost::json::value(storage::as_int(r[5]))},
            {"before", text_json(r[6])},
            {"after", text_json(r[7])}});
    }
    auto total = static_cast<std::int64_t>(items.size());
    return {{"period", std::move(*period)}, {"items", std::move(items)}, {"total", total}};
}

}  // namespace

void Api::add_followup_routes() {
    router_.add({"GET", "/api/v1/organisations/{org}/reporting-periods/{id}/corrections", "listCorrections",
                 "Changes accepted as corrections after the reporting period was closed", "Follow-up",
                 "reporting_period", "corrections", [this](const http::Request&, const Params& p) {
                     Id org = organisation_of(p.at("org"));
                     require_member(org);
                     const auto& text = p.at("id");
                     Id id = 0;
                     auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
                     if (ec != std::errc{} || end != text.data() + text.size() || id <= 0) {
                         throw NotFound({"'" + text + "' är inget id", "'" + text + "' is not an id"});
                     }
                     return json_response(200, db_.read([&](storage::Connection& c) { return corrections_of(c, org, id); }));
                 },
                 Access::read_records});
    // The cache key: everything the scorecard depends on besides the data, whose version
    // is checked on every lookup. Not who asks: the scorecard is the same for every
    // member, and membership is checked before any lookup (require_member).
    auto scorecard_key = [this](const http::Request& r, Id org) {
        auto unit = query_param(r, "unit");
        auto period = period_of(r);
        followup::GenderGapRule gap_rule;
        gender_gap_rule(r, gap_rule);
        auto plan = plan_of(r);
        // The thresholds by std::to_chars (shortest exact form), not std::to_string, whose
        // printf was a few per cent of a cached answer's instructions (callgrind).
        auto number = [](double v) {
            std::array<char, 32> text{};
            auto end = std::to_chars(text.data(), text.data() + text.size(), v).ptr;
            return std::string(text.data(), end);
        };
        return std::to_string(org) + "\n" + unit + "\n" + std::to_string(period.year) + "\n" + period.point + "\n" +
               number(gap_rule.relative) + "\n" + number(gap_rule.percentage_points) + "\n" +
               (plan ? std::to_string(*plan) : "");
    };
    router_.add({"GET", "/api/v1/organisations/{org}/scorecard", "getScorecard",
                 "Goals, measure statuses, gender gaps and activity reports of a unit and everything under it",
                 "Follow-up", "", "scorecard", [this, scorecard_key](const http::Request& r, const Params& p) {
                     Id org = organisation_of(p.at("org"));
                     require_member(org);
                     auto unit = query_param(r, "unit");
                     auto period = period_of(r);
                     followup::GenderGapRule gap_rule;
                     gender_gap_rule(r, gap_rule);
                     auto plan = plan_of(r);
                     auto key = scorecard_key(r, org);
                     // The version and the data are read on one connection, version first: with a
                     // standby (docs/scale-out.md) two leases could reach different servers, and
                     // a version read on the primary must never label data read on a standby.
                     std::int64_t version = 0;
                     std::shared_ptr<const ScorecardCache::Entry> cached;
                     auto input = db_.read([&](storage::Connection& c) -> std::optional<followup::ScorecardInput> {
                         version = storage::data_version(c, org);
                         if ((cached = scorecards_.find(key, version))) return std::nullopt;
                         return storage::load_scorecard(c, org, unit, period, plan);
                     });
                     if (!input) return cached_response(*cached);
                     input->gender_gap = gap_rule;
                     auto response = json_response(200, followup::build_scorecard(*input));
                     scorecards_.store(key, version, response.body);
                     return response;
                 },
                 Access::read_records,
                 // The I/O thread's fast path: the same membership check, the version read
                 // now, and only an entry of exactly this version.
                 [this, scorecard_key](const http::Request& r, const Params&, Id org,
                                       storage::Connection& c) -> std::optional<http::Response> {
                     require_member(org);
                     auto key = scorecard_key(r, org);
                     auto cached = scorecards_.find(key, storage::data_version(c, org));
                     if (!cached) return std::nullopt;
                     return cached_response(*cached);
                 }});
    // The follow-up form saves women, men and total together: one transaction, so that a
    // refused value leaves the others unsaved too.
    router_.add({"POST", "/api/v1/organisations/{org}/outcomes/batch", "saveOutcomes",
                 "Create or replace several outcomes (those with an id are replaced): every one or none",
                 "Follow-up", "outcome", "outcome_batch", [this](const http::Request& r, const Params& p) {
                     Id org = organisation_of(p.at("org"));
                     auto body = request_json(r);
                     const auto* list = body.is_object() ? body.get_object().if_contains("outcomes") : nullptr;
                     if (list == nullptr || !list->is_array() || list->get_array().empty() || list->get_array().size() > 100) {
                         throw InputError("outcomes", {"måste vara en lista med 1–100 utfall", "must be a list of 1–100 outcomes"},
                                          "type");
                     }
                     const auto& e = entity("outcome");
                     storage::WriteGuard guard = [&e, org](storage::Connection& c, const storage::Record& rec) {
                         const auto* principal = current_principal();
                         if (principal == nullptr) throw auth::Unauthenticated();
                         auth::check_write(c, *principal, e, org, rec);
                     };
                     storage::Actor actor{r.user.empty() ? "anonymous" : r.user, r.remote_address};
                     auto saved = repo_.save_all(e, org, list->get_array(), "outcomes", actor, guard);
                     boost::json::array items;
                     for (auto& rec : saved) items.push_back(std::move(rec));
                     return json_response(200, boost::json::object{{"items", std::move(items)}});
                 },
                 Access::write_records});
}

}  // namespace styrkort::api
