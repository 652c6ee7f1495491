#include "cli/context.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "domain/errors.hpp"

namespace styrkort::cli {

namespace {
std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v == nullptr ? std::string{} : std::string(v);
}
}  // namespace

storage::DatabaseConfig database_config(const Args& args) {
    storage::DatabaseConfig config;
    auto db = args.option("db");
    auto pg = args.option("postgres");
    if (db && pg) throw InputError("--db", {"går inte att kombinera med --postgres", "cannot be combined with --postgres"}, "usage");
    if (pg) {
        config.postgres_url = *pg;
    } else if (db) {
        config.sqlite_path = *db;
    } else if (!env("STYRKORT_POSTGRES_URL").empty()) {
        config.postgres_url = env("STYRKORT_POSTGRES_URL");
    } else if (!env("STYRKORT_DB").empty()) {
        config.sqlite_path = env("STYRKORT_DB");
    } else {
        config.sqlite_path = "var/styrkort.db";
        std::filesystem::create_directories("var");
    }
    return config;
}

std::unique_ptr<storage::Database> open_database(const Args& args) {
    return std::make_unique<storage::Database>(database_config(args));
}

Language user_language() {
    auto lang = env("LC_ALL").empty() ? env("LANG") : env("LC_ALL");
    return lang.rfind("en", 0) == 0 ? Language::en : Language::sv;
}

storage::Actor cli_actor() {
    std::string name = "unknown";
    if (const passwd* pw = getpwuid(geteuid()); pw != nullptr) name = pw->pw_name;
    // The local operator holds every permission, so may correct closed periods too.
    return {"cli:" + name, "", [](storage::Connection&, const Entity&, storage::Id, const storage::Record&) { return true; }};
}

std::string read_file(const std::string& path) {
    std::ostringstream out;
    if (path == "-") {
        out << std::cin.rdbuf();
        return out.str();
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, {"går inte att läsa", "cannot be read"}, "file");
    out << in.rdbuf();
    return out.str();
}

std::string data_dir() {
    auto dir = env("STYRKORT_DATA_DIR");
    return dir.empty() ? std::string(STYRKORT_DEFAULT_DATA_DIR) : dir;
}

std::string web_dir() {
    auto dir = env("STYRKORT_WEB_DIR");
    return dir.empty() ? std::string(STYRKORT_DEFAULT_WEB_DIR) : dir;
}

}  // namespace styrkort::cli
