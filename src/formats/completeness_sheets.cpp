#include "formats/completeness_sheets.hpp"

namespace styrkort::formats {
namespace {

using reporting::Part;

Text part_label(Part p) {
    switch (p) {
        case Part::activities: return {"Aktiviteter", "Activities"};
        case Part::measures: return {"Mått", "Measures"};
        case Part::assessments: return {"Målbedömningar", "Goal assessments"};
        case Part::report: return {"Rapport", "Report"};
    }
    return {};
}

Text state_label(const std::string& s) {
    if (s == "draft") return {"utkast", "draft"};
    if (s == "submitted") return {"inlämnad", "submitted"};
    if (s == "approved") return {"godkänd", "approved"};
    if (s == "returned") return {"återskickad", "returned"};
    return {"ej påbörjad", "not started"};
}

Text membership_label(const std::string& m) {
    if (m == "added") return {"ny under perioden", "added during the period"};
    if (m == "removed") return {"upphörde under perioden", "removed during the period"};
    return {"", ""};
}

// "66 %", or "inget att rapportera" where nothing applies (never 0 %).
std::string percent_text(const reporting::PartCompleteness& p, Language lang) {
    auto v = p.percent();
    if (!v) return Text{"inget att rapportera", "nothing to report"}.in(lang);
    return std::to_string(*v) + " %";
}

}  // namespace

std::vector<Sheet> completeness_sheets(const reporting::Completeness& c, Language lang) {
    auto t = [lang](const Text& x) { return x.in(lang); };
    Sheet summary;
    summary.name = t({"Fullständighet", "Completeness"});
    summary.title = t({"Fullständighet ", "Completeness "}) + std::to_string(c.period.year) + " " + c.period.point;
    summary.header = {t({"Enhet", "Unit"}), t({"Nyckel", "Key"})};
    summary.widths = {36, 16};
    for (Part p : reporting::all_parts()) {
        if (p == Part::report) continue;
        auto label = t(part_label(p));
        summary.header.push_back(label + t({" klara", " done"}));
        summary.header.push_back(label + t({" totalt", " required"}));
        summary.header.push_back(label + " %");
        summary.widths.insert(summary.widths.end(), {14, 14, 18});
    }
    summary.header.push_back(t({"Rapport", "Report"}));
    summary.header.push_back(t({"Totalt %", "Overall %"}));
    summary.header.push_back(t({"Anmärkning", "Note"}));
    summary.widths.insert(summary.widths.end(), {14, 18, 24});

    Sheet missing;
    missing.name = t({"Saknas", "Missing"});
    missing.title = t({"Det som saknas ", "What is missing "}) + std::to_string(c.period.year) + " " + c.period.point;
    missing.header = {t({"Enhet", "Unit"}), t({"Del", "Part"}), t({"Nyckel", "Key"}), t({"Namn", "Name"}), t({"Saknas", "Missing"})};
    missing.widths = {36, 18, 16, 48, 20};

    for (const auto& u : c.units) {
        std::vector<SheetCell> row{std::string(static_cast<std::size_t>(u.depth) * 2, ' ') + u.name, u.key};
        for (Part p : reporting::all_parts()) {
            if (p == Part::report) continue;
            const auto& pc = u.parts.at(p);
            row.emplace_back(static_cast<long long>(pc.done));
            row.emplace_back(static_cast<long long>(pc.required));
            row.emplace_back(percent_text(pc, lang));
        }
        row.emplace_back(u.parts.at(Part::report).required > 0 || u.report_state != "none" ? t(state_label(u.report_state))
                                                                                            : std::string("–"));
        row.emplace_back(percent_text(u.overall(), lang));
        row.emplace_back(t(membership_label(u.membership)));
        summary.rows.push_back(std::move(row));

        for (Part p : reporting::all_parts()) {
            for (const auto& m : u.parts.at(p).missing) {
                std::string what;
                if (p == Part::measures) {
                    for (const auto& s : m.missing_sexes) what += (what.empty() ? "" : ", ") + s;
                } else if (p == Part::report) {
                    what = t(state_label(m.state));
                }
                missing.rows.push_back({u.name, t(part_label(p)), m.key, m.name, what});
            }
        }
    }
    return {std::move(summary), std::move(missing)};
}

}  // namespace styrkort::formats
