#include "api/api.hpp"

#include <charconv>

#include "api/openapi.hpp"
#include "api/responses.hpp"
#include "domain/errors.hpp"
#include "domain/checks/rules.hpp"
#include "formats/economy_export.hpp"
#include "formats/findings_json.hpp"
#include "formats/plan_file.hpp"
#include "json/read.hpp"
#include "storage/record_store.hpp"

namespace styrkort::api {
namespace {

namespace json = boost::json;
using storage::Id;

constexpr const char* prefix = "/api/v1";

std::optional<Id> parse_id(const std::string& s) {
    Id id = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
    if (ec != std::errc{} || end != s.data() + s.size() || id <= 0) return std::nullopt;
    return id;
}

Id id_param(const Params& params, const std::string& name) {
    auto id = parse_id(params.at(name));
    if (!id) throw NotFound({"'" + params.at(name) + "' är inget id", "'" + params.at(name) + "' is not an id"});
    return *id;
}

json::value body_json(const http::Request& r) {
    auto type = r.header("content-type");
    if (type.find("application/json") == std::string::npos) {
        throw InputError("", {"innehållet måste vara application/json", "the body must be application/json"},
                         "unsupported_media_type");
    }
    return json_text::parse(r.body);
}

storage::Actor actor_of(const http::Request& r) {
    // Until sign-in exists a change over HTTP is made by an anonymous user; the
    // address is still recorded so that the audit log says where it came from.
    return {r.user.empty() ? "anonymous" : r.user, r.remote_address};
}

std::string camel(const std::string& snake, bool upper_first) {
    std::string out;
    bool up = upper_first;
    for (char c : snake) {
        if (c == '_' || c == '-') {
            up = true;
            continue;
        }
        out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
        up = false;
    }
    return out;
}

storage::ListQuery list_query(const Entity& e, const http::Request& r) {
    storage::ListQuery q;
    for (const auto& [name, value] : r.query) {
        if (name == "lang") continue;
        if (name == "limit" || name == "offset") {
            auto n = parse_id(value);
            if (!n && value != "0") {
                throw InputError(name, {"måste vara ett heltal ≥ 0", "must be an integer ≥ 0"}, "type");
            }
            (name == "limit" ? q.limit : q.offset) = n.value_or(0);
            continue;
        }
        const Field* f = e.field(name);
        bool filterable = f != nullptr && f->type != FieldType::text && f->type != FieldType::ref_list &&
                          f->type != FieldType::string_list && f->type != FieldType::choice_list &&
                          f->type != FieldType::integer_list && f->type != FieldType::number &&
                          f->type != FieldType::amount;
        if (!filterable) {
            throw InputError(name, {"går inte att filtrera på", "is not a filter of this list"}, "unknown_parameter");
        }
        if (f->type == FieldType::ref || f->type == FieldType::integer) {
            auto n = parse_id(value);
            if (!n) throw InputError(name, {"måste vara ett heltal", "must be an integer"}, "type");
            q.equals.emplace_back(f, *n);
        } else {
            q.equals.emplace_back(f, value);
        }
    }
    if (q.limit < 1 || q.limit > 5000) {
        throw InputError("limit", {"måste vara mellan 1 och 5000", "must be between 1 and 5000"}, "range");
    }
    return q;
}

// The plan named by {org} (id or key) and {id}, exported as a plan file.
struct ExportedPlan {
    json::value document;
    std::string key;
};

ExportedPlan export_one_plan(storage::Connection& c, const Params& p) {
    storage::RecordStore store(c);
    const auto& orgs = entity("organisation");
    auto org = parse_id(p.at("org"));
    if (!org) org = store.id_by_key(orgs, 0, std::nullopt, p.at("org"));
    auto org_rec = org ? store.find(orgs, *org, *org) : std::nullopt;
    auto plan = org_rec ? store.find(entity("plan"), *org, id_param(p, "id")) : std::nullopt;
    if (!plan) throw NotFound({"planen finns inte", "the plan does not exist"});
    std::string key(plan->at("key").as_string());
    return {formats::export_plans(c, {std::string(org_rec->at("key").as_string()), {key}}), key};
}

}  // namespace

Api::Api(storage::Database& db) : db_(db), repo_(db) {
    add_service_routes();
    for (const auto& e : entities()) add_entity_routes(e);
    add_plan_file_routes();
    add_followup_routes();
}

http::Response Api::handle(const http::Request& request) const {
    return answer(request, [&] { return router_.dispatch(request); });
}

void Api::add_entity_routes(const Entity& e) {
    bool tenant = storage::is_tenant(e);
    std::string base = tenant ? std::string(prefix) + "/organisations" : std::string(prefix) + "/organisations/{org}/" + e.collection;
    std::string item = base + (tenant ? "/{org}" : "/{id}");
    std::string Name = camel(e.name, true);
    std::string Names = camel(e.collection, true);
    // A tenant is addressed by id or key; everything else by id within the tenant.
    auto org_of = [this](const Params& p) -> Id {
        const auto& text = p.at("org");
        if (auto id = parse_id(text)) {
            if (!repo_.get(entity("organisation"), *id, *id)) {
                throw NotFound({"organisationen " + text + " finns inte", "the organisation " + text + " does not exist"});
            }
            return *id;
        }
        if (auto id = repo_.organisation_by_key(text)) return *id;
        throw NotFound({"organisationen '" + text + "' finns inte", "the organisation '" + text + "' does not exist"});
    };
    auto item_id = [tenant, org_of](const Params& p) { return tenant ? org_of(p) : id_param(p, "id"); };
    const Entity* ep = &e;

    router_.add({"GET", base, "list" + Names, "List " + e.label_en + " records", e.label_en, e.name, "list",
                 [this, ep, tenant, org_of](const http::Request& r, const Params& p) {
                     Id org = tenant ? 0 : org_of(p);
                     auto page = repo_.list(*ep, org, list_query(*ep, r));
                     json::array items;
                     for (auto& rec : page.items) items.push_back(std::move(rec));
                     return json_response(200, json::object{{"items", std::move(items)}, {"total", page.total}});
                 }});
    router_.add({"POST", base, "create" + Name, "Create a " + e.label_en, e.label_en, e.name, "create",
                 [this, ep, tenant, org_of](const http::Request& r, const Params& p) {
                     Id org = tenant ? 0 : org_of(p);
                     auto rec = repo_.create(*ep, org, body_json(r), actor_of(r));
                     return json_response(201, rec);
                 }});
    router_.add({"GET", item, "get" + Name, "Read one " + e.label_en, e.label_en, e.name, "get",
                 [this, ep, tenant, org_of, item_id](const http::Request&, const Params& p) {
                     Id org = tenant ? 0 : org_of(p);
                     Id id = item_id(p);
                     auto rec = repo_.get(*ep, org, id);
                     if (!rec) throw NotFound({ep->label_sv + " " + std::to_string(id) + " finns inte",
                                               ep->label_en + " " + std::to_string(id) + " does not exist"});
                     return json_response(200, *rec);
                 }});
    router_.add({"PUT", item, "replace" + Name, "Replace one " + e.label_en, e.label_en, e.name, "replace",
                 [this, ep, tenant, org_of, item_id](const http::Request& r, const Params& p) {
                     Id org = tenant ? 0 : org_of(p);
                     return json_response(200, repo_.replace(*ep, org, item_id(p), body_json(r), actor_of(r)));
                 }});
    router_.add({"PATCH", item, "update" + Name, "Change some fields of one " + e.label_en, e.label_en, e.name,
                 "patch", [this, ep, tenant, org_of, item_id](const http::Request& r, const Params& p) {
                     Id org = tenant ? 0 : org_of(p);
                     return json_response(200, repo_.patch(*ep, org, item_id(p), body_json(r), actor_of(r)));
                 }});
    router_.add({"DELETE", item, "delete" + Name, "Delete one " + e.label_en, e.label_en, e.name, "delete",
                 [this, ep, tenant, org_of, item_id](const http::Request& r, const Params& p) {
                     Id org = tenant ? 0 : org_of(p);
                     repo_.remove(*ep, org, item_id(p), actor_of(r));
                     http::Response res;
                     res.status = 204;
                     res.content_type.clear();
                     return res;
                 }});
}

void Api::add_plan_file_routes() {
    router_.add({"GET", std::string(prefix) + "/export", "exportPlans",
                 "Every plan in the database as a plan file (docs/plan-format.md)", "Plan file", "", "export",
                 [this](const http::Request&, const Params&) {
                     auto doc = db_.read([](storage::Connection& c) { return formats::export_plans(c, {}); });
                     return json_response(200, doc);
                 }});
    router_.add({"GET", std::string(prefix) + "/organisations/{org}/plans/{id}/export", "exportPlan",
                 "One plan with its org tree as a plan file", "Plan file", "", "export",
                 [this](const http::Request&, const Params& p) {
                     auto doc = db_.read([&](storage::Connection& c) { return export_one_plan(c, p).document; });
                     return json_response(200, doc);
                 }});
    router_.add({"GET", std::string(prefix) + "/organisations/{org}/plans/{id}/check", "checkPlan",
                 "Consistency findings for one plan (docs/checks.md)", "Plan file", "", "check",
                 [this](const http::Request& r, const Params& p) {
                     auto plan = db_.read([&](storage::Connection& c) { return export_one_plan(c, p); });
                     const auto& org = plan.document.at("organisations").at(0).as_object();
                     auto findings = checks::run_checks(org, {plan.key});
                     return json_response(200, formats::findings_json(findings, language_of(r)));
                 }});
    router_.add({"GET", std::string(prefix) + "/organisations/{org}/plans/{id}/economy", "exportEconomy",
                 "The plan's economy tables as XLSX (format=xlsx, default) or CSV (format=csv)", "Plan file", "",
                 "economy_export",
                 [this](const http::Request& r, const Params& p) {
                     auto format = r.query.count("format") ? r.query.at("format") : std::string("xlsx");
                     if (format != "xlsx" && format != "csv") {
                         throw InputError("format", {"måste vara xlsx eller csv", "must be xlsx or csv"}, "choice");
                     }
                     auto plan = db_.read([&](storage::Connection& c) { return export_one_plan(c, p); });
                     const auto& org = plan.document.at("organisations").at(0).as_object();
                     auto sheets = formats::economy_sheets(org, plan.key);
                     http::Response response;
                     bool xlsx = format == "xlsx";
                     response.content_type = xlsx ? std::string(formats::xlsx_media_type) : "text/csv; charset=utf-8";
                     response.body = xlsx ? formats::economy_xlsx(sheets) : formats::economy_csv(sheets);
                     response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + plan.key +
                                                                              "-ekonomi." + format + "\"");
                     return response;
                 }});
    router_.add({"POST", std::string(prefix) + "/import", "importPlans",
                 "Import a plan file: everything in it or nothing", "Plan file", "", "import",
                 [this](const http::Request& r, const Params&) {
                     body_json(r);  // content type and syntax first, for a 400/415 before any work
                     auto summary = db_.write([&](storage::Connection& c) {
                         return formats::import_plans(c, r.body, "", actor_of(r));
                     });
                     json::array plans;
                     for (const auto& k : summary.plans) plans.push_back(json::value(k));
                     json::object items;
                     for (const auto& [k, n] : summary.items) items[k] = n;
                     return json_response(201, json::object{{"organisations_created", summary.organisations_created},
                                                             {"units_created", summary.units_created},
                                                             {"units_updated", summary.units_updated},
                                                             {"plans", std::move(plans)},
                                                             {"items", std::move(items)}});
                 }});
}

void Api::add_service_routes() {
    router_.add({"GET", "/healthz", "health", "Liveness and database check", "Service", "", "health",
                 [this](const http::Request&, const Params&) {
                     auto version = db_.read([](storage::Connection& c) {
                         return storage::as_int(c.query("SELECT MAX(version) FROM schema_migration").at(0).at(0));
                     });
                     return json_response(200, json::object{{"status", "ok"},
                                                            {"database", db_.dialect() == storage::Dialect::sqlite ? "sqlite" : "postgresql"},
                                                            {"schema_version", version}});
                 }});
    router_.add({"GET", std::string(prefix) + "/openapi.json", "openapi", "This API described as OpenAPI 3",
                 "Service", "", "openapi", [this](const http::Request&, const Params&) {
                     return json_response(200, openapi_document(router_));
                 }});
}

}  // namespace styrkort::api
