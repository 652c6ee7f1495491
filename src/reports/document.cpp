#include "reports/document.hpp"

#include <algorithm>

namespace styrkort::reports {
namespace {

// An HTML id from a key or a title: ASCII letters, digits and '-' only.
std::string slug(const std::string& text) {
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            out += static_cast<char>(c);
        } else if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c - 'A' + 'a');
        } else if (!out.empty() && out.back() != '-') {
            out += '-';
        }
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out.empty() ? "avsnitt" : out.substr(0, 60);
}

}  // namespace

void Writer::heading(int level, const std::string& text, const std::string& id_hint) {
    auto base = "k-" + slug(id_hint.empty() ? text : id_hint);
    auto id = base;
    for (int n = 2; std::find(ids_.begin(), ids_.end(), id) != ids_.end(); ++n) id = base + "-" + std::to_string(n);
    ids_.push_back(id);
    doc_.body.emplace_back(Heading{std::clamp(level, 1, 5), id, text});
}
void Writer::markdown(const std::string& source) {
    if (!source.empty()) doc_.body.emplace_back(Markdown{source});
}
void Writer::paragraph(const std::string& text) { doc_.body.emplace_back(Paragraph{text}); }
void Writer::facts(Facts f) { doc_.body.emplace_back(std::move(f)); }
void Writer::table(Table t) { doc_.body.emplace_back(std::move(t)); }

}  // namespace styrkort::reports
