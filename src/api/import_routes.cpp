// Outcome imports over the API (docs/followup.md): at once within the request
// (POST …/outcomes/import), or as a job the client polls (POST …/outcomes/import-jobs,
// GET …/outcomes/import-jobs/{id}). Either way one transaction: every row or none.
#include <algorithm>
#include <memory>
#include <sstream>

#include "api/api.hpp"
#include "api/responses.hpp"
#include "auth/access.hpp"
#include "auth/errors.hpp"
#include "domain/errors.hpp"
#include "formats/economy_export.hpp"
#include "formats/hashing_stream.hpp"
#include "formats/outcome_csv.hpp"
#include "formats/outcome_xlsx.hpp"

namespace styrkort::api {
namespace {

enum class ImportFormat { csv, xlsx };

ImportFormat format_of(const http::Request& r) {
    auto type = r.header("content-type");
    if (type.find("text/csv") != std::string::npos) return ImportFormat::csv;
    if (type.find(formats::xlsx_media_type) != std::string::npos) return ImportFormat::xlsx;
    throw InputError("", {"innehållet måste vara text/csv eller en XLSX-arbetsbok (" + std::string(formats::xlsx_media_type) + ")",
                          "the body must be text/csv or an XLSX workbook (" + std::string(formats::xlsx_media_type) + ")"},
                     "unsupported_media_type");
}

// Who may import: a reporter, for the units of their subtrees (every unit, and rows
// without a unit, when the role is held over the whole organisation; the installation's
// administrators hold every role). Checked before the content is looked at; each row's
// unit is then checked against the scope by the importer.
formats::ReportingScope import_scope(storage::Connection& c, const auth::Principal& p, Id org) {
    auto units = auth::units_with_role(c, p, org, auth::Role::reporter);
    if (units && units->empty()) {
        throw auth::Forbidden({"import av utfall kräver rollen rapportör i organisationen",
                               "importing outcomes needs the reporter role in the organisation"});
    }
    formats::ReportingScope scope;
    scope.organisation_wide = !units;
    scope.units = std::move(units);
    return scope;
}

// A row outside the importer's subtrees is refused as a whole import (nothing is
// written), answered as 403 with the file, row and unit named.
template <typename F>
auto within_scope(F&& f) {
    try {
        return f();
    } catch (const InputError& e) {
        if (e.code() != "forbidden_unit") throw;
        throw auth::Forbidden({e.describe(Language::sv), e.describe(Language::en)}, "forbidden_unit");
    }
}

// The file's name in errors, the audit record and the job: as the client gave it
// (?file=utfall.csv), or the format's name.
std::string file_name_of(const http::Request& r, ImportFormat format) {
    auto it = r.query.find("file");
    if (it == r.query.end() || it->second.empty()) return format == ImportFormat::xlsx ? "XLSX" : "CSV";
    const auto& name = it->second;
    bool control = std::any_of(name.begin(), name.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f; });
    if (name.size() > 255 || control) {
        throw InputError("file", {"filnamnet får ha högst 255 byte och inga styrtecken",
                                  "the file name may have at most 255 bytes and no control characters"},
                         "invalid");
    }
    return name;
}

formats::OutcomeImportSummary run_import(storage::Connection& c, Id org, ImportFormat format, const std::string& body,
                                         const storage::Actor& actor, const formats::OutcomeImportOptions& options,
                                         const std::string& file) {
    if (format == ImportFormat::xlsx) {
        auto sheet = formats::XlsxSheetReader::open_bytes(body, file);
        return formats::import_outcomes_xlsx(c, org, sheet, formats::sha256_hex(body), actor, options);
    }
    std::istringstream in(body);
    return formats::import_outcomes(c, org, in, file, actor, options);
}

std::int64_t rows_in(ImportFormat format, const std::string& body) {
    if (format == ImportFormat::xlsx) {
        auto sheet = formats::XlsxSheetReader::open_bytes(body, "XLSX");
        return formats::count_xlsx_records(sheet);
    }
    std::istringstream in(body);
    return formats::count_csv_records(in);
}

}  // namespace

void Api::add_import_routes() {
    router_.add({"POST", "/api/v1/organisations/{org}/outcomes/import", "importOutcomes",
                 "Import outcomes from CSV or XLSX (docs/followup.md) within the request: every row or none",
                 "Follow-up", "", "import_outcomes", [this](const http::Request& r, const Params& p) {
                     Id org = organisation_of(p.at("org"));
                     const auto* principal = current_principal();
                     auto summary = within_scope([&] {
                         return db_.write([&](storage::Connection& c) {
                             formats::OutcomeImportOptions options;
                             options.scope = import_scope(c, *principal, org);
                             auto format = format_of(r);
                             return run_import(c, org, format, r.body, {principal->username, r.remote_address}, options,
                                               file_name_of(r, format));
                         });
                     });
                     return json_response(201, boost::json::object{{"rows", summary.rows}});
                 },
                 Access::write_records});

    router_.add({"POST", "/api/v1/organisations/{org}/outcomes/import-jobs", "startOutcomeImportJob",
                 "Start importing outcomes from CSV or XLSX as a job: answered at once, polled for progress",
                 "Follow-up", "", "import_job_start", [this](const http::Request& r, const Params& p) {
                     Id org = organisation_of(p.at("org"));
                     auth::Principal principal = *current_principal();
                     // Permission, format and file name are checked now, the rows by the job.
                     db_.read([&](storage::Connection& c) { import_scope(c, principal, org); });
                     auto format = format_of(r);
                     auto file = file_name_of(r, format);
                     storage::Actor actor{principal.username, r.remote_address};
                     auto body = std::make_shared<const std::string>(r.body);
                     ImportWork work;
                     work.file_name = file;
                     work.format = format == ImportFormat::xlsx ? "xlsx" : "csv";
                     work.count_rows = [format, body] { return rows_in(format, *body); };
                     work.import = [this, org, format, principal, actor, file, body](storage::Connection& c,
                                                                                     const JobProgress& progress) {
                         formats::OutcomeImportOptions options;
                         // Asked again inside the transaction: roles may have changed meanwhile.
                         options.scope = import_scope(c, principal, org);
                         options.progress = [&progress](std::int64_t rows, std::size_t) { progress(rows); };
                         return run_import(c, org, format, *body, actor, options, file).rows;
                     };
                     auto id = jobs_->submit(org, principal.user_id, std::move(work));
                     auto response = json_response(202, boost::json::object{{"id", id}, {"state", "queued"}});
                     response.headers.emplace_back("Location", "/api/v1/organisations/" + p.at("org") +
                                                                   "/outcomes/import-jobs/" + id);
                     return response;
                 },
                 Access::write_records});

    router_.add({"GET", "/api/v1/organisations/{org}/outcomes/import-jobs/{id}", "getOutcomeImportJob",
                 "An import job: its state, rows done, and at the end the rows imported or the errors",
                 "Follow-up", "", "import_job", [this](const http::Request& r, const Params& p) {
                     Id org = organisation_of(p.at("org"));
                     const auto* principal = current_principal();
                     // Jobs are in the database: any server answers, whichever runs the job.
                     auto job = jobs_->find(p.at("id"));
                     // Only the user who started it, or an administrator, sees it; to
                     // anyone else it does not exist.
                     bool visible = job && job->org == org &&
                                    (job->started_by == principal->user_id || principal->installation_admin() ||
                                     db_.read([&](storage::Connection& c) {
                                         return auth::holds_role_over(c, *principal, org, auth::Role::administrator,
                                                                      std::nullopt);
                                     }));
                     if (!visible) throw NotFound({"importjobbet finns inte", "the import job does not exist"});
                     return json_response(200, job_json(*job, language_of(r)));
                 },
                 Access::signed_in});
}

}  // namespace styrkort::api
