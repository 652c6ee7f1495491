#include "domain/plan_markdown.hpp"

#include <cctype>

#include "domain/errors.hpp"

namespace styrkort {
namespace {

std::string excerpt(std::string_view text, std::size_t at) {
    auto s = std::string(text.substr(at, 24));
    if (auto nl = s.find('\n'); nl != std::string::npos) s.resize(nl);
    return s;
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
    }
    return true;
}

// A link target: http(s), mailto, a fragment, or a path without a scheme.
bool allowed_target(std::string_view url) {
    while (!url.empty() && (url.front() == ' ' || url.front() == '<')) url.remove_prefix(1);
    if (starts_with_ci(url, "http://") || starts_with_ci(url, "https://") || starts_with_ci(url, "mailto:")) return true;
    // A scheme is letters, digits, + - . before the first ':' (and before any / ? #).
    for (char c : url) {
        if (c == ':') return false;
        if (c == '/' || c == '?' || c == '#' || c == ' ' || c == ')') return true;
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return true;
    }
    return true;
}

[[noreturn]] void refuse(const std::string& field, const std::string& sv, const std::string& en) {
    throw InputError(field, {sv, en}, "markdown");
}

}  // namespace

void check_plan_markdown(const std::string& field, std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '<' && i + 1 < text.size()) {
            char n = text[i + 1];
            bool tag = std::isalpha(static_cast<unsigned char>(n)) || n == '/' || n == '!' || n == '?';
            auto rest = text.substr(i + 1);
            bool autolink = starts_with_ci(rest, "http://") || starts_with_ci(rest, "https://") ||
                            starts_with_ci(rest, "mailto:");
            if (tag && !autolink) {
                refuse(field,
                       "innehåller HTML (" + excerpt(text, i) +
                           "); texten skrivs i Markdown: rubriker, stycken, listor, tabeller och länkar",
                       "contains HTML (" + excerpt(text, i) +
                           "); the text is Markdown: headings, paragraphs, lists, tables and links");
            }
        }
        if (c == '!' && i + 1 < text.size() && text[i + 1] == '[') {
            refuse(field, "innehåller en bild (" + excerpt(text, i) + "); bilder kan inte ingå i planens text",
                   "contains an image (" + excerpt(text, i) + "); images cannot be part of the plan's text");
        }
        // An inline link "](target)" or a reference definition "]: target".
        if (c == ']' && i + 1 < text.size() && (text[i + 1] == '(' || text[i + 1] == ':')) {
            auto target = text.substr(i + 2);
            if (!allowed_target(target)) {
                refuse(field,
                       "har en länk som inte är tillåten (" + excerpt(text, i + 2) +
                           "); länkar går till http(s), mailto eller sidor här",
                       "has a link that is not allowed (" + excerpt(text, i + 2) +
                           "); links go to http(s), mailto or pages here");
            }
        }
    }
}

}  // namespace styrkort
