// Tenants (issue 20, docs/scale-out.md "Tenants"): row-level security on PostgreSQL,
// tried straight through SQL as the application's role (scripts/with-postgres.sh makes
// it NOSUPERUSER NOBYPASSRLS and hands its URL to every PostgreSQL test).
//
// 1. Every table with org_id has row-level security enabled and forced and the tenant
//    policy: a new table that forgets styrkort_isolate() fails here.
// 2. Two organisations with real data in their tables (the Norrbotten plans imported
//    twice, users, sessions, tokens, audit): in one organisation's scope, SQL sees none
//    of the other's rows, and INSERT, UPDATE and DELETE of them change nothing or are
//    refused, table by table; what the superuser counts afterwards is unchanged.
// 3. Without a scope a transaction sees nothing at all.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "auth/identity_store.hpp"
#include "domain/errors.hpp"
#include "formats/plan_file.hpp"
#include "storage/tenant_scope.hpp"
#include "support/test_database.hpp"

namespace styrkort::testing {
namespace {

using storage::as_int;
using storage::as_text;
using storage::Id;

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (auto p = text.find(from); p != std::string::npos; p = text.find(from, p + to.size())) text.replace(p, from.size(), to);
    return text;
}

// The tables of the test's schema that carry org_id, with their row-level security.
struct TableSecurity {
    std::string name;
    bool enabled = false, forced = false;
    std::int64_t tenant_policies = 0;  // policies for ALL commands that name styrkort.org_id
};

std::vector<TableSecurity> tenant_tables(storage::Connection& c) {
    std::vector<TableSecurity> out;
    for (const auto& r : c.query(
             "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, "
             "(SELECT COUNT(*) FROM pg_policies p WHERE p.schemaname = current_schema() AND p.tablename = c.relname "
             "AND p.cmd = 'ALL' AND p.qual LIKE '%styrkort.org_id%' AND p.with_check LIKE '%styrkort.org_id%') "
             "FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped "
             "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') ORDER BY c.relname")) {
        out.push_back({as_text(r[0]), as_int(r[1]) == 1, as_int(r[2]) == 1, as_int(r[3])});
    }
    return out;
}

class TenantIsolationTest : public ::testing::TestWithParam<Backend> {};

TEST_P(TenantIsolationTest, TheTestsRunAsARoleThatRowLevelSecurityBinds) {
    TestDatabase t(GetParam());
    auto db = t.open();
    auto row = db->read([](storage::Connection& c) {
        return c.query("SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user").at(0);
    });
    EXPECT_EQ(as_int(row[1]), 0) << as_text(row[0]) << " is a superuser: row-level security does not bind it "
                                 << "(scripts/with-postgres.sh gives the tests the role styrkort_app)";
    EXPECT_EQ(as_int(row[2]), 0) << as_text(row[0]) << " has BYPASSRLS";
}

TEST_P(TenantIsolationTest, EveryTableWithOrgIdHasForcedRowLevelSecurityAndTheTenantPolicy) {
    TestDatabase t(GetParam());
    auto db = t.open();
    auto tables = db->read([](storage::Connection& c) { return tenant_tables(c); });
    std::vector<std::string> complying, missing;
    for (const auto& s : tables) {
        if (s.enabled && s.forced && s.tenant_policies == 1) {
            complying.push_back(s.name);
            continue;
        }
        missing.push_back(s.name + (s.enabled ? "" : " (not enabled)") + (s.forced ? "" : " (not forced)") +
                          (s.tenant_policies == 1 ? "" : " (no tenant policy)"));
    }
    for (const auto& m : missing) {
        ADD_FAILURE() << "the table " << m << " has org_id but not forced row-level security with the tenant policy: "
                      << "call styrkort_isolate('<table>') in its migration's {{postgres}} block (0019_tenant_isolation.sql)";
    }
    std::cout << "[ tenants ] " << complying.size() << " tables with org_id, forced row-level security on "
              << complying.size() << "\n";
    EXPECT_GE(complying.size(), 50u) << "the query finds the schema's tenant tables";
    // The tables without org_id: the list of tenants, the migrations' own record, and the
    // replica routing's last WAL position per user (an UNLOGGED table of LSNs, no data of
    // an organisation: docs/scale-out.md, "Replicas and failover").
    auto others = db->read([](storage::Connection& c) {
        std::set<std::string> names;
        for (const auto& r : c.query("SELECT c.relname FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace "
                                     "AND c.relkind = 'r' AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE "
                                     "a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped)")) {
            names.insert(as_text(r[0]));
        }
        return names;
    });
    EXPECT_EQ(others, (std::set<std::string>{"organisation", "replica_write_position", "schema_migration"}))
        << "a table without org_id holds the data of no organisation: is that so for a new one?";
}

// Two organisations filled through the application's own code (as the operator).
struct TwoTenants {
    Id a = 0, b = 0;
};

TwoTenants fill(storage::Database& db) {
    storage::SystemScope operator_scope(storage::SystemWork::operator_cli);
    std::string dir = std::string(STYRKORT_SOURCE_DIR) + "/data/";
    TwoTenants t;
    db.write([&](storage::Connection& c) {
        for (const char* file : {"norrbotten-2020-2022.json", "norrbotten-2025-2027.json"}) {
            auto text = read_file(dir + file);
            formats::import_plans(c, text, file, {"test", ""});
            formats::import_plans(c, replace_all(text, "\"region-norrbotten\"", "\"region-annan\""), file, {"test", ""});
        }
        t.a = as_int(c.query("SELECT id FROM organisation WHERE key = 'region-norrbotten'").at(0).at(0));
        t.b = as_int(c.query("SELECT id FROM organisation WHERE key = 'region-annan'").at(0).at(0));
        auth::IdentityStore ids(c);
        for (Id org : {t.a, t.b}) {
            auto name = "anvandare-" + std::to_string(org);
            Id user = ids.add_user(org, name, "Användare", "x");
            ids.grant(org, user, auth::Role::planner, std::nullopt);
            auto u = ids.user_by_name(name);
            ids.create_session(*u, "127.0.0.1");
            ids.create_token(*u, "nyckel", "read", "2999-01-01T00:00:00Z");
            ids.record_attempt("127.0.0.1", name, true);
        }
    });
    return t;
}

std::string admin_url_of(const TestDatabase& t) {
    const char* admin = std::getenv("STYRKORT_TEST_POSTGRES_ADMIN_URL");
    if (admin == nullptr || *admin == '\0') return {};
    auto url = t.config().postgres_url;
    auto options = url.find("options=");
    std::string admin_url = admin;
    return admin_url + (admin_url.find('?') == std::string::npos ? "?" : "&") + url.substr(options);
}

TEST_P(TenantIsolationTest, InOneOrganisationsScopeSqlNeitherSeesNorChangesAnothersRows) {
    TestDatabase t(GetParam());
    auto db = t.open();
    auto orgs = fill(*db);
    auto admin_url = admin_url_of(t);
    ASSERT_FALSE(admin_url.empty()) << "STYRKORT_TEST_POSTGRES_ADMIN_URL: run under scripts/with-postgres.sh";
    auto admin = storage::open_postgres(admin_url);
    auto tables = db->read([](storage::Connection& c) { return tenant_tables(c); });
    auto count = [&](const std::string& table, Id org) {
        return as_int(admin->query("SELECT COUNT(*) FROM " + table + " WHERE org_id = ?", {org}).at(0).at(0));
    };
    std::map<std::string, std::int64_t> before;
    for (const auto& s : tables) before[s.name] = count(s.name, orgs.b);

    storage::OrganisationScope in_a(orgs.a);
    int with_rows_of_b = 0;
    for (const auto& s : tables) {
        const auto& name = s.name;
        if (before[name] > 0) ++with_rows_of_b;
        SCOPED_TRACE(name);
        // SELECT: none of b's rows, and a's rows as the superuser counts them.
        db->read([&](storage::Connection& c) {
            EXPECT_EQ(as_int(c.query("SELECT COUNT(*) FROM " + name + " WHERE org_id = ?", {orgs.b}).at(0).at(0)), 0);
            EXPECT_EQ(as_int(c.query("SELECT COUNT(*) FROM " + name + " WHERE org_id <> ?", {orgs.a}).at(0).at(0)), 0);
            EXPECT_EQ(as_int(c.query("SELECT COUNT(*) FROM " + name).at(0).at(0)), count(name, orgs.a));
        });
        // UPDATE and DELETE of b's rows: no row is theirs to change.
        db->write([&](storage::Connection& c) {
            EXPECT_TRUE(c.query("UPDATE " + name + " SET org_id = org_id WHERE org_id = ? RETURNING org_id", {orgs.b}).empty());
            EXPECT_TRUE(c.query("DELETE FROM " + name + " WHERE org_id = ? RETURNING org_id", {orgs.b}).empty());
        });
        // INSERT of a row of b: refused by the policy, before any other constraint.
        try {
            db->write([&](storage::Connection& c) { c.execute("INSERT INTO " + name + " (org_id) VALUES (?)", {orgs.b}); });
            ADD_FAILURE() << "a row of the other organisation was inserted into " << name;
        } catch (const StorageError& e) {
            EXPECT_NE(std::string(e.what()).find("row-level security"), std::string::npos) << e.what();
        }
        // Moving one's own rows to b: refused (the policy's WITH CHECK, or the audit log's
        // append-only trigger first), never done.
        if (count(name, orgs.a) > 0) {
            try {
                db->write([&](storage::Connection& c) {
                    auto moved = c.query("UPDATE " + name + " SET org_id = ? WHERE org_id = ? RETURNING org_id", {orgs.b, orgs.a});
                    ADD_FAILURE() << moved.size() << " rows of " << name << " moved to the other organisation";
                    throw Conflict({"tillbaka", "roll back"});
                });
            } catch (const StorageError& e) {
                std::string what = e.what();
                EXPECT_TRUE(what.find("row-level security") != std::string::npos || what.find("append-only") != std::string::npos)
                    << what;
            } catch (const Conflict&) {
            }
        }
    }
    for (const auto& s : tables) EXPECT_EQ(count(s.name, orgs.b), before[s.name]) << s.name << " changed for the other organisation";
    std::cout << "[ tenants ] " << tables.size() << " tables tried; " << with_rows_of_b
              << " held rows of the other organisation, none seen or changed\n";
    EXPECT_GE(with_rows_of_b, 30) << "the other organisation has real rows in most tables";
}

TEST_P(TenantIsolationTest, WithoutAScopeATransactionSeesNothing) {
    TestDatabase t(GetParam());
    auto db = t.open();
    fill(*db);
    storage::DenyScope deny;
    auto tables = db->read([](storage::Connection& c) { return tenant_tables(c); });
    for (const auto& s : tables) {
        auto n = db->read([&](storage::Connection& c) { return as_int(c.query("SELECT COUNT(*) FROM " + s.name).at(0).at(0)); });
        EXPECT_EQ(n, 0) << s.name;
    }
    // The list of organisations is not a tenant's: it stays readable (public).
    auto orgs = db->read([](storage::Connection& c) { return as_int(c.query("SELECT COUNT(*) FROM organisation").at(0).at(0)); });
    EXPECT_EQ(orgs, 2);
}


// Ready for Citus (docs/scale-out.md "Distribution plan (Citus)"): in every table with
// org_id that the plan distributes, org_id leads the primary key and every foreign key,
// and every unique constraint or index includes it. The identity tables are the plan's
// reference tables (an account is the installation's, not one organisation's: a user
// may hold roles in several), so their keys by secret or name may stay global.
const std::set<std::string> reference_tables{"app_user",   "role_assignment", "user_session", "api_token",
                                             "login_attempt", "oidc_login",   "oidc_identity", "oidc_session",
                                             "user_totp",    "user_recovery_code", "mfa_challenge"};

TEST_P(TenantIsolationTest, OrgIdLeadsEveryKeyOfTheTablesTheCitusPlanDistributes) {
    TestDatabase t(GetParam());
    auto db = t.open();
    auto problems = db->read([](storage::Connection& c) {
        std::map<std::string, std::vector<std::string>> out;
        // Constraints: p (primary), f (foreign), u (unique): the first column, and whether org_id is in it.
        for (const auto& r : c.query(
                 "SELECT cl.relname, co.conname, co.contype, "
                 "(SELECT a.attname FROM pg_attribute a WHERE a.attrelid = co.conrelid AND a.attnum = co.conkey[1]), "
                 "EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = co.conrelid AND a.attnum = ANY (co.conkey) "
                 "AND a.attname = 'org_id') "
                 "FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid "
                 "WHERE cl.relnamespace = current_schema()::regnamespace AND co.contype IN ('p', 'f', 'u') "
                 "AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = cl.oid AND a.attname = 'org_id') "
                 "ORDER BY cl.relname, co.conname")) {
            auto type = as_text(r[2]);
            bool leads = !storage::is_null(r[3]) && as_text(r[3]) == "org_id";
            bool ok = type == "u" ? as_int(r[4]) == 1 : leads;
            if (!ok) out[as_text(r[0])].push_back(as_text(r[1]));
        }
        // Unique indexes that are not constraints (expressions: outcome_identity).
        for (const auto& r : c.query(
                 "SELECT cl.relname, ic.relname, EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = cl.oid "
                 "AND a.attnum = ANY (i.indkey) AND a.attname = 'org_id') "
                 "FROM pg_index i JOIN pg_class cl ON cl.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid "
                 "WHERE cl.relnamespace = current_schema()::regnamespace AND i.indisunique "
                 "AND NOT EXISTS (SELECT 1 FROM pg_constraint co WHERE co.conindid = i.indexrelid) "
                 "AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = cl.oid AND a.attname = 'org_id')")) {
            if (as_int(r[2]) != 1) out[as_text(r[0])].push_back(as_text(r[1]));
        }
        return out;
    });
    auto tables = db->read([](storage::Connection& c) { return tenant_tables(c); });
    std::vector<std::string> distributed_ok;
    for (const auto& s : tables) {
        bool reference = reference_tables.count(s.name) > 0;
        auto it = problems.find(s.name);
        if (reference) {
            std::cout << "[ citus ] reference table " << s.name
                      << (it == problems.end() ? "" : " (keys without org_id: " + std::to_string(it->second.size()) + ")") << "\n";
            continue;
        }
        if (it == problems.end()) {
            distributed_ok.push_back(s.name);
            continue;
        }
        for (const auto& key : it->second) {
            ADD_FAILURE() << s.name << ": the key " << key << " does not lead with (or, unique, include) org_id; "
                          << "Citus cannot distribute the table by org_id (docs/scale-out.md)";
        }
    }
    std::cout << "[ citus ] " << distributed_ok.size() << " tables distributed by org_id, every key led by it; "
              << reference_tables.size() << " reference tables\n";
    EXPECT_EQ(distributed_ok.size() + reference_tables.size(), tables.size());
}

INSTANTIATE_TEST_SUITE_P(Backends, TenantIsolationTest, postgres_only(), backend_name);

}  // namespace
}  // namespace styrkort::testing
