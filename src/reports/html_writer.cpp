#include "reports/html_writer.hpp"

#include <algorithm>
#include <vector>

#include "reports/markdown.hpp"

namespace styrkort::reports {
namespace {

// A CSS string literal: quotes, backslashes and line ends escaped.
std::string css_string(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '<') {
            out += "\\3c ";  // never "</style>" inside the style sheet
        } else if (c == '\n' || c == '\r') {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string style_sheet(const Document& doc) {
    std::string footer_left = doc.title;
    for (const auto& [label, value] : doc.header.items) {
        if (label == "Dokument-id" && !value.empty()) footer_left = value + " · " + doc.title;
    }
    std::string css = R"css(
@page {
  size: A4;
  margin: 20mm 16mm 22mm 18mm;
  @bottom-right { content: "Sida " counter(page) " (" counter(pages) ")"; font: 8.5pt "DejaVu Sans", sans-serif; color: #333; }
  @bottom-left { content: )css" + css_string(footer_left) + R"css(; font: 8.5pt "DejaVu Sans", sans-serif; color: #333; }
)css";
    if (doc.draft) {
        css += R"css(  @top-center { content: "UTKAST"; font: bold 14pt "DejaVu Sans", sans-serif; color: #a4000f; }
)css";
    }
    css += R"css(}
html { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 10pt; color: #1a1a1a; background: #fff; line-height: 1.4; }
body { margin: 0 auto; max-width: 60rem; padding: 1rem; }
h1 { font-size: 20pt; margin: 0 0 0.3em; }
h2 { font-size: 15pt; margin: 1.6em 0 0.5em; break-after: avoid; }
h3 { font-size: 12.5pt; margin: 1.3em 0 0.4em; break-after: avoid; }
h4, h5, h6 { font-size: 10.5pt; margin: 1.1em 0 0.3em; break-after: avoid; }
.subtitle { font-size: 12pt; margin: 0 0 1em; }
.draft-banner { border: 2px solid #a4000f; color: #a4000f; font-weight: bold; padding: 0.3em 0.6em; display: inline-block; letter-spacing: 0.2em; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1.2em; margin: 1em 0 1.5em; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
nav.toc ol { list-style: none; padding-left: 0; }
nav.toc ol ol { padding-left: 1.4em; }
nav.toc a { color: #1a1a1a; text-decoration: none; }
nav.toc { break-after: page; }
a { color: #0b4a8b; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0 1.2em; font-size: 8.5pt; }
table.wide { font-size: 7.5pt; }
caption { text-align: left; font-weight: bold; font-size: 9.5pt; padding-bottom: 0.3em; caption-side: top; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.5pt solid #8a8a8a; padding: 0.25em 0.4em; vertical-align: top; text-align: left; }
thead th { background: #e8ecf1; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.sum td { font-weight: bold; background: #f3f3f3; }
td p { margin: 0 0 0.3em; }
td ul, td ol { margin: 0 0 0.3em; padding-left: 1.1em; }
p.subhead { margin: 1em 0 0.3em; break-after: avoid; }
p.note { font-size: 8.5pt; margin-top: -0.8em; }
@media print {
  body { max-width: none; padding: 0; }
  .draft-banner { display: none; }
  a { color: inherit; }
}
)css";
    return css;
}

void write_facts(std::string& out, const Facts& f) {
    if (f.items.empty()) return;
    out += "<dl class=\"facts\">\n";
    for (const auto& [label, value] : f.items) {
        out += "<dt>" + escape_html(label) + "</dt><dd>" + escape_html(value.empty() ? "–" : value) + "</dd>\n";
    }
    out += "</dl>\n";
}

// Column widths in per cent from how much each column holds (Word and LibreOffice
// otherwise give every column the same narrow width).
void write_widths(std::string& out, const Table& t) {
    std::vector<double> weight(t.header.size(), 4);
    auto note = [&](std::size_t c, std::size_t length) {
        if (c < weight.size()) weight[c] = std::max(weight[c], std::min(40.0, static_cast<double>(length)));
    };
    for (std::size_t c = 0; c < t.header.size(); ++c) note(c, t.header[c].size() / 2);
    for (const auto& row : t.rows) {
        for (std::size_t c = 0; c < row.cells.size(); ++c) note(c, row.cells[c].text.size());
    }
    double total = 0;
    for (double w : weight) total += w;
    out += "<colgroup>";
    for (double w : weight) out += "<col style=\"width: " + std::to_string(static_cast<int>(100 * w / total)) + "%\">";
    out += "</colgroup>\n";
}

void write_table(std::string& out, const Table& t, bool widths) {
    out += t.wide ? "<table class=\"wide\">\n" : "<table>\n";
    if (!t.caption.empty()) out += "<caption>" + escape_html(t.caption) + "</caption>\n";
    if (widths) write_widths(out, t);
    out += "<thead><tr>";
    for (const auto& h : t.header) out += "<th scope=\"col\">" + escape_html(h) + "</th>";
    out += "</tr></thead>\n<tbody>\n";
    for (const auto& row : t.rows) {
        out += row.sum ? "<tr class=\"sum\">" : "<tr>";
        for (const auto& c : row.cells) {
            switch (c.kind) {
                case Cell::Kind::number: out += "<td class=\"num\">" + escape_html(c.text) + "</td>"; break;
                case Cell::Kind::markdown: out += "<td>" + markdown_html(c.text) + "</td>"; break;
                case Cell::Kind::text: out += "<td>" + escape_html(c.text) + "</td>"; break;
            }
        }
        out += "</tr>\n";
    }
    out += "</tbody>\n</table>\n";
    for (const auto& n : t.notes) out += "<p class=\"note\">" + escape_html(n) + "</p>\n";
}

// Chapters (level 1) and their sub-chapters (level 2) as nested lists of links.
void write_toc(std::string& out, const Document& doc) {
    out += "<nav class=\"toc\" aria-labelledby=\"innehall\">\n<h2 id=\"innehall\">Innehåll</h2>\n<ol>\n";
    bool open_sub = false, open_item = false;
    for (const auto& b : doc.body) {
        const auto* h = std::get_if<Heading>(&b);
        if (h == nullptr || h->level > 2) continue;
        auto link = "<a href=\"#" + h->id + "\">" + escape_html(h->text) + "</a>";
        if (h->level == 1) {
            if (open_sub) out += "</ol>";
            if (open_item) out += "</li>\n";
            out += "<li>" + link;
            open_item = true;
            open_sub = false;
        } else {
            if (!open_sub) out += "<ol>\n";
            open_sub = true;
            out += "<li>" + link + "</li>\n";
        }
    }
    if (open_sub) out += "</ol>";
    if (open_item) out += "</li>\n";
    out += "</ol>\n</nav>\n";
}

}  // namespace

std::string write_html(const Document& doc, const HtmlOptions& options) {
    std::string out = "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += "<title>" + escape_html(doc.draft ? "UTKAST – " + doc.title : doc.title) + "</title>\n";
    if (!doc.date.empty()) out += "<meta name=\"dcterms.created\" content=\"" + escape_html(doc.date) + "\">\n";
    if (!options.for_word) out += "<style>" + style_sheet(doc) + "</style>\n";
    out += "</head>\n<body>\n<header>\n";
    if (doc.draft) out += "<p class=\"draft-banner\">UTKAST</p>\n";
    out += "<h1>" + escape_html(doc.title) + "</h1>\n";
    if (!doc.subtitle.empty()) out += "<p class=\"subtitle\">" + escape_html(doc.subtitle) + "</p>\n";
    write_facts(out, doc.header);
    out += "</header>\n";
    if (!options.for_word) write_toc(out, doc);
    out += "<main>\n";
    for (const auto& b : doc.body) {
        if (const auto* h = std::get_if<Heading>(&b)) {
            auto tag = "h" + std::to_string(h->level + 1);
            out += "<" + tag + " id=\"" + h->id + "\">" + escape_html(h->text) + "</" + tag + ">\n";
        } else if (const auto* m = std::get_if<Markdown>(&b)) {
            out += markdown_html(m->source);
        } else if (const auto* p = std::get_if<Paragraph>(&b)) {
            out += "<p>" + escape_html(p->text) + "</p>\n";
        } else if (const auto* f = std::get_if<Facts>(&b)) {
            write_facts(out, *f);
        } else if (const auto* t = std::get_if<Table>(&b)) {
            write_table(out, *t, options.for_word);
        }
    }
    out += "</main>\n</body>\n</html>\n";
    return out;
}

}  // namespace styrkort::reports
