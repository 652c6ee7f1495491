// The shipped list of common passwords (ASVS 6.2.4, docs/security.md): every entry is
// refused whatever its case, passwords the length rule alone let through before.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>

#include "domain/auth/password_policy.hpp"
#include "domain/errors.hpp"

namespace styrkort {
namespace {

bool refused(const std::string& password) {
    try {
        auth::check_password(password, "anna", {"region-norrbotten"});
    } catch (const InputError& e) {
        return e.code() == "weak_password";
    }
    return false;
}

TEST(CommonPasswordList, EveryEntryOfTheShippedListIsRefused) {
    auto list = auth::common_passwords_list();
    ASSERT_GE(list.size(), 800u);  // all 12+ character ones of the two source lists
    for (auto entry : list) {
        EXPECT_GE(entry.size(), auth::min_password_length) << entry;
        EXPECT_TRUE(refused(std::string(entry))) << entry;
    }
}

TEST(CommonPasswordList, RefusesListedPasswordsTheOtherRulesLetThrough) {
    // Long enough, varied, no sequence and no common stem: only the list stops these.
    for (std::string pw : {"sonyericsson", "Sonyericsson", "SONYERICSSON", "finalfantasy", "123qweasdzxc",
                           "Iloveyousomuch"}) {
        EXPECT_TRUE(refused(pw)) << pw;
    }
    // Not on the list: accepted.
    EXPECT_FALSE(refused("Kallt-vatten-i-Lule-älv-7"));
    EXPECT_FALSE(refused("sonyericsson-k750i-blå"));
}

}  // namespace
}  // namespace styrkort
