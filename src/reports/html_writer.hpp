#pragma once
// The document as one semantic, accessible HTML page with print CSS (CSS paged media:
// A4, "Sida X (Y)" in the page margin, repeating table headers, "UTKAST" on every page
// of a draft). This is the single template source: the PDF is printed from exactly this
// HTML and the DOCX converted from it.
#include <string>

#include "reports/document.hpp"

namespace styrkort::reports {

struct HtmlOptions {
    // For the DOCX conversion: no table of contents of links (the converter inserts a
    // real, updatable one) and no style sheet (Word's styles apply).
    bool for_word = false;
};

std::string write_html(const Document& doc, const HtmlOptions& options = {});

}  // namespace styrkort::reports
