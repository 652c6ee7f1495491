#include "http/json_text.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "http/utf8.hpp"

namespace styrkort::http {
namespace {

TEST(HttpJsonText, EscapesSpecialCharacters) {
    EXPECT_EQ(json_string("a\"b\\c\n\t\x01"), R"("a\"b\\c\n\t\u0001")");
    EXPECT_EQ(json_string("\xC3\xA5r"), "\"\xC3\xA5r\"");
}

TEST(HttpJsonText, ReplacesInvalidUtf8) {
    EXPECT_EQ(json_string("a\xff"
                          "b"),
              R"("a\ufffdb")");
    EXPECT_EQ(json_string("\xC3"), R"("\ufffd")");
    // Every byte value, alone, must still give parseable JSON.
    for (int b = 0; b < 256; ++b) {
        const std::string s(1, static_cast<char>(b));
        boost::system::error_code ec;
        (void)boost::json::parse(json_string(s), ec);
        EXPECT_FALSE(ec) << b;
    }
}

TEST(HttpJsonText, ErrorBody) {
    EXPECT_EQ(error_body("internal", "Internt serverfel"),
              R"({"error":{"code":"internal","message":"Internt serverfel"}})");
}

TEST(HttpUtf8, Validation) {
    EXPECT_TRUE(is_valid_utf8(""));
    EXPECT_TRUE(is_valid_utf8("plain"));
    EXPECT_TRUE(is_valid_utf8("\xC3\xA5\xE2\x82\xAC\xF0\x9F\x98\x80"));
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    EXPECT_FALSE(is_valid_utf8("\xE2\x82"));          // truncated
    EXPECT_FALSE(is_valid_utf8("\x80"));
}

}  // namespace
}  // namespace styrkort::http
