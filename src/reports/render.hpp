#pragma once
// The document in a file format: HTML (written here), PDF (Chromium printing exactly that
// HTML) and DOCX (pandoc converting the same HTML). Both renderers run as child
// processes with a timeout; the results are made reproducible: the same document gives
// the same bytes (docs/documents.md).
#include <optional>
#include <string>

#include "reports/document.hpp"

namespace styrkort::reports {

enum class Format { html, pdf, docx };

// "pdf", "docx", "html"; none for anything else.
std::optional<Format> parse_format(const std::string& name);
// Throws InputError naming `field` for anything but pdf, docx or html.
Format format_or_throw(const std::string& name, const std::string& field);

struct Rendered {
    std::string bytes;
    std::string media_type;
    std::string extension;  // "pdf", "docx", "html"
};

// Throws ToolError when a renderer is missing, fails or takes longer than
// STYRKORT_RENDER_TIMEOUT seconds (default 120).
Rendered render(const Document& doc, Format format);

// Seconds since 1970 at 00:00 UTC of a "YYYY-MM-DD" date; 0 for anything else.
long long epoch_of(const std::string& date);

// Sets the PDF's /CreationDate and /ModDate to `date` (YYYY-MM-DD) in place, each
// replaced by a string of the same length so that the cross-reference offsets stay valid.
void set_pdf_dates(std::string& pdf, const std::string& date);

}  // namespace styrkort::reports
