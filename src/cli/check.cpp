// styrkort check: the consistency checker over a database or a plan file.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "domain/checks/rules.hpp"
#include "domain/errors.hpp"
#include "formats/findings_json.hpp"
#include "formats/plan_file.hpp"
#include "json/read.hpp"
#include "json/write.hpp"

namespace styrkort::cli {

namespace {

const char* severity_label(checks::Severity s, Language lang) {
    bool en = lang == Language::en;
    switch (s) {
        case checks::Severity::error: return en ? "ERROR  " : "FEL    ";
        case checks::Severity::warning: return en ? "WARNING" : "VARNING";
        case checks::Severity::info: return "INFO   ";
    }
    return "";
}

// The plan file to check: a file named on the command line, or the database's export.
boost::json::value plan_document(const Args& args) {
    if (!args.positional().empty()) {
        const auto& path = args.positional().front();
        auto text = read_file(path);
        try {
            return json_text::parse(text);
        } catch (InputError& e) {
            e.locate(path, e.line());
            throw;
        }
    }
    auto db = open_database(args);
    formats::ExportSelection all;
    all.organisation = args.option("org");
    return db->read([&](storage::Connection& c) { return formats::export_plans(c, all); });
}

}  // namespace

int check(const std::vector<std::string>& argv) {
    Args args(argv, {"json"});
    auto known = database_options;
    known.insert({"json", "plan", "org"});
    args.allow_only(known);
    if (args.positional().size() > 1) throw InputError("", {"ange högst en fil", "name at most one file"}, "usage");
    auto doc = plan_document(args);
    std::vector<std::string> plans;
    if (auto p = args.option("plan")) plans.push_back(*p);

    std::vector<checks::Finding> findings;
    const auto* orgs = doc.is_object() ? doc.as_object().if_contains("organisations") : nullptr;
    if (orgs == nullptr || !orgs->is_array()) {
        throw InputError("organisations", {"saknas: det här är ingen planfil", "is missing: this is not a plan file"}, "format");
    }
    for (const auto& org : orgs->get_array()) {
        if (!org.is_object()) continue;
        auto found = checks::run_checks(org.get_object(), plans);
        findings.insert(findings.end(), found.begin(), found.end());
    }

    auto lang = user_language();
    auto summary = formats::findings_json(findings, lang);
    const auto& counts = summary.at("counts").as_object();
    if (args.flag("json")) {
        std::cout << json_text::pretty(summary);
    } else {
        for (const auto& f : findings) {
            std::cout << severity_label(f.severity, lang) << "  " << f.plan << "  " << f.place << " (" << f.item
                      << "): " << f.message.in(lang) << "  [" << f.rule << "]\n";
        }
        bool en = lang == Language::en;
        std::cout << counts.at("error").as_int64() << (en ? " errors, " : " fel, ") << counts.at("warning").as_int64()
                  << (en ? " warnings, " : " varningar, ") << counts.at("info").as_int64()
                  << (en ? " notes\n" : " upplysningar\n");
    }
    return counts.at("error").as_int64() > 0 ? 1 : 0;
}

}  // namespace styrkort::cli
