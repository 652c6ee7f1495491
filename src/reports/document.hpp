#pragma once
// A document as data: headings, text, facts and tables in reading order. The plan and
// the follow-up report are built into this model from the repository's data; the HTML
// writer turns it into the one template source from which the PDF and the DOCX are made,
// so the three formats cannot drift apart.
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace styrkort::reports {

// A chapter or sub-chapter heading; level 1 is a chapter (h2 in the HTML: h1 is the
// document's title). `id` is the anchor the table of contents links to.
struct Heading {
    int level = 1;
    std::string id;
    std::string text;
};

// Stored text written in the plan's small markdown (paragraphs, lists, links, emphasis):
// rendered safely, never passed through as HTML.
struct Markdown {
    std::string source;
};

struct Paragraph {
    std::string text;
};

// Label–value pairs, e.g. the header block (document id, version, approved date …).
struct Facts {
    std::vector<std::pair<std::string, std::string>> items;
};

struct Cell {
    enum class Kind { text, number, markdown };
    std::string text;
    Kind kind = Kind::text;
};
struct Row {
    std::vector<Cell> cells;
    bool sum = false;  // a sum or subtotal row: set off in bold
};
struct Table {
    std::string caption;
    std::vector<std::string> header;
    std::vector<Row> rows;
    std::vector<std::string> notes;  // printed beneath the table
    bool wide = false;               // many columns: smaller type
};

using Block = std::variant<Heading, Markdown, Paragraph, Facts, Table>;

struct Document {
    std::string title;
    std::string subtitle;
    Facts header;                // the header block under the title
    bool draft = false;          // "UTKAST" on every page
    std::string date;            // YYYY-MM-DD: the document's creation date, from the data
    std::string file_stem;       // suggested file name without extension
    std::vector<Block> body;
};

// Appends blocks; hands out heading ids that are unique within the document.
class Writer {
public:
    explicit Writer(Document& d) : doc_(d) {}
    void heading(int level, const std::string& text, const std::string& id_hint = "");
    void markdown(const std::string& source);
    void paragraph(const std::string& text);
    void facts(Facts f);
    void table(Table t);
    [[nodiscard]] Document& document() { return doc_; }

private:
    Document& doc_;
    std::vector<std::string> ids_;
};

}  // namespace styrkort::reports
