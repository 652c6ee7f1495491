#include "domain/checks/text_similarity.hpp"

#include <algorithm>
#include <vector>

namespace styrkort::checks {
namespace {

// Decodes UTF-8 (the validators guarantee it is well-formed), folds case for ASCII and
// the Swedish letters, and keeps letters and digits with single spaces between words.
std::u32string normalise(const std::string& s) {
    std::u32string out;
    bool space = false;
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        char32_t cp = c;
        int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
        if (extra > 0) cp = c & (0x3F >> extra);
        for (int k = 1; k <= extra && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        i += static_cast<std::size_t>(extra) + 1;
        if (cp >= 'A' && cp <= 'Z') cp += 32;
        if (cp == U'Å' || cp == U'Ä' || cp == U'Ö' || cp == U'É') cp += 32;
        bool word = (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || cp >= 0xC0;
        if (!word) {
            space = !out.empty();
            continue;
        }
        if (space) out += U' ';
        space = false;
        out += cp;
    }
    return out;
}

}  // namespace

double text_similarity(const std::string& a, const std::string& b) {
    auto x = normalise(a);
    auto y = normalise(b);
    if (x.empty() && y.empty()) return 1.0;
    std::vector<std::size_t> prev(y.size() + 1), cur(y.size() + 1);
    for (std::size_t j = 0; j <= y.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= x.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= y.size(); ++j) {
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)});
        }
        std::swap(prev, cur);
    }
    auto longest = std::max(x.size(), y.size());
    return 1.0 - static_cast<double>(prev[y.size()]) / static_cast<double>(longest);
}

}  // namespace styrkort::checks
