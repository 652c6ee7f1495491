#include "json/read.hpp"

#include <gtest/gtest.h>

#include "domain/errors.hpp"

namespace styrkort::json_text {
namespace {

std::optional<int> error_line(std::string_view text) {
    try {
        parse(text);
    } catch (const InputError& e) {
        EXPECT_EQ(e.code(), "json");
        return e.line();
    }
    return std::nullopt;
}

TEST(JsonRead, SyntaxErrorsCarryTheirLine) {
    EXPECT_EQ(error_line("{\n  \"a\": 1,\n  \"b\": ,\n}"), 3);
    EXPECT_EQ(error_line("{\"a\": 1"), 1);
    EXPECT_EQ(error_line("{} {}"), 1);
}

TEST(JsonRead, RejectsInvalidUtf8) { EXPECT_TRUE(error_line("{\"a\": \"\xff\xfe\"}").has_value()); }

TEST(JsonRead, RejectsDuplicateKeysInsteadOfDroppingData) {
    EXPECT_EQ(error_line("{\n \"a\": 1,\n \"b\": {\"c\": 1,\n \"c\": 2}}"), 4);
    EXPECT_FALSE(error_line(R"({"a": {"c": 1}, "b": {"c": 2}})").has_value());
}

TEST(JsonRead, RejectsDeepNesting) { EXPECT_TRUE(error_line(std::string(100, '[') + std::string(100, ']')).has_value()); }

TEST(JsonRead, FindsTheLineOfAPath) {
    std::string text =
        "{\n"
        "  \"plans\": [\n"
        "    {\"key\": \"a\"},\n"
        "    {\n"
        "      \"key\": \"b\",\n"
        "      \"goals\": [\n"
        "        {\"text\": \"x, y\"},\n"
        "        {\"text\": \"z\",\n"
        "         \"bad\": 1}\n"
        "      ]\n"
        "    }\n"
        "  ]\n"
        "}\n";
    EXPECT_EQ(line_of_path(text, "plans[1].goals[1].bad"), 9);
    EXPECT_EQ(line_of_path(text, "plans[1].goals[0]"), 7);
    EXPECT_EQ(line_of_path(text, "plans[1].key"), 5);
    // A path that is missing at the end points at the nearest part that exists.
    EXPECT_EQ(line_of_path(text, "plans[1].goals[1].missing"), 8);
}

}  // namespace
}  // namespace styrkort::json_text
