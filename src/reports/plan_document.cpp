#include "reports/plan_document.hpp"

#include <algorithm>

#include "domain/errors.hpp"
#include "reports/plan_parts.hpp"

namespace styrkort::reports {
namespace {

namespace json = boost::json;
using checks::items;
using checks::text_of;

std::string status_word(const std::string& s) {
    if (s == "draft") return "Utkast";
    if (s == "submitted") return "Inlämnad för beslut";
    if (s == "returned") return "Återremitterad";
    if (s == "approved") return "Fastställd";
    if (s == "archived") return "Ersatt av en senare version";
    return s;
}

}  // namespace

Document plan_document(const json::object& organisation, const std::string& plan_key) {
    const json::object* plan = nullptr;
    for (const auto& p : items(organisation, "plans")) {
        if (text_of(p.as_object(), "key") == plan_key) plan = &p.as_object();
    }
    if (plan == nullptr) throw NotFound({"planen '" + plan_key + "' finns inte", "the plan '" + plan_key + "' does not exist"});
    PlanContext context{organisation, *plan, checks::UnitTree(organisation)};

    Document doc;
    doc.title = text_of(*plan, "title");
    doc.subtitle = text_of(organisation, "name");
    auto status = text_of(*plan, "status");
    doc.draft = status != "approved" && status != "archived";
    auto first = checks::int_of(*plan, "first_year").value_or(0);
    auto last = checks::int_of(*plan, "last_year").value_or(0);
    auto approved = text_of(*plan, "approved_date");
    // The creation date comes from the data, so that the same plan gives the same bytes.
    doc.date = approved.empty() ? std::to_string(first) + "-01-01" : approved;
    doc.file_stem = plan_key;
    doc.header.items = {{"Dokument-id", text_of(*plan, "document_id")},
                        {"Version", text_of(*plan, "version")},
                        {"Fastställd", approved},
                        {"Ansvarig", text_of(*plan, "responsible")},
                        {"Upprättad av", text_of(*plan, "prepared_by")},
                        {"Planperiod", first == last ? std::to_string(first) : std::to_string(first) + "–" + std::to_string(last)},
                        {"Status", status_word(status)}};

    std::vector<Piece> pieces;
    for (const auto& part : plan_parts()) part.build(context, pieces);
    // Each piece follows the first section it belongs to; the others become chapters.
    const auto& sections = items(*plan, "sections");
    std::vector<int> placed(pieces.size(), -1);
    for (std::size_t p = 0; p < pieces.size(); ++p) {
        if (!pieces[p].follows) continue;
        for (std::size_t s = 0; s < sections.size(); ++s) {
            if (pieces[p].follows(sections[s].as_object())) {
                placed[p] = static_cast<int>(s);
                break;
            }
        }
    }
    Writer w(doc);
    for (std::size_t s = 0; s < sections.size(); ++s) {
        const auto& section = sections[s].as_object();
        int level = static_cast<int>(checks::int_of(section, "level").value_or(1));
        w.heading(level, text_of(section, "title"), text_of(section, "key"));
        w.markdown(text_of(section, "body"));
        for (std::size_t p = 0; p < pieces.size(); ++p) {
            if (placed[p] == static_cast<int>(s)) pieces[p].write(w, level + 1);
        }
    }
    std::vector<std::string> chapters;
    for (std::size_t p = 0; p < pieces.size(); ++p) {
        if (placed[p] < 0 && std::find(chapters.begin(), chapters.end(), pieces[p].chapter) == chapters.end()) {
            chapters.push_back(pieces[p].chapter);
        }
    }
    for (const auto& chapter : chapters) {
        w.heading(1, chapter);
        for (std::size_t p = 0; p < pieces.size(); ++p) {
            if (placed[p] < 0 && pieces[p].chapter == chapter) pieces[p].write(w, 2);
        }
    }
    return doc;
}

}  // namespace styrkort::reports
