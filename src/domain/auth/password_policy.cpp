#include "domain/auth/password_policy.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <string_view>

#include "domain/errors.hpp"

namespace styrkort::auth {
namespace {

// The most common passwords and password stems (international and Swedish); a
// password whose letters alone are one of these is refused whatever digits and
// symbols surround it ("Sommar2024!" is "sommar").
constexpr std::array<std::string_view, 64> common_stems{
    "password", "passw", "passwort", "losenord", "lsenord", "qwerty", "qwertyuiop", "asdfgh", "asdfghjkl",
    "zxcvbnm", "abc", "abcdef", "admin", "administrator", "welcome", "letmein", "login", "iloveyou", "monkey",
    "dragon", "master", "sunshine", "princess", "football", "baseball", "shadow", "superman", "trustno",
    "starwars", "whatever", "secret", "changeme", "default", "test", "testtest", "user", "guest", "root",
    "sommar", "vinter", "hosten", "hst", "varen", "vren", "januari", "februari", "mars", "april", "maj",
    "juni", "juli", "augusti", "september", "oktober", "november", "december", "hemligt", "hejsan", "hej",
    "sverige", "stockholm", "region", "kommun", "styrkort"};

// Whole passwords seen most often in breaches, digits included.
constexpr std::array<std::string_view, 12> common_passwords{
    "123456789012", "1234567890123", "12345678901234", "111111111111", "000000000000", "123123123123",
    "123456123456", "qwerty123456", "password1234", "1q2w3e4r5t6y", "1qaz2wsx3edc", "zaq12wsxcde3"};

// Whole common passwords of 12+ characters (the rest are refused by length anyway),
// sorted: the policy-matching part of the most common passwords of two public lists
// (scripts/make-common-passwords.py, docs/security.md 6.2.4).
constexpr std::string_view common_long_passwords[] = {
#include "domain/auth/common_passwords.inc"
};

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string letters_only(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
        if (std::isalpha(c) != 0) out += static_cast<char>(c);
    }
    return out;
}

std::size_t code_points(const std::string& s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](unsigned char c) { return (c & 0xC0) != 0x80; }));
}

// "abcdefghijkl", "123456789012", "987654321098": each byte one step from the last.
bool is_sequence(const std::string& s) {
    if (s.size() < 2) return true;
    int step = static_cast<unsigned char>(s[1]) - static_cast<unsigned char>(s[0]);
    if (step < -1 || step > 1) return false;
    for (std::size_t i = 2; i < s.size(); ++i) {
        int d = static_cast<unsigned char>(s[i]) - static_cast<unsigned char>(s[i - 1]);
        bool wraps = (d == -9 || d == 9) && std::isdigit(static_cast<unsigned char>(s[i])) != 0;
        if (d != step && !wraps) return false;
    }
    return true;
}

[[noreturn]] void refuse(const std::string& field, const std::string& sv, const std::string& en) {
    throw InputError(field, {sv, en}, "weak_password");
}

}  // namespace

std::span<const std::string_view> common_passwords_list() { return common_long_passwords; }

void check_password(const std::string& password, const std::string& username,
                    const std::vector<std::string>& context_words, const std::string& field) {
    if (code_points(password) < min_password_length) {
        refuse(field, "måste vara minst " + std::to_string(min_password_length) + " tecken",
               "must be at least " + std::to_string(min_password_length) + " characters");
    }
    if (password.size() > max_password_length) {
        refuse(field, "får vara högst " + std::to_string(max_password_length) + " byte",
               "may be at most " + std::to_string(max_password_length) + " bytes");
    }
    auto low = lower(password);
    std::set<char> distinct(low.begin(), low.end());
    if (distinct.size() < 5) {
        refuse(field, "har för få olika tecken", "has too few different characters");
    }
    if (is_sequence(low)) refuse(field, "är en enkel teckenföljd", "is a simple sequence of characters");
    auto stem = letters_only(low);
    for (auto common : common_passwords) {
        if (low == common) refuse(field, "är ett av de vanligaste lösenorden", "is one of the most common passwords");
    }
    if (std::binary_search(std::begin(common_long_passwords), std::end(common_long_passwords), std::string_view(low))) {
        refuse(field, "är ett av de vanligaste lösenorden", "is one of the most common passwords");
    }
    for (auto common : common_stems) {
        if (stem == common) {
            refuse(field, "bygger på ett av de vanligaste lösenorden", "is built on one of the most common passwords");
        }
    }
    std::vector<std::string> words = context_words;
    words.push_back(username);
    for (const auto& w : words) {
        auto word = lower(w);
        if (word.size() >= 4 && low.find(word) != std::string::npos) {
            refuse(field, "får inte innehålla användarnamnet eller organisationens namn",
                   "must not contain the user name or the organisation's name");
        }
    }
}

}  // namespace styrkort::auth
