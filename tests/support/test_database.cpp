#include "support/test_database.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "storage/sql.hpp"
#include "storage/tenant_scope.hpp"

namespace styrkort::testing {

namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v == nullptr ? std::string{} : std::string(v);
}

std::string with_search_path(const std::string& url, const std::string& schema) {
    // libpq URI: options=-c search_path=<schema>, percent-encoded.
    return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

}  // namespace

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
    return info.param == Backend::sqlite ? "SQLite" : "PostgreSQL";
}

::testing::internal::ParamGenerator<Backend> backends() {
    if (env("STYRKORT_TEST_POSTGRES_URL").empty() && env("STYRKORT_SKIP_POSTGRES") == "1") {
        return ::testing::Values(Backend::sqlite);
    }
    return ::testing::Values(Backend::sqlite, Backend::postgres);
}

::testing::internal::ParamGenerator<Backend> postgres_only() {
    if (env("STYRKORT_TEST_POSTGRES_URL").empty() && env("STYRKORT_SKIP_POSTGRES") == "1") {
        return ::testing::ValuesIn(std::vector<Backend>{});
    }
    return ::testing::Values(Backend::postgres);
}

std::string make_temp_dir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "styrkort-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    return pattern;
}

TestDatabase::TestDatabase(Backend backend) : backend_(backend) {
    // The tests' own set-up and checks act as the operator (every organisation); what a
    // server does runs in the scopes it sets itself (the gate, the job runners), under
    // row-level security (docs/scale-out.md "Tenants").
    storage::set_unscoped_default(storage::SystemWork::operator_cli);
    if (backend == Backend::sqlite) {
        dir_ = make_temp_dir();
        config_.sqlite_path = dir_ + "/test.db";
        return;
    }
    auto url = env("STYRKORT_TEST_POSTGRES_URL");
    if (url.empty()) {
        throw std::runtime_error(
            "STYRKORT_TEST_POSTGRES_URL is not set: run the tests with scripts/test.sh, which starts PostgreSQL "
            "(or set STYRKORT_SKIP_POSTGRES=1 to run SQLite only)");
    }
    static std::atomic<int> counter{0};
    schema_ = "t" + std::to_string(getpid()) + "_" + std::to_string(++counter);
    storage::open_postgres(url)->execute_script("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE; CREATE SCHEMA " + schema_);
    config_.postgres_url = with_search_path(url, schema_);
}

TestDatabase::~TestDatabase() {
    try {
        if (backend_ == Backend::sqlite) {
            std::filesystem::remove_all(dir_);
        } else {
            storage::open_postgres(env("STYRKORT_TEST_POSTGRES_URL"))->execute_script("DROP SCHEMA " + schema_ + " CASCADE");
        }
    } catch (const std::exception& e) {
        ADD_FAILURE() << "cleaning up the test database failed: " << e.what();
    }
}

std::unique_ptr<storage::Database> TestDatabase::open() const { return std::make_unique<storage::Database>(config_); }

std::vector<std::string> TestDatabase::cli_args() const {
    if (backend_ == Backend::sqlite) return {"--db", config_.sqlite_path};
    return {"--postgres", config_.postgres_url};
}

}  // namespace styrkort::testing
