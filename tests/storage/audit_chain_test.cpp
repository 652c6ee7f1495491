// The audit log proves itself (docs/audit.md): an upgraded database's entries are
// sealed deterministically, new ones chain on, and every tampering done directly in the
// database — an edited field, a deleted entry, two entries swapped or renumbered, a
// forged entry inserted, a hash changed — is found by the verifier. Each tampering is
// made in a transaction with the append-only triggers dropped (as someone with the
// database's own rights could), verified inside it, and rolled back.
#include "storage/audit_chain.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <thread>

#include "domain/errors.hpp"
#include "storage/audit.hpp"
#include "storage/migrations.hpp"
#include "storage/tenant_scope.hpp"
#include "storage/repository.hpp"
#include "support/test_database.hpp"

namespace styrkort::storage {
namespace {

namespace json = boost::json;
using styrkort::testing::Backend;
using styrkort::testing::TestDatabase;

// A connection behind the server's back, as someone tampering with the database would
// use: on PostgreSQL in the system scope of row-level security (docs/scale-out.md), so
// that it sees every organisation's rows.
std::unique_ptr<Connection> raw(const TestDatabase& t) {
    auto c = t.backend() == Backend::sqlite ? open_sqlite(t.config().sqlite_path, false)
                                            : open_postgres(t.config().postgres_url);
    styrkort::storage::set_connection_scope(*c, {styrkort::storage::TenantScope::Kind::system, 0}, false);
    return c;
}

// Entries as the schema before migration 0012 stored them: no chain.
void write_schema_11_database(const TestDatabase& t, int entries) {
    auto c = raw(t);
    c->begin();
    migrate_up_to(*c, 11);
    for (int i = 0; i < entries; ++i) {
        Id org = 1 + i % 2;
        c->execute(
            "INSERT INTO audit_log (org_id, at, actor, remote, action, entity, entity_id, before, after) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {org, "2025-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10) + "T08:00:00.000Z",
             i % 3 ? std::string("planerare-") + std::to_string(i) : std::string("cli:root"),
             i % 4 ? SqlValue{"10.0.0." + std::to_string(i)} : SqlValue{nullptr}, i % 5 ? "update" : "create", "goal",
             i % 7 ? SqlValue{std::int64_t{100 + i}} : SqlValue{nullptr},
             i % 5 ? SqlValue{R"({"text":"Mål nr )" + std::to_string(i) + R"( – före"})"} : SqlValue{nullptr},
             SqlValue{R"({"text":"Mål nr )" + std::to_string(i) + R"( – efter, åäö"})"}});
    }
    c->commit();
}

void migrate_rest(const TestDatabase& t) {
    auto c = raw(t);
    c->begin();
    migrate(*c);
    c->commit();
}

std::vector<std::string> chain_hashes(Connection& c) {
    std::vector<std::string> out;
    for (const auto& r : c.query("SELECT hash FROM audit_log ORDER BY org_id, seq")) out.push_back(as_text(r[0]));
    return out;
}

bool all_ok(const std::vector<ChainVerdict>& verdicts) {
    for (const auto& v : verdicts) {
        if (!v.ok) return false;
    }
    return !verdicts.empty();
}

class AuditChainTest : public ::testing::TestWithParam<Backend> {};

TEST_P(AuditChainTest, UpgradeSealsExistingEntriesDeterministicallyAndNewOnesChainOn) {
    TestDatabase first(GetParam()), second(GetParam());
    for (const auto* t : {&first, &second}) {
        write_schema_11_database(*t, 40);
        migrate_rest(*t);
    }
    auto a = raw(first), b = raw(second);
    auto hashes = chain_hashes(*a);
    ASSERT_EQ(hashes.size(), 40u);
    EXPECT_EQ(hashes, chain_hashes(*b)) << "the same log must be sealed to the same hashes";
    auto verdicts = verify_audit_chains(*a, std::nullopt);
    ASSERT_EQ(verdicts.size(), 2u);
    EXPECT_TRUE(all_ok(verdicts)) << verdicts[0].problem_en << verdicts[1].problem_en;
    EXPECT_EQ(verdicts[0].checked, 20);
    auto head = audit_head(*a, 1);
    ASSERT_TRUE(head);
    EXPECT_EQ(head->count, 20);
    EXPECT_EQ(head->hash, as_text(a->query("SELECT hash FROM audit_log WHERE org_id = 1 AND seq = 20").at(0).at(0)));

    // The first entry links to the genesis hash; its hash is SHA-256 of its canonical form.
    auto row = a->query("SELECT prev_hash, hash, id FROM audit_log WHERE org_id = 1 AND seq = 1").at(0);
    EXPECT_EQ(as_text(row[0]), genesis_hash());

    // The database refuses to change a sealed entry, even its chain columns.
    EXPECT_ANY_THROW(a->execute("UPDATE audit_log SET actor = 'x' WHERE id = ?", {as_int(row[2])}));
    EXPECT_ANY_THROW(a->execute("UPDATE audit_log SET hash = 'x' WHERE id = ?", {as_int(row[2])}));
    EXPECT_ANY_THROW(a->execute("DELETE FROM audit_log WHERE id = ?", {as_int(row[2])}));

    // Changes through the application chain on to the sealed entries.
    auto db = first.open();
    Repository repo(*db);
    Actor actor{"planerare", "192.0.2.1"};
    Id org = repo.create(entity("organisation"), 0, json::parse(R"({"key":"kedja","name":"Region Kedja","kind":"region"})"),
                         actor)
                 .at("id")
                 .as_int64();
    db->write([&](Connection& c) { append_audit(c, 1, actor, "update", "goal", 7, nullptr, json::object{{"x", 1}}); });
    EXPECT_EQ(audit_head(*a, 1)->count, as_int(a->query("SELECT count(*) FROM audit_log WHERE org_id = 1").at(0).at(0)));
    EXPECT_GE(audit_head(*a, 1)->count, 21);
    EXPECT_TRUE(all_ok(verify_audit_chains(*a, std::nullopt)));
    EXPECT_TRUE(all_ok(verify_audit_chains(*a, org)));
}

// A log like a real one: entries from before the chain, then organisations, units, a
// plan and goals created, changed and deleted through the repository, and a refusal
// outside any organisation (org 0).
std::vector<Id> build_real_log(const TestDatabase& t) {
    write_schema_11_database(t, 30);
    migrate_rest(t);
    auto db = t.open();
    Repository repo(*db);
    Actor actor{"anna.planerare", "192.0.2.7"};
    std::vector<Id> orgs{1, 2};
    for (const char* key : {"norrbotten", "vasterbotten"}) {
        Id org = repo.create(entity("organisation"), 0,
                             json::parse(std::string(R"({"key":")") + key + R"(","name":"Region )" + key + R"(","kind":"region"})"),
                             actor)
                     .at("id")
                     .as_int64();
        orgs.push_back(org);
        Id rs = repo.create(entity("unit"), org, json::parse(R"({"key":"rs","name":"Regionstyrelsen","kind":"board"})"), actor)
                    .at("id")
                    .as_int64();
        Id plan = repo.create(entity("plan"), org,
                              json::parse(R"({"key":"p","title":"Plan 2025–2027","owner_unit_id":)" + std::to_string(rs) +
                                          R"(,"first_year":2025,"last_year":2027,"status":"draft"})"),
                              actor)
                      .at("id")
                      .as_int64();
        for (int i = 0; i < 12; ++i) {
            Id goal = repo.create(entity("goal"), org,
                                  json::parse(R"({"plan_id":)" + std::to_string(plan) + R"(,"key":"g)" + std::to_string(i) +
                                              R"(","text":"Verksamheten är ekonomiskt hållbar )" + std::to_string(i) + "\"}"),
                                  actor)
                            .at("id")
                            .as_int64();
            repo.patch(entity("goal"), org, goal, json::parse(R"({"text":"Ändrad )" + std::to_string(i) + "\"}"), actor);
            if (i % 4 == 0) repo.remove(entity("goal"), org, goal, actor);
        }
    }
    db->write([&](Connection& c) {
        append_audit(c, 0, {"anonymous", "203.0.113.9"}, "denied", "route", std::nullopt, nullptr,
                     json::object{{"method", "POST"}, {"path", "/api/v1/organisations"}, {"reason", "unauthenticated"}});
    });
    return orgs;
}

// The append-only triggers stand in the way of a tampering; someone with the
// database's rights drops them first.
void drop_guards(Connection& c) {
    if (c.dialect() == Dialect::sqlite) {
        c.execute("DROP TRIGGER audit_log_no_update");
        c.execute("DROP TRIGGER audit_log_no_delete");
    } else {
        c.execute("DROP TRIGGER audit_log_no_update ON audit_log");
        c.execute("DROP TRIGGER audit_log_no_delete ON audit_log");
    }
}

struct Tampering {
    std::string what;
    Id entry = 0;           // the entry changed, or 0
    bool names_entry = false;  // the verifier must name exactly that entry
};

// One random tampering of a past entry; returns what was done.
Tampering tamper(Connection& c, std::mt19937_64& rng) {
    auto rows = c.query("SELECT org_id, id, seq FROM audit_log ORDER BY id");
    auto pick = [&]() -> const Row& { return rows[std::uniform_int_distribution<std::size_t>(0, rows.size() - 1)(rng)]; };
    const Row& r = pick();
    Id org = as_int(r[0]), id = as_int(r[1]);
    std::int64_t seq = as_int(r[2]);
    std::string at = "#" + std::to_string(id);
    Id unused_id = as_int(c.query("SELECT max(id) FROM audit_log").at(0).at(0)) + 1000;
    switch (std::uniform_int_distribution<int>(0, 12)(rng)) {
        case 0: {  // edit a text field, by one character
            static const char* fields[] = {"at", "actor", "action", "entity"};
            std::string f = fields[std::uniform_int_distribution<int>(0, 3)(rng)];
            c.execute("UPDATE audit_log SET " + f + " = " + f + " || 'x' WHERE id = ?", {id});
            return {"edit " + f + " of " + at, id, true};
        }
        case 1: {  // edit the before or after image
            std::string f = rng() % 2 ? "after" : "before";
            c.execute("UPDATE audit_log SET " + f + " = CASE WHEN " + f + " IS NULL THEN '{}' ELSE replace(" + f +
                          ", '\"', '\"_') END WHERE id = ?",
                      {id});
            return {"edit " + f + " of " + at, id, true};
        }
        case 2:  // remote or entity id added, changed or removed
            if (rng() % 2) {
                c.execute("UPDATE audit_log SET remote = CASE WHEN remote IS NULL THEN '10.9.9.9' ELSE NULL END WHERE id = ?", {id});
                return {"edit remote of " + at, id, true};
            }
            c.execute("UPDATE audit_log SET entity_id = CASE WHEN entity_id IS NULL THEN 1 ELSE entity_id + 1 END WHERE id = ?", {id});
            return {"edit entity_id of " + at, id, true};
        case 3:  // the entry moved to another organisation
            c.execute("UPDATE audit_log SET org_id = ? WHERE id = ?", {org == 1 ? Id{2} : Id{1}, id});
            return {"move " + at + " to another organisation", id, false};
        case 4:  // the entry given another id
            c.execute("UPDATE audit_log SET id = ? WHERE id = ?", {unused_id, id});
            return {"renumber " + at, unused_id, true};
        case 5:
        case 6:
            c.execute("DELETE FROM audit_log WHERE id = ?", {id});
            return {"delete " + at, id, false};
        case 7: {  // swap the contents of two entries of the organisation
            auto same = c.query("SELECT id FROM audit_log WHERE org_id = ? AND id <> ? ORDER BY id", {org, id});
            if (same.empty()) {
                c.execute("DELETE FROM audit_log WHERE id = ?", {id});
                return {"delete " + at + " (alone)", id, false};
            }
            Id other = as_int(same[std::uniform_int_distribution<std::size_t>(0, same.size() - 1)(rng)][0]);
            const char* cols = "at, actor, remote, action, entity, entity_id, before, after";
            auto a = c.query(std::string("SELECT ") + cols + " FROM audit_log WHERE id = ?", {id}).at(0);
            auto b = c.query(std::string("SELECT ") + cols + " FROM audit_log WHERE id = ?", {other}).at(0);
            auto write = [&](Id target, Row v) {
                v.push_back(target);
                c.execute("UPDATE audit_log SET at = ?, actor = ?, remote = ?, action = ?, entity = ?, entity_id = ?, "
                          "before = ?, after = ? WHERE id = ?",
                          v);
            };
            write(id, b);
            write(other, a);
            return {"swap contents of " + at + " and #" + std::to_string(other), 0, false};
        }
        case 8: {  // reorder: swap the places of two entries in the chain
            auto same = c.query("SELECT id, seq FROM audit_log WHERE org_id = ? AND id <> ? ORDER BY id", {org, id});
            if (same.empty()) {
                c.execute("UPDATE audit_log SET seq = seq + 1 WHERE id = ?", {id});
                return {"move place of " + at, id, false};
            }
            const auto& o = same[std::uniform_int_distribution<std::size_t>(0, same.size() - 1)(rng)];
            c.execute("UPDATE audit_log SET seq = ? WHERE id = ?", {as_int(o[1]), id});
            c.execute("UPDATE audit_log SET seq = ? WHERE id = ?", {seq, as_int(o[0])});
            return {"swap places of " + at + " and #" + std::to_string(as_int(o[0])), 0, false};
        }
        case 9: {  // forge an entry in the middle, hashed correctly for the place it claims
            AuditEntry e;
            e.org_id = org;
            e.id = unused_id;
            e.seq = seq;
            e.at = "2025-06-01T12:00:00.000Z";
            e.actor = "mallory";
            e.action = "update";
            e.entity = "goal";
            e.entity_id = 1;
            e.after = R"({"text":"Förfalskad"})";
            auto prev = c.query("SELECT hash FROM audit_log WHERE org_id = ? AND seq = ?", {org, seq - 1});
            e.prev_hash = prev.empty() ? genesis_hash() : as_text(prev[0][0]);
            c.execute("INSERT INTO audit_log (org_id, id, seq, at, actor, remote, action, entity, entity_id, before, after, "
                      "prev_hash, hash) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, NULL, ?, ?, ?)",
                      {e.org_id, e.id, e.seq, e.at, e.actor, e.action, e.entity, *e.entity_id, *e.after, e.prev_hash,
                       audit_entry_hash(e)});
            return {"forge an entry at place " + std::to_string(seq), 0, false};
        }
        case 10: {  // forge an entry after the last, correctly chained (the head is not moved)
            auto last = c.query("SELECT seq, hash FROM audit_log WHERE org_id = ? ORDER BY seq DESC LIMIT 1", {org}).at(0);
            AuditEntry e;
            e.org_id = org;
            e.id = unused_id;
            e.seq = as_int(last[0]) + 1;
            e.at = "2027-01-01T00:00:00.000Z";
            e.actor = "mallory";
            e.action = "delete";
            e.entity = "plan";
            e.prev_hash = as_text(last[1]);
            c.execute("INSERT INTO audit_log (org_id, id, seq, at, actor, action, entity, prev_hash, hash) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      {e.org_id, e.id, e.seq, e.at, e.actor, e.action, e.entity, e.prev_hash, audit_entry_hash(e)});
            return {"forge an entry after the last", 0, false};
        }
        case 11:  // an entry without a seal, as an INSERT past Styrkort would leave it
            c.execute("INSERT INTO audit_log (org_id, id, at, actor, action, entity) VALUES (?, ?, ?, 'mallory', 'create', 'goal')",
                      {org, unused_id, "2025-02-02T00:00:00.000Z"});
            return {"insert an unsealed entry", unused_id, true};
        default: {  // change a stored hash or link
            std::string f = rng() % 2 ? "hash" : "prev_hash";
            std::string forged(64, '0');
            for (auto& ch : forged) ch = "0123456789abcdef"[rng() % 16];
            c.execute("UPDATE audit_log SET " + f + " = ? WHERE id = ?", {forged, id});
            return {"change " + f + " of " + at, id, true};
        }
    }
}

TEST_P(AuditChainTest, ThousandRandomTamperingsAreEachDetected) {
    TestDatabase t(GetParam());
    build_real_log(t);
    auto c = raw(t);
    auto clean = verify_audit_chains(*c, std::nullopt);
    ASSERT_TRUE(all_ok(clean)) << "the untouched log must verify";
    ASSERT_GE(clean.size(), 3u);  // org 0 and the two organisations (their pre-chain entries too)
    const char* n = std::getenv("STYRKORT_TAMPER_TRIALS");
    // 1,000 on SQLite; 250 on PostgreSQL in the test command (about a minute for 1,000
    // on a loaded CI machine): docs/audit.md records 1,000 of 1,000 on both, run by hand
    // with STYRKORT_TAMPER_TRIALS=1000.
    const int trials = n ? std::atoi(n) : GetParam() == Backend::sqlite ? 1000 : 250;
    const auto seed = static_cast<std::uint64_t>(::testing::UnitTest::GetInstance()->random_seed()) + 19;
    std::mt19937_64 rng(seed);
    int detected = 0;
    for (int i = 0; i < trials; ++i) {
        c->begin();
        drop_guards(*c);
        auto done = tamper(*c, rng);
        auto verdicts = verify_audit_chains(*c, std::nullopt);
        c->rollback();
        bool found = false;
        for (const auto& v : verdicts) {
            if (v.ok) continue;
            found = true;
            if (done.names_entry) {
                EXPECT_EQ(v.broken_id, done.entry) << done.what << ": named #" << v.broken_id << " (" << v.problem_en << ")";
            }
            break;
        }
        if (found) {
            ++detected;
        } else {
            ADD_FAILURE() << "not detected: " << done.what << " (seed " << seed << ", trial " << i << ")";
        }
    }
    EXPECT_EQ(detected, trials);
    std::cout << "[ tampering ] " << detected << " of " << trials << " detected on "
              << (GetParam() == Backend::sqlite ? "SQLite" : "PostgreSQL") << '\n';
    EXPECT_TRUE(all_ok(verify_audit_chains(*c, std::nullopt))) << "every tampering was rolled back";
}

// The data version keys cached scorecards: a change of the organisation's data moves
// it, an event about a user's account (a sign-in, a password) does not, or every
// sign-in would empty the cache.
TEST_P(AuditChainTest, AccountEventsLeaveTheDataVersionAndChangesMoveIt) {
    TestDatabase t(GetParam());
    migrate_rest(t);
    auto c = raw(t);
    const Id org = 7;
    const Actor actor{"chef-0001", "192.0.2.9"};
    c->begin();
    append_audit(*c, org, actor, "update", "outcome", Id{1}, nullptr, json::parse(R"({"value":1})"));
    c->commit();
    const auto after_change = data_version(*c, org);
    EXPECT_EQ(after_change, 1);
    c->begin();
    append_audit(*c, org, actor, "login", "user", Id{3}, nullptr, nullptr);
    append_audit(*c, org, actor, "password_change", "user", Id{3}, nullptr, nullptr);
    c->commit();
    EXPECT_EQ(data_version(*c, org), after_change) << "account events are not data changes";
    c->begin();
    append_audit(*c, org, actor, "update", "activity", Id{2}, nullptr, json::parse(R"({"status":"done"})"));
    c->commit();
    EXPECT_EQ(data_version(*c, org), after_change + 1);
    EXPECT_TRUE(all_ok(verify_audit_chains(*c, org))) << "the account events are in the chain all the same";
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditChainTest, styrkort::testing::backends(), styrkort::testing::backend_name);

// Several writers at once (PostgreSQL; SQLite has one writer): the head's row lock keeps
// two transactions from chaining onto the same entry.
class AuditChainConcurrencyTest : public ::testing::TestWithParam<Backend> {};
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(AuditChainConcurrencyTest);  // SQLite only: nothing to run

TEST_P(AuditChainConcurrencyTest, EightWritersOnOneOrganisationLeaveOneUnbrokenChain) {
    TestDatabase t(GetParam());
    DatabaseConfig config = t.config();
    config.pool_size = 8;
    Database db(config);
    constexpr int writers = 8, each = 40;
    std::vector<std::thread> threads;
    for (int w = 0; w < writers; ++w) {
        threads.emplace_back([&, w] {
            for (int i = 0; i < each; ++i) {
                db.write([&](Connection& c) {
                    append_audit(c, 5, {"skrivare-" + std::to_string(w), "192.0.2.1"}, "update", "goal", i, nullptr,
                                 json::object{{"i", i}});
                    if (i % 3 == 0) append_audit(c, 6, {"skrivare", ""}, "create", "plan", w, nullptr, nullptr);
                });
            }
        });
    }
    for (auto& th : threads) th.join();
    auto c = raw(t);
    auto verdicts = verify_audit_chains(*c, std::nullopt);
    ASSERT_EQ(verdicts.size(), 2u);
    EXPECT_TRUE(all_ok(verdicts)) << verdicts[0].problem_en << verdicts[1].problem_en;
    EXPECT_EQ(audit_head(*c, 5)->count, writers * each);
    EXPECT_EQ(audit_head(*c, 6)->count, writers * 14);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditChainConcurrencyTest, styrkort::testing::postgres_only(),
                         styrkort::testing::backend_name);

}  // namespace
}  // namespace styrkort::storage
