#pragma once
// The small markdown of stored texts (sections, descriptions, assessments) as HTML:
// paragraphs, "- " and "1. " lists, [links](https://…) and **bold**. Everything else is
// text: every character is escaped, so stored text can never inject markup or script.
#include <string>

namespace styrkort::reports {

std::string escape_html(const std::string& text);
std::string markdown_html(const std::string& source);

}  // namespace styrkort::reports
