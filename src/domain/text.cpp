#include "domain/text.hpp"

#include "domain/errors.hpp"

namespace styrkort {

Language language_from_tag(const std::string& tag) {
    // Only the first preference counts: a Swedish user with English as fallback gets Swedish.
    auto first = tag.substr(0, tag.find_first_of(",;"));
    while (!first.empty() && first.front() == ' ') first.erase(0, 1);
    return first.rfind("en", 0) == 0 ? Language::en : Language::sv;
}

std::string InputError::describe(Language lang) const {
    std::string where;
    if (!file_.empty()) where = file_ + (line_ ? ":" + std::to_string(*line_) : "") + ": ";
    else if (line_) where = (lang == Language::en ? "line " : "rad ") + std::to_string(*line_) + ": ";
    if (!path_.empty()) where += path_ + ": ";
    return where + why_.in(lang);
}

}  // namespace styrkort
