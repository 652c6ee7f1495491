// Follow-up routes beyond CRUD: the scorecard (docs/followup.md).
#include <algorithm>
#include <charconv>
#include <sstream>

#include "api/api.hpp"
#include "api/responses.hpp"
#include "domain/errors.hpp"
#include "domain/schema.hpp"
#include "formats/outcome_csv.hpp"
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

}  // namespace

storage::Id Api::organisation_of(const std::string& text) const {
    Id id = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec == std::errc{} && end == text.data() + text.size() && id > 0) {
        if (repo_.get(entity("organisation"), id, id)) return id;
    } else if (auto found = repo_.organisation_by_key(text)) {
        return *found;
    }
    throw NotFound({"organisationen '" + text + "' finns inte", "the organisation '" + text + "' does not exist"});
}

void Api::add_followup_routes() {
    router_.add({"GET", "/api/v1/organisations/{org}/scorecard", "getScorecard",
                 "Goals, measure statuses, gender gaps and activity reports of a unit and everything under it",
                 "Follow-up", "", "scorecard", [this](const http::Request& r, const Params& p) {
                     Id org = organisation_of(p.at("org"));
                     auto unit = query_param(r, "unit");
                     auto period = period_of(r);
                     auto input = db_.read([&](storage::Connection& c) {
                         return storage::load_scorecard(c, org, unit, period);
                     });
                     return json_response(200, followup::build_scorecard(input));
                 }});
    router_.add({"POST", "/api/v1/organisations/{org}/outcomes/import", "importOutcomes",
                 "Import outcomes from CSV (text/csv, docs/followup.md): every row or none", "Follow-up", "",
                 "import_outcomes", [this](const http::Request& r, const Params& p) {
                     if (r.header("content-type").find("text/csv") == std::string::npos) {
                         throw InputError("", {"innehållet måste vara text/csv", "the body must be text/csv"},
                                          "unsupported_media_type");
                     }
                     Id org = organisation_of(p.at("org"));
                     std::istringstream body(r.body);
                     auto summary = db_.write([&](storage::Connection& c) {
                         return formats::import_outcomes(c, org, body, "CSV", {r.user.empty() ? "anonymous" : r.user,
                                                                                  r.remote_address});
                     });
                     return json_response(201, boost::json::object{{"rows", summary.rows}});
                 }});
}

}  // namespace styrkort::api
