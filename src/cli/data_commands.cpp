// import, export and migrate: moving whole plans in and out of a database.
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "domain/errors.hpp"
#include "formats/plan_file.hpp"
#include "json/write.hpp"

namespace styrkort::cli {

int import_file(const std::vector<std::string>& argv) {
    if (!argv.empty() && argv.front() == "outcomes") return import_outcomes({argv.begin() + 1, argv.end()});
    if (!argv.empty() && argv.front() == "kolada") return import_kolada({argv.begin() + 1, argv.end()});
    Args args(argv, {});
    args.allow_only(database_options);
    if (args.positional().size() != 1) {
        throw InputError("", {"ange en fil: styrkort import FIL", "name one file: styrkort import FILE"}, "usage");
    }
    const auto& path = args.positional().front();
    auto text = read_file(path);
    auto db = open_database(args);
    auto summary = db->write([&](storage::Connection& c) { return formats::import_plans(c, text, path, cli_actor()); });
    bool en = user_language() == Language::en;
    std::cout << (en ? "Imported " : "Importerade ") << summary.plans.size() << (en ? " plan(s)" : " plan(er)");
    for (const auto& k : summary.plans) std::cout << ' ' << k;
    std::cout << "; " << (en ? "units created " : "enheter skapade ") << summary.units_created << ", "
              << (en ? "updated " : "uppdaterade ") << summary.units_updated << '\n';
    for (const auto& [collection, n] : summary.items) std::cout << "  " << collection << ": " << n << '\n';
    return 0;
}

int export_plans(const std::vector<std::string>& argv) {
    Args args(argv, {"all"});
    if (!args.positional().empty() && args.positional().front() == "economy") return export_economy(argv);
    if (!args.positional().empty() && args.positional().front() == "risks") return export_risks(argv);
    auto known = database_options;
    known.insert({"all", "format", "org", "output"});
    args.allow_only(known);
    const auto& pos = args.positional();
    if (pos.empty() || pos.front() != "plan") {
        throw InputError("", {"använd: styrkort export plan (--all | NYCKEL…) [--format json]",
                              "usage: styrkort export plan (--all | KEY…) [--format json]"},
                         "usage");
    }
    if (auto format = args.option("format"); format && *format != "json") {
        throw InputError("--format", {"bara json stöds för planfiler", "only json is supported for plan files"}, "usage");
    }
    formats::ExportSelection selection;
    selection.organisation = args.option("org");
    selection.plans.assign(pos.begin() + 1, pos.end());
    if (args.flag("all") == !selection.plans.empty()) {
        throw InputError("", {"ange antingen --all eller planernas nycklar", "give either --all or the plans' keys"}, "usage");
    }
    auto db = open_database(args);
    auto doc = db->read([&](storage::Connection& c) { return formats::export_plans(c, selection); });
    auto text = json_text::pretty(doc);
    if (auto out = args.option("output"); out && *out != "-") {
        std::ofstream file(*out, std::ios::binary);
        file << text;
        if (!file) throw InputError(*out, {"går inte att skriva", "cannot be written"}, "file");
    } else {
        std::cout << text;
    }
    return 0;
}

int migrate(const std::vector<std::string>& argv) {
    Args args(argv, {});
    args.allow_only(database_options);
    auto db = open_database(args);
    auto version = db->read([](storage::Connection& c) {
        return storage::as_int(c.query("SELECT MAX(version) FROM schema_migration").at(0).at(0));
    });
    std::cout << "schema version " << version << " (" << db->config().describe() << ")\n";
    return 0;
}

}  // namespace styrkort::cli
