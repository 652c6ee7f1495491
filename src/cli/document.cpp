// styrkort document plan|followup: the plan and the follow-up report as PDF, DOCX or
// print-ready HTML (docs/documents.md). Nothing is written unless the whole document
// was made: the file appears complete, by renaming, or not at all.
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "domain/errors.hpp"
#include "reports/document_source.hpp"
#include "reports/render.hpp"

namespace styrkort::cli {
namespace {

const Text usage{"använd: styrkort document plan NYCKEL [--org ORG] --format pdf|docx|html --out FIL\n"
                 "       styrkort document followup --plan NYCKEL --unit ENHET --year ÅR --point da04|da08|ar "
                 "[--org ORG] --format pdf|docx|html --out FIL",
                 "usage: styrkort document plan KEY [--org ORG] --format pdf|docx|html --out FILE\n"
                 "       styrkort document followup --plan KEY --unit UNIT --year YEAR --point da04|da08|ar "
                 "[--org ORG] --format pdf|docx|html --out FILE"};

std::string required(const Args& args, const std::string& name) {
    auto v = args.option(name);
    if (!v || v->empty()) throw InputError("--" + name, {"saknas. " + usage.sv, "is missing. " + usage.en}, "usage");
    return *v;
}

// Writes next to the target and renames, so a reader never sees half a file.
void write_out(const std::string& out, const std::string& bytes) {
    if (out == "-") {
        std::cout << bytes;
        return;
    }
    auto temporary = out + ".part";
    {
        std::ofstream file(temporary, std::ios::binary);
        file << bytes;
        if (!file) {
            std::remove(temporary.c_str());
            throw InputError(out, {"går inte att skriva", "cannot be written"}, "file");
        }
    }
    std::error_code ec;
    std::filesystem::rename(temporary, out, ec);
    if (ec) {
        std::remove(temporary.c_str());
        throw InputError(out, {"går inte att skriva: " + ec.message(), "cannot be written: " + ec.message()}, "file");
    }
}

}  // namespace

int document(const std::vector<std::string>& argv) {
    Args args(argv, {});
    auto known = database_options;
    known.insert({"org", "format", "out", "plan", "unit", "year", "point"});
    args.allow_only(known);
    const auto& pos = args.positional();
    bool plan = pos.size() == 2 && pos[0] == "plan";
    bool followup = pos.size() == 1 && pos[0] == "followup";
    if (!plan && !followup) throw InputError("", usage, "usage");
    auto format = reports::format_or_throw(required(args, "format"), "--format");
    auto out = required(args, "out");
    reports::FollowupRequest request;
    if (followup) {
        request = {args.option("org"), required(args, "plan"), required(args, "unit"), reports::parse_year(required(args, "year"), "--year"),
                   required(args, "point")};
        reports::check_followup_period(request.year, request.point);
    }
    auto db = open_database(args);
    auto doc = db->read([&](storage::Connection& c) {
        return plan ? reports::plan_document_from(c, args.option("org"), pos[1]) : reports::followup_document_from(c, request);
    });
    write_out(out, reports::render(doc, format).bytes);
    return 0;
}

}  // namespace styrkort::cli
