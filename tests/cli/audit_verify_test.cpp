// `styrkort audit verify` as a script would run it: on a database holding a shipped
// plan it exits 0; after one audit entry is edited directly in the database (the
// append-only trigger dropped first, as someone with the database's rights could) it
// exits 1 and names that entry and its time.
#include <gtest/gtest.h>

#include "process.hpp"
#include "storage/tenant_scope.hpp"
#include "storage/sql.hpp"
#include "support/test_database.hpp"

namespace styrkort::testing {
namespace {

class AuditVerifyTest : public ProcessTest {
protected:
    ProcessResult run(std::vector<std::string> args) {
        for (const auto& a : db_->cli_args()) args.push_back(a);
        return run_styrkort(args, dir_);
    }
};

TEST_P(AuditVerifyTest, HoldsOnARealLogAndNamesTheFirstEditedEntry) {
    auto imported = run({"import", std::string(STYRKORT_SOURCE_DIR) + "/data/norrbotten-2025-2027.json"});
    ASSERT_EQ(imported.status, 0) << describe(imported);
    auto ok = run({"audit", "verify"});
    EXPECT_EQ(ok.status, 0) << describe(ok);
    EXPECT_NE(ok.out.find("head "), std::string::npos) << ok.out;

    const auto& config = db_->config();
    auto c = db_->backend() == Backend::sqlite ? storage::open_sqlite(config.sqlite_path, false)
                                               : storage::open_postgres(config.postgres_url);
    // Behind the server's back, over every organisation (row-level security's system scope).
    storage::set_connection_scope(*c, {storage::TenantScope::Kind::system, 0}, false);
    auto row = c->query("SELECT id, at FROM audit_log WHERE org_id <> 0 ORDER BY id LIMIT 1 OFFSET 1").at(0);
    auto id = std::to_string(storage::as_int(row[0]));
    c->execute(db_->backend() == Backend::sqlite ? "DROP TRIGGER audit_log_no_update"
                                                 : "DROP TRIGGER audit_log_no_update ON audit_log");
    c->execute("UPDATE audit_log SET actor = 'någon annan' WHERE id = ?", {storage::as_int(row[0])});

    auto broken = run({"audit", "verify"});
    EXPECT_EQ(broken.status, 1) << describe(broken);
    EXPECT_NE(broken.out.find("BRUTEN vid post " + id + " (" + storage::as_text(row[1]) + ")"), std::string::npos)
        << broken.out;
    EXPECT_EQ(run({"audit", "verify", "--org", "ingen-sadan"}).status, 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditVerifyTest, backends(), backend_name);

}  // namespace
}  // namespace styrkort::testing
