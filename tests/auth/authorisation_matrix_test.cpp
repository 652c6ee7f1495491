// Every route declares a permission and every entity a write rule. The requests
// themselves — every route × role × where the record lies × credential, against the
// one table of expected answers — are in route_matrix_test.cpp.
#include <gtest/gtest.h>

#include "identity_support.hpp"

namespace styrkort::testing {
namespace {

using auth::Role;
using api::Access;

class AuthorisationMatrixTest : public ::testing::TestWithParam<Backend> {};

TEST_P(AuthorisationMatrixTest, EveryRouteDeclaresAPermissionAndEveryEntityAWriteRule) {
    RunningServer s(GetParam());
    for (const auto& route : s.api().router().routes()) {
        EXPECT_NE(route.access, Access::undeclared) << route.method << " " << route.pattern << " declares no permission";
    }
    for (const auto& e : entities()) EXPECT_TRUE(auth::write_rule(e.name).has_value()) << e.name << " has no write rule";
    // The declared table itself, as docs/permissions.md states it.
    EXPECT_EQ(auth::write_rule("goal")->role, Role::planner);
    EXPECT_EQ(auth::write_rule("unit")->role, Role::administrator);
    EXPECT_EQ(auth::write_rule("activity_report")->role, Role::reporter);
    EXPECT_EQ(auth::write_rule("cost_frame_line")->role, Role::controller);
    EXPECT_TRUE(auth::write_rule("measure")->by_measure_kind);
    EXPECT_FALSE(auth::write_rule("something_new").has_value());
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthorisationMatrixTest, backends(), backend_name);

}  // namespace
}  // namespace styrkort::testing
