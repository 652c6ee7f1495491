// styrkort completeness | period open|close: the reporting round (docs/reporting-round.md)
// from the command line, through the same API routes as the web client, as the local
// operator (who may force a close).
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "api/api.hpp"
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "domain/errors.hpp"
#include "json/write.hpp"

namespace styrkort::cli {
namespace {

namespace json = boost::json;

// The organisation named by --org (key or id), or the only one in the database.
std::string organisation_of(storage::Database& db, const std::optional<std::string>& org) {
    if (org) return *org;
    auto rows = db.read([](storage::Connection& c) { return c.query("SELECT key FROM organisation ORDER BY id LIMIT 2"); });
    if (rows.size() != 1) {
        throw InputError("--org", {"ange organisationen (databasen har inte exakt en)",
                                   "name the organisation (the database does not hold exactly one)"},
                         "usage");
    }
    return storage::as_text(rows[0][0]);
}

std::string text(const json::value& v) { return v.is_string() ? std::string(v.as_string()) : std::string{}; }

// A follow-up report's state as the reader says it.
std::string state_text(const std::string& s) {
    bool en = user_language() == Language::en;
    if (s == "draft") return en ? "draft" : "utkast";
    if (s == "submitted") return en ? "submitted" : "inlämnad";
    if (s == "approved") return en ? "approved" : "godkänd";
    if (s == "returned") return en ? "returned" : "återskickad";
    return en ? "not started" : "ej påbörjad";
}

struct Answer {
    int status = 0;
    std::string body;
};

Answer call(api::Api& api, const std::string& method, const std::string& path, const std::map<std::string, std::string>& query,
            const json::object& body = {}) {
    http::Request r;
    r.method = method;
    r.path = path;
    r.query = query;
    r.user = cli_actor().name;
    r.headers["accept-language"] = user_language() == Language::en ? "en" : "sv";
    if (method != "GET") {
        r.body = json::serialize(body);
        r.headers["content-type"] = "application/json";
    }
    auto response = api.handle_as_operator(r);
    return {response.status, response.body};
}

// An error answer: its message on standard error, and the exit status (2 for the
// user's mistakes, 1 for the database).
int failed(const Answer& a) {
    auto error = json::parse(a.body);
    std::cerr << text(error.at("error").at("message")) << '\n';
    if (const auto* reports = error.at("error").as_object().if_contains("reports")) {
        for (const auto& r : reports->as_array()) {
            std::cerr << "  " << text(r.at("key")) << "  " << text(r.at("name")) << "  (" << state_text(text(r.at("state")))
                      << ")\n";
        }
    }
    return a.status >= 500 ? 1 : 2;
}

std::string period_id_of(const Args& args) {
    auto period = args.option("period");
    if (!period) {
        throw InputError("--period", {"saknas: rapporteringsperiodens id", "is required: the reporting period's id"}, "usage");
    }
    return *period;
}

std::string cell(const json::value& counts, Language lang) {
    const auto& pc = counts.at("percent");
    if (pc.is_null()) return "–";
    (void)lang;
    return std::to_string(counts.at("done").as_int64()) + "/" + std::to_string(counts.at("required").as_int64()) + " " +
           std::to_string(pc.as_int64()) + "%";
}

void print_table(const json::value& doc, Language lang) {
    bool en = lang == Language::en;
    const auto& period = doc.at("period");
    std::cout << (en ? "Completeness " : "Fullständighet ") << period.at("year").as_int64() << ' ' << text(period.at("point"));
    if (!period.at("deadline").is_null()) std::cout << (en ? ", deadline " : ", sista dag ") << text(period.at("deadline"));
    std::cout << "\n\n";
    std::vector<std::string> headers = en ? std::vector<std::string>{"Unit", "Activities", "Measures", "Assessments", "Report", "Overall"}
                                          : std::vector<std::string>{"Enhet", "Aktiviteter", "Mått", "Bedömningar", "Rapport", "Totalt"};
    std::vector<std::vector<std::string>> rows{headers};
    for (const auto& u : doc.at("units").as_array()) {
        std::string name = std::string(static_cast<std::size_t>(u.at("depth").as_int64()) * 2, ' ') +
                           std::string(u.at("name").as_string());
        const auto& parts = u.at("parts");
        std::string note;
        if (u.at("membership") == "removed") note = en ? "removed during the period" : "upphörde under perioden";
        if (u.at("membership") == "added") note = en ? " (added during the period)" : " (ny under perioden)";
        if (u.at("nothing_to_report").as_bool() && u.at("membership") != "removed") {
            note = en ? "nothing to report" : "inget att rapportera";
        }
        if (u.at("nothing_to_report").as_bool()) {
            rows.push_back({name, note, "", "", "", ""});
            continue;
        }
        rows.push_back({name + note, cell(parts.at("activities"), lang), cell(parts.at("measures"), lang),
                        cell(parts.at("assessments"), lang), state_text(text(u.at("report_state"))),
                        cell(u.at("overall"), lang)});
    }
    const auto& totals = doc.at("totals");
    rows.push_back({en ? "Total" : "Summa", cell(totals.at("activities"), lang), cell(totals.at("measures"), lang),
                    cell(totals.at("assessments"), lang), cell(totals.at("report"), lang), cell(totals.at("overall"), lang)});
    std::vector<std::size_t> width(headers.size(), 0);
    auto length = [](const std::string& s) {  // characters, not bytes (å, ä, ö)
        std::size_t n = 0;
        for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
        return n;
    };
    for (const auto& r : rows) {
        for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], length(r[i]));
    }
    for (const auto& r : rows) {
        for (std::size_t i = 0; i < r.size(); ++i) {
            std::cout << r[i] << std::string(width[i] - length(r[i]) + 2, ' ');
        }
        std::cout << '\n';
    }
    std::cout << '\n'
              << totals.at("units_complete").as_int64() << (en ? " of " : " av ") << totals.at("units_owing").as_int64()
              << (en ? " units complete; " : " enheter klara; ") << totals.at("units_nothing_to_report").as_int64()
              << (en ? " with nothing to report\n" : " med inget att rapportera\n");
}

}  // namespace

int completeness(const std::vector<std::string>& argv) {
    Args args(argv, {"json"});
    auto known = database_options;
    known.insert({"org", "period", "unit", "format", "out", "json"});
    args.allow_only(known);
    if (!args.positional().empty()) {
        throw InputError("", {"använd: styrkort completeness --period ID [--unit NYCKEL] [--org ORG] [--json | --format xlsx|csv --out FIL]",
                              "usage: styrkort completeness --period ID [--unit KEY] [--org ORG] [--json | --format xlsx|csv --out FILE]"},
                         "usage");
    }
    auto period = period_id_of(args);
    auto format = args.option("format").value_or(args.flag("json") ? "json" : "table");
    if (format != "table" && format != "json" && format != "xlsx" && format != "csv") {
        throw InputError("--format", {"måste vara xlsx eller csv (eller --json)", "must be xlsx or csv (or --json)"}, "usage");
    }
    auto out = args.option("out");
    if (format == "xlsx" && !out) throw InputError("--out", {"krävs för xlsx: filen att skriva", "is required for xlsx: the file to write"}, "usage");
    auto db = open_database(args);
    api::Api api(*db);
    auto org = organisation_of(*db, args.option("org"));
    std::map<std::string, std::string> query{{"format", format == "table" ? "json" : format}};
    if (auto unit = args.option("unit")) query["unit"] = *unit;
    auto answer = call(api, "GET", "/api/v1/organisations/" + org + "/reporting-periods/" + period + "/completeness", query);
    if (answer.status >= 400) return failed(answer);
    if (format == "table") {
        print_table(json::parse(answer.body), user_language());
    } else if (format == "json") {
        std::cout << json_text::pretty(json::parse(answer.body));
    } else if (out && *out != "-") {
        std::ofstream f(*out, std::ios::binary);
        f << answer.body;
        if (!f) throw InputError(*out, {"går inte att skriva", "cannot be written"}, "file");
    } else {
        std::cout << answer.body;
    }
    return 0;
}

int period(const std::vector<std::string>& argv) {
    Args args(argv, {"force"});
    auto known = database_options;
    known.insert({"org", "force", "comment"});
    args.allow_only(known);
    const auto& pos = args.positional();
    if (pos.size() != 2 || (pos[0] != "open" && pos[0] != "close")) {
        throw InputError("", {"använd: styrkort period open|close ID [--org ORG] [--force] [--comment TEXT]",
                              "usage: styrkort period open|close ID [--org ORG] [--force] [--comment TEXT]"},
                         "usage");
    }
    auto db = open_database(args);
    api::Api api(*db);
    auto org = organisation_of(*db, args.option("org"));
    json::object body;
    if (pos[0] == "close") {
        if (args.flag("force")) body["force"] = true;
        if (auto comment = args.option("comment")) body["comment"] = *comment;
    } else if (args.flag("force") || args.option("comment")) {
        throw InputError("--force", {"gäller bara close", "applies to close only"}, "usage");
    }
    auto answer = call(api, "POST", "/api/v1/organisations/" + org + "/reporting-periods/" + pos[1] + "/" + pos[0], {}, body);
    if (answer.status >= 400) return failed(answer);
    std::cout << json_text::pretty(json::parse(answer.body));
    return 0;
}

}  // namespace styrkort::cli
