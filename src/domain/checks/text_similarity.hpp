#pragma once
#include <string>

namespace styrkort::checks {

// 1.0 for texts that are the same after case folding (å ä ö included), punctuation and
// spacing are ignored; less the more characters must change (Levenshtein over code points).
double text_similarity(const std::string& a, const std::string& b);

}  // namespace styrkort::checks
