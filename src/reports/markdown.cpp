#include "reports/markdown.hpp"

#include <sstream>
#include <vector>

namespace styrkort::reports {
namespace {

bool safe_url(const std::string& url) {
    for (const char* scheme : {"https://", "http://", "mailto:"}) {
        if (url.rfind(scheme, 0) == 0) return url.find_first_of("\"'<> \t") == std::string::npos;
    }
    return false;
}

// Links and bold within one line; the rest escaped.
std::string inline_html(const std::string& text) {
    std::string out;
    bool bold = false;
    for (std::size_t i = 0; i < text.size();) {
        if (text.compare(i, 2, "**") == 0) {
            auto close = text.find("**", i + 2);
            if (bold || close != std::string::npos) {
                out += bold ? "</strong>" : "<strong>";
                bold = !bold;
                i += 2;
                continue;
            }
        }
        if (text[i] == '[') {
            auto mid = text.find("](", i);
            auto end = mid == std::string::npos ? mid : text.find(')', mid);
            if (end != std::string::npos && text.find('\n', i) > end) {
                auto label = text.substr(i + 1, mid - i - 1);
                auto url = text.substr(mid + 2, end - mid - 2);
                if (safe_url(url)) {
                    out += "<a href=\"" + escape_html(url) + "\">" + escape_html(label) + "</a>";
                } else {
                    out += escape_html(label) + " (" + escape_html(url) + ")";
                }
                i = end + 1;
                continue;
            }
        }
        out += escape_html(std::string(1, text[i]));
        ++i;
    }
    if (bold) out += "</strong>";
    return out;
}

enum class Kind { blank, bullet, number, heading, text };
Kind kind_of(const std::string& line, std::string& content, int& number) {
    auto start = line.find_first_not_of(" \t");
    if (start == std::string::npos) return Kind::blank;
    auto rest = line.substr(start);
    if (rest.size() > 2 && (rest[0] == '-' || rest[0] == '*' || rest[0] == '+') && rest[1] == ' ') {
        content = rest.substr(2);
        return Kind::bullet;
    }
    auto hashes = rest.find_first_not_of('#');
    if (hashes > 0 && hashes != std::string::npos && hashes <= 6 && rest[hashes] == ' ') {
        content = rest.substr(hashes + 1);
        return Kind::heading;
    }
    std::size_t d = 0;
    while (d < rest.size() && d < 3 && rest[d] >= '0' && rest[d] <= '9') ++d;
    if (d > 0 && d + 1 < rest.size() && rest[d] == '.' && rest[d + 1] == ' ') {
        content = rest.substr(d + 2);
        number = std::stoi(rest.substr(0, d));
        return Kind::number;
    }
    content = rest;
    return Kind::text;
}

}  // namespace

std::string escape_html(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string markdown_html(const std::string& source) {
    std::istringstream in(source);
    std::string line, out, paragraph;
    Kind open_list = Kind::blank;
    auto close_paragraph = [&] {
        if (!paragraph.empty()) out += "<p>" + inline_html(paragraph) + "</p>\n";
        paragraph.clear();
    };
    auto close_list = [&] {
        if (open_list == Kind::bullet) out += "</ul>\n";
        if (open_list == Kind::number) out += "</ol>\n";
        open_list = Kind::blank;
    };
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::string content;
        int number = 1;
        auto k = kind_of(line, content, number);
        if (k == Kind::blank) {
            close_paragraph();
            close_list();
        } else if (k == Kind::heading) {
            // A heading inside stored text: set off in bold, but not a document heading,
            // whose level the text cannot know.
            close_paragraph();
            close_list();
            out += "<p class=\"subhead\"><strong>" + inline_html(content) + "</strong></p>\n";
        } else if (k == Kind::bullet || k == Kind::number) {
            close_paragraph();
            if (open_list != k) {
                close_list();
                // A numbered list interrupted by another list goes on where it was ("2.").
                out += k == Kind::bullet ? std::string("<ul>\n")
                       : number == 1     ? std::string("<ol>\n")
                                         : "<ol start=\"" + std::to_string(number) + "\">\n";
                open_list = k;
            }
            out += "<li>" + inline_html(content) + "</li>\n";
        } else if (open_list != Kind::blank && (line[0] == ' ' || line[0] == '\t')) {
            // an indented line continues the list item: join it to the item before
            auto at = out.rfind("</li>");
            out.insert(at, " " + inline_html(content));
        } else {
            close_list();
            paragraph += (paragraph.empty() ? "" : " ") + content;
        }
    }
    close_paragraph();
    close_list();
    return out;
}

}  // namespace styrkort::reports
