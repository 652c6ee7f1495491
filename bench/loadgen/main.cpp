// styrkort-load: simulated unit managers reporting a tertial through the load balancer
// (bench/load.sh, docs/scale-out.md). Each manager is a coroutine with its own
// keep-alive connection, as a browser tab is:
//
//   1. sign-in: POST /api/v1/auth/login with the password (Argon2id on the server),
//      keeping the session and CSRF cookies; all managers at once, measured apart;
//   2. reporting: the requests the web client makes when a manager reports — the
//      start page (GET /auth/me, /organisations, /me/todo, /plans), then, with think
//      time between requests, a share of writes (default 10 %): activity status and
//      comment (POST, or PUT with If-Match: the row_version read), the outcomes of a
//      measure for women, men or in total (POST /outcomes/batch) and the goal
//      assessment's text (POST, or PUT with If-Match) — and reads otherwise: the
//      to-do list, the unit's scorecard, the activity's reports, the measure page
//      (targets, outcomes), the goal's assessments, the plan and its lists, the unit's
//      follow-up report. Bounded in count (--requests per manager) and in time
//      (--duration seconds).
//
// `--static PATH --connections N --duration S` instead fetches one static file with N
// connections and no think time: run against nginx beside wrk, it shows what this
// generator can drive at most (that it is not the bottleneck).
//
// One thread by default: its CPU time is reported, and stays far below one core.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include <sodium.h>
#include <sys/resource.h>

#include <atomic>

#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <limits>
#include <random>
#include <set>
#include <thread>

#include "connection.hpp"
#include "stats.hpp"

namespace styrkort::load {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

struct Options {
    std::string host = "127.0.0.1";
    unsigned short port = 0;
    std::string org = "region-norrbotten";
    long users = 1000;
    long first = 1;
    std::string prefix = "chef";
    int width = 4;
    std::string password;
    long requests = 40;       // per manager in the reporting phase
    double think_ms = 1000;   // mean think time (exponential) between a manager's requests
    double duration_s = 300;  // the reporting phase ends by then, whatever is left
    double write_share = 0.10;
    double saturate_s = 0;    // then the same managers without think time for this long (0: not)
    std::string static_path;  // --static: the anchor mode
    double argon2_s = 0;      // --argon2: the sign-in's anchor (verifications per second)
    long connections = 1000;
    std::string json_out;
    unsigned seed = 20261207;
    unsigned threads = 1;     // --static only: threads, each with its share of the connections
};

[[noreturn]] void usage(const std::string& why) {
    std::cerr << "styrkort-load: " << why << "\n"
              << "usage: styrkort-load --port P [--host H] [--org ORG] [--users N] [--first N] [--prefix chef] [--width 4]\n"
                 "                     --password-file FILE [--requests 40] [--think-ms 1000] [--duration 300]\n"
                 "                     [--write-share 0.10] [--saturate SECONDS] [--json OUT]\n"
                 "       styrkort-load --port P --static /path --connections N --duration S [--threads T] [--json OUT]\n"
                 "       styrkort-load --argon2 SECONDS [--json OUT]\n";
    std::exit(2);
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string name = argv[i];
        if (name.rfind("--", 0) != 0 || i + 1 >= argc) usage("bad argument " + name);
        std::string v = argv[++i];
        try {
            if (name == "--host") o.host = v;
            else if (name == "--port") o.port = static_cast<unsigned short>(std::stoul(v));
            else if (name == "--org") o.org = v;
            else if (name == "--users") o.users = std::stol(v);
            else if (name == "--first") o.first = std::stol(v);
            else if (name == "--prefix") o.prefix = v;
            else if (name == "--width") o.width = std::stoi(v);
            else if (name == "--password-file") {
                std::ifstream in(v);
                if (!in || !std::getline(in, o.password)) usage("cannot read " + v);
            } else if (name == "--requests") o.requests = std::stol(v);
            else if (name == "--think-ms") o.think_ms = std::stod(v);
            else if (name == "--duration") o.duration_s = std::stod(v);
            else if (name == "--write-share") o.write_share = std::stod(v);
            else if (name == "--saturate") o.saturate_s = std::stod(v);
            else if (name == "--static") o.static_path = v;
            else if (name == "--argon2") o.argon2_s = std::stod(v);
            else if (name == "--connections") o.connections = std::stol(v);
            else if (name == "--json") o.json_out = v;
            else if (name == "--threads") o.threads = static_cast<unsigned>(std::stoul(v));
            else if (name == "--seed") o.seed = static_cast<unsigned>(std::stoul(v));
            else usage("unknown option " + name);
        } catch (const std::logic_error&) {
            usage("bad value for " + name + ": " + v);
        }
    }
    if (o.argon2_s > 0) return o;
    if (o.port == 0) usage("--port is required");
    if (o.static_path.empty() && o.password.empty()) usage("--password-file is required");
    return o;
}

std::string padded(long i, int width) {
    auto s = std::to_string(i);
    return std::string(static_cast<std::size_t>(std::max(0, width - static_cast<int>(s.size()))), '0') + s;
}

std::optional<json::value> parse_json(const std::string& body) {
    boost::system::error_code ec;
    auto v = json::parse(body, ec);
    if (ec) return std::nullopt;
    return v;
}

std::int64_t int_at(const json::value& v, const char* key, std::int64_t fallback = 0) {
    if (!v.is_object()) return fallback;
    const auto* x = v.get_object().if_contains(key);
    return x && x->is_int64() ? x->get_int64() : fallback;
}

// What one manager knows after loading the start page, and the versions it read.
struct Manager {
    std::string username;
    std::unique_ptr<Connection> conn;
    bool signed_in = false;
    bool started = false;  // the start page loaded: knows what to report
    std::mt19937 rng;
    std::string base;  // /api/v1/organisations/{org}
    std::int64_t unit = 0;
    std::string unit_key;
    std::int64_t year = 0;
    std::string point;
    std::int64_t plan = 0;
    std::int64_t activity = 0;
    std::int64_t goal = 0;
    struct MeasureToReport {
        std::int64_t id;
        std::vector<std::string> sexes;
        std::map<std::string, std::int64_t> outcome_ids;  // sex → id, once stored
    };
    std::vector<MeasureToReport> measures;
    std::optional<std::pair<std::int64_t, std::int64_t>> report;      // activity report id, row_version
    std::optional<std::pair<std::int64_t, std::int64_t>> assessment;  // goal assessment id, row_version
    std::size_t next_write = 0, next_measure = 0;
};

struct Run {
    Options opt;
    Tally signin, reads, writes, statics;
    std::map<std::string, Tally> routes;  // per route (ids and values left out): where the time goes
    Clock::time_point deadline;
};

std::string qs(const std::string& k, std::int64_t v) { return k + "=" + std::to_string(v); }

// The report or assessment of the manager's unit and period in a list answer.
std::optional<std::pair<std::int64_t, std::int64_t>> own_record(const Manager& m, const std::string& body, bool by_unit) {
    auto v = parse_json(body);
    if (!v || !v->is_object() || !v->get_object().contains("items")) return std::nullopt;
    for (const auto& item : v->at("items").as_array()) {
        if (int_at(item, "year") != m.year || !item.at("point").is_string() || item.at("point").as_string() != m.point) continue;
        if (by_unit && int_at(item, "unit_id") != m.unit) continue;
        return std::make_pair(int_at(item, "id"), int_at(item, "row_version"));
    }
    return std::nullopt;
}

// The stored version of a record after a write (its answer), or, after a 409, the current one.
std::optional<std::pair<std::int64_t, std::int64_t>> version_after(const Answer& a) {
    auto v = parse_json(a.body);
    if (!v) return std::nullopt;
    if (a.status == 409 && v->is_object() && v->get_object().contains("error")) {
        const auto& e = v->at("error");
        const auto* current = e.is_object() ? e.get_object().if_contains("current") : nullptr;
        if (current && current->is_object()) return std::make_pair(int_at(*current, "id"), int_at(*current, "row_version"));
        return std::nullopt;
    }
    if (a.status >= 300) return std::nullopt;
    return std::make_pair(int_at(*v, "id"), int_at(*v, "row_version"));
}

// "GET …/activity-reports?activity_id": the route of a request, for the per-route table.
std::string route_of(const char* method, const std::string& target) {
    std::string path = target.substr(0, target.find('?'));
    std::string query = target.find('?') == std::string::npos ? "" : target.substr(target.find('?') + 1);
    const std::string orgs = "/api/v1/organisations/";
    if (path.rfind(orgs, 0) == 0 && path.find('/', orgs.size()) != std::string::npos) path = "…" + path.substr(path.find('/', orgs.size()));
    std::string out = std::string(method) + " ";
    std::size_t i = 0;
    while (i < path.size()) {
        auto next = path.find('/', i + 1);
        auto segment = path.substr(i, next == std::string::npos ? std::string::npos : next - i);
        bool number = segment.size() > 1 && segment.find_first_not_of("0123456789", 1) == std::string::npos;
        out += number ? "/{id}" : segment;
        if (next == std::string::npos) break;
        i = next;
    }
    std::string names;
    std::size_t at = 0;
    while (at < query.size()) {
        auto amp = query.find('&', at);
        auto pair = query.substr(at, amp == std::string::npos ? std::string::npos : amp - at);
        auto name = pair.substr(0, pair.find('='));
        if (name != "limit") names += (names.empty() ? "?" : "&") + name;
        if (amp == std::string::npos) break;
        at = amp + 1;
    }
    return out + names;
}

// The first few refusals are printed: an error in a load run must be explainable.
void tell(const Manager& m, const std::string& target, const Answer& a) {
    static int told = 0;
    if (a.status != 0 && (a.status < 400 || a.status == 409)) return;
    if (++told <= 20) std::cerr << m.username << ": " << target << " answered " << a.status << " " << a.body.substr(0, 300) << "\n";
}

asio::awaitable<Answer> get(Run& run, Manager& m, const std::string& target) {
    auto a = co_await m.conn->request(http::verb::get, target);
    if (a.status == 0) {
        run.reads.failed();
    } else {
        run.reads.add(a.took, a.status, a.body.size());
        run.routes[route_of("GET", target)].add(a.took, a.status, a.body.size());
    }
    tell(m, target, a);
    co_return a;
}

asio::awaitable<Answer> change(Run& run, Manager& m, http::verb method, const std::string& target, const json::value& body,
                               std::optional<std::int64_t> version = std::nullopt) {
    auto a = co_await m.conn->request(method, target, json::serialize(body), version);
    if (a.status == 0) {
        run.writes.failed();
    } else {
        run.writes.add(a.took, a.status, a.body.size());
        run.routes[route_of(method == http::verb::put ? "PUT" : "POST", target)].add(a.took, a.status, a.body.size());
    }
    tell(m, target, a);
    co_return a;
}

asio::awaitable<void> think(Run& run, Manager& m) {
    if (run.opt.think_ms <= 0) co_return;
    std::exponential_distribution<double> pause(1.0 / run.opt.think_ms);
    auto wait = std::chrono::milliseconds(static_cast<long>(pause(m.rng)));
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(run.deadline - Clock::now());
    asio::steady_timer timer(co_await asio::this_coro::executor, std::min(wait, std::max(left, std::chrono::milliseconds(0))));
    co_await timer.async_wait(asio::use_awaitable);
}

std::string login_body(const Run& run, const Manager& m) {
    return json::serialize(json::object{{"username", m.username}, {"password", run.opt.password}});
}

asio::awaitable<void> sign_in(Run& run, Manager& m) {
    auto a = co_await m.conn->request(http::verb::post, "/api/v1/auth/login", login_body(run, m));
    if (a.status == 0) {
        run.signin.failed();
    } else {
        run.signin.add(a.took, a.status, a.body.size());
    }
    m.signed_in = a.status == 200 && !m.conn->cookie("styrkort_csrf").empty();
    if (!m.signed_in) std::cerr << m.username << ": sign-in answered " << a.status << " " << a.body.substr(0, 200) << "\n";
}

// The start page after sign-in: who am I, the organisation, my to-do list, the plans.
asio::awaitable<bool> start_page(Run& run, Manager& m) {
    co_await get(run, m, "/api/v1/auth/me");
    co_await get(run, m, "/api/v1/organisations?limit=100");
    auto todo = co_await get(run, m, m.base + "/me/todo");
    auto v = parse_json(todo.body);
    if (todo.status != 200 || !v) co_return false;
    try {
        const auto& period = v->at("period");
        m.year = period.at("year").as_int64();
        m.point = std::string(period.at("point").as_string());
        const auto& unit = v->at("reporter").at("units").as_array().at(0);
        m.unit = unit.at("id").as_int64();
        m.unit_key = std::string(unit.at("key").as_string());
        const auto& parts = unit.at("parts");
        for (const auto& a : parts.at("activities").at("missing").as_array()) m.activity = a.at("id").as_int64();
        for (const auto& g : parts.at("assessments").at("missing").as_array()) m.goal = g.at("id").as_int64();
        for (const auto& mm : parts.at("measures").at("missing").as_array()) {
            Manager::MeasureToReport r{mm.at("id").as_int64(), {}, {}};
            for (const auto& s : mm.at("missing_sexes").as_array()) r.sexes.emplace_back(s.as_string());
            m.measures.push_back(std::move(r));
        }
    } catch (const std::exception&) {
        co_return false;  // not a reporter with something to report: nothing to simulate
    }
    auto plans = co_await get(run, m, m.base + "/plans?limit=5000");
    if (auto p = parse_json(plans.body); p && p->is_object() && p->get_object().contains("items")) {
        for (const auto& plan : p->at("items").as_array()) {
            if (int_at(plan, "first_year") <= m.year && m.year <= int_at(plan, "last_year") &&
                plan.at("status").as_string() == "approved") {
                m.plan = int_at(plan, "id");
            }
        }
    }
    // Reported already (a second run on the same data): what the unit reports, as the
    // activity page and the measure pages would find it.
    if (m.activity == 0 && m.plan != 0) {
        auto a = co_await get(run, m, m.base + "/activities?limit=5000&" + qs("plan_id", m.plan) + "&" + qs("owner_unit_id", m.unit));
        if (auto v = parse_json(a.body); a.status == 200 && v && !v->at("items").as_array().empty()) {
            const auto& act = v->at("items").as_array().front();
            m.activity = int_at(act, "id");
            if (m.goal == 0 && !act.at("goal_ids").as_array().empty()) m.goal = act.at("goal_ids").as_array().front().as_int64();
        }
    }
    if (m.measures.empty()) {
        auto a = co_await get(run, m, m.base + "/outcomes?limit=5000&" + qs("unit_id", m.unit));
        if (auto v = parse_json(a.body); a.status == 200 && v) {
            std::map<std::int64_t, std::set<std::string>> sexes;
            for (const auto& o : v->at("items").as_array()) {
                const auto* sex = o.as_object().if_contains("sex");
                sexes[int_at(o, "measure_id")].insert(sex && sex->is_string() ? std::string(sex->as_string()) : "total");
            }
            for (auto& [id, set] : sexes) m.measures.push_back({id, {set.begin(), set.end()}, {}});
        }
    }
    co_return m.activity != 0 && m.goal != 0 && m.plan != 0;
}

asio::awaitable<void> read_something(Run& run, Manager& m) {
    std::uniform_int_distribution<int> pick(0, 11);
    const std::string period = "year=" + std::to_string(m.year) + "&point=" + m.point;
    switch (pick(m.rng)) {
        case 0: co_await get(run, m, m.base + "/me/todo"); break;
        case 1: co_await get(run, m, m.base + "/scorecard?unit=" + m.unit_key + "&" + period); break;
        case 2: {
            auto a = co_await get(run, m, m.base + "/activity-reports?limit=5000&" + qs("activity_id", m.activity));
            if (a.status == 200) m.report = own_record(m, a.body, false);
            break;
        }
        case 3:
            if (m.measures.empty()) break;
            co_await get(run, m, m.base + "/targets?limit=5000&" + qs("measure_id", m.measures[m.next_measure % m.measures.size()].id));
            break;
        case 4:
            if (m.measures.empty()) break;
            co_await get(run, m, m.base + "/outcomes?limit=5000&" + qs("measure_id", m.measures[m.next_measure % m.measures.size()].id));
            break;
        case 5: {
            auto a = co_await get(run, m, m.base + "/goal-assessments?limit=5000&" + qs("goal_id", m.goal));
            if (a.status == 200) m.assessment = own_record(m, a.body, true);
            break;
        }
        case 6: co_await get(run, m, m.base + "/plans/" + std::to_string(m.plan)); break;
        case 7: co_await get(run, m, m.base + "/measures?limit=5000&" + qs("plan_id", m.plan)); break;
        case 8: co_await get(run, m, m.base + "/activities?limit=5000&" + qs("plan_id", m.plan)); break;
        case 9: co_await get(run, m, m.base + "/units?limit=5000"); break;
        case 10: co_await get(run, m, m.base + "/followup-reports?limit=5000&" + qs("unit_id", m.unit) + "&" + period); break;
        default: co_await get(run, m, m.base + "/goals?limit=5000&" + qs("plan_id", m.plan)); break;
    }
}

constexpr std::array<const char*, 3> statuses{"in_progress", "done", "delayed"};
constexpr std::array<const char*, 3> assessments{"met", "partly_met", "not_met"};

// The bodies are made outside the coroutines (GCC 12 cannot keep braced string
// literals in a coroutine frame).
std::string followup_text(Manager& m) {
    return std::string("Tertialuppföljning ") + m.point + " " + std::to_string(m.year) + " från " + m.username + ", version " +
           std::to_string(m.rng() % 100000) + ": arbetet går enligt plan, med en försening i bemanningen.";
}

json::object activity_report_body(Manager& m) {
    std::uniform_int_distribution<std::size_t> three(0, 2);
    return {{"activity_id", m.activity}, {"year", m.year}, {"point", m.point},
            {"status", statuses.at(three(m.rng))}, {"comment", followup_text(m)}};
}

json::object assessment_body(Manager& m) {
    std::uniform_int_distribution<std::size_t> three(0, 2);
    return {{"goal_id", m.goal}, {"unit_id", m.unit}, {"year", m.year}, {"point", m.point},
            {"status", assessments.at(three(m.rng))}, {"analysis", followup_text(m)}};
}

// The form's women, men or total as one batch (web/src/lib/outcomeBatch.ts): each value
// with the id of the outcome already stored for it.
json::object outcome_batch_body(Manager& m, const Manager::MeasureToReport& measure) {
    std::uniform_real_distribution<double> value(10, 90);
    json::array outcomes;
    for (const auto& sex : measure.sexes) {
        json::object o{{"measure_id", measure.id}, {"unit_id", m.unit}, {"year", m.year}, {"point", m.point},
                       {"sex", sex}, {"value", std::round(value(m.rng) * 10) / 10}};
        if (auto it = measure.outcome_ids.find(sex); it != measure.outcome_ids.end()) o["id"] = it->second;
        outcomes.push_back(std::move(o));
    }
    return {{"outcomes", std::move(outcomes)}};
}

void keep_outcome_ids(Manager::MeasureToReport& measure, const Answer& a) {
    auto v = parse_json(a.body);
    if (a.status >= 300 || !v || !v->is_object() || !v->get_object().contains("items")) return;
    for (const auto& item : v->at("items").as_array()) {
        const auto* sex = item.as_object().if_contains("sex");
        measure.outcome_ids[sex && sex->is_string() ? std::string(sex->as_string()) : "total"] = int_at(item, "id");
    }
}

// The outcomes of the manager's unit and period in the measure page's list.
void keep_own_outcome_ids(const Manager& m, Manager::MeasureToReport& measure, const Answer& a) {
    auto v = parse_json(a.body);
    if (a.status != 200 || !v || !v->is_object() || !v->get_object().contains("items")) return;
    for (const auto& item : v->at("items").as_array()) {
        if (int_at(item, "unit_id") != m.unit || int_at(item, "year") != m.year || item.at("point").as_string() != m.point) continue;
        const auto* sex = item.as_object().if_contains("sex");
        measure.outcome_ids[sex && sex->is_string() ? std::string(sex->as_string()) : "total"] = int_at(item, "id");
    }
}

// Saves the manager's own record of a form (an activity report, a goal assessment) as its
// page does: read the list first when the record's version is unknown, then create the
// record or change it at that version, and keep the version the server answered.
asio::awaitable<void> save_own_record(Run& run, Manager& m, const std::string& collection, const std::string& list_query,
                                      bool by_unit, const json::object& body,
                                      std::optional<std::pair<std::int64_t, std::int64_t>>& record) {
    const auto url = m.base + "/" + collection;
    if (!record) {
        auto page = co_await get(run, m, url + "?limit=5000&" + list_query);
        if (page.status == 200) record = own_record(m, page.body, by_unit);
    }
    Answer a;
    if (record) {
        a = co_await change(run, m, http::verb::put, url + "/" + std::to_string(record->first), body, record->second);
    } else {
        a = co_await change(run, m, http::verb::post, url, body);
    }
    record = version_after(a);
}

asio::awaitable<void> write_something(Run& run, Manager& m) {
    const auto kind = m.next_write++ % 3;
    // Each form is saved from its page, which read the record first (its row_version).
    if (kind == 0 && m.activity != 0) {
        co_await save_own_record(run, m, "activity-reports", qs("activity_id", m.activity), false,
                                 activity_report_body(m), m.report);
    } else if (kind == 1 && !m.measures.empty()) {
        auto& measure = m.measures[m.next_measure++ % m.measures.size()];
        if (measure.outcome_ids.empty()) {
            auto page = co_await get(run, m, m.base + "/outcomes?limit=5000&" + qs("measure_id", measure.id));
            keep_own_outcome_ids(m, measure, page);
        }
        auto body = outcome_batch_body(m, measure);
        auto a = co_await change(run, m, http::verb::post, m.base + "/outcomes/batch", body);
        keep_outcome_ids(measure, a);
    } else if (kind == 2 && m.goal != 0) {
        co_await save_own_record(run, m, "goal-assessments", qs("goal_id", m.goal), true, assessment_body(m),
                                 m.assessment);
    }
}

asio::awaitable<void> report(Run& run, Manager& m) {
    if (!m.signed_in) co_return;
    if (!m.started) {
        co_await think(run, m);  // managers do not all open the page in the same millisecond
        if (!co_await start_page(run, m)) {
            std::cerr << m.username << ": the start page did not say what to report\n";
            run.reads.failed();
            m.signed_in = false;
            co_return;
        }
        m.started = true;
    }
    std::uniform_real_distribution<double> coin(0, 1);
    for (long i = 0; i < run.opt.requests && Clock::now() < run.deadline; ++i) {
        co_await think(run, m);
        if (Clock::now() >= run.deadline) break;
        if (coin(m.rng) < run.opt.write_share) {
            co_await write_something(run, m);
        } else {
            co_await read_something(run, m);
        }
    }
}

asio::awaitable<void> fetch_static(const Run& run, Connection& c, Tally& tally) {
    while (Clock::now() < run.deadline) {
        auto a = co_await c.request(http::verb::get, run.opt.static_path);
        if (a.status == 0) {
            tally.failed();
        } else {
            tally.add(a.took, a.status, a.body.size());
        }
    }
}

// The physical limit of password sign-in on this machine: Argon2id verifications with
// the server's parameters (src/auth/crypto.cpp: libsodium's INTERACTIVE limits), one
// thread per core, no HTTP, no database.
json::object argon2_anchor(double seconds) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to start");
    const std::string password = "Tertialrapport-Norrbotten-2026";
    std::vector<char> hash(crypto_pwhash_STRBYTES);
    if (crypto_pwhash_str_alg(hash.data(), password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw std::runtime_error("out of memory for Argon2id");
    }
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    std::atomic<long> done{0};
    const auto until = Clock::now() + std::chrono::milliseconds(static_cast<long>(seconds * 1000));
    const auto t0 = Clock::now();
    std::vector<std::thread> pool;
    for (unsigned i = 0; i < threads; ++i) {
        pool.emplace_back([&] {
            while (Clock::now() < until) {
                if (crypto_pwhash_str_verify(hash.data(), password.data(), password.size()) == 0) ++done;
            }
        });
    }
    for (auto& t : pool) t.join();
    double took = std::chrono::duration<double>(Clock::now() - t0).count();
    double rate = static_cast<double>(done.load()) / took;
    std::printf("argon2id   %8ld verifications in %5.1f s on %u threads: %6.1f /s (the sign-in's physical limit here)\n",
                done.load(), took, threads, rate);
    return {{"verifications", done.load()}, {"seconds", took}, {"threads", threads}, {"per_second", rate}};
}

double cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

json::object summary(const char* name, Tally& t, double seconds) {
    json::object statuses;
    for (auto [s, n] : t.by_status) statuses[std::to_string(s)] = n;
    double p50 = t.quantile_ms(0.50), p99 = t.quantile_ms(0.99), max = t.quantile_ms(1.0);
    double rate = seconds > 0 ? static_cast<double>(t.requests()) / seconds : 0;
    std::printf("%-10s %8lld requests in %7.1f s: %8.1f req/s, p50 %8.1f ms, p99 %8.1f ms, max %8.1f ms, errors %lld, conflicts (409) %lld, %.1f MB\n",
                name, static_cast<long long>(t.requests()), seconds, rate, p50, p99, max, static_cast<long long>(t.errors),
                static_cast<long long>(t.conflicts), static_cast<double>(t.bytes) / 1e6);
    return {{"requests", t.requests()}, {"seconds", seconds}, {"per_second", rate}, {"p50_ms", p50}, {"p99_ms", p99},
            {"max_ms", max}, {"errors", t.errors}, {"conflicts", t.conflicts}, {"bytes", t.bytes}, {"statuses", statuses}};
}

}  // namespace
}  // namespace styrkort::load

int main(int argc, char** argv) {
    using namespace styrkort::load;
    Run run;
    run.opt = parse(argc, argv);
    const double think_ms = run.opt.think_ms;
    asio::io_context io(1);
    asio::ip::tcp::endpoint endpoint(asio::ip::make_address(run.opt.host), run.opt.port);
    const std::string host = run.opt.host + ":" + std::to_string(run.opt.port);
    json::object out;
    const double cpu_before = cpu_seconds();
    const auto began = Clock::now();

    if (run.opt.argon2_s > 0) {
        out["argon2"] = argon2_anchor(run.opt.argon2_s);
    } else if (!run.opt.static_path.empty()) {
        // As many threads as wrk is given (--threads), each with its own connections and tally.
        const auto threads = static_cast<long>(std::max(1u, run.opt.threads));
        std::vector<std::unique_ptr<asio::io_context>> ios;
        std::vector<Tally> tallies(static_cast<std::size_t>(threads));
        std::vector<std::unique_ptr<Connection>> conns;
        run.deadline = Clock::now() + std::chrono::milliseconds(static_cast<long>(run.opt.duration_s * 1000));
        for (long t = 0; t < threads; ++t) ios.push_back(std::make_unique<asio::io_context>(1));
        for (long i = 0; i < run.opt.connections; ++i) {
            auto& ctx = *ios[static_cast<std::size_t>(i % threads)];
            conns.push_back(std::make_unique<Connection>(ctx.get_executor(), endpoint, host));
            asio::co_spawn(ctx, fetch_static(run, *conns.back(), tallies[static_cast<std::size_t>(i % threads)]), asio::detached);
        }
        auto t0 = Clock::now();
        std::vector<std::thread> pool;
        for (auto& ctx : ios) pool.emplace_back([&ctx] { ctx->run(); });
        for (auto& t : pool) t.join();
        for (auto& t : tallies) run.statics.merge(t);
        out["static"] = summary("static", run.statics, std::chrono::duration<double>(Clock::now() - t0).count());
    } else {
        std::vector<std::unique_ptr<Manager>> managers;
        for (long i = 0; i < run.opt.users; ++i) {
            auto m = std::make_unique<Manager>();
            m->username = run.opt.prefix + "-" + padded(run.opt.first + i, run.opt.width);
            m->conn = std::make_unique<Connection>(io.get_executor(), endpoint, host);
            m->rng.seed(run.opt.seed + static_cast<unsigned>(i));
            m->base = "/api/v1/organisations/" + run.opt.org;
            managers.push_back(std::move(m));
        }
        // 1. Everyone signs in at once (the morning of the deadline).
        auto t0 = Clock::now();
        for (auto& m : managers) asio::co_spawn(io, sign_in(run, *m), asio::detached);
        io.run();
        out["sign_in"] = summary("sign-in", run.signin, std::chrono::duration<double>(Clock::now() - t0).count());
        // 2. Reporting, with think time, until each has made its requests or time is up.
        io.restart();
        auto t1 = Clock::now();
        run.deadline = t1 + std::chrono::milliseconds(static_cast<long>(run.opt.duration_s * 1000));
        for (auto& m : managers) asio::co_spawn(io, report(run, *m), asio::detached);
        io.run();
        double seconds = std::chrono::duration<double>(Clock::now() - t1).count();
        Tally all;
        all.merge(run.reads);
        all.merge(run.writes);
        out["reporting"] = summary("reporting", all, seconds);
        out["reads"] = summary("  reads", run.reads, seconds);
        out["writes"] = summary("  writes", run.writes, seconds);
        // 3. The same managers without think time: what the servers carry at most.
        if (run.opt.saturate_s > 0) {
            run.reads = {};
            run.writes = {};
            run.opt.think_ms = 0;
            const long requests = run.opt.requests;
            run.opt.requests = std::numeric_limits<long>::max();
            io.restart();
            auto t2 = Clock::now();
            run.deadline = t2 + std::chrono::milliseconds(static_cast<long>(run.opt.saturate_s * 1000));
            for (auto& m : managers) asio::co_spawn(io, report(run, *m), asio::detached);
            io.run();
            double s2 = std::chrono::duration<double>(Clock::now() - t2).count();
            Tally sat;
            sat.merge(run.reads);
            sat.merge(run.writes);
            out["saturated"] = summary("saturated", sat, s2);
            out["saturated_reads"] = summary("  reads", run.reads, s2);
            out["saturated_writes"] = summary("  writes", run.writes, s2);
            run.opt.requests = requests;
        }
        // Per route over both phases: requests, mean answer size, p50, p99.
        json::object routes;
        std::printf("per route (reporting and saturated):\n");
        for (auto& [route, t] : run.routes) {
            double mean = t.requests() ? static_cast<double>(t.bytes) / static_cast<double>(t.requests()) : 0;
            double p50 = t.quantile_ms(0.5), p99 = t.quantile_ms(0.99);
            std::printf("  %-58s %7lld  %9.0f B  p50 %8.1f ms  p99 %8.1f ms  errors %lld\n", route.c_str(),
                        static_cast<long long>(t.requests()), mean, p50, p99, static_cast<long long>(t.errors));
            routes[route] = {{"requests", t.requests()}, {"mean_bytes", mean}, {"p50_ms", p50}, {"p99_ms", p99}, {"errors", t.errors}};
        }
        out["routes"] = std::move(routes);
        out["managers"] = run.opt.users;
        out["requests_per_manager"] = run.opt.requests;
        out["think_ms"] = think_ms;
        out["write_share"] = run.opt.write_share;
    }
    double wall = std::chrono::duration<double>(Clock::now() - began).count();
    double cpu = cpu_seconds() - cpu_before;
    if (run.opt.argon2_s <= 0) {
        std::printf("generator  CPU %.1f s in %.1f s wall: %.0f %% of one core (%u thread%s)\n", cpu, wall, 100 * cpu / wall,
                    run.opt.static_path.empty() ? 1u : run.opt.threads, run.opt.static_path.empty() || run.opt.threads == 1 ? "" : "s");
    }
    out["generator_cpu_s"] = cpu;
    out["wall_s"] = wall;
    if (!run.opt.json_out.empty()) std::ofstream(run.opt.json_out) << json::serialize(out) << "\n";
    return 0;
}
