// styrkort export economy | risks: the economy tables, or the risk register, matrix and
// internal control plan (docs/risk.md), of one plan as XLSX or CSV.
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "domain/errors.hpp"
#include "formats/economy_export.hpp"
#include "formats/plan_file.hpp"
#include "formats/risk_sheets.hpp"

namespace styrkort::cli {

namespace {

using SheetsOf = std::vector<formats::Sheet> (*)(const boost::json::object&, const std::string&);

int export_tables(const std::vector<std::string>& argv, const std::string& what, SheetsOf sheets_of) {
    Args args(argv, {});
    auto known = database_options;
    known.insert({"plan", "format", "org", "out"});
    args.allow_only(known);
    auto plan = args.option("plan");
    auto format = args.option("format").value_or("xlsx");
    auto out = args.option("out");
    if (!plan || args.positional().size() != 1) {
        throw InputError("", {"använd: styrkort export " + what + " --plan NYCKEL [--format xlsx|csv] --out FIL",
                              "usage: styrkort export " + what + " --plan KEY [--format xlsx|csv] --out FILE"},
                         "usage");
    }
    if (format != "xlsx" && format != "csv") {
        throw InputError("--format", {"måste vara xlsx eller csv", "must be xlsx or csv"}, "usage");
    }
    if (format == "xlsx" && (!out || *out == "-")) {
        throw InputError("--out", {"en XLSX-fil behöver --out FIL", "an XLSX file needs --out FILE"}, "usage");
    }
    formats::ExportSelection selection{args.option("org"), {*plan}};
    auto db = open_database(args);
    auto doc = db->read([&](storage::Connection& c) { return formats::export_plans(c, selection); });
    const auto& org = doc.at("organisations").at(0).as_object();
    auto sheets = sheets_of(org, *plan);
    auto bytes = format == "xlsx" ? formats::economy_xlsx(sheets) : formats::economy_csv(sheets);
    if (out && *out != "-") {
        std::ofstream file(*out, std::ios::binary);
        file << bytes;
        if (!file) throw InputError(*out, {"går inte att skriva", "cannot be written"}, "file");
    } else {
        std::cout << bytes;
    }
    return 0;
}

}  // namespace

int export_economy(const std::vector<std::string>& argv) { return export_tables(argv, "economy", formats::economy_sheets); }

int export_risks(const std::vector<std::string>& argv) { return export_tables(argv, "risks", formats::risk_sheets); }

}  // namespace styrkort::cli
