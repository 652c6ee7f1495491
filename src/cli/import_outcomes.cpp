// styrkort import outcomes FILE.csv|FILE.xlsx: outcomes from CSV or the first sheet of
// an XLSX workbook (docs/followup.md), all or nothing, with a progress bar on a terminal.
#include <unistd.h>

#include <array>
#include <filesystem>
#include <optional>
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "domain/errors.hpp"
#include "cli/progress_bar.hpp"
#include "formats/hashing_stream.hpp"
#include "formats/outcome_csv.hpp"
#include "formats/outcome_xlsx.hpp"

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
        throw InputError("", {"ange en fil: styrkort import outcomes FIL.csv|FIL.xlsx [--org ORG]",
                              "name one file: styrkort import outcomes FILE.csv|FILE.xlsx [--org ORG]"},
                         "usage");
    }
    const auto& path = args.positional().front();
    std::ifstream file(path, std::ios::binary);
    if (!file) throw InputError(path, {"går inte att läsa", "cannot be read"}, "file");
    // An XLSX workbook is a zip archive: known by its first bytes, whatever its name.
    std::string magic(4, '\0');
    file.read(magic.data(), 4);
    magic.resize(static_cast<std::size_t>(file.gcount()));
    file.clear();
    file.seekg(0);
    bool xlsx = formats::looks_like_xlsx(magic);
    bool en = user_language() == Language::en;
    bool terminal = isatty(STDERR_FILENO) == 1;
    auto db = open_database(args);
    std::optional<ProgressBar> bar;
    formats::OutcomeImportOptions options;
    options.progress = [&](std::int64_t rows, std::size_t bytes) {
        if (bar) bar->update(rows, bytes);
    };
    formats::OutcomeImportSummary summary;
    std::uint64_t bytes_at_end = 0;
    if (xlsx) {
        // The checksum of the file's bytes first (one read), then the sheet streamed.
        formats::HashingIstream hashed(file);
        std::array<char, 1 << 16> buf{};
        while (hashed.read(buf.data(), buf.size()) || hashed.gcount() > 0) {}
        auto sha256 = hashed.hex_digest();
        auto sheet = formats::XlsxSheetReader::open_file(path, path);
        bar.emplace(std::cerr, terminal, sheet.bytes_total(), en);
        summary = db->write([&](storage::Connection& c) {
            return formats::import_outcomes_xlsx(c, organisation(c, args.option("org")), sheet, sha256, cli_actor(), options);
        });
        bytes_at_end = sheet.bytes_total();
    } else {
        std::error_code ec;
        auto size = std::filesystem::file_size(path, ec);
        bar.emplace(std::cerr, terminal, ec ? 0 : size, en);
        summary = db->write([&](storage::Connection& c) {
            return formats::import_outcomes(c, organisation(c, args.option("org")), file, path, cli_actor(), options);
        });
        bytes_at_end = ec ? 0 : size;
    }
    bar->finish(summary.rows, bytes_at_end);
    std::cout << (en ? "Imported " : "Importerade ") << summary.rows << (en ? " outcome(s)" : " utfall") << '\n';
    return 0;
}

}  // namespace styrkort::cli
