// Audit completeness: every route that changes something, taken from the route table,
// is called once as a signed-in user, and must leave exactly the audit rows expected
// of it, naming that user and address. A changing route this test does not know fails
// it, so that a new route comes with its audit expectation.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "auth/mfa_service.hpp"
#include "auth/totp.hpp"
#include "identity_support.hpp"
#include "storage/reminder_store.hpp"
#include "storage/workflow_store.hpp"

namespace styrkort::testing {
namespace {

constexpr const char* password = "Revision-av-loggen-2026";

struct Row {
    std::string actor, remote, action, entity;
    std::optional<Id> entity_id;
};

std::vector<Row> rows_after(storage::Database& db, Id last) {
    return db.read([&](storage::Connection& c) {
        std::vector<Row> out;
        for (const auto& r : c.query("SELECT actor, remote, action, entity, entity_id FROM audit_log WHERE id > ? ORDER BY id", {last})) {
            out.push_back({storage::as_text(r[0]), storage::is_null(r[1]) ? "" : storage::as_text(r[1]), storage::as_text(r[2]),
                           storage::as_text(r[3]), storage::is_null(r[4]) ? std::nullopt : std::optional<Id>(storage::as_int(r[4]))});
        }
        return out;
    });
}

Id last_id(storage::Database& db) {
    return db.read([](storage::Connection& c) {
        auto v = c.query("SELECT MAX(id) FROM audit_log").at(0).at(0);
        return storage::is_null(v) ? Id{0} : storage::as_int(v);
    });
}

class AuditCompletenessTest : public ::testing::TestWithParam<Backend> {};

TEST_P(AuditCompletenessTest, EveryChangingRouteWritesExactlyItsAuditRows) {
    RunningServer s(GetParam());
    make_user(s, "revisor", password, {{0, auth::Role::administrator, std::nullopt}});
    auto token = make_token(s, "revisor");
    HeaderList as_revisor{{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
    auto& db = s.database();
    int n = 0;
    for (const auto& route : s.api().router().routes()) {
        if (route.method == "GET") continue;
        SCOPED_TRACE(route.method + " " + route.pattern);
        auto suffix = "a" + std::to_string(++n);
        auto expect_one = [&](Id before, const std::string& action, const std::string& entity_name, std::optional<Id> id) {
            auto rows = rows_after(db, before);
            ASSERT_EQ(rows.size(), 1u);
            EXPECT_EQ(rows[0].actor, "revisor");
            EXPECT_EQ(rows[0].remote, "127.0.0.1");
            EXPECT_EQ(rows[0].action, action);
            EXPECT_EQ(rows[0].entity, entity_name);
            if (id) {
                EXPECT_EQ(rows[0].entity_id, id);
            }
        };
        if (!route.entity.empty()) {
            const auto& e = entity(route.entity);
            auto chain = create_chain(s, e.name, 0, suffix);
            Id org = chain.ids.at("organisation");
            Id id = chain.ids.at(e.name);
            auto before = last_id(db);
            if (route.kind == "create") {
                auto ids = chain.ids;
                auto r = s.anonymous_request("POST", collection_url(e, org), json::serialize(minimal_body(e, ids, suffix + "b")), as_revisor);
                ASSERT_EQ(r.status, 201) << r.body;
                expect_one(before, "create", e.name, parse_json(r.body).at("id").as_int64());
            } else if (route.kind == "replace" || route.kind == "patch") {
                json::object body = route.kind == "replace" ? chain.bodies.at(e.name) : json::object{};
                body[changeable_field(e).name] = "Granskad";
                auto r = s.anonymous_request(route.method, item_url(e, org, id), json::serialize(body), as_revisor);
                ASSERT_EQ(r.status, 200) << r.body;
                expect_one(before, "update", e.name, id);
            } else if (route.kind == "outcome_batch") {
                // Outcomes saved together: one audit row per outcome, as if saved one by one.
                auto created = minimal_body(e, chain.ids, suffix + "b");
                created["year"] = 2031;
                json::object replaced = chain.bodies.at(e.name);
                replaced["id"] = id;
                replaced["value"] = 42;
                auto url = collection_url(e, org) + "/batch";
                auto r = s.anonymous_request("POST", url, json::serialize(json::object{{"outcomes", json::array{created, replaced}}}), as_revisor);
                ASSERT_EQ(r.status, 200) << r.body;
                auto rows = rows_after(db, before);
                ASSERT_EQ(rows.size(), 2u);
                EXPECT_EQ(rows[0].action, "create");
                EXPECT_EQ(rows[1].action, "update");
                EXPECT_EQ(rows[1].entity_id, id);
                for (const auto& row : rows) EXPECT_EQ(row.actor, "revisor");
            } else if (route.kind == "delete") {
                auto r = s.anonymous_request("DELETE", item_url(e, org, id), "", as_revisor);
                ASSERT_EQ(r.status, 204) << r.body;
                expect_one(before, "delete", e.name, id);
            } else {
                ADD_FAILURE() << "a changing route with no audit expectation";
            }
        } else if (route.kind == "import") {
            auto before = last_id(db);
            auto r = s.anonymous_request("POST", route.pattern, read_text_file(data_file("norrbotten-2025-2027.json")), as_revisor);
            ASSERT_EQ(r.status, 201) << r.body;
            auto rows = rows_after(db, before);
            ASSERT_GT(rows.size(), 10u);
            for (const auto& row : rows) {
                EXPECT_EQ(row.actor, "revisor");
                EXPECT_EQ(row.action, "import");
            }
        } else if (route.kind == "import_outcomes") {
            // A bulk import of outcomes is one audited change, whatever its size.
            auto chain = create_chain(s, "measure", 0, suffix);
            auto csv = "measure_id;år;tillfälle;värde\n" + std::to_string(chain.ids.at("measure")) +
                       ";2025;DÅ 04;12,5\n" + std::to_string(chain.ids.at("measure")) + ";2025;DÅ 08;13,5\n";
            auto before = last_id(db);
            auto url = "/api/v1/organisations/" + std::to_string(chain.ids.at("organisation")) + "/outcomes/import";
            auto r = s.anonymous_request("POST", url, csv,
                                         {{"Authorization", "Bearer " + token}, {"Content-Type", "text/csv"}});
            ASSERT_EQ(r.status, 201) << r.body;
            expect_one(before, "import", "outcome", std::nullopt);
        } else if (route.kind == "import_job_start") {
            // The same import as a job: one audit record too, written when the job has run.
            auto chain = create_chain(s, "measure", 0, suffix);
            auto csv = "measure_id;år;tillfälle;värde\n" + std::to_string(chain.ids.at("measure")) + ";2025;DÅ 04;12,5\n";
            auto before = last_id(db);
            auto url = "/api/v1/organisations/" + std::to_string(chain.ids.at("organisation")) + "/outcomes/import-jobs";
            HeaderList h{{"Authorization", "Bearer " + token}, {"Content-Type", "text/csv"}};
            auto r = s.anonymous_request("POST", url, csv, h);
            ASSERT_EQ(r.status, 202) << r.body;
            std::string state;
            for (int i = 0; i < 2000 && state != "succeeded" && state != "failed"; ++i) {
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
                state = parse_json(s.anonymous_request("GET", r.header("Location"), "", h).body).at("state").as_string();
            }
            ASSERT_EQ(state, "succeeded");
            expect_one(before, "import", "outcome", std::nullopt);
        } else if (route.kind.rfind("report_", 0) == 0 || route.kind.rfind("plan_", 0) == 0 || route.kind == "new_version") {
            // The workflow (docs/workflow.md): each transition is one audited change of the
            // report or plan; the item is put in the state the action needs, submitted by
            // someone else, on a root unit (the whole organisation is the level above).
            auto chain = create_chain(s, "unit", 0, suffix);
            Id org = chain.ids.at("organisation");
            Id unit = chain.ids.at("unit");
            auto at = route.kind.find('_');
            std::optional<workflow::Action> action;
            if (at != std::string::npos) action = workflow::parse_action(route.kind.substr(at + 1));
            auto state = !action ? workflow::State::approved
                         : *action == workflow::Action::submit ? workflow::State::draft
                         : *action == workflow::Action::reopen ? workflow::State::returned
                                                               : workflow::State::submitted;
            std::string url = route.pattern;
            url.replace(url.find("{org}"), 5, std::to_string(org));
            bool returning = action.has_value() && *action == workflow::Action::send_back;
            std::string body = returning ? R"({"comment": "Komplettera analysen"})" : "";
            Id id = 0;
            if (route.kind == "report_create") {
                body = json::serialize(json::object{{"unit_id", unit}, {"year", 2025}, {"point", "da04"}});
            } else if (route.kind.rfind("report_", 0) == 0) {
                id = db.write([&](storage::Connection& c) {
                    return storage::WorkflowStore(c).put_report(org, unit, 2025, "da04", state, "någon").id;
                });
            } else {
                auto plan = minimal_body(entity("plan"), chain.ids, suffix);
                plan["status"] = workflow::state_name(state);
                id = create(s, entity("plan"), org, plan).at("id").as_int64();
            }
            // Approving a new version also carries the previous version's follow-up:
            // a second record, one for the whole batch (docs/workflow.md).
            bool carries = route.kind == "plan_approve";
            if (carries) {
                auto previous = minimal_body(entity("plan"), chain.ids, suffix + "p");
                previous["status"] = "approved";
                Id previous_id = create(s, entity("plan"), org, previous).at("id").as_int64();
                db.write([&](storage::Connection& c) {
                    storage::WorkflowStore(c).save_plan_version(org, {.plan = id, .number = 2, .previous = previous_id});
                });
            }
            if (id != 0) url.replace(url.find("{id}"), 4, std::to_string(id));
            auto before = last_id(db);
            auto r = s.anonymous_request("POST", url, body, as_revisor);
            ASSERT_EQ(r.status / 100, 2) << r.body;
            auto answer = parse_json(r.body);
            if (route.kind == "report_create") {
                expect_one(before, "create", "followup_report", answer.at("id").as_int64());
            } else if (route.kind == "new_version") {
                expect_one(before, "new_version", "plan", answer.at("plan").at("id").as_int64());
            } else if (carries) {
                auto rows = rows_after(db, before);
                ASSERT_EQ(rows.size(), 2u);
                EXPECT_EQ(rows[0].action, "approve");
                EXPECT_EQ(rows[1].action, "carry_followup");
                for (const auto& row : rows) {
                    EXPECT_EQ(row.actor, "revisor");
                    EXPECT_EQ(row.remote, "127.0.0.1");
                    EXPECT_EQ(row.entity, "plan");
                    EXPECT_EQ(row.entity_id, id);
                }
            } else {
                expect_one(before, workflow::action_name(*action),
                           route.kind.rfind("report_", 0) == 0 ? "followup_report" : "plan", id);
            }
        } else if (route.kind == "batch") {
            // Every change of a batch is audited as the single route would (docs/authoring.md).
            auto chain = create_chain(s, "plan", 0, suffix);
            Id org = chain.ids.at("organisation");
            auto goal = minimal_body(entity("goal"), chain.ids, suffix);
            json::array changes{json::object{{"action", "create"}, {"collection", "goals"}, {"ref", "g"}, {"record", goal}},
                                json::object{{"action", "update"}, {"collection", "goals"}, {"id", {{"$ref", "g"}}},
                                             {"record", {{"text", "Ändrat i samma omgång"}}}}};
            auto before = last_id(db);
            auto r = s.anonymous_request("POST", "/api/v1/organisations/" + std::to_string(org) + "/batch",
                                         json::serialize(json::object{{"changes", changes}}), as_revisor);
            ASSERT_EQ(r.status, 200) << r.body;
            auto rows = rows_after(db, before);
            ASSERT_EQ(rows.size(), 2u);
            EXPECT_EQ(rows[0].action, "create");
            EXPECT_EQ(rows[1].action, "update");
            for (const auto& row : rows) {
                EXPECT_EQ(row.actor, "revisor");
                EXPECT_EQ(row.entity, "goal");
            }
        } else if (route.kind.rfind("comment_", 0) == 0) {
            auto chain = create_chain(s, "plan", 0, suffix);
            auto url = "/api/v1/organisations/" + std::to_string(chain.ids.at("organisation")) + "/plans/" +
                       std::to_string(chain.ids.at("plan")) + "/comments";
            auto start = json::serialize(json::object{{"entity", "plan"}, {"item_id", chain.ids.at("plan")}, {"body", "Granskat"}});
            Id before = last_id(db);
            if (route.kind == "comment_create") {
                auto r = s.anonymous_request("POST", url, start, as_revisor);
                ASSERT_EQ(r.status, 201) << r.body;
                expect_one(before, "comment", "plan_comment", parse_json(r.body).at("id").as_int64());
            } else if (route.kind == "comment_edit" || route.kind == "comment_delete") {
                Id comment = parse_json(s.anonymous_request("POST", url, start, as_revisor).body).at("id").as_int64();
                before = last_id(db);
                bool edit = route.kind == "comment_edit";
                auto r = s.anonymous_request(edit ? "PATCH" : "DELETE", url + "/" + std::to_string(comment),
                                             edit ? json::serialize(json::object{{"body", "Ändrad"}}) : "", as_revisor);
                ASSERT_EQ(r.status, edit ? 200 : 204) << r.body;
                expect_one(before, edit ? "edit" : "delete", "plan_comment", comment);
            } else {
                Id thread = parse_json(s.anonymous_request("POST", url, start, as_revisor).body).at("id").as_int64();
                bool reopen = route.kind == "comment_reopen";
                if (reopen) s.anonymous_request("POST", url + "/" + std::to_string(thread) + "/resolve", "", as_revisor);
                before = last_id(db);
                auto r = s.anonymous_request("POST", url + "/" + std::to_string(thread) + (reopen ? "/reopen" : "/resolve"), "",
                                             as_revisor);
                ASSERT_EQ(r.status, 200) << r.body;
                expect_one(before, reopen ? "reopen" : "resolve", "plan_comment", thread);
            }
        } else if (route.kind == "kolada_link_put" || route.kind == "kolada_link_delete") {
            // A measure linked to a KPI of the imported catalogue (docs/kolada.md).
            auto chain = create_chain(s, "measure", 0, suffix);
            Id org = chain.ids.at("organisation");
            Id measure = chain.ids.at("measure");
            db.write([&](storage::Connection& c) {
                c.execute("INSERT INTO kolada_kpi (org_id, id, title) VALUES (?, 'N00945', 'Testnyckeltal')", {org});
            });
            auto url = "/api/v1/organisations/" + std::to_string(org) + "/measures/" + std::to_string(measure) + "/kolada-link";
            bool put = route.kind == "kolada_link_put";
            if (!put) ASSERT_EQ(s.anonymous_request("PUT", url, R"({"kpi": "N00945"})", as_revisor).status, 200);
            Id before = last_id(db);
            auto r = s.anonymous_request(route.method, url, put ? R"({"kpi": "N00945"})" : "", as_revisor);
            ASSERT_EQ(r.status, put ? 200 : 204) << r.body;
            expect_one(before, put ? "create" : "delete", "measure_kolada_link", measure);
        } else if (route.kind == "period_open" || route.kind == "period_close") {
            // Opening and closing a reporting period: one audit row each (docs/reporting-round.md);
            // closing is forced, as whatever the chain's units owe is not reported.
            auto chain = create_chain(s, "reporting_period", 0, suffix);
            Id id = chain.ids.at("reporting_period");
            auto url = "/api/v1/organisations/" + std::to_string(chain.ids.at("organisation")) + "/reporting-periods/" +
                       std::to_string(id) + (route.kind == "period_open" ? "/open" : "/close");
            auto before = last_id(db);
            auto body = route.kind == "period_open" ? std::string("{}") : std::string(R"({"force": true})");
            auto r = s.anonymous_request("POST", url, body, as_revisor);
            ASSERT_EQ(r.status, 200) << r.body;
            auto rows = rows_after(db, before);
            ASSERT_EQ(rows.size(), 1u);
            EXPECT_EQ(rows[0].actor, "revisor");
            EXPECT_EQ(rows[0].entity, "reporting_period");
            EXPECT_EQ(rows[0].entity_id, id);
            if (route.kind == "period_open") {
                EXPECT_EQ(rows[0].action, "open");
            } else {
                EXPECT_TRUE(rows[0].action == "close" || rows[0].action == "force_close") << rows[0].action;
            }
        } else if (route.kind == "login") {
            auto before = last_id(db);
            ASSERT_EQ(login(s, "revisor", password).login_response.status, 200);
            expect_one(before, "login", "user", std::nullopt);
        } else if (route.kind == "logout") {
            auto session = login(s, "revisor", password);
            auto before = last_id(db);
            ASSERT_EQ(s.anonymous_request("POST", route.pattern, "", session_headers(session)).status, 204);
            expect_one(before, "logout", "user", std::nullopt);
        } else if (route.kind == "password") {
            auto session = login(s, "revisor", password);
            auto before = last_id(db);
            auto h = session_headers(session);
            h.emplace_back("Content-Type", "application/json");
            auto body = json::object{{"current_password", password}, {"new_password", "Granskning-pågår-2027"}};
            ASSERT_EQ(s.anonymous_request("POST", route.pattern, json::serialize(body), h).status, 200);
            expect_one(before, "password_change", "user", std::nullopt);
            body = json::object{{"current_password", "Granskning-pågår-2027"}, {"new_password", password}};
            auto back = login(s, "revisor", "Granskning-pågår-2027");
            auto h2 = session_headers(back);
            h2.emplace_back("Content-Type", "application/json");
            ASSERT_EQ(s.anonymous_request("POST", route.pattern, json::serialize(body), h2).status, 200);
        } else if (route.kind == "session_revoke") {
            // Ending one of one's own sessions (ASVS 7.5.2): one row naming the session.
            login(s, "revisor", password);
            auto asking = login(s, "revisor", password);
            auto list = s.anonymous_request("GET", "/api/v1/auth/sessions", "", session_headers(asking));
            ASSERT_EQ(list.status, 200) << list.body;
            std::optional<Id> other;
            auto listed = parse_json(list.body);
            for (const auto& item : listed.at("items").as_array()) {
                if (!item.at("current").as_bool()) other = item.at("id").as_int64();
            }
            ASSERT_TRUE(other.has_value()) << list.body;
            auto before = last_id(db);
            auto url = "/api/v1/auth/sessions/" + std::to_string(*other);
            ASSERT_EQ(s.anonymous_request("DELETE", url, "", as_revisor).status, 204);
            expect_one(before, "revoke_session", "user", std::nullopt);
        } else if (route.kind.rfind("mfa_", 0) == 0) {
            // The second factor (docs/security.md): each change one row; the secret and
            // codes themselves never in it. Steps before `before` set the stage; TOTP is
            // turned off again after, so that the other sign-ins here need no code.
            auto session = login(s, "revisor", password);
            auto h = session_headers(session);
            h.emplace_back("Content-Type", "application/json");
            auto enrol = [&](bool confirm) {
                auto begun = s.anonymous_request("POST", "/api/v1/auth/mfa/totp", "{}", h);
                EXPECT_EQ(begun.status, 200) << begun.body;
                auto key = *auth::base32_decode(std::string(parse_json(begun.body).at("secret").as_string()));
                if (confirm) {
                    auto code = auth::totp(key, auth::unix_now());
                    auto r = s.anonymous_request("POST", "/api/v1/auth/mfa/totp/confirm", json::serialize(json::object{{"code", code}}), h);
                    EXPECT_EQ(r.status, 200) << r.body;
                }
                return key;
            };
            auto turn_off = [&] {
                auto r = s.anonymous_request("POST", "/api/v1/auth/mfa/totp/disable", json::serialize(json::object{{"password", password}}), h);
                EXPECT_EQ(r.status, 204) << r.body;
            };
            auto with_password = json::serialize(json::object{{"password", password}});
            if (route.kind == "mfa_enrol") {
                auto before = last_id(db);
                ASSERT_EQ(s.anonymous_request("POST", route.pattern, "{}", h).status, 200);
                expect_one(before, "totp_enrolment_begun", "user", std::nullopt);
            } else if (route.kind == "mfa_confirm") {
                auto key = enrol(false);
                auto before = last_id(db);
                auto body = json::serialize(json::object{{"code", auth::totp(key, auth::unix_now())}});
                ASSERT_EQ(s.anonymous_request("POST", route.pattern, body, h).status, 200);
                expect_one(before, "totp_enabled", "user", std::nullopt);
                turn_off();
            } else if (route.kind == "mfa_disable") {
                enrol(true);
                auto before = last_id(db);
                ASSERT_EQ(s.anonymous_request("POST", route.pattern, with_password, h).status, 204);
                expect_one(before, "totp_disabled", "user", std::nullopt);
            } else if (route.kind == "mfa_recovery_codes") {
                enrol(true);
                auto before = last_id(db);
                ASSERT_EQ(s.anonymous_request("POST", route.pattern, with_password, h).status, 200);
                expect_one(before, "recovery_codes_replaced", "user", std::nullopt);
                turn_off();
            } else if (route.kind == "mfa_login") {
                auto key = enrol(true);
                auto first = login(s, "revisor", password);
                ASSERT_EQ(first.login_response.status, 202);
                auto challenge = std::string(parse_json(first.login_response.body).at("mfa_challenge").as_string());
                auto step = db.read([&](storage::Connection& c) {
                    return storage::as_int(c.query("SELECT last_step FROM user_totp").at(0).at(0));
                });
                auto body = json::serialize(json::object{{"mfa_challenge", challenge},
                                                         {"code", auth::hotp(key, static_cast<std::uint64_t>(step + 1))}});
                auto before = last_id(db);
                auto r = s.anonymous_request("POST", route.pattern, body, {{"Content-Type", "application/json"}});
                ASSERT_EQ(r.status, 200) << r.body;
                expect_one(before, "login", "user", std::nullopt);
                turn_off();
            } else if (route.kind == "mfa_reset") {
                auto chain = create_chain(s, "organisation", 0, suffix);
                Id org = chain.ids.at("organisation");
                Id user = make_user(s, "tappad-" + suffix, password, {{org, auth::Role::reader, std::nullopt}});
                auto before = last_id(db);
                auto url = "/api/v1/organisations/" + std::to_string(org) + "/users/" + std::to_string(user) + "/mfa/reset";
                auto r = s.anonymous_request("POST", url, "{}", as_revisor);
                ASSERT_EQ(r.status, 200) << r.body;
                expect_one(before, "totp_reset", "user", user);
            } else {
                ADD_FAILURE() << "a changing route of the second factor with no audit expectation";
            }
        } else if (route.kind == "my_settings") {
            // Reminders (docs/reporting-round.md): one's own e-mail settings.
            auto before = last_id(db);
            auto r = s.anonymous_request("POST", route.pattern, R"({"email": "revisor@granskning.example"})", as_revisor);
            ASSERT_EQ(r.status, 200) << r.body;
            expect_one(before, "update_settings", "user", parse_json(r.body).at("user_id").as_int64());
        } else if (route.kind == "user_email") {
            auto chain = create_chain(s, "organisation", 0, suffix);
            Id org = chain.ids.at("organisation");
            Id user = make_user(s, "epost-" + suffix, password, {{org, auth::Role::reader, std::nullopt}});
            auto before = last_id(db);
            auto url = "/api/v1/organisations/" + std::to_string(org) + "/users/" + std::to_string(user) + "/email";
            auto r = s.anonymous_request("POST", url, R"({"email": "epost@granskning.example"})", as_revisor);
            ASSERT_EQ(r.status, 200) << r.body;
            expect_one(before, "update_email", "user", user);
        } else if (route.kind == "unsubscribe") {
            // The link's secret is the credential: the actor is named by it, not by a sign-in.
            Id user = make_user(s, "avsluta-" + suffix, password, {{0, auth::Role::reader, std::nullopt}});
            db.write([&](storage::Connection& c) { storage::ReminderStore(c).unsubscribe_token(user, "nyckel-" + suffix); });
            auto before = last_id(db);
            auto r = s.anonymous_request("POST", route.pattern, R"({"token": "nyckel-)" + suffix + R"("})",
                                         {{"Content-Type", "application/json"}});
            ASSERT_EQ(r.status, 200) << r.body;
            auto rows = rows_after(db, before);
            ASSERT_EQ(rows.size(), 1u);
            EXPECT_EQ(rows[0].actor, "unsubscribe-link:avsluta-" + suffix);
            EXPECT_EQ(rows[0].remote, "127.0.0.1");
            EXPECT_EQ(rows[0].action, "unsubscribe");
            EXPECT_EQ(rows[0].entity, "user");
            EXPECT_EQ(rows[0].entity_id, user);
        } else {
            ADD_FAILURE() << "a changing route with no audit expectation";
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditCompletenessTest, backends(), backend_name);

}  // namespace
}  // namespace styrkort::testing
