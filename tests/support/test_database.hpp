#pragma once
// Real databases for tests: a fresh SQLite file in a temp folder, or a fresh schema
// in the PostgreSQL server that scripts/with-postgres.sh started (its URL in
// STYRKORT_TEST_POSTGRES_URL). Tests are parametrised over both backends.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "storage/database.hpp"

namespace styrkort::testing {

enum class Backend { sqlite, postgres };

std::string backend_name(const ::testing::TestParamInfo<Backend>& info);

// Both backends when PostgreSQL is available. Without it, PostgreSQL tests fail unless
// STYRKORT_SKIP_POSTGRES=1 says that a developer knowingly runs SQLite only; the
// project's test command always starts PostgreSQL.
::testing::internal::ParamGenerator<Backend> backends();
// PostgreSQL alone, for behaviour SQLite cannot have (several writers at once); empty
// when a developer runs SQLite only (see backends()).
::testing::internal::ParamGenerator<Backend> postgres_only();

class TestDatabase {
public:
    explicit TestDatabase(Backend backend);
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    [[nodiscard]] const storage::DatabaseConfig& config() const { return config_; }
    // A new Database on the same storage (as a restarted server would open it).
    [[nodiscard]] std::unique_ptr<storage::Database> open() const;
    // CLI arguments that name this database: {"--db", path} or {"--postgres", url}.
    [[nodiscard]] std::vector<std::string> cli_args() const;
    [[nodiscard]] Backend backend() const { return backend_; }

private:
    Backend backend_;
    storage::DatabaseConfig config_;
    std::string dir_;     // SQLite: the temp folder
    std::string schema_;  // PostgreSQL: the schema made for this test
};

// A unique temporary directory, removed by the caller.
std::string make_temp_dir();

}  // namespace styrkort::testing
