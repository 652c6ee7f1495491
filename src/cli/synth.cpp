// styrkort synth: a large synthetic organisation for the benchmarks (bench/): an org
// tree of divisions, areas and reporting units, one plan with goals, measures (with
// baselines, yearly targets and directions) and area activities, as a plan file, and
// its outcomes — every unit × measure × year × DÅ 04/DÅ 08/ÅR × K/M/total — as a
// Swedish CSV (';', decimal comma). Deterministic: the same options give the same bytes.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "domain/errors.hpp"
#include "json/write.hpp"

namespace styrkort::cli {
namespace {

namespace json = boost::json;

long positive_option(const Args& args, const std::string& name, long fallback, long max) {
    auto v = args.option(name);
    if (!v) return fallback;
    try {
        std::size_t used = 0;
        long n = std::stol(*v, &used);
        if (used == v->size() && n >= 1 && n <= max) return n;
    } catch (const std::exception&) {
    }
    throw InputError("--" + name, {"måste vara ett heltal 1–" + std::to_string(max), "must be an integer 1–" + std::to_string(max)}, "usage");
}

// A small deterministic hash for noise: the same inputs, the same value.
double noise(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
    std::uint64_t x = a * 0x9E3779B97F4A7C15ULL ^ (b + 0x632BE59BD9B4E019ULL) * 0xBF58476D1CE4E5B9ULL ^ c * 0x94D049BB133111EBULL;
    x ^= x >> 31;
    x *= 0xD6E8FEB86659FD93ULL;
    x ^= x >> 32;
    return static_cast<double>(x % 10001) / 10000.0;  // [0, 1]
}

std::string number(long i, int width) {
    std::string s = std::to_string(i);
    return std::string(static_cast<std::size_t>(std::max(0, width - static_cast<int>(s.size()))), '0') + s;
}

}  // namespace

int synth(const std::vector<std::string>& argv) {
    // `synth managers …`: managers in an existing organisation (synth_managers.cpp).
    if (!argv.empty() && argv.front() == "managers") return synth_managers({argv.begin() + 1, argv.end()});
    Args args(argv, {});
    args.allow_only({"units", "measures", "years", "first-year", "out"});
    const long units = positive_option(args, "units", 1000, 100000);
    const long measures = positive_option(args, "measures", 50, 1000);
    const long years = positive_option(args, "years", 10, 50);
    const long first_year = positive_option(args, "first-year", 2016, 2150);
    const std::string out = args.option("out").value_or("var/synth");
    std::filesystem::create_directories(out);

    const long divisions = std::max(1L, units / 100);
    const long areas = std::max(1L, units / 10);
    const long goals = 10;

    json::array unit_list;
    unit_list.push_back({{"key", "rs"}, {"name", "Regionstyrelsen"}, {"kind", "board"}, {"parent", nullptr}});
    for (long d = 0; d < divisions; ++d) {
        unit_list.push_back({{"key", "div-" + number(d, 3)}, {"name", "Division " + std::to_string(d + 1)}, {"kind", "division"}, {"parent", "rs"}});
    }
    for (long a = 0; a < areas; ++a) {
        unit_list.push_back({{"key", "vo-" + number(a, 4)}, {"name", "Verksamhetsområde " + std::to_string(a + 1)},
                             {"kind", "area"}, {"parent", "div-" + number(a % divisions, 3)}});
    }
    std::vector<std::string> unit_keys;
    for (long u = 0; u < units; ++u) {
        unit_keys.push_back("enhet-" + number(u, 5));
        unit_list.push_back({{"key", unit_keys.back()}, {"name", "Enhet " + std::to_string(u + 1)}, {"kind", "unit"},
                             {"parent", "vo-" + number(u % areas, 4)}});
    }
    json::array goal_list;
    for (long g = 0; g < goals; ++g) goal_list.push_back({{"key", "mal-" + std::to_string(g + 1)}, {"text", "Strategiskt mål " + std::to_string(g + 1)}});

    struct MeasureShape {
        std::string key, unit, direction;
        double base;
    };
    std::vector<MeasureShape> shapes;
    json::array measure_list;
    for (long m = 0; m < measures; ++m) {
        MeasureShape s{"matt-" + number(m, 3), m % 5 == 0 ? "%" : "st", m % 2 == 0 ? "increase" : "decrease",
                       m % 5 == 0 ? 40.0 + static_cast<double>(m % 40) : 50.0 + static_cast<double>((m * 37) % 400)};
        json::array targets;
        targets.push_back({{"kind", "baseline"}, {"year", first_year - 1}, {"value", s.base}});
        if (m % 10 == 9) {
            targets.push_back({{"kind", "target"}, {"qualitative", "follow"}});
        } else {
            for (long y = 0; y < years; ++y) {
                double step = 0.02 * static_cast<double>(y + 1) * (s.direction == "increase" ? 1 : -1);
                targets.push_back({{"kind", "target"}, {"year", first_year + y}, {"value", std::round(s.base * (1 + step) * 10) / 10}});
            }
        }
        measure_list.push_back({{"key", s.key},
                                {"kind", "steering"},
                                {"name", "Mått " + std::to_string(m + 1)},
                                {"unit", s.unit},
                                {"direction", s.direction},
                                {"reporting_points", {"da04", "da08", "ar"}},
                                {"breakdowns", {"sex"}},
                                {"goal", "mal-" + std::to_string(m % goals + 1)},
                                {"targets", std::move(targets)}});
        shapes.push_back(std::move(s));
    }
    json::array activity_list;
    for (long a = 0; a < areas; ++a) {
        activity_list.push_back({{"key", "akt-" + number(a, 4)},
                                 {"name", "Aktivitet " + std::to_string(a + 1)},
                                 {"level", "area"},
                                 {"owner_unit", "vo-" + number(a, 4)},
                                 {"goals", {"mal-" + std::to_string(a % goals + 1)}}});
    }
    json::object plan{{"key", "synth-plan"},
                      {"title", "Syntetisk plan"},
                      {"owner_unit", "rs"},
                      {"first_year", first_year},
                      {"last_year", first_year + years - 1},
                      {"status", "approved"},
                      {"goals", std::move(goal_list)},
                      {"measures", std::move(measure_list)},
                      {"activities", std::move(activity_list)}};
    json::object doc{{"format", "styrkort-plan"},
                     {"format_version", 1},
                     {"organisations",
                      {{{"key", "synth"}, {"name", "Syntetiska regionen"}, {"kind", "region"},
                        {"units", std::move(unit_list)}, {"plans", {std::move(plan)}}}}}};
    {
        std::ofstream f(out + "/plan.json", std::ios::binary);
        f << json_text::pretty(doc);
        if (!f) throw InputError(out + "/plan.json", {"går inte att skriva", "cannot be written"}, "file");
    }

    std::FILE* csv = std::fopen((out + "/outcomes.csv").c_str(), "wb");
    if (csv == nullptr) throw InputError(out + "/outcomes.csv", {"går inte att skriva", "cannot be written"}, "file");
    std::fputs("plan;measure;unit;year;point;sex;value\n", csv);
    const char* points[] = {"da04", "da08", "ar"};
    std::int64_t rows = 0;
    char value[32];
    for (long u = 0; u < units; ++u) {
        for (long m = 0; m < measures; ++m) {
            const auto& s = shapes[static_cast<std::size_t>(m)];
            double unit_level = 0.85 + 0.3 * noise(static_cast<std::uint64_t>(u), static_cast<std::uint64_t>(m), 1);
            double gap = 0.04 * (noise(static_cast<std::uint64_t>(u), static_cast<std::uint64_t>(m), 2) - 0.5);
            for (long y = 0; y < years; ++y) {
                double trend = 1 + (s.direction == "increase" ? 1 : -1) * 0.015 * static_cast<double>(y) *
                                       noise(static_cast<std::uint64_t>(u), static_cast<std::uint64_t>(m), 3 + static_cast<std::uint64_t>(y));
                for (int p = 0; p < 3; ++p) {
                    double v = s.base * unit_level * trend * (0.97 + 0.015 * p);
                    double k = v * (1 + gap * static_cast<double>(1 + y % 3));
                    double men = v * (1 - gap * static_cast<double>(1 + y % 3));
                    double by_sex[] = {k, men, (k + men) / 2};
                    const char* sexes[] = {"K", "M", "total"};
                    for (int x = 0; x < 3; ++x) {
                        std::snprintf(value, sizeof value, "%.2f", by_sex[x]);
                        for (char* c = value; *c; ++c) {
                            if (*c == '.') *c = ',';
                        }
                        std::fprintf(csv, "synth-plan;%s;%s;%ld;%s;%s;%s\n", s.key.c_str(),
                                     unit_keys[static_cast<std::size_t>(u)].c_str(), first_year + y, points[p], sexes[x], value);
                        ++rows;
                    }
                }
            }
        }
    }
    if (std::fclose(csv) != 0) throw InputError(out + "/outcomes.csv", {"går inte att skriva", "cannot be written"}, "file");
    std::cout << out << "/plan.json: " << (1 + divisions + areas + units) << " units, " << measures << " measures, "
              << areas << " activities\n"
              << out << "/outcomes.csv: " << rows << " outcomes\n";
    return 0;
}

}  // namespace styrkort::cli
