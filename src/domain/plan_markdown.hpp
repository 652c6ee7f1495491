#pragma once
// The Markdown a plan's texts may hold (docs/plan-format.md "Text fields"): headings,
// paragraphs, emphasis, lists, tables and links to http(s), mailto or within the site.
// No raw HTML, no images, no other link schemes (javascript:, data: …): what a
// browser shows from a plan can then never be more than text and links.
#include <string>
#include <string_view>

namespace styrkort {

// Throws InputError naming `field` and the first thing not allowed (in Swedish and English).
void check_plan_markdown(const std::string& field, std::string_view text);

}  // namespace styrkort
