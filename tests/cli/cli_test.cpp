// The styrkort command line, run as a separate process (the built binary,
// STYRKORT_BINARY) on a real database: SQLite and PostgreSQL (--postgres), with the
// shipped plan data. Exit status, standard output and standard error are what is
// checked, as a script calling styrkort would see them.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "auth/crypto.hpp"
#include "auth/errors.hpp"
#include "auth/mfa_store.hpp"
#include "auth/service.hpp"

#include "json/write.hpp"
#include "process.hpp"
#include "support/test_database.hpp"

namespace styrkort::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

const std::string data_dir = std::string(STYRKORT_SOURCE_DIR) + "/data";
const std::string shipped_file = data_dir + "/norrbotten-2025-2027.json";

// Every shipped plan file, in name order, and the key of the one plan each holds.
std::vector<std::pair<std::string, std::string>> shipped_plans() {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& entry : fs::directory_iterator(data_dir)) {
        if (entry.path().extension() != ".json") continue;
        auto doc = json::parse(read_text(entry.path().string()));
        const auto& plans = doc.at("organisations").at(0).at("plans").as_array();
        if (plans.size() != 1) throw std::runtime_error(entry.path().string() + " should hold exactly one plan");
        out.emplace_back(entry.path().string(), std::string(plans.at(0).at("key").as_string()));
    }
    std::sort(out.begin(), out.end());
    return out;
}

using Result = ProcessResult;

class CliTest : public ProcessTest {
protected:
    // styrkort <args> --db|--postgres <the test database>
    Result run(std::vector<std::string> args, const TestDatabase* db = nullptr) {
        for (const auto& a : (db ? db : db_.get())->cli_args()) args.push_back(a);
        return run_styrkort(args, dir_);
    }
    Result run_ok(std::vector<std::string> args, const TestDatabase* db = nullptr) {
        auto r = run(std::move(args), db);
        EXPECT_EQ(r.status, 0) << describe(r);
        return r;
    }
    std::string export_all(const TestDatabase* db = nullptr) {
        return run_ok({"export", "plan", "--all", "--format", "json"}, db).out;
    }
    std::string file(const std::string& name) const { return dir_ + "/" + name; }

    json::value run_json(std::vector<std::string> args) {
        auto r = run_ok(std::move(args));
        return json::parse(r.out);
    }
};

TEST_P(CliTest, ImportThenExportAllRoundTripsByteForByte) {
    ASSERT_FALSE(shipped_plans().empty());
    for (const auto& [path, key] : shipped_plans()) {
        auto r = run_ok({"import", path});
        EXPECT_NE(r.out.find(key), std::string::npos) << r.out;
    }
    auto first = export_all();
    ASSERT_FALSE(first.empty());
    write_text(file("all.json"), first);

    TestDatabase empty(GetParam());
    run_ok({"import", file("all.json")}, &empty);
    EXPECT_EQ(export_all(&empty), first);
}

TEST_P(CliTest, ExportOfEachPlanIsItsShippedFile) {
    // All shipped plans in one database: each plan's export is still its own file.
    for (const auto& [path, key] : shipped_plans()) run_ok({"import", path});
    for (const auto& [path, key] : shipped_plans()) {
        auto r = run_ok({"export", "plan", key});
        EXPECT_TRUE(r.out == read_text(path)) << "the export of " << key << " differs from " << path;
    }
    run_ok({"export", "plan", "rs-plan-2025-2027", "--org", "region-norrbotten", "--output", file("one.json")});
    EXPECT_TRUE(read_text(file("one.json")) == read_text(shipped_file));
}

TEST_P(CliTest, BrokenPlanFileExitsWith2NamingFileLineAndPathAndChangesNothing) {
    // Something already stored, to see that it stays as it is.
    run_ok({"create", "organisations", "--json", R"({"key": "annan-region", "name": "Annan region", "kind": "region"})"});
    auto before = export_all();

    // The shipped file with one value broken deep inside: the 41st activity's level.
    auto doc = json::parse(read_text(shipped_file));
    doc.at("organisations").at(0).at("plans").at(0).at("activities").at(40).as_object()["level"] = "galaxy";
    auto broken = json_text::pretty(doc);
    auto at = broken.find("\"level\": \"galaxy\"");
    ASSERT_NE(at, std::string::npos);
    int line = 1 + static_cast<int>(std::count(broken.begin(), broken.begin() + static_cast<long>(at), '\n'));
    write_text(file("broken.json"), broken);

    auto r = run({"import", file("broken.json")});
    EXPECT_EQ(r.status, 2) << describe(r);
    const std::string where = file("broken.json") + ":" + std::to_string(line) +
                              ": organisations[0].plans[0].activities[40].level: ";
    EXPECT_EQ(r.err.rfind(where, 0), 0u) << "expected to start with " << where << "\n" << describe(r);
    EXPECT_NE(r.err.find("måste vara en av board, division, area, unit"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_EQ(export_all(), before);
}

TEST_P(CliTest, MalformedPlanFileExitsWith2NamingTheLine) {
    write_text(file("bad.json"), "{\n  \"format\": \"styrkort-plan\",\n  \"format_version\": 1,,\n}\n");
    auto before = export_all();
    auto r = run({"import", file("bad.json")});
    EXPECT_EQ(r.status, 2) << describe(r);
    EXPECT_EQ(r.err.rfind(file("bad.json") + ":3: ", 0), 0u) << describe(r);
    EXPECT_EQ(export_all(), before);
}

TEST_P(CliTest, GoalsCreateGetListUpdateDelete) {
    run_ok({"import", shipped_file});
    const std::vector<std::string> org{"--org", "region-norrbotten"};
    auto with_org = [&](std::vector<std::string> args) {
        args.insert(args.end(), org.begin(), org.end());
        return args;
    };
    // The shipped plan is approved and so frozen (docs/workflow.md): goals are added to a new version.
    auto plans = run_json(with_org({"list", "plans", "--key", "rs-plan-2025-2027"}));
    ASSERT_EQ(plans.at("total"), 1) << plans;
    auto shipped = std::to_string(plans.at("items").at(0).at("id").as_int64());
    auto frozen = run(with_org({"create", "goals", "--json", R"({"plan_id": )" + shipped + R"(, "key": "cli-goal", "text": "Mål"})"}));
    EXPECT_EQ(frozen.status, 2) << describe(frozen);
    EXPECT_NE(frozen.err.find("rs-plan-2025-2027"), std::string::npos) << describe(frozen);
    auto version = run_json(with_org({"plan", "new-version", "rs-plan-2025-2027"}));
    EXPECT_EQ(version.at("plan").at("key"), "rs-plan-2025-2027-v2");
    auto plan = version.at("plan").at("id").as_int64();
    auto goals_before = run_json(with_org({"list", "goals", "--plan_id", std::to_string(plan)})).at("total").as_int64();

    auto created = run_json(with_org({"create", "goals", "--json",
                                      R"({"plan_id": )" + std::to_string(plan) + R"(, "key": "cli-goal", "text": "Mål från kommandoraden"})"}));
    auto id = std::to_string(created.at("id").as_int64());
    EXPECT_EQ(created.at("text"), "Mål från kommandoraden");

    auto got = run_json(with_org({"get", "goals", id}));
    EXPECT_EQ(got, created);

    auto listed = run_json(with_org({"list", "goals", "--plan_id", std::to_string(plan)}));
    EXPECT_EQ(listed.at("total").as_int64(), goals_before + 1);
    auto by_key = run_json(with_org({"list", "goals", "--key", "cli-goal"}));
    ASSERT_EQ(by_key.at("total"), 1);
    EXPECT_EQ(by_key.at("items").at(0), created);

    write_text(file("patch.json"), R"({"text": "Ändrat mål"})");
    auto updated = run_json(with_org({"update", "goals", id, "--file", file("patch.json")}));
    EXPECT_EQ(updated.at("text"), "Ändrat mål");
    EXPECT_EQ(updated.at("key"), "cli-goal");
    EXPECT_EQ(run_json(with_org({"get", "goals", id})).at("text"), "Ändrat mål");

    auto deleted = run_ok(with_org({"delete", "goals", id}));
    EXPECT_TRUE(deleted.out.empty()) << deleted.out;
    auto gone = run(with_org({"get", "goals", id}));
    EXPECT_EQ(gone.status, 2) << describe(gone);
    EXPECT_NE(gone.err.find("finns inte"), std::string::npos) << gone.err;
}

TEST_P(CliTest, PlanVersionsAreComparedSubmittedAndNeverApprovedByTheirSubmitter) {
    run_ok({"import", shipped_file});
    auto with_org = [](std::vector<std::string> args) {
        args.insert(args.end(), {"--org", "region-norrbotten"});
        return args;
    };
    auto version = run_json(with_org({"plan", "new-version", "rs-plan-2025-2027", "--key", "rs-plan-2025-2027-rev"}));
    auto plan = std::to_string(version.at("plan").at("id").as_int64());
    EXPECT_EQ(version.at("version").at("number"), 2);
    run_ok(with_org({"create", "goals", "--json", R"({"plan_id": )" + plan + R"(, "key": "goal-10", "text": "Ett tionde mål"})"}));
    auto diff = run_json(with_org({"plan", "compare", "rs-plan-2025-2027", "--with", "rs-plan-2025-2027-rev"}));
    EXPECT_EQ(diff.at("summary").at("added"), 1) << diff;
    EXPECT_EQ(diff.at("collections").at("goals").at("added").at(0).at("key"), "goal-10") << diff;
    EXPECT_EQ(run_json(with_org({"plan", "submit", "rs-plan-2025-2027-rev"})).at("plan").at("status"), "submitted");
    auto own = run(with_org({"plan", "approve", "rs-plan-2025-2027-rev"}));
    EXPECT_EQ(own.status, 2) << describe(own);
    EXPECT_NE(own.err.find("själv"), std::string::npos) << describe(own);
    auto bare = run(with_org({"plan", "return", "rs-plan-2025-2027-rev"}));
    EXPECT_EQ(bare.status, 2) << describe(bare);
    EXPECT_EQ(run_json(with_org({"plan", "withdraw", "rs-plan-2025-2027-rev"})).at("plan").at("status"), "draft");
    auto versions = run_json(with_org({"plan", "versions", "rs-plan-2025-2027-rev"}));
    EXPECT_EQ(versions.at("items").as_array().size(), 2u) << versions;
    auto unknown = run(with_org({"plan", "publish", "rs-plan-2025-2027"}));
    EXPECT_EQ(unknown.status, 2) << describe(unknown);
}

TEST_P(CliTest, UserAddRoleTokenAndResetPassword) {
    run_ok({"import", shipped_file});
    auto added = run_ok({"user", "add", "anna", "--name", "Anna Andersson", "--org", "region-norrbotten"});
    const std::string marker = "engångslösenord (visas bara nu): ";  // the tests run in a Swedish locale
    auto at = added.err.find(marker);
    ASSERT_NE(at, std::string::npos) << describe(added);
    auto password = added.err.substr(at + marker.size());
    password = password.substr(0, password.find('\n'));
    auto db = db_->open();
    auto hash = db->read([](storage::Connection& c) {
        return storage::as_text(c.query("SELECT password_hash FROM app_user WHERE username = 'anna'").at(0).at(0));
    });
    EXPECT_TRUE(auth::verify_password(hash, password));
    EXPECT_EQ(hash.find(password), std::string::npos);

    EXPECT_EQ(run({"user", "add", "anna"}).status, 2);                     // exists
    EXPECT_EQ(run({"user", "add", "bertil", "--password-stdin"}).status, 2);  // empty password: refused
    run_ok({"user", "role", "anna", "grant", "planner", "--org", "region-norrbotten", "--unit", "regionstyrelsen"});
    EXPECT_EQ(run({"user", "role", "anna", "grant", "chef", "--org", "region-norrbotten"}).status, 2);
    auto listed = run_ok({"user", "list"});
    EXPECT_NE(listed.out.find("anna\tAnna Andersson"), std::string::npos) << listed.out;
    EXPECT_NE(listed.out.find("planner@"), std::string::npos) << listed.out;

    auto token = run_ok({"user", "token", "anna", "--scope", "write", "--days", "7"}).out;
    token = token.substr(0, token.find('\n'));
    EXPECT_EQ(token.rfind("sk_", 0), 0u) << token;
    auto stored = db->read([&](storage::Connection& c) {
        return storage::as_int(c.query("SELECT COUNT(*) FROM api_token WHERE token_hash = ?", {auth::secret_digest(token)}).at(0).at(0));
    });
    EXPECT_EQ(stored, 1);
    auto tokens = run_ok({"user", "token", "anna", "--list"}).out;
    EXPECT_EQ(tokens.find(token), std::string::npos) << "a listed token shows its secret";
    auto token_id = tokens.substr(0, tokens.find('\t'));
    run_ok({"user", "token", "anna", "--revoke", token_id});
    EXPECT_NE(run_ok({"user", "token", "anna", "--list"}).out.find("revoked"), std::string::npos);

    auto reset = run_ok({"user", "reset-password", "anna"});
    EXPECT_NE(reset.err.find(marker), std::string::npos);
    auto new_hash = db->read([](storage::Connection& c) {
        return storage::as_text(c.query("SELECT password_hash FROM app_user WHERE username = 'anna'").at(0).at(0));
    });
    EXPECT_FALSE(auth::verify_password(new_hash, password));
    auto audited = db->read([](storage::Connection& c) {
        return storage::as_int(c.query("SELECT COUNT(*) FROM audit_log WHERE entity = 'user' AND actor LIKE 'cli:%'").at(0).at(0));
    });
    EXPECT_EQ(audited, 5);  // add, grant, token, revoke, reset
}

// ASVS 7.4.2: disabling a user ends their sessions and API tokens at once, audited;
// enabling lets them sign in anew but brings no old session or token back.
TEST_P(CliTest, UserDisableEndsSessionsAndTokensAtOnceAndEnableLetsTheUserSignInAgain) {
    run_ok({"import", shipped_file});
    auto added = run_ok({"user", "add", "anna", "--org", "region-norrbotten"});
    const std::string marker = "engångslösenord (visas bara nu): ";
    auto at = added.err.find(marker);
    ASSERT_NE(at, std::string::npos) << describe(added);
    auto password = added.err.substr(at + marker.size());
    password = password.substr(0, password.find('\n'));
    auto token = run_ok({"user", "token", "anna", "--scope", "write"}).out;
    token = token.substr(0, token.find('\n'));
    auto db = db_->open();
    auth::AuthService service(*db, auth::AuthConfig{});
    auto session = service.login("anna", password, "192.0.2.7").session_secret;
    ASSERT_TRUE(service.from_session(session).has_value());
    ASSERT_TRUE(service.from_token(token).has_value());

    auto disabled = run_ok({"user", "disable", "anna"});
    EXPECT_NE(disabled.out.find("avstängd: anna"), std::string::npos) << describe(disabled);
    EXPECT_FALSE(service.from_session(session).has_value()) << "a disabled user's session still works";
    EXPECT_FALSE(service.from_token(token).has_value()) << "a disabled user's token still works";
    EXPECT_THROW(service.login("anna", password, "192.0.2.7"), auth::Unauthenticated);
    auto open = db->read([](storage::Connection& c) {
        return storage::as_int(c.query("SELECT (SELECT COUNT(*) FROM user_session s JOIN app_user u ON u.id = s.user_id "
                                       "WHERE u.username = 'anna' AND s.revoked_at IS NULL) + (SELECT COUNT(*) FROM "
                                       "api_token t JOIN app_user u ON u.id = t.user_id WHERE u.username = 'anna' AND "
                                       "t.revoked_at IS NULL)")
                                   .at(0)
                                   .at(0));
    });
    EXPECT_EQ(open, 0) << "sessions and tokens are revoked, not only refused";
    EXPECT_NE(run_ok({"user", "list"}).out.find("disabled"), std::string::npos);

    run_ok({"user", "enable", "anna"});
    EXPECT_FALSE(service.from_session(session).has_value()) << "enabling brought an old session back";
    EXPECT_FALSE(service.from_token(token).has_value()) << "enabling brought an old token back";
    EXPECT_TRUE(service.from_session(service.login("anna", password, "192.0.2.7").session_secret).has_value());

    auto actions = db->read([](storage::Connection& c) {
        std::string out;
        for (const auto& r : c.query("SELECT action FROM audit_log WHERE action IN ('disable_user', 'enable_user') "
                                     "AND actor LIKE 'cli:%' ORDER BY id")) {
            out += storage::as_text(r[0]) + " ";
        }
        return out;
    });
    EXPECT_EQ(actions, "disable_user enable_user ");
    EXPECT_EQ(run({"user", "disable", "ingen-sådan"}).status, 2);
    EXPECT_EQ(run({"user", "disable"}).status, 2);
}

// Two-step verification (docs/security.md): the operator removes a user's TOTP (a lost
// phone) and requires TOTP of an organisation's administrators; both audited, and the
// requirement survives a change of the organisation's other setting (public-read).
TEST_P(CliTest, MfaResetRemovesTheSecondFactorAndMfaRequiredIsKept) {
    run_ok({"import", shipped_file});
    run_ok({"user", "add", "anna", "--org", "region-norrbotten"});
    auto db = db_->open();
    db->write([](storage::Connection& c) {
        auto user = auth::IdentityStore(c).user_by_name("anna");
        auth::MfaStore store(c);
        store.put_pending_totp(*user, auth::seal_secret(auth::random_bytes(20), ""));
        store.confirm_totp(user->id, 1);
        store.replace_recovery_codes(*user, {auth::hash_password("abcdefghij")});
    });
    auto reset = run_ok({"user", "mfa-reset", "anna"});
    EXPECT_NE(reset.out.find("tvåstegsverifieringen är borttagen för anna"), std::string::npos) << describe(reset);
    auto left = db->read([](storage::Connection& c) {
        return storage::as_int(c.query("SELECT (SELECT COUNT(*) FROM user_totp) + (SELECT COUNT(*) FROM user_recovery_code)").at(0).at(0));
    });
    EXPECT_EQ(left, 0);
    EXPECT_NE(run_ok({"user", "mfa-reset", "anna"}).out.find("ingen tvåstegsverifiering fanns"), std::string::npos);
    EXPECT_EQ(run({"user", "mfa-reset", "ingen-sådan"}).status, 2);

    run_ok({"mfa-required", "region-norrbotten", "on"});
    run_ok({"public-read", "region-norrbotten", "off"});
    auto org = db->read([](storage::Connection& c) {
        return storage::as_int(c.query("SELECT id FROM organisation WHERE key = 'region-norrbotten'").at(0).at(0));
    });
    db->read([&](storage::Connection& c) {
        EXPECT_TRUE(auth::MfaStore(c).admin_mfa_required(org));
        EXPECT_FALSE(auth::IdentityStore(c).public_read(org));
    });
    run_ok({"mfa-required", "installation", "on"});
    db->read([&](storage::Connection& c) { EXPECT_TRUE(auth::MfaStore(c).admin_mfa_required(auth::installation)); });
    EXPECT_EQ(run({"mfa-required", "region-norrbotten", "kanske"}).status, 2);
    auto audited = db->read([](storage::Connection& c) {
        return storage::as_int(c.query("SELECT COUNT(*) FROM audit_log WHERE actor LIKE 'cli:%' AND "
                                       "(action = 'totp_reset' OR after LIKE '%require_admin_mfa%')").at(0).at(0));
    });
    EXPECT_EQ(audited, 4);  // two resets, two settings
}

TEST_P(CliTest, CreateWithBadInputExitsWith2AndChangesNothing) {
    run_ok({"import", shipped_file});
    auto before = export_all();
    auto r = run({"create", "goals", "--org", "region-norrbotten", "--json", R"({"key": "x", "text": "Mål"})"});
    EXPECT_EQ(r.status, 2) << describe(r);
    EXPECT_NE(r.err.find("plan_id: saknas"), std::string::npos) << describe(r);
    EXPECT_EQ(export_all(), before);
}

TEST_P(CliTest, ExportOfAnUnknownPlanExitsWith2) {
    run_ok({"import", shipped_file});
    auto r = run({"export", "plan", "no-such-plan"});
    EXPECT_EQ(r.status, 2) << describe(r);
    EXPECT_NE(r.err.find("no-such-plan"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty());
}

TEST_P(CliTest, ImportOutcomesFromCsvAllOrNothing) {
    run_ok({"import", data_dir + "/norrbotten-2020-2022.json"});
    write_text(file("utfall.csv"), "plan;mått;enhet;år;tillfälle;kön;värde\n"
                                   "rs-plan-2020-2022;sm-21;;2021;DÅ 04;K;12,5\n");
    auto r = run_ok({"import", "outcomes", file("utfall.csv")});
    EXPECT_NE(r.out.find("Importerade 1 utfall"), std::string::npos) << describe(r);
    // Not a terminal: no progress on standard error.
    EXPECT_TRUE(r.err.empty()) << r.err;
    auto listed = run_json({"list", "outcomes", "--org", "region-norrbotten"});
    ASSERT_EQ(listed.at("total"), 1);
    EXPECT_EQ(listed.at("items").at(0).at("value").to_number<double>(), 12.5);

    // A bad second row: exit 2, the file, line and column named, nothing added.
    write_text(file("fel.csv"), "plan;mått;enhet;år;tillfälle;kön;värde\n"
                                "rs-plan-2020-2022;sm-21;;2021;DÅ 04;M;13\n"
                                "rs-plan-2020-2022;sm-21;;2021;DÅ 04;total;x\n");
    auto bad = run({"import", "outcomes", file("fel.csv")});
    EXPECT_EQ(bad.status, 2) << describe(bad);
    EXPECT_EQ(bad.err.rfind(file("fel.csv") + ":3: value: 'x' är inget tal", 0), 0u) << describe(bad);
    EXPECT_EQ(run_json({"list", "outcomes", "--org", "region-norrbotten"}).at("total"), 1);
    // Antibiotic prescriptions (sm-27) are not reported by sex in the plan.
    write_text(file("kon.csv"), "plan;mått;enhet;år;tillfälle;kön;värde\n"
                                "rs-plan-2020-2022;sm-27;;2021;DÅ 04;K;280\n");
    bad = run({"import", "outcomes", file("kon.csv")});
    EXPECT_EQ(bad.status, 2) << describe(bad);
    EXPECT_EQ(bad.err.rfind(file("kon.csv") + ":2: sex: måttet", 0), 0u) << describe(bad);
    EXPECT_EQ(run_json({"list", "outcomes", "--org", "region-norrbotten"}).at("total"), 1);
}

TEST_P(CliTest, SynthWritesAnOrganisationThatImports) {
    // synth writes files only: it takes no database.
    auto made = run_styrkort({"synth", "--units", "3", "--measures", "2", "--years", "2", "--out", file("synth")}, dir_);
    ASSERT_EQ(made.status, 0) << describe(made);
    EXPECT_NE(made.out.find("108 outcomes"), std::string::npos) << describe(made);
    run_ok({"import", file("synth/plan.json")});
    auto r = run_ok({"import", "outcomes", file("synth/outcomes.csv"), "--org", "synth"});
    // 3 units × 2 measures × 2 years × 3 points × K/M/total
    EXPECT_NE(r.out.find("Importerade 108 utfall"), std::string::npos) << describe(r);
    EXPECT_EQ(run_json({"list", "units", "--org", "synth"}).at("total"), 6);  // board, division, area, 3 units
    auto bad = run_styrkort({"synth", "--units", "0"}, dir_);
    EXPECT_EQ(bad.status, 2) << describe(bad);
}

TEST_P(CliTest, UnknownCommandExitsWith2) {
    auto r = run_styrkort({"frobnicate"}, dir_);
    EXPECT_EQ(r.status, 2) << describe(r);
    EXPECT_NE(r.err.find("okänt kommando: frobnicate"), std::string::npos) << r.err;
}

TEST_P(CliTest, ExportEconomyAsXlsxAndCsv) {
    run_ok({"import", shipped_file});
    run_ok({"export", "economy", "--plan", "rs-plan-2025-2027", "--format", "xlsx", "--out", file("ekonomi.xlsx")});
    auto xlsx = read_text(file("ekonomi.xlsx"));
    ASSERT_GT(xlsx.size(), 1000u);
    EXPECT_EQ(xlsx.substr(0, 2), "PK") << "an XLSX file is a zip archive";
    auto csv = run_ok({"export", "economy", "--plan", "rs-plan-2025-2027", "--format", "csv"}).out;
    EXPECT_NE(csv.find("Ekonomisk ram 2025, mnkr\r\n"), std::string::npos) << csv.substr(0, 500);
    EXPECT_NE(csv.find("4696;Div Regiongemensamt;VO IT/MT-avd;Kritiskt larm Sunderby sjukhus;IT;2500;Äskad;Regionstyrelsen"),
              std::string::npos);
    auto bad = run({"export", "economy", "--plan", "rs-plan-2025-2027", "--format", "pdf", "--out", file("x.pdf")});
    EXPECT_EQ(bad.status, 2) << describe(bad);
    EXPECT_NE(bad.err.find("xlsx eller csv"), std::string::npos) << bad.err;
    auto unknown = run({"export", "economy", "--plan", "no-such-plan", "--format", "csv"});
    EXPECT_EQ(unknown.status, 2) << describe(unknown);
    EXPECT_FALSE(fs::exists(file("x.pdf")));
}

// Risk assessment from the command line (docs/risk.md): list, create (bad input refused
// naming the field), the check's finding and the register as XLSX and CSV.
TEST_P(CliTest, RisksAreListedCreatedCheckedAndExported) {
    run_ok({"import", data_dir + "/norrbotten-2020-2022.json"});
    auto risks = run_json({"list", "risks", "--org", "region-norrbotten"});
    EXPECT_EQ(risks.at("total"), 7) << "the shipped example";
    auto plan_id = run_json({"list", "plans", "--org", "region-norrbotten"}).at("items").at(0).at("id").as_int64();
    auto body = [&](int probability) {
        return R"({"plan_id": )" + std::to_string(plan_id) + R"(, "key": "risk-cli", "title": "Läkemedel tar slut", "process": "Läkemedelshantering", "probability": )" +
               std::to_string(probability) + R"(, "consequence": 4})";
    };
    auto bad = run({"create", "risks", "--org", "region-norrbotten", "--json", body(5)});
    EXPECT_EQ(bad.status, 2) << describe(bad);
    EXPECT_NE(bad.err.find("probability"), std::string::npos) << bad.err;
    EXPECT_EQ(run_json({"list", "risks", "--org", "region-norrbotten"}).at("total"), 7) << "nothing stored";
    run_ok({"create", "risks", "--org", "region-norrbotten", "--json", body(3)});
    auto check = run({"check", "--plan", "rs-plan-2020-2022"});
    EXPECT_EQ(check.status, 1) << describe(check);
    EXPECT_NE(check.out.find("risken 'Läkemedel tar slut' har värdet 3 × 4 = 12"), std::string::npos) << check.out;
    run_ok({"export", "risks", "--plan", "rs-plan-2020-2022", "--format", "xlsx", "--out", file("risker.xlsx")});
    EXPECT_EQ(read_text(file("risker.xlsx")).substr(0, 2), "PK");
    auto csv = run_ok({"export", "risks", "--plan", "rs-plan-2020-2022", "--format", "csv"}).out;
    EXPECT_NE(csv.find("risk-cli;Läkemedel tar slut;;;;Läkemedelshantering;;;3;4;12;Kräver åtgärder för att minimera risker"),
              std::string::npos) << csv.substr(0, 1500);
    EXPECT_NE(csv.find("Internkontrollplan"), std::string::npos);
    EXPECT_NE(csv.find("Exempel"), std::string::npos) << "the shipped examples say so in the export";
}

INSTANTIATE_TEST_SUITE_P(Cli, CliTest, backends(), backend_name);

}  // namespace
}  // namespace styrkort::testing

