// The settings that make an acknowledged write survive kill -9 and power loss
// (docs/reliability.md): SQLite in WAL mode with synchronous=FULL, PostgreSQL with
// synchronous_commit=on. Read back from the live connections a server uses.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include "storage/database.hpp"
#include "support/test_database.hpp"

namespace styrkort::storage {
namespace {

using styrkort::testing::Backend;
using styrkort::testing::TestDatabase;

std::string text_of(const SqlValue& v) {
    if (std::holds_alternative<std::string>(v)) return std::get<std::string>(v);
    if (std::holds_alternative<std::int64_t>(v)) return std::to_string(std::get<std::int64_t>(v));
    return "?";
}

class DurabilitySettingsTest : public ::testing::TestWithParam<Backend> {};

TEST_P(DurabilitySettingsTest, WriterAndReadersRunWithDurableCommits) {
    TestDatabase test_db(GetParam());
    DatabaseConfig config = test_db.config();
    if (GetParam() == Backend::postgres) {
        // Ask for the opposite in the URL (libpq options): the server must override it.
        auto at = config.postgres_url.find("options=");
        ASSERT_NE(at, std::string::npos);
        config.postgres_url.insert(at + 8, "-csynchronous_commit%3Doff%20");
    }
    Database db(config);
    if (GetParam() == Backend::sqlite) {
        db.write([](Connection& c) {
            EXPECT_EQ(text_of(c.query("PRAGMA journal_mode").at(0).at(0)), "wal");
            EXPECT_EQ(text_of(c.query("PRAGMA synchronous").at(0).at(0)), "2");  // 2 = FULL
        });
        db.read([](Connection& c) {
            EXPECT_EQ(text_of(c.query("PRAGMA journal_mode").at(0).at(0)), "wal");
            EXPECT_EQ(text_of(c.query("PRAGMA synchronous").at(0).at(0)), "2");
        });
    } else {
        // The URL's option does reach the server: a bare libpq connection reports it off.
        PGconn* bare = PQconnectdb(config.postgres_url.c_str());
        ASSERT_EQ(PQstatus(bare), CONNECTION_OK);
        PGresult* shown = PQexec(bare, "SHOW synchronous_commit");
        EXPECT_STREQ(PQgetvalue(shown, 0, 0), "off");
        PQclear(shown);
        PQfinish(bare);
        db.write([](Connection& c) { EXPECT_EQ(text_of(c.query("SHOW synchronous_commit").at(0).at(0)), "on"); });
        db.read([](Connection& c) { EXPECT_EQ(text_of(c.query("SHOW synchronous_commit").at(0).at(0)), "on"); });
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, DurabilitySettingsTest, styrkort::testing::backends(),
                         styrkort::testing::backend_name);

}  // namespace
}  // namespace styrkort::storage
