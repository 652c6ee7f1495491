#include "api/api.hpp"

#include <charconv>
#include <memory>

#include "api/openapi.hpp"
#include "api/record_guards.hpp"
#include "api/record_version.hpp"
#include "api/workflow_guard.hpp"
#include "api/responses.hpp"
#include "domain/computed_fields.hpp"
#include "domain/errors.hpp"
#include "domain/checks/rules.hpp"
#include "formats/economy_export.hpp"
#include "formats/risk_sheets.hpp"
#include "formats/findings_json.hpp"
#include "formats/plan_file.hpp"
#include "auth/access.hpp"
#include "auth/errors.hpp"
#include "auth/identity_store.hpp"
#include "storage/record_store.hpp"
#include "storage/tenant_scope.hpp"

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

storage::Actor actor_of(const http::Request& r) {
    // Until sign-in exists a change over HTTP is made by an anonymous user; the
    // address is still recorded so that the audit log says where it came from.
    storage::Actor actor{r.user.empty() ? "anonymous" : r.user, r.remote_address, {}};
    actor.may_correct = [](storage::Connection& c, const Entity& e, Id org, const storage::Record& rec) {
        const auto* p = current_principal();
        return p != nullptr && auth::may_correct_closed_period(c, *p, e, org, rec);
    };
    return actor;
}

// A record as the API returns it: with its computed read-only fields (domain/computed_fields.hpp).
json::object shown(const Entity& e, storage::Record r) {
    add_computed_fields(e.name, r);
    return r;
}

// A request body without the computed fields a client may send back as it read them.
json::value input_of(const Entity& e, const http::Request& r) {
    auto body = request_json(r);
    drop_computed_fields(e.name, body);
    return body;
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

// An organisation is addressed by id or by key in every URL.
std::optional<Id> Api::find_organisation(const std::string& id_or_key) const {
    return db_.read([&](storage::Connection& c) { return find_organisation(c, id_or_key); });
}

std::optional<Id> Api::find_organisation(storage::Connection& c, const std::string& id_or_key) const {
    storage::RecordStore store(c);
    if (auto id = parse_id(id_or_key)) {
        if (store.find(entity("organisation"), *id, *id)) return id;
        return std::nullopt;
    }
    return store.id_by_key(entity("organisation"), 0, {}, id_or_key);
}

Id Api::organisation_of(const std::string& id_or_key) const {
    if (auto id = find_organisation(id_or_key)) return *id;
    throw NotFound({"organisationen '" + id_or_key + "' finns inte",
                    "the organisation '" + id_or_key + "' does not exist"});
}

Api::Api(storage::Database& db, auth::AuthConfig auth_config) : db_(db), repo_(db), auth_(db, auth_config) {
    if (auth_config.oidc) oidc_ = std::make_unique<auth::OidcClient>(db, *auth_config.oidc);
    add_service_routes();
    add_auth_routes();
    add_oidc_routes();
    add_mfa_routes();
    add_audit_routes();
    for (const auto& e : entities()) add_entity_routes(e);
    add_plan_file_routes();
    add_followup_routes();
    add_import_routes();
    add_workflow_routes();
    add_document_routes();
    add_authoring_routes();
    add_kolada_routes();
    add_reporting_round_routes();
    add_reminder_routes();
}


namespace {

// Who may read records of `org` that are not published: members of the organisation.
// Everyone else reads published records when the organisation allows public reading.
enum class ReadScope { everything, published };

ReadScope read_scope(storage::Database& db, Id org) {
    const auto* p = current_principal();
    if (p != nullptr && p->member_of(org)) return ReadScope::everything;
    bool open = db.read([&](storage::Connection& c) { return auth::IdentityStore(c).public_read(org); });
    if (open) return ReadScope::published;
    if (p == nullptr) throw auth::Unauthenticated();
    throw auth::Forbidden({"du har ingen roll i den här organisationen", "you hold no role in this organisation"});
}

// The write guard of a record route: the role the entity's rule names, over the
// record's unit, both for the record as stored and as it is about to be stored.
// The guard is called once on create (the new record) and delete (the stored one),
// and twice on a change (stored, then new): the workflow's rules need both at once.
enum class GuardFor { create, change, remove };
storage::WriteGuard write_guard(const Entity& e, Id org, GuardFor what = GuardFor::create) {
    auto stored = std::make_shared<std::optional<storage::Record>>();
    return [&e, org, what, stored](storage::Connection& c, const storage::Record& r) {
        const auto* p = current_principal();
        if (p == nullptr) throw auth::Unauthenticated();
        auth::check_write(c, *p, e, org, r);
        if (what == GuardFor::create) check_workflow_write(c, e, org, nullptr, &r, p);
        if (what == GuardFor::remove) check_workflow_write(c, e, org, &r, nullptr, p);
        if (what == GuardFor::change && !*stored) {
            *stored = r;
        } else if (what == GuardFor::change) {
            check_workflow_write(c, e, org, &**stored, &r, p);
        }
    };
}

// Organisations themselves: created and deleted by the installation's administrator,
// changed by an administrator of the whole organisation.
void check_tenant_write(Id org, bool create_or_delete, storage::Connection& c) {
    const auto* p = current_principal();
    if (p == nullptr) throw auth::Unauthenticated();
    if (!p->can_write) throw auth::Forbidden({"nyckeln får bara läsa", "this token may only read"}, "read_only_token");
    bool ok = create_or_delete ? p->installation_admin()
                               : auth::holds_role_over(c, *p, org, auth::Role::administrator, std::nullopt);
    if (!ok) {
        throw auth::Forbidden({"kräver administratör för hela organisationen",
                               "needs an administrator of the whole organisation"});
    }
}

}  // namespace

storage::WriteGuard record_write_guard(const Entity& e, Id org, RecordWrite what) {
    return write_guard(e, org, what == RecordWrite::create   ? GuardFor::create
                               : what == RecordWrite::change ? GuardFor::change
                                                             : GuardFor::remove);
}

storage::Actor request_actor(const http::Request& r) { return actor_of(r); }

void Api::add_entity_routes(const Entity& e) {
    bool tenant = storage::is_tenant(e);
    std::string base = tenant ? std::string(prefix) + "/organisations" : std::string(prefix) + "/organisations/{org}/" + e.collection;
    std::string item = base + (tenant ? "/{org}" : "/{id}");
    std::string Name = camel(e.name, true);
    std::string Names = camel(e.collection, true);
    // A tenant is addressed by id or key; everything else by id within the tenant.
    auto org_of = [this](const Params& p) -> Id { return organisation_of(p.at("org")); };
    auto item_id = [tenant, org_of](const Params& p) { return tenant ? org_of(p) : id_param(p, "id"); };
    const Entity* ep = &e;
    auto not_found = [ep](Id id) {
        return NotFound({ep->label_sv + " " + std::to_string(id) + " finns inte",
                         ep->label_en + " " + std::to_string(id) + " does not exist"});
    };

    router_.add({"GET", base, "list" + Names, "List " + e.label_en + " records", e.label_en, e.name, "list",
                 [this, ep, tenant, org_of](const http::Request& r, const Params& p) {
                     Id org = tenant ? 0 : org_of(p);
                     auto query = list_query(*ep, r);
                     // The list of organisations is public: names and keys only.
                     if (tenant || read_scope(db_, org) == ReadScope::everything) {
                         auto page = repo_.list(*ep, org, query);
                         json::array items;
                         for (auto& rec : page.items) items.push_back(shown(*ep, std::move(rec)));
                         return json_response(200, json::object{{"items", std::move(items)}, {"total", page.total}});
                     }
                     // Published records only, so that total counts only what this
                     // reader may see: filtered by the database where the rule can be
                     // said in SQL, else here, then paged.
                     if (auto published = auth::published_condition(*ep)) {
                         query.condition = *published;
                         auto page = repo_.list(*ep, org, query);
                         json::array items;
                         for (auto& rec : page.items) items.push_back(std::move(rec));
                         return json_response(200, json::object{{"items", std::move(items)}, {"total", page.total}});
                     }
                     // Otherwise record by record here, then paged.
                     auto wanted_offset = query.offset, wanted_limit = query.limit;
                     query.limit = 5000;
                     json::array items;
                     std::int64_t total = 0;
                     for (query.offset = 0;; query.offset += query.limit) {
                         auto page = repo_.list(*ep, org, query);
                         db_.read([&](storage::Connection& c) {
                             for (auto& rec : page.items) {
                                 if (!auth::is_published(c, *ep, org, rec)) continue;
                                 if (total >= wanted_offset && total < wanted_offset + wanted_limit) {
                                     items.push_back(shown(*ep, std::move(rec)));
                                 }
                                 ++total;
                             }
                         });
                         if (static_cast<std::int64_t>(page.items.size()) < query.limit) break;
                     }
                     return json_response(200, json::object{{"items", std::move(items)}, {"total", total}});
                 },
                 Access::read_records});
    router_.add({"POST", base, "create" + Name, "Create a " + e.label_en, e.label_en, e.name, "create",
                 [this, ep, tenant, org_of](const http::Request& r, const Params& p) {
                     Id org = tenant ? 0 : org_of(p);
                     storage::WriteGuard guard = tenant ? storage::WriteGuard([](storage::Connection& c, const storage::Record&) {
                         check_tenant_write(0, true, c);
                     })
                                                        : write_guard(*ep, org);
                     // A new organisation's first rows belong to an organisation no scope names yet
                     // (installation administrators only, the guard above).
                     std::optional<storage::SystemScope> new_tenant;
                     if (tenant) new_tenant.emplace(storage::SystemWork::organisation_lifecycle);
                     auto rec = repo_.create(*ep, org, input_of(*ep, r), actor_of(r), guard);
                     return record_response(201, shown(*ep, std::move(rec)));
                 },
                 Access::write_records});
    router_.add({"GET", item, "get" + Name, "Read one " + e.label_en, e.label_en, e.name, "get",
                 [this, ep, tenant, org_of, item_id, not_found](const http::Request&, const Params& p) {
                     Id org = tenant ? 0 : org_of(p);
                     Id id = item_id(p);
                     auto scope = tenant ? ReadScope::everything : read_scope(db_, org);
                     auto rec = repo_.get(*ep, org, id);
                     if (!rec) throw not_found(id);
                     if (scope == ReadScope::published &&
                         !db_.read([&](storage::Connection& c) { return auth::is_published(c, *ep, org, *rec); })) {
                         if (current_principal() == nullptr) throw auth::Unauthenticated();
                         throw auth::Forbidden({"posten är inte publicerad", "the record is not published"});
                     }
                     return record_response(200, shown(*ep, std::move(*rec)));
                 },
                 Access::read_records});
    auto change_guard = [ep, tenant](Id org) {
        return tenant ? storage::WriteGuard([org](storage::Connection& c, const storage::Record&) {
            check_tenant_write(org, false, c);
        })
                      : write_guard(*ep, org, GuardFor::change);
    };
    router_.add({"PUT", item, "replace" + Name, "Replace one " + e.label_en, e.label_en, e.name, "replace",
                 [this, ep, tenant, org_of, item_id, change_guard](const http::Request& r, const Params& p) {
                     Id org = tenant ? 0 : org_of(p);
                     Id id = item_id(p);
                     auto body = input_of(*ep, r);
                     auto expected = expected_version(r, &body);
                     auto guard = then_require_version(change_guard(tenant ? id : org), expected);
                     return record_response(200, shown(*ep, repo_.replace(*ep, org, id, body, actor_of(r), guard,
                                                                          expected.version)));
                 },
                 Access::write_records});
    router_.add({"PATCH", item, "update" + Name, "Change some fields of one " + e.label_en, e.label_en, e.name,
                 "patch", [this, ep, tenant, org_of, item_id, change_guard](const http::Request& r, const Params& p) {
                     Id org = tenant ? 0 : org_of(p);
                     Id id = item_id(p);
                     auto body = input_of(*ep, r);
                     auto expected = expected_version(r, &body);
                     auto guard = then_require_version(change_guard(tenant ? id : org), expected);
                     return record_response(200, shown(*ep, repo_.patch(*ep, org, id, body, actor_of(r), guard,
                                                                        expected.version)));
                 },
                 Access::write_records});
    router_.add({"DELETE", item, "delete" + Name, "Delete one " + e.label_en, e.label_en, e.name, "delete",
                 [this, ep, tenant, org_of, item_id](const http::Request& r, const Params& p) {
                     Id org = tenant ? 0 : org_of(p);
                     Id id = item_id(p);
                     storage::WriteGuard guard =
                         tenant ? storage::WriteGuard([id](storage::Connection& c, const storage::Record&) {
                             check_tenant_write(id, true, c);
                         })
                                : write_guard(*ep, org, GuardFor::remove);
                     auto expected = expected_version(r, nullptr);
                     // Deleting an organisation removes every row it has (installation administrators only).
                     std::optional<storage::SystemScope> whole_tenant;
                     if (tenant) whole_tenant.emplace(storage::SystemWork::organisation_lifecycle);
                     repo_.remove(*ep, org, id, actor_of(r), then_require_version(guard, expected), expected.version);
                     http::Response res;
                     res.status = 204;
                     res.content_type.clear();
                     return res;
                 },
                 Access::write_records});
}

void Api::check_plan_readable(const Params& p) const {
    auto org = org_of(p);
    if (!org) throw NotFound({"organisationen finns inte", "the organisation does not exist"});
    if (read_scope(db_, *org) == ReadScope::everything) return;
    auto plan = repo_.get(entity("plan"), *org, id_param(p, "id"));
    if (!plan) throw NotFound({"planen finns inte", "the plan does not exist"});
    if (!db_.read([&](storage::Connection& c) { return auth::is_published(c, entity("plan"), *org, *plan); })) {
        if (current_principal() == nullptr) throw auth::Unauthenticated();
        throw auth::Forbidden({"planen är inte publicerad", "the plan is not published"});
    }
}

void Api::add_plan_file_routes() {
    router_.add({"GET", std::string(prefix) + "/export", "exportPlans",
                 "Every plan in the database as a plan file (docs/plan-format.md)", "Plan file", "", "export",
                 [this](const http::Request&, const Params&) {
                     // Installation administrators only (the gate): every organisation's plans.
                     storage::SystemScope scope(storage::SystemWork::installation);
                     auto doc = db_.read([](storage::Connection& c) { return formats::export_plans(c, {}); });
                     return json_response(200, doc);
                 },
                 Access::installation_admin});
    router_.add({"GET", std::string(prefix) + "/organisations/{org}/plans/{id}/export", "exportPlan",
                 "One plan with its org tree as a plan file", "Plan file", "", "export",
                 [this](const http::Request&, const Params& p) {
                     check_plan_readable(p);
                     auto doc = db_.read([&](storage::Connection& c) { return export_one_plan(c, p).document; });
                     return json_response(200, doc);
                 },
                 Access::read_records});
    router_.add({"GET", std::string(prefix) + "/organisations/{org}/plans/{id}/check", "checkPlan",
                 "Consistency findings for one plan (docs/checks.md)", "Plan file", "", "check",
                 [this](const http::Request& r, const Params& p) {
                     check_plan_readable(p);
                     auto plan = db_.read([&](storage::Connection& c) { return export_one_plan(c, p); });
                     const auto& org = plan.document.at("organisations").at(0).as_object();
                     auto findings = checks::run_checks(org, {plan.key});
                     return json_response(200, formats::findings_json(findings, language_of(r)));
                 },
                 Access::read_records});
    // Tables of a plan as spreadsheets: the economy (Bilagor 1–6) and the risk register
    // with the internal control plan (docs/risk.md).
    struct TableExport {
        const char* path;
        const char* operation;
        const char* summary;
        const char* kind;
        const char* file_suffix;
        std::vector<formats::Sheet> (*sheets)(const json::object&, const std::string&);
    };
    for (const TableExport& t :
         {TableExport{"economy", "exportEconomy", "The plan's economy tables as XLSX (format=xlsx, default) or CSV (format=csv)",
                      "economy_export", "-ekonomi.", formats::economy_sheets},
          TableExport{"risks", "exportRisks",
                      "The plan's risk register, risk matrix and internal control plan as XLSX (format=xlsx, default) or CSV "
                      "(format=csv)",
                      "risk_export", "-risker.", formats::risk_sheets}}) {
        router_.add({"GET", std::string(prefix) + "/organisations/{org}/plans/{id}/" + t.path, t.operation, t.summary,
                     "Plan file", "", t.kind,
                     [this, t](const http::Request& r, const Params& p) {
                         auto format = r.query.count("format") ? r.query.at("format") : std::string("xlsx");
                         if (format != "xlsx" && format != "csv") {
                             throw InputError("format", {"måste vara xlsx eller csv", "must be xlsx or csv"}, "choice");
                         }
                         check_plan_readable(p);
                         auto plan = db_.read([&](storage::Connection& c) { return export_one_plan(c, p); });
                         const auto& org = plan.document.at("organisations").at(0).as_object();
                         auto sheets = t.sheets(org, plan.key);
                         http::Response response;
                         bool xlsx = format == "xlsx";
                         response.content_type = xlsx ? std::string(formats::xlsx_media_type) : "text/csv; charset=utf-8";
                         response.body = xlsx ? formats::economy_xlsx(sheets) : formats::economy_csv(sheets);
                         response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + plan.key +
                                                                                  t.file_suffix + format + "\"");
                         return response;
                     },
                     Access::read_records});
    }
    router_.add({"POST", std::string(prefix) + "/import", "importPlans",
                 "Import a plan file: everything in it or nothing", "Plan file", "", "import",
                 [this](const http::Request& r, const Params&) {
                     request_json(r);  // content type and syntax first, for a 400/415 before any work
                     // Installation administrators only (the gate): the file names its organisations.
                     storage::SystemScope scope(storage::SystemWork::installation);
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
                 },
                 Access::installation_admin});
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
                 },
                 Access::open});
    router_.add({"GET", std::string(prefix) + "/openapi.json", "openapi", "This API described as OpenAPI 3",
                 "Service", "", "openapi", [this](const http::Request&, const Params&) {
                     return json_response(200, openapi_document(router_));
                 },
                 Access::open});
}

}  // namespace styrkort::api
