#include "http/target.hpp"

#include <gtest/gtest.h>

namespace styrkort::http {
namespace {

TEST(HttpTarget, DecodesPathAndQuery) {
    auto t = decode_target("/api/v1/%C3%A5r%20x?q=hello%20world&plus=a+b&x=1&x=2&empty=&flag");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->path, "/api/v1/\xC3\xA5r x");
    EXPECT_EQ(t->query.at("q"), "hello world");
    EXPECT_EQ(t->query.at("plus"), "a b");
    EXPECT_EQ(t->query.at("x"), "2");  // last one wins
    EXPECT_EQ(t->query.at("empty"), "");
    EXPECT_EQ(t->query.at("flag"), "");
}

TEST(HttpTarget, EncodedSlashAndPlusInPathStayLiteral) {
    auto t = decode_target("/a%2Fb+c");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->path, "/a/b+c");
}

TEST(HttpTarget, IgnoresEmptyQueryEntries) {
    auto t = decode_target("/x?&&a=1&");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->query.size(), 1U);
    EXPECT_EQ(t->query.at("a"), "1");
    auto bare = decode_target("/x?");
    ASSERT_TRUE(bare);
    EXPECT_TRUE(bare->query.empty());
}

TEST(HttpTarget, AcceptsAbsoluteForm) {
    auto t = decode_target("http://example.test/a%20b?k=v");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->path, "/a b");
    EXPECT_EQ(t->query.at("k"), "v");
    auto root = decode_target("http://example.test");
    ASSERT_TRUE(root);
    EXPECT_EQ(root->path, "/");
}

TEST(HttpTarget, RejectsBadInput) {
    for (const char* bad :
         {"", "*", "relative/path", "/a%zz", "/a%", "/a%4", "/a%00b", "/a%C3", "/a%FF",
          "/%ED%A0%80", "/a\xff", "/a b", "/x?q=%00", "/x?q=%zz", "/x?q=%C3%28", "/x#frag"}) {
        EXPECT_FALSE(decode_target(bad)) << bad;
    }
}

TEST(HttpTarget, RawPathDropsQueryAndFragment) {
    EXPECT_EQ(raw_path("/a/b?token=secret"), "/a/b");
    EXPECT_EQ(raw_path("/a#x"), "/a");
    EXPECT_EQ(raw_path("/a"), "/a");
    EXPECT_EQ(raw_path(""), "");
}

}  // namespace
}  // namespace styrkort::http
