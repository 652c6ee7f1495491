#pragma once
// A user-facing text in both languages Styrkort speaks. Swedish is the default.
#include <string>

namespace styrkort {

enum class Language { sv, en };

struct Text {
    std::string sv;
    std::string en;
    [[nodiscard]] const std::string& in(Language lang) const { return lang == Language::en ? en : sv; }
};

// "en", "en-GB,en;q=0.8" -> English; anything else -> Swedish.
Language language_from_tag(const std::string& tag);

}  // namespace styrkort
