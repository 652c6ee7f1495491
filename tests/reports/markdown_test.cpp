// The stored texts' markdown as HTML: what it renders, and that nothing in a stored text
// can become markup (the documents show text written by many people).
#include <gtest/gtest.h>

#include "domain/errors.hpp"
#include "reports/html_writer.hpp"
#include "reports/markdown.hpp"
#include "reports/render.hpp"

namespace styrkort::reports {
namespace {

TEST(Markdown, ParagraphsListsLinksAndBold) {
    EXPECT_EQ(markdown_html("Första stycket\nfortsätter.\n\nAndra **viktigt**."),
              "<p>Första stycket fortsätter.</p>\n<p>Andra <strong>viktigt</strong>.</p>\n");
    EXPECT_EQ(markdown_html("- a\n- b"), "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n");
    EXPECT_EQ(markdown_html("[Kolada](https://example.org/a?b=1&c=2)"),
              "<p><a href=\"https://example.org/a?b=1&amp;c=2\">Kolada</a></p>\n");
    EXPECT_EQ(markdown_html("#### Förutsättningar"), "<p class=\"subhead\"><strong>Förutsättningar</strong></p>\n");
}

TEST(Markdown, ANumberedListInterruptedByBulletsGoesOnWhereItWas) {
    EXPECT_EQ(markdown_html("1. Ett\n- a\n2. Två"),
              "<ol>\n<li>Ett</li>\n</ol>\n<ul>\n<li>a</li>\n</ul>\n<ol start=\"2\">\n<li>Två</li>\n</ol>\n");
}

TEST(Markdown, NothingInStoredTextBecomesMarkup) {
    auto html = markdown_html("<script>alert(1)</script> & \"x\" 'y'\n\n[klick](javascript:alert(1)) [a](https://x\"onmouseover=\"y)");
    EXPECT_EQ(html.find("<script"), std::string::npos) << html;
    EXPECT_EQ(html.find("href=\"javascript"), std::string::npos) << html;
    EXPECT_EQ(html.find("onmouseover=\""), std::string::npos) << html;
    EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39;"), std::string::npos) << html;
}

TEST(HtmlWriter, DraftTitleFactsTablesAndNoScript) {
    Document doc{.title = "Plan <2025>", .draft = true, .date = "2025-01-01"};
    doc.header.items = {{"Dokument-id", "X\"1"}};
    Writer w(doc);
    w.heading(1, "Ekonomi");
    w.table(Table{.caption = "Ram", .header = {"Rad", "Belopp"}, .rows = {Row{{{"Summa"}, {"1 234,5", Cell::Kind::number}}, true}}});
    auto html = write_html(doc);
    EXPECT_NE(html.find("<title>UTKAST – Plan &lt;2025&gt;</title>"), std::string::npos);
    EXPECT_NE(html.find("@top-center { content: \"UTKAST\""), std::string::npos);
    EXPECT_NE(html.find("content: \"X\\\"1 · Plan \\3c 2025>\""), std::string::npos) << "a CSS string, quotes escaped";
    EXPECT_EQ(html.find("Plan <2025>\""), std::string::npos) << "no '<' in the style sheet: it could close it";
    EXPECT_NE(html.find("<thead><tr><th scope=\"col\">Rad</th>"), std::string::npos);
    EXPECT_NE(html.find("<tr class=\"sum\"><td>Summa</td><td class=\"num\">1 234,5</td></tr>"), std::string::npos);
    EXPECT_NE(html.find("<a href=\"#k-ekonomi\">Ekonomi</a>"), std::string::npos) << "the table of contents";
    EXPECT_EQ(html.find("<script"), std::string::npos);
    auto word = write_html(doc, {.for_word = true});
    EXPECT_EQ(word.find("<style>"), std::string::npos);
    EXPECT_EQ(word.find("nav class=\"toc\""), std::string::npos);
    EXPECT_NE(word.find("<colgroup>"), std::string::npos);
}

TEST(PdfDates, ReplacedByTheDocumentsDateWithTheSameLength) {
    std::string pdf = "%PDF-1.4\n/CreationDate (D:20261207134603+00'00')\n/ModDate (D:20261207134603+00'00')>>\nxref";
    auto size = pdf.size();
    set_pdf_dates(pdf, "2021-12-31");
    EXPECT_EQ(pdf.size(), size);
    EXPECT_EQ(pdf, "%PDF-1.4\n/CreationDate (D:20211231000000+00'00')\n/ModDate (D:20211231000000+00'00')>>\nxref");
    EXPECT_EQ(epoch_of("2025-01-01"), 1735689600);
    EXPECT_EQ(epoch_of("not a date"), 0);
}

TEST(Formats, OnlyPdfDocxAndHtml) {
    EXPECT_EQ(parse_format("pdf"), Format::pdf);
    EXPECT_EQ(parse_format("docx"), Format::docx);
    EXPECT_EQ(parse_format("html"), Format::html);
    EXPECT_FALSE(parse_format("PDF"));
    EXPECT_THROW(format_or_throw("odt", "format"), InputError);
}

}  // namespace
}  // namespace styrkort::reports
