// The restricted Markdown of a plan's texts (docs/plan-format.md "Text fields").
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "domain/errors.hpp"
#include "domain/plan_markdown.hpp"
#include "domain/schema.hpp"
#include "domain/validation.hpp"

namespace styrkort {
namespace {

std::string refusal(const std::string& text) {
    try {
        check_plan_markdown("body", text);
    } catch (const InputError& e) {
        EXPECT_EQ(e.path(), "body");
        EXPECT_EQ(e.code(), "markdown");
        return e.why().sv;
    }
    return "";
}

TEST(PlanMarkdown, WhatThePlansAreWrittenInPasses) {
    for (const char* ok : {"## Läsanvisning\n\nStycke med *betoning* och **fetstil**.",
                           "- en\n- två\n\n1. första\n2. andra",
                           "| Division | Ram |\n|---|---:|\n| Nära | 1 234 |",
                           "Se [regionens webb](https://www.norrbotten.se) eller [avsnittet](#ekonomi).",
                           "Mejla [oss](mailto:plan@example.se), läs <https://example.se>.",
                           "Andelen ska vara < 5 % och 3 > 2; [relativ](/plans/1).",
                           "Kostnad 1,5 mnkr: [bilaga 5](bilaga-5.pdf)"}) {
        EXPECT_EQ(refusal(ok), "") << ok;
    }
}

TEST(PlanMarkdown, HtmlImagesAndOtherSchemesAreRefusedNamingWhat) {
    EXPECT_NE(refusal("Text <script>alert(1)</script>").find("innehåller HTML (<script>"), std::string::npos);
    EXPECT_NE(refusal("<div>ruta</div>").find("HTML"), std::string::npos);
    EXPECT_NE(refusal("<!-- dold -->").find("HTML"), std::string::npos);
    EXPECT_NE(refusal("![logga](https://example.se/a.png)").find("bild"), std::string::npos);
    EXPECT_NE(refusal("[klicka](javascript:alert(1))").find("länk"), std::string::npos);
    EXPECT_NE(refusal("[x](JavaScript:alert(1))").find("länk"), std::string::npos);
    EXPECT_NE(refusal("[x]: data:text/html;base64,AAAA").find("länk"), std::string::npos);
    EXPECT_NE(refusal("[x](vbscript:msgbox)").find("länk"), std::string::npos);
}

TEST(PlanMarkdown, EveryTextFieldOfTheModelIsHeldToIt) {
    const auto& section = entity("section");
    try {
        validate_record(section, boost::json::parse(R"({"plan_id":1,"key":"a","title":"A","body":"<iframe src=x>"})"));
        ADD_FAILURE() << "HTML accepted";
    } catch (const InputError& e) {
        EXPECT_EQ(e.path(), "body");
    }
    try {
        validate_record(entity("goal"), boost::json::parse(R"j({"plan_id":1,"key":"g","text":"Mål","description":"![x](y)"})j"));
        ADD_FAILURE() << "image accepted";
    } catch (const InputError& e) {
        EXPECT_EQ(e.path(), "description");
    }
}

}  // namespace
}  // namespace styrkort
