#include "api_test_support.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "storage/clock.hpp"
#include "auth/identity_store.hpp"
#include "auth/service.hpp"
#include "storage/record_store.hpp"

#include <strings.h>
#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>

namespace styrkort::testing {

std::string data_file(const std::string& name) { return std::string(STYRKORT_SOURCE_DIR) + "/data/" + name; }

std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// --- RunningServer ------------------------------------------------------------------

RunningServer::RunningServer(Backend backend, http::ServerConfig config, auth::AuthConfig auth_config)
    : test_db_(std::make_unique<TestDatabase>(backend)),
      database_(test_db_->open()),
      api_(std::make_unique<api::Api>(*database_, std::move(auth_config))),
      statuses_(std::make_unique<OpenApiStatusCheck>(api_->router())) {
    source_ = test_db_.get();
    start(std::move(config));
}

RunningServer::RunningServer(const TestDatabase& shared)
    : source_(&shared),
      database_(shared.open()),
      api_(std::make_unique<api::Api>(*database_)),
      statuses_(std::make_unique<OpenApiStatusCheck>(api_->router())) {
    start({});
}

void RunningServer::start(http::ServerConfig config) {
    auth::ensure_initial_admin(*database_, test_admin_password);
    admin_token_ = database_->write([](storage::Connection& c) {
        auth::IdentityStore store(c);
        auto admin = store.user_by_name("admin");
        return store.create_token(*admin, "tests", "write", utc_iso_from_now(std::chrono::hours(24))).secret;
    });
    config.address = "127.0.0.1";
    config.port = 0;
    config.default_headers = api::security_headers(false);
    if (config.worker_threads == http::ServerConfig{}.worker_threads) config.worker_threads = 2;  // unless a test asks
    const api::Api* api = api_.get();
    // As `styrkort serve`: cached answers on the I/O thread (api/fast_path.cpp).
    config.fast_handler = [api](const http::Request& r) { return api->answer_at_once(r); };
    server_ = std::make_unique<http::Server>(config, [api](const http::Request& r) { return api->handle(r); });
    server_->listen();
    thread_ = std::thread([this] { server_->run(false); });
}

RunningServer::~RunningServer() {
    server_->stop();
    thread_.join();
    server_.reset();
}

HttpResponse RunningServer::request(const std::string& method, const std::string& target, const std::string& body,
                                    const HeaderList& headers) {
    bool own_credentials = std::any_of(headers.begin(), headers.end(), [](const auto& h) {
        return strcasecmp(h.first.c_str(), "authorization") == 0 || strcasecmp(h.first.c_str(), "cookie") == 0;
    });
    HeaderList with = headers;
    if (!own_credentials) with.emplace_back("Authorization", "Bearer " + admin_token_);
    return anonymous_request(method, target, body, with);
}

HttpResponse RunningServer::anonymous_request(const std::string& method, const std::string& target,
                                              const std::string& body, const HeaderList& headers) {
    auto response = HttpClient(server_->port()).request(method, target, body, headers);
    if (auto problem = statuses_->undeclared(method, target, response.status)) ADD_FAILURE() << *problem;
    return response;
}

HttpResponse RunningServer::send_json_text(const std::string& method, const std::string& target,
                                           const std::string& body, HeaderList headers) {
    headers.emplace_back("Content-Type", "application/json");
    return request(method, target, body, headers);
}

HttpResponse RunningServer::send_json(const std::string& method, const std::string& target, const json::value& body) {
    return send_json_text(method, target, json::serialize(body));
}

// --- URLs ---------------------------------------------------------------------------

std::string collection_url(const Entity& e, const std::string& org) {
    if (storage::is_tenant(e)) return "/api/v1/organisations";
    return "/api/v1/organisations/" + org + "/" + e.collection;
}

std::string item_url(const Entity& e, const std::string& org, Id id) {
    if (storage::is_tenant(e)) return "/api/v1/organisations/" + std::to_string(id);
    return collection_url(e, org) + "/" + std::to_string(id);
}

// --- JSON ---------------------------------------------------------------------------

json::value parse_json(const std::string& text) {
    boost::system::error_code ec;
    auto v = json::parse(text, ec);
    if (ec) throw std::runtime_error("not JSON (" + ec.message() + "): " + text.substr(0, 500));
    return v;
}

json::object error_of(const HttpResponse& r) {
    auto v = parse_json(r.body);
    if (!v.is_object() || !v.as_object().contains("error") || !v.at("error").is_object()) return {};
    return v.at("error").as_object();
}

// --- Records ------------------------------------------------------------------------

json::object minimal_body(const Entity& e, const std::map<std::string, Id>& ids, const std::string& suffix) {
    // Records identified by fields rather than a key (a reporting period's year and
    // point, a control result's control point, year and point) must differ between all
    // records a test creates: each such record of an entity takes the next combination
    // of its integer (year) and choice (point) identity fields.
    static std::mutex serials_mutex;
    static std::map<std::string, long long> serials;
    long long serial = 0;
    if (!e.unique_fields.empty()) {
        std::lock_guard lock(serials_mutex);
        serial = serials[e.name]++;
    }
    auto identity = [&](const Field& f) {
        return std::find(e.unique_fields.begin(), e.unique_fields.end(), f.name) != e.unique_fields.end();
    };
    long long year_range = 1;
    for (const auto& f : e.fields) {
        if (f.required && f.type == FieldType::integer && identity(f)) year_range = *f.max - *f.min + 1;
    }
    json::object body;
    for (const auto& f : e.fields) {
        if (!f.required) continue;
        switch (f.type) {
            case FieldType::key: {
                std::string key = e.name + "-" + suffix;
                std::replace(key.begin(), key.end(), '_', '-');
                body[f.name] = key;
                break;
            }
            case FieldType::string:
            case FieldType::text: body[f.name] = "Test " + e.label_sv + " " + suffix; break;
            case FieldType::integer:
                body[f.name] = identity(f) ? *f.min + serial % year_range : *f.min;
                break;
            case FieldType::number: body[f.name] = 1.5; break;
            case FieldType::amount: body[f.name] = 1000; break;
            case FieldType::date: body[f.name] = "2025-01-01"; break;
            case FieldType::choice:
                body[f.name] = identity(f) ? f.choices.at((serial / year_range) % f.choices.size()) : f.choices.front();
                break;
            case FieldType::ref: body[f.name] = ids.at(f.target); break;
            default: throw std::logic_error("no minimal value for required field " + f.name);
        }
    }
    // The one cross-field rule a minimal record must satisfy: a target has a value.
    if (e.name == "target") body["value"] = 87.3;
    // A risk action points to the one thing of its kind (docs/risk.md).
    if (e.name == "risk_action") body["activity_id"] = ids.at("activity");
    return body;
}

const Field& changeable_field(const Entity& e) {
    for (const auto& f : e.fields) {
        // An outcome's age group and municipality are breakdowns that the minimal measure
        // does not declare: changing them is refused (docs/followup.md).
        if (e.name == "outcome" && (f.name == "age_group" || f.name == "municipality")) continue;
        if (f.type == FieldType::string || f.type == FieldType::text) return f;
    }
    throw std::logic_error(e.name + " has no text field");
}

json::object create(RunningServer& server, const Entity& e, Id org, const json::object& body) {
    auto r = server.send_json("POST", collection_url(e, org), body);
    if (r.status != 201) {
        throw std::runtime_error("creating " + e.name + " answered " + std::to_string(r.status) + ": " + r.body);
    }
    return parse_json(r.body).as_object();
}

Chain create_chain(RunningServer& server, const std::string& last, Id org, const std::string& suffix) {
    Chain chain;
    if (org == 0 || last == "organisation") {
        const auto& e = entity("organisation");
        auto body = minimal_body(e, {}, suffix);
        org = create(server, e, 0, body).at("id").as_int64();
        chain.bodies[e.name] = std::move(body);
    }
    chain.ids["organisation"] = org;
    if (last == "organisation") return chain;
    for (const auto& e : entities()) {
        if (storage::is_tenant(e)) continue;
        auto body = minimal_body(e, chain.ids, suffix);
        chain.ids[e.name] = create(server, e, org, body).at("id").as_int64();
        chain.bodies[e.name] = std::move(body);
        if (e.name == last) return chain;
    }
    throw std::logic_error("no entity " + last);
}

// --- The database -------------------------------------------------------------------

namespace {

std::string text_of(const storage::SqlValue& v) {
    if (storage::is_null(v)) return "NULL";
    if (std::holds_alternative<std::int64_t>(v)) return std::to_string(std::get<std::int64_t>(v));
    if (std::holds_alternative<double>(v)) {
        std::ostringstream out;
        out.precision(17);
        out << std::get<double>(v);
        return out.str();
    }
    return json::serialize(json::value(std::get<std::string>(v)));
}

std::vector<std::string> tables() {
    std::vector<std::string> out;
    for (const auto& e : entities()) {
        out.push_back(e.table);
        for (const auto& f : e.fields) {
            if (f.type == FieldType::ref_list) out.push_back(e.link_table(f));
        }
    }
    out.push_back("audit_log");
    return out;
}

}  // namespace

std::string dump_database(storage::Database& db) {
    return db.read([](storage::Connection& c) {
        std::string out;
        for (const auto& table : tables()) {
            bool has_id = table != "activity_goals";
            auto rows = c.query("SELECT * FROM " + table + (has_id ? " ORDER BY id" : " ORDER BY org_id, owner_id, position"));
            out += table + " (" + std::to_string(rows.size()) + " rows)\n";
            for (const auto& row : rows) {
                for (const auto& v : row) out += text_of(v) + " | ";
                out += "\n";
            }
        }
        return out;
    });
}

::testing::AssertionResult same_database(const std::string& before, const std::string& after) {
    if (before == after) return ::testing::AssertionSuccess();
    std::istringstream a(before);
    std::istringstream b(after);
    std::string line_a;
    std::string line_b;
    std::string table;
    for (int line = 1;; ++line) {
        bool more_a = static_cast<bool>(std::getline(a, line_a));
        bool more_b = static_cast<bool>(std::getline(b, line_b));
        if (!more_a && !more_b) return ::testing::AssertionFailure() << "the dumps differ in line endings only";
        if (!more_a) line_a = "(end)";
        if (!more_b) line_b = "(end)";
        if (line_a != line_b) {
            return ::testing::AssertionFailure() << "the database changed; first difference at dump line " << line
                                                 << " (table " << table << "):\n  before: " << line_a
                                                 << "\n  after:  " << line_b;
        }
        if (line_a.find(" rows)") != std::string::npos) table = line_a.substr(0, line_a.find(' '));
    }
}

std::vector<AuditRow> audit_rows(storage::Database& db) {
    return db.read([](storage::Connection& c) {
        std::vector<AuditRow> out;
        for (const auto& row : c.query("SELECT org_id, action, entity, entity_id FROM audit_log WHERE org_id <> 0 ORDER BY id")) {
            AuditRow a;
            a.org_id = storage::as_int(row[0]);
            a.action = storage::as_text(row[1]);
            a.entity = storage::as_text(row[2]);
            if (!storage::is_null(row[3])) a.entity_id = storage::as_int(row[3]);
            out.push_back(std::move(a));
        }
        return out;
    });
}

std::int64_t count_rows(storage::Database& db, const std::string& table) {
    return db.read([&](storage::Connection& c) { return storage::as_int(c.query("SELECT COUNT(*) FROM " + table).at(0).at(0)); });
}

std::string backend_label(Backend b) { return b == Backend::sqlite ? "SQLite" : "PostgreSQL"; }

}  // namespace styrkort::testing
