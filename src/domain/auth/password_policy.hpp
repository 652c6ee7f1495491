#pragma once
// What a password must be: long enough, not one of the passwords every attacker
// tries first, and not built from the account's or the organisation's own name.
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace styrkort::auth {

constexpr std::size_t min_password_length = 12;
constexpr std::size_t max_password_length = 1024;

// Throws InputError (code "weak_password", field `field`) naming why the password is
// refused. `context_words` are names an attacker would try: user name, organisation.
void check_password(const std::string& password, const std::string& username,
                    const std::vector<std::string>& context_words, const std::string& field = "password");

// The shipped list of common passwords of min_password_length or more characters
// (lower case, sorted), each refused whatever its case.
std::span<const std::string_view> common_passwords_list();

}  // namespace styrkort::auth
