// styrkort import outcomes FILE.csv: outcomes from CSV (docs/followup.md), all or
// nothing, with a progress line on a terminal.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "domain/errors.hpp"
#include "formats/outcome_csv.hpp"

namespace styrkort::cli {
namespace {

// The organisation named by --org (key or id), or the only one in the database.
storage::Id organisation(storage::Connection& c, const std::optional<std::string>& org) {
    if (org) {
        auto rows = c.query("SELECT id FROM organisation WHERE key = ? OR CAST(id AS TEXT) = ?", {*org, *org});
        if (rows.empty()) throw NotFound({"organisationen '" + *org + "' finns inte", "the organisation '" + *org + "' does not exist"});
        return storage::as_int(rows[0][0]);
    }
    auto rows = c.query("SELECT id FROM organisation ORDER BY id LIMIT 2");
    if (rows.size() != 1) {
        throw InputError("--org", {"ange organisationen (databasen har inte exakt en)",
                                   "name the organisation (the database does not hold exactly one)"},
                         "usage");
    }
    return storage::as_int(rows[0][0]);
}

}  // namespace

int import_outcomes(const std::vector<std::string>& argv) {
    Args args(argv, {});
    auto known = database_options;
    known.insert("org");
    args.allow_only(known);
    if (args.positional().size() != 1) {
        throw InputError("", {"ange en fil: styrkort import outcomes FIL.csv [--org ORG]",
                              "name one file: styrkort import outcomes FILE.csv [--org ORG]"},
                         "usage");
    }
    const auto& path = args.positional().front();
    std::ifstream file(path, std::ios::binary);
    if (!file) throw InputError(path, {"går inte att läsa", "cannot be read"}, "file");
    bool en = user_language() == Language::en;
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    bool terminal = isatty(STDERR_FILENO) == 1;
    formats::ImportProgress progress;
    if (terminal) {
        progress = [&](std::int64_t rows, std::size_t bytes) {
            std::cerr << '\r' << rows << (en ? " rows" : " rader");
            if (!ec && size > 0) std::cerr << " (" << std::min<std::size_t>(100, bytes * 100 / size) << " %)";
            std::cerr << std::flush;
        };
    }
    auto db = open_database(args);
    auto summary = db->write([&](storage::Connection& c) {
        return formats::import_outcomes(c, organisation(c, args.option("org")), file, path, cli_actor(), {progress, {}});
    });
    if (terminal) std::cerr << '\n';
    std::cout << (en ? "Imported " : "Importerade ") << summary.rows << (en ? " outcome(s)" : " utfall") << '\n';
    return 0;
}

}  // namespace styrkort::cli
