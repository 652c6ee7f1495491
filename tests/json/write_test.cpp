#include "json/write.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace styrkort::json_text {
namespace {

TEST(JsonWrite, NumbersInTheirShortestExactForm) {
    EXPECT_EQ(compact(boost::json::parse("[87.3, 100.0, 1200000, -0.5, 0.1]")), "[87.3,100,1200000,-0.5,0.1]");
}

TEST(JsonWrite, Utf8AsIsAndControlCharactersEscaped) {
    boost::json::value v = boost::json::string("Nära – ”vård”\n\t\x01");
    EXPECT_EQ(compact(v), "\"Nära – ”vård”\\n\\t\\u0001\"");
}

TEST(JsonWrite, PrettyKeepsMemberOrderAndEndsWithNewline) {
    auto v = boost::json::parse(R"({"z": 1, "a": [], "m": {}, "l": [1, {"b": null}]})");
    EXPECT_EQ(pretty(v),
              "{\n  \"z\": 1,\n  \"a\": [],\n  \"m\": {},\n  \"l\": [\n    1,\n    {\n      \"b\": null\n    }\n  ]\n}\n");
}

TEST(JsonWrite, RoundTripsThroughTheParser) {
    const char* text = R"({"x":[1,2.5,"å"],"y":{"z":true,"n":null}})";
    EXPECT_EQ(compact(boost::json::parse(text)), text);
}

}  // namespace
}  // namespace styrkort::json_text
