#pragma once
// What every subcommand shares: where the database is, the user's language, and who
// the user is for the audit log.
#include <memory>
#include <string>

#include "cli/args.hpp"
#include "domain/text.hpp"
#include "storage/audit.hpp"
#include "storage/database.hpp"

namespace styrkort::cli {

// Options every subcommand takes.
inline const std::set<std::string> database_options = {"db", "postgres"};

// --db PATH, --postgres URL, or STYRKORT_DB / STYRKORT_POSTGRES_URL, or the embedded
// default var/styrkort.db (its folder is created).
storage::DatabaseConfig database_config(const Args& args);
std::unique_ptr<storage::Database> open_database(const Args& args);

Language user_language();       // from LC_ALL / LANG: English if it starts with "en"
storage::Actor cli_actor();     // "cli:<login name>"
std::string read_file(const std::string& path);  // "-" reads standard input

// The folder with the shipped plan files (data/): STYRKORT_DATA_DIR or the build's.
std::string data_dir();
// The folder with the built web client: STYRKORT_WEB_DIR or the build's.
std::string web_dir();

}  // namespace styrkort::cli
