#include "formats/findings_json.hpp"

namespace styrkort::formats {

boost::json::value findings_json(const std::vector<checks::Finding>& findings, Language lang) {
    boost::json::array items;
    boost::json::object counts{{"error", 0}, {"warning", 0}, {"info", 0}};
    for (const auto& f : findings) {
        const char* severity = checks::severity_name(f.severity);
        counts[severity] = counts[severity].as_int64() + 1;
        items.push_back({{"rule", f.rule},
                         {"severity", severity},
                         {"plan", f.plan},
                         {"place", f.place},
                         {"item", f.item},
                         {"message", f.message.in(lang)}});
    }
    return boost::json::object{{"findings", std::move(items)}, {"counts", std::move(counts)}};
}

}  // namespace styrkort::formats
