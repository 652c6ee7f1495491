// The standby pool and reconnection (storage/read_routing.hpp, docs/scale-out.md):
// reads inside a StandbyReads scope use the read URL's pool, everything else the
// primary's; a connection the server dropped is replaced, not reused; a stronger
// synchronous_commit than "on" is kept. Here the "standby" is the same server under
// another pool (a real standby, and failover, are tests/replicas).
#include <gtest/gtest.h>

#include "domain/errors.hpp"
#include "storage/database.hpp"
#include "storage/read_routing.hpp"
#include "storage/runner_liveness.hpp"
#include "support/test_database.hpp"

namespace styrkort::storage {
namespace {

using styrkort::testing::Backend;
using styrkort::testing::TestDatabase;

std::string application_name(Database& db) {
    return db.read([](Connection& c) { return as_text(c.query("SELECT current_setting('application_name')").at(0).at(0)); });
}

class ReplicaRoutingTest : public ::testing::TestWithParam<Backend> {};

TEST_P(ReplicaRoutingTest, StaleTolerantReadsUseTheStandbyPoolAndWritesThePrimary) {
    TestDatabase test_db(GetParam());
    DatabaseConfig config = test_db.config();
    config.postgres_read_url = config.postgres_url;
    Database db(config);
    ASSERT_TRUE(db.has_standby());
    EXPECT_EQ(application_name(db), "styrkort");
    {
        StandbyReads reads(std::nullopt);
        EXPECT_EQ(application_name(db), "styrkort-read");
        EXPECT_TRUE(reads.used_standby());
        db.write([](Connection& c) {
            EXPECT_EQ(as_text(c.query("SELECT current_setting('application_name')").at(0).at(0)), "styrkort");
        });
        reads.to_primary();
        EXPECT_EQ(application_name(db), "styrkort");
    }
    EXPECT_EQ(application_name(db), "styrkort");
    EXPECT_NE(db.config().describe().find("standby reads"), std::string::npos);
}

TEST_P(ReplicaRoutingTest, ALastWritePositionIsRememberedPerUser) {
    TestDatabase test_db(GetParam());
    DatabaseConfig config = test_db.config();
    config.postgres_read_url = config.postgres_url;
    Database db(config);
    EXPECT_EQ(last_write_position(db, 42), std::nullopt);
    remember_write_position(db, 42);
    auto first = last_write_position(db, 42);
    ASSERT_TRUE(first);
    EXPECT_NE(first->find('/'), std::string::npos);  // an LSN: "0/1A2B3C4"
    db.write([](Connection& c) { c.execute("CREATE TABLE some_change (x INTEGER)"); });
    remember_write_position(db, 42);
    auto second = last_write_position(db, 42);
    ASSERT_TRUE(second);
    auto later = db.read([&](Connection& c) {
        return as_int(c.query("SELECT CASE WHEN CAST(? AS pg_lsn) > CAST(? AS pg_lsn) THEN 1 ELSE 0 END",
                              {*second, *first}).at(0).at(0));
    });
    EXPECT_EQ(later, 1);
    EXPECT_EQ(last_write_position(db, 43), std::nullopt);
    // The primary itself as the "standby" has, by definition, replayed everything.
    db.read([&](Connection& c) { EXPECT_TRUE(standby_caught_up(c, second)); });
}

TEST_P(ReplicaRoutingTest, AReadUrlWithoutPostgresIsRefused) {
    DatabaseConfig config;
    config.sqlite_path = "/nonexistent/never-opened.db";
    config.postgres_read_url = "postgresql://localhost/x";
    EXPECT_THROW(Database db(config), StorageError);
}

TEST_P(ReplicaRoutingTest, AConnectionTheServerDroppedIsReplaced) {
    TestDatabase test_db(GetParam());
    DatabaseConfig config = test_db.config();
    config.pool_size = 1;  // the one connection is the one dropped
    Database db(config);
    auto pid = db.read([](Connection& c) { return as_int(c.query("SELECT pg_backend_pid()").at(0).at(0)); });
    // As a failover or restart does: the server ends the session behind the pool's back.
    auto other = open_postgres(config.postgres_url);
    // (With a timeout, pg_terminate_backend waits until the session has ended.)
    other->execute("SELECT pg_terminate_backend(CAST(? AS INTEGER), 5000)", {pid});
    auto next = db.read([](Connection& c) { return as_int(c.query("SELECT pg_backend_pid()").at(0).at(0)); });
    EXPECT_NE(next, pid);
    db.write([](Connection& c) { c.execute("CREATE TABLE after_reconnect (x INTEGER)"); });
}

// The "standby" here is a primary: as after a failover, when prefer-standby found no
// standby. Such a connection is kept for standby_revisit, then replaced, so that a
// standby rebuilt since would be found; a real one stays (tests/replicas).
TEST_P(ReplicaRoutingTest, AStandbyPoolConnectionOnAPrimaryIsReplacedAfterAWhile) {
    TestDatabase test_db(GetParam());
    DatabaseConfig config = test_db.config();
    config.postgres_read_url = config.postgres_url;
    config.pool_size = 1;
    auto standby_pid = [](Database& db) {
        StandbyReads reads(std::nullopt);
        auto pid = db.read([](Connection& c) {
            EXPECT_FALSE(on_hot_standby(c));
            return as_int(c.query("SELECT pg_backend_pid()").at(0).at(0));
        });
        EXPECT_TRUE(reads.used_standby());
        return pid;
    };
    Database db(config);
    set_standby_revisit(std::chrono::hours(1));
    auto first = standby_pid(db);
    EXPECT_EQ(standby_pid(db), first);
    set_standby_revisit(std::chrono::milliseconds(0));
    auto replaced = standby_pid(db);
    set_standby_revisit(std::chrono::seconds(10));
    EXPECT_NE(replaced, first);
}

TEST_P(ReplicaRoutingTest, AnImportRunnerTakesItsLockAgainAfterTheServerEndedItsSession) {
    TestDatabase test_db(GetParam());
    Database db(test_db.config());
    RunnerLease lease(db);
    auto key = lease.id().substr(3, lease.id().find('/', 3) - 3);
    auto other = open_postgres(test_db.config().postgres_url);
    auto alive = [&] { return runner_alive(*other, lease.id()); };
    EXPECT_TRUE(alive());
    auto holder = other->query("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND CAST(classid AS BIGINT) = 5317202 "
                               "AND CAST(objid AS BIGINT) = CAST(? AS BIGINT) AND objsubid = 2",
                               {key});
    ASSERT_EQ(holder.size(), 1U);
    other->execute("SELECT pg_terminate_backend(CAST(? AS INTEGER), 5000)", {as_int(holder[0][0])});
    EXPECT_FALSE(alive());  // as after a failover: the lock went with the session
    lease.keep_held();
    EXPECT_TRUE(alive());
    lease.keep_held();  // held: nothing to do
    EXPECT_TRUE(alive());
}

TEST_P(ReplicaRoutingTest, AStrongerSynchronousCommitIsKept) {
    TestDatabase test_db(GetParam());
    DatabaseConfig config = test_db.config();
    auto at = config.postgres_url.find("options=");
    ASSERT_NE(at, std::string::npos);
    config.postgres_url.insert(at + 8, "-csynchronous_commit%3Dremote_apply%20");
    Database db(config);
    db.write([](Connection& c) { EXPECT_EQ(as_text(c.query("SHOW synchronous_commit").at(0).at(0)), "remote_apply"); });
}

INSTANTIATE_TEST_SUITE_P(Backends, ReplicaRoutingTest, styrkort::testing::postgres_only(),
                         styrkort::testing::backend_name);

}  // namespace
}  // namespace styrkort::storage
