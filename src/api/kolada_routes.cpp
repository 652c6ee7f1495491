// Kolada's public KPI data over the API (docs/kolada.md): the search of the imported
// KPI catalogue, a measure's link to a KPI, and the comparison of the linked measure
// with the nation, the regions and a municipality group. Members of the organisation
// read them (the comparison sets the region's own, possibly unapproved, outcomes beside
// the public figures, as the scorecard does); whoever may change the measure links it.
#include <charconv>

#include "api/api.hpp"
#include "api/record_guards.hpp"
#include "api/record_version.hpp"
#include "api/responses.hpp"
#include "auth/access.hpp"
#include "auth/errors.hpp"
#include "domain/errors.hpp"
#include "domain/schema.hpp"
#include "storage/kolada_store.hpp"
#include "storage/record_store.hpp"

namespace styrkort::api {
namespace {

namespace json = boost::json;

Id measure_param(const Params& p) {
    const auto& s = p.at("id");
    Id id = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
    if (ec != std::errc{} || end != s.data() + s.size() || id <= 0) {
        throw NotFound({"'" + s + "' är inget id", "'" + s + "' is not an id"});
    }
    return id;
}

void require_member(Id org) {
    const auto* principal = current_principal();
    if (principal == nullptr) throw auth::Unauthenticated();
    if (!principal->member_of(org)) {
        throw auth::Forbidden({"du har ingen roll i den här organisationen", "you hold no role in this organisation"});
    }
}

// The measure as stored, and the check that the caller may change it (NotFound first).
void check_may_change_measure(storage::Connection& c, Id org, Id measure) {
    const auto& e = entity("measure");
    auto record = storage::RecordStore(c).find(e, org, measure);
    if (!record) throw NotFound({"måttet finns inte", "the measure does not exist"});
    const auto* principal = current_principal();
    if (principal == nullptr) throw auth::Unauthenticated();
    auth::check_write(c, *principal, e, org, *record);
}

json::object link_json(const storage::kolada::Link& l) {
    return {{"measure_id", l.measure_id},
            {"kpi", l.kpi},
            {"municipality", l.municipality},
            {"group", l.group ? json::value(*l.group) : json::value(nullptr)},
            {"row_version", l.row_version}};
}

// A stale or missing version of an existing link: 409 or 428, as for every record.
void check_version(const ExpectedVersion& expected, const std::optional<storage::kolada::Link>& current) {
    if (!current) return;
    if (expected.missing) {
        throw InputError("If-Match",
                         {"saknas: skicka den row_version du läste (If-Match), så att ingen annans ändring skrivs över",
                          "missing: send the row_version you read (If-Match) so that no one else's change is overwritten"},
                         "version_required");
    }
    if (expected.version && *expected.version != current->row_version) {
        throw Conflict({"kopplingen har ändrats sedan du läste den (version " + std::to_string(current->row_version) + ")",
                        "the link has changed since you read it (version " + std::to_string(current->row_version) + ")"});
    }
}

std::optional<std::string> optional_string(const json::object& body, const char* name) {
    const auto* v = body.if_contains(name);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (!v->is_string() || v->get_string().empty()) {
        throw InputError(name, {"måste vara en text", "must be a string"}, "type");
    }
    return std::string(v->get_string());
}

}  // namespace

void Api::add_kolada_routes() {
    const std::string org_base = "/api/v1/organisations/{org}";
    router_.add({"GET", org_base + "/kolada/kpis", "searchKoladaKpis",
                 "Search the imported Kolada KPI catalogue by id or title (q, limit)", "Kolada", "", "kolada_kpi_search",
                 [this](const http::Request& r, const Params& p) {
                     Id org = organisation_of(p.at("org"));
                     require_member(org);
                     std::string q;
                     int limit = 50;
                     for (const auto& [name, value] : r.query) {
                         if (name == "lang") continue;
                         if (name == "q") {
                             q = value;
                         } else if (name == "limit") {
                             auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), limit);
                             if (ec != std::errc{} || end != value.data() + value.size() || limit < 1 || limit > 500) {
                                 throw InputError("limit", {"måste vara ett tal 1–500", "must be a number 1–500"}, "type");
                             }
                         } else {
                             throw InputError(name, {"är ingen parameter här (q, limit)", "is not a parameter here (q, limit)"},
                                              "unknown_parameter");
                         }
                     }
                     auto found = db_.read([&](storage::Connection& c) { return storage::kolada::search_kpis(c, org, q, limit); });
                     json::array items;
                     for (const auto& k : found) {
                         items.push_back(json::object{
                             {"id", k.id},
                             {"title", k.title},
                             {"description", k.description ? json::value(*k.description) : json::value(nullptr)},
                             {"operating_area", k.operating_area ? json::value(*k.operating_area) : json::value(nullptr)},
                             {"divided_by_gender", k.divided_by_gender}});
                     }
                     return json_response(200, json::object{{"items", std::move(items)}, {"source", "Källa: Kolada"}});
                 },
                 Access::read_records});
    const std::string link = org_base + "/measures/{id}/kolada-link";
    router_.add({"GET", link, "getMeasureKoladaLink", "The Kolada KPI a measure is linked to", "Kolada", "",
                 "kolada_link_get",
                 [this](const http::Request&, const Params& p) {
                     Id org = organisation_of(p.at("org"));
                     require_member(org);
                     Id measure = measure_param(p);
                     auto found = db_.read([&](storage::Connection& c) { return storage::kolada::find_link(c, org, measure); });
                     if (!found) throw NotFound({"måttet är inte kopplat till Kolada", "the measure is not linked to Kolada"});
                     return record_response(200, link_json(*found));
                 },
                 Access::read_records});
    router_.add({"PUT", link, "putMeasureKoladaLink",
                 "Link a measure to a Kolada KPI ({kpi, municipality, group}); a changed link needs the version read",
                 "Kolada", "", "kolada_link_put",
                 [this](const http::Request& r, const Params& p) {
                     Id org = organisation_of(p.at("org"));
                     Id measure = measure_param(p);
                     auto body_value = request_json(r);
                     if (!body_value.is_object()) throw InputError("", {"måste vara ett objekt", "must be an object"}, "type");
                     const auto& body = body_value.get_object();
                     for (const auto& [k, v] : body) {
                         std::string n(k);
                         if (n != "kpi" && n != "municipality" && n != "group" && n != "row_version") {
                             throw InputError(n, {"är inget fält i en koppling (kpi, municipality, group, row_version)",
                                                  "is not a field of a link (kpi, municipality, group, row_version)"},
                                              "unknown_field");
                         }
                     }
                     auto kpi = optional_string(body, "kpi");
                     if (!kpi) throw InputError("kpi", {"krävs", "is required"}, "required");
                     auto municipality = optional_string(body, "municipality").value_or("0025");
                     auto group = optional_string(body, "group");
                     auto expected = expected_version(r, &body_value);
                     auto saved = db_.write([&](storage::Connection& c) {
                         check_may_change_measure(c, org, measure);
                         auto current = storage::kolada::find_link(c, org, measure);
                         check_version(expected, current);
                         return storage::kolada::set_link(c, org, measure, *kpi, municipality, group, request_actor(r));
                     });
                     return record_response(200, link_json(saved));
                 },
                 Access::write_records});
    router_.add({"DELETE", link, "deleteMeasureKoladaLink", "Unlink a measure from its Kolada KPI (the version read)",
                 "Kolada", "", "kolada_link_delete",
                 [this](const http::Request& r, const Params& p) {
                     Id org = organisation_of(p.at("org"));
                     Id measure = measure_param(p);
                     auto expected = expected_version(r, nullptr);
                     db_.write([&](storage::Connection& c) {
                         check_may_change_measure(c, org, measure);
                         auto current = storage::kolada::find_link(c, org, measure);
                         if (!current) throw NotFound({"måttet är inte kopplat till Kolada", "the measure is not linked to Kolada"});
                         check_version(expected, current);
                         storage::kolada::remove_link(c, org, measure, request_actor(r));
                     });
                     http::Response res;
                     res.status = 204;
                     return res;
                 },
                 Access::write_records});
    router_.add({"GET", org_base + "/measures/{id}/kolada-comparison", "getMeasureKoladaComparison",
                 "The linked measure beside the nation, the regions and a municipality group, per sex (group overrides the link's)",
                 "Kolada", "", "kolada_comparison",
                 [this](const http::Request& r, const Params& p) {
                     Id org = organisation_of(p.at("org"));
                     require_member(org);
                     Id measure = measure_param(p);
                     std::optional<std::string> group;
                     for (const auto& [name, value] : r.query) {
                         if (name == "lang") continue;
                         if (name != "group") {
                             throw InputError(name, {"är ingen parameter här (group)", "is not a parameter here (group)"},
                                              "unknown_parameter");
                         }
                         group = value;
                     }
                     auto doc = db_.read([&](storage::Connection& c) {
                         if (storage::RecordStore(c).find(entity("measure"), org, measure) == std::nullopt) {
                             throw NotFound({"måttet finns inte", "the measure does not exist"});
                         }
                         return storage::kolada::comparison(c, org, measure, group);
                     });
                     return json_response(200, doc);
                 },
                 Access::read_records});
}

}  // namespace styrkort::api
