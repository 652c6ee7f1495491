// styrkort import kolada FILE…, styrkort kolada values|fetch|link|unlink: public KPI
// data from Kolada's API v3 (docs/kolada.md).
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "domain/errors.hpp"
#include "formats/kolada_import.hpp"
#include "http/client.hpp"
#include "json/write.hpp"
#include "reports/tool_error.hpp"
#include "storage/kolada_store.hpp"

namespace styrkort::cli {
namespace {

namespace kf = formats::kolada;

// The organisation named by --org (key or id), or the only one in the database (as
// `import outcomes` resolves it).
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

void print_summary(const kf::ImportSummary& s) {
    bool en = user_language() == Language::en;
    if (en) {
        std::cout << "Read " << s.pages << " page(s). KPIs: " << s.kpis_added << " added, " << s.kpis_changed
                  << " changed; municipalities: " << s.municipalities_added << " added, " << s.municipalities_changed
                  << " changed; groups: " << s.groups_added << " added, " << s.groups_changed
                  << " changed; values: " << s.values_added << " added, " << s.values_replaced << " replaced, "
                  << s.values_deleted << " deleted, " << s.values_unchanged << " unchanged\n";
    } else {
        std::cout << "Läste " << s.pages << " sida/sidor. Nyckeltal: " << s.kpis_added << " nya, " << s.kpis_changed
                  << " ändrade; kommuner: " << s.municipalities_added << " nya, " << s.municipalities_changed
                  << " ändrade; grupper: " << s.groups_added << " nya, " << s.groups_changed
                  << " ändrade; värden: " << s.values_added << " nya, " << s.values_replaced << " ersatta, "
                  << s.values_deleted << " borttagna, " << s.values_unchanged << " oförändrade\n";
    }
}

// Comma-separated or repeated: "--kpi N1,N2 --kpi N3" (Args keeps the last option, so
// the values are split on commas).
std::vector<std::string> list_option(const Args& args, const std::string& name) {
    std::vector<std::string> out;
    auto v = args.option(name);
    if (!v) return out;
    std::stringstream in(*v);
    for (std::string part; std::getline(in, part, ',');) {
        if (!part.empty()) out.push_back(part);
    }
    return out;
}

// Pads to `width` characters as a terminal shows them (UTF-8: "ä" is one, not two bytes).
std::string pad(const std::string& s, std::size_t width) {
    std::size_t shown = 0;
    for (unsigned char ch : s) shown += (ch & 0xC0) != 0x80 ? 1 : 0;
    return shown >= width ? s + ' ' : s + std::string(width - shown, ' ');
}

std::string swedish_number(double v) {
    std::ostringstream out;
    out << std::setprecision(10) << v;
    auto s = out.str();
    for (auto& ch : s) {
        if (ch == '.') ch = ',';
    }
    return s;
}

int values_command(const std::vector<std::string>& argv) {
    Args args(argv, {"json"});
    auto known = database_options;
    known.insert({"org", "kpi", "municipality", "year", "json"});
    args.allow_only(known);
    auto kpi = args.option("kpi");
    auto municipality = args.option("municipality");
    if (!kpi || !municipality) {
        throw InputError("", {"använd: styrkort kolada values --kpi ID --municipality ID [--year ÅR] [--json]",
                              "usage: styrkort kolada values --kpi ID --municipality ID [--year YEAR] [--json]"},
                         "usage");
    }
    std::optional<int> year;
    if (auto y = args.option("year")) {
        try {
            year = std::stoi(*y);
        } catch (const std::exception&) {
            throw InputError("--year", {"ska vara ett år", "must be a year"}, "usage");
        }
    }
    auto db = open_database(args);
    struct Out {
        std::optional<storage::kolada::KpiInfo> kpi;
        std::optional<storage::kolada::MunicipalityInfo> municipality;
        std::vector<storage::kolada::StoredValue> values;
    };
    auto out = db->read([&](storage::Connection& c) {
        auto org = organisation(c, args.option("org"));
        return Out{storage::kolada::find_kpi(c, org, *kpi), storage::kolada::find_municipality(c, org, *municipality),
                   storage::kolada::values(c, org, *kpi, {*municipality}, year)};
    });
    if (!out.kpi) throw NotFound({"nyckeltalet " + *kpi + " finns inte i katalogen", "the KPI " + *kpi + " is not in the catalogue"});
    // period -> gender -> value
    std::map<int, std::map<std::string, const storage::kolada::StoredValue*>> periods;
    for (const auto& v : out.values) periods[v.period][v.gender] = &v;
    if (args.flag("json")) {
        boost::json::array list;
        for (const auto& [period, genders] : periods) {
            boost::json::object row{{"period", period}};
            for (const auto& [g, v] : genders) {
                row[g] = boost::json::object{
                    {"value", v->value ? boost::json::value(*v->value) : boost::json::value(nullptr)},
                    {"count", v->count ? boost::json::value(*v->count) : boost::json::value(nullptr)},
                    {"status", v->status}};
            }
            list.push_back(std::move(row));
        }
        boost::json::object doc{{"kpi", *kpi},
                                {"kpi_title", out.kpi->title},
                                {"municipality", *municipality},
                                {"municipality_title", out.municipality ? boost::json::value(out.municipality->title)
                                                                        : boost::json::value(nullptr)},
                                {"source", "Kolada"},
                                {"values", std::move(list)}};
        std::cout << json_text::pretty(doc);
        return 0;
    }
    bool en = user_language() == Language::en;
    std::cout << *kpi << ' ' << out.kpi->title << " — "
              << (out.municipality ? out.municipality->title + " (" + *municipality + ")" : *municipality) << '\n';
    std::cout << pad("period", 8) << pad(en ? "total" : "totalt", 14) << pad(en ? "women" : "kvinnor", 14)
              << (en ? "men" : "män") << '\n';
    auto cell = [&](const std::map<std::string, const storage::kolada::StoredValue*>& g, const char* gender) {
        auto it = g.find(gender);
        if (it == g.end()) return std::string("–");
        if (!it->second->value) return std::string(en ? "no value" : "inget värde");
        return en ? [&] {
            std::ostringstream o;
            o << std::setprecision(10) << *it->second->value;
            return o.str();
        }()
                  : swedish_number(*it->second->value);
    };
    for (const auto& [period, genders] : periods) {
        std::cout << pad(std::to_string(period), 8) << pad(cell(genders, "T"), 14) << pad(cell(genders, "K"), 14)
                  << cell(genders, "M") << '\n';
    }
    if (periods.empty()) std::cout << (en ? "(no values stored)\n" : "(inga värden lagrade)\n");
    std::cout << "Källa: Kolada\n";
    return 0;
}

// ---- fetch -------------------------------------------------------------------------

struct FetchSettings {
    std::string base;  // scheme://host[:port], without a trailing '/'
    int attempts = 4;
    std::chrono::milliseconds backoff{500};
};

// One GET with retries: a failed connection, a timeout, 429 or 5xx is tried again after
// a pause that doubles; anything else is an answer.
std::string get_with_retry(const FetchSettings& s, const std::string& url) {
    std::string last_error;
    auto pause = s.backoff;
    for (int attempt = 1; attempt <= s.attempts; ++attempt) {
        try {
            http::FetchRequest req;
            req.url = url;
            req.headers = {{"Accept", "application/json"}};
            req.timeout = std::chrono::seconds(60);
            req.max_body = std::size_t{256} << 20;
            auto res = http::fetch(req);
            if (res.status == 200) return res.body;
            last_error = "HTTP " + std::to_string(res.status);
            if (res.status != 429 && res.status < 500) break;
        } catch (const http::FetchError& e) {
            last_error = e.what();
        }
        if (attempt < s.attempts) {
            std::this_thread::sleep_for(pause);
            pause *= 2;
        }
    }
    throw ToolError({"Kolada kunde inte nås (" + url + "): " + last_error + ", efter " + std::to_string(s.attempts) +
                         " försök. Saknas nätverk? Spara sidorna som filer och läs in dem med styrkort import kolada FIL…",
                     "Kolada could not be reached (" + url + "): " + last_error + ", after " +
                         std::to_string(s.attempts) +
                         " attempt(s). No network? Save the pages as files and read them with styrkort import kolada FILE…"});
}

// Reads a resource and the pages its next_url leads to. next_url is followed on the
// configured base (its path and query), so that a mirror or a test server answers.
void fetch_pages(const FetchSettings& s, const std::string& path, std::vector<kf::SourcedPage>& out) {
    std::string url = s.base + path;
    std::set<std::string> seen;
    while (seen.insert(url).second) {
        kf::SourcedPage page{url, get_with_retry(s, url), {}};
        page.page = kf::parse_page(page.text, url);
        auto next = page.page.next_url;
        out.push_back(std::move(page));
        if (!next) break;
        auto pq = kf::path_and_query(*next);
        if (pq.empty()) {
            InputError e("next_url", {"är ingen http(s)-URL", "is not an http(s) URL"});
            e.locate(url, std::nullopt);
            throw e;
        }
        url = s.base + pq;
    }
}

// Ids in calls of at most 25 (Kolada's limit per call).
std::vector<std::string> chunks(const std::vector<std::string>& ids) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < ids.size(); i += 25) {
        std::string joined;
        for (std::size_t k = i; k < std::min(ids.size(), i + 25); ++k) joined += (joined.empty() ? "" : ",") + ids[k];
        out.push_back(joined);
    }
    return out;
}

void check_ids(const std::vector<std::string>& ids, const std::string& option) {
    for (const auto& id : ids) {
        bool ok = !id.empty() && id.size() <= 64;
        for (char ch : id) ok = ok && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-');
        if (!ok) throw InputError(option, {"'" + id + "' är inget giltigt id", "'" + id + "' is not a valid id"}, "usage");
    }
}

int fetch_command(const std::vector<std::string>& argv) {
    Args args(argv, {});
    auto known = database_options;
    known.insert({"org", "kpi", "municipality", "year", "base-url", "attempts"});
    args.allow_only(known);
    auto kpis = list_option(args, "kpi");
    auto municipalities = list_option(args, "municipality");
    auto years = list_option(args, "year");
    if (kpis.empty() || municipalities.empty() || years.empty()) {
        throw InputError("", {"använd: styrkort kolada fetch --kpi ID[,ID…] --municipality ID[,ID…] --year ÅR[,ÅR…] "
                              "[--base-url URL]",
                              "usage: styrkort kolada fetch --kpi ID[,ID…] --municipality ID[,ID…] --year Y[,Y…] "
                              "[--base-url URL]"},
                         "usage");
    }
    check_ids(kpis, "--kpi");
    check_ids(municipalities, "--municipality");
    for (const auto& y : years) {
        if (y.size() != 4 || !std::all_of(y.begin(), y.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
            throw InputError("--year", {"'" + y + "' är inget år", "'" + y + "' is not a year"}, "usage");
        }
    }
    FetchSettings s;
    const char* env = std::getenv("STYRKORT_KOLADA_URL");
    s.base = args.option("base-url").value_or(env && *env ? env : "https://api.kolada.se");
    while (!s.base.empty() && s.base.back() == '/') s.base.pop_back();
    if (s.base.rfind("http://", 0) != 0 && s.base.rfind("https://", 0) != 0) {
        throw InputError("--base-url", {"ska börja med https:// (eller http://)", "must start with https:// (or http://)"}, "usage");
    }
    if (auto a = args.option("attempts")) {
        try {
            s.attempts = std::clamp(std::stoi(*a), 1, 10);
        } catch (const std::exception&) {
            throw InputError("--attempts", {"ska vara ett tal 1–10", "must be a number 1–10"}, "usage");
        }
    }
    // Everything is fetched (and parsed) first, then imported in one transaction.
    std::vector<kf::SourcedPage> pages;
    for (const auto& k : chunks(kpis)) fetch_pages(s, "/v3/kpi/" + k, pages);
    for (const auto& m : chunks(municipalities)) fetch_pages(s, "/v3/municipality/" + m, pages);
    for (const auto& y : chunks(years)) {
        for (const auto& k : chunks(kpis)) {
            for (const auto& m : chunks(municipalities)) {
                fetch_pages(s, "/v3/data/kpi/" + k + "/municipality/" + m + "/year/" + y, pages);
            }
        }
    }
    auto db = open_database(args);
    auto summary = db->write([&](storage::Connection& c) {
        return kf::import_pages(c, organisation(c, args.option("org")), pages, cli_actor());
    });
    print_summary(summary);
    return 0;
}

int link_command(const std::vector<std::string>& argv, bool unlink) {
    Args args(argv, {});
    auto known = database_options;
    known.insert({"org", "measure", "kpi", "group", "municipality"});
    args.allow_only(known);
    auto measure = args.option("measure");
    auto kpi = args.option("kpi");
    if (!measure || (!unlink && !kpi)) {
        throw InputError("", {"använd: styrkort kolada link --measure ID --kpi ID [--municipality ID] [--group ID] | kolada unlink --measure ID",
                              "usage: styrkort kolada link --measure ID --kpi ID [--municipality ID] [--group ID] | kolada unlink --measure ID"},
                         "usage");
    }
    storage::Id measure_id = 0;
    try {
        measure_id = std::stoll(*measure);
    } catch (const std::exception&) {
        throw InputError("--measure", {"ska vara måttets id (ett tal)", "must be the measure's id (a number)"}, "usage");
    }
    auto db = open_database(args);
    bool en = user_language() == Language::en;
    if (unlink) {
        bool removed = db->write([&](storage::Connection& c) {
            return storage::kolada::remove_link(c, organisation(c, args.option("org")), measure_id, cli_actor());
        });
        std::cout << (removed ? (en ? "Unlinked\n" : "Kopplingen borttagen\n") : (en ? "No link\n" : "Ingen koppling\n"));
        return 0;
    }
    auto link = db->write([&](storage::Connection& c) {
        return storage::kolada::set_link(c, organisation(c, args.option("org")), measure_id, *kpi,
                                         args.option("municipality").value_or("0025"), args.option("group"),
                                         cli_actor());
    });
    std::cout << (en ? "Measure " : "Mått ") << link.measure_id << " → " << link.kpi
              << (link.group ? " (" + *link.group + ")" : "") << '\n';
    return 0;
}

}  // namespace

int import_kolada(const std::vector<std::string>& argv) {
    Args args(argv, {});
    auto known = database_options;
    known.insert("org");
    args.allow_only(known);
    if (args.positional().empty()) {
        throw InputError("", {"ange filerna: styrkort import kolada FIL… [--org ORG]",
                              "name the files: styrkort import kolada FILE… [--org ORG]"},
                         "usage");
    }
    auto pages = kf::read_page_files(args.positional());
    auto db = open_database(args);
    auto summary = db->write([&](storage::Connection& c) {
        return kf::import_pages(c, organisation(c, args.option("org")), pages, cli_actor());
    });
    print_summary(summary);
    return 0;
}

int kolada(const std::vector<std::string>& argv) {
    std::string sub = argv.empty() ? "" : argv.front();
    std::vector<std::string> rest(argv.empty() ? argv.end() : argv.begin() + 1, argv.end());
    if (sub == "values") return values_command(rest);
    if (sub == "fetch") return fetch_command(rest);
    if (sub == "link") return link_command(rest, false);
    if (sub == "unlink") return link_command(rest, true);
    throw InputError("", {"använd: styrkort kolada values|fetch|link|unlink …", "usage: styrkort kolada values|fetch|link|unlink …"},
                     "usage");
}

}  // namespace styrkort::cli
