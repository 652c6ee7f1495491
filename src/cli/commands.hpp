#pragma once
// The subcommands of `styrkort`. Each returns the process exit status and lets
// exceptions reach main(), which prints them (the error rule in README.md).
#include "cli/args.hpp"
#include "storage/database.hpp"

namespace styrkort::cli {

int serve(const std::vector<std::string>& argv);
int import_file(const std::vector<std::string>& argv);
int import_outcomes(const std::vector<std::string>& argv);  // import outcomes FILE.csv
int import_kolada(const std::vector<std::string>& argv);    // import kolada FILE… (docs/kolada.md)
int kolada(const std::vector<std::string>& argv);           // kolada values|fetch|link|unlink (docs/kolada.md)
int export_plans(const std::vector<std::string>& argv);
int export_economy(const std::vector<std::string>& argv);  // `export economy …`
int export_risks(const std::vector<std::string>& argv);    // `export risks …` (docs/risk.md)
int crud(const std::string& verb, const std::vector<std::string>& argv);
int migrate(const std::vector<std::string>& argv);
int check(const std::vector<std::string>& argv);
int synth(const std::vector<std::string>& argv);  // synthetic organisation for bench/
int synth_managers(const std::vector<std::string>& argv);  // synth managers: N unit managers for bench/load.sh
int user(const std::vector<std::string>& argv);         // user add|list|role|reset-password|token
int public_read(const std::vector<std::string>& argv);  // public-read ORG on|off
int mfa_required(const std::vector<std::string>& argv);  // mfa-required ORG|installation on|off
int plan(const std::vector<std::string>& argv);      // plan new-version|submit|approve|return|compare … (docs/workflow.md)
int document(const std::vector<std::string>& argv);  // document plan|followup … (docs/documents.md)
int audit(const std::vector<std::string>& argv);     // audit verify [--org ORG] (docs/audit.md)
int completeness(const std::vector<std::string>& argv);  // completeness --period ID (docs/reporting-round.md)
int period(const std::vector<std::string>& argv);        // period open|close ID (docs/reporting-round.md)

// Loads every plan file in data_dir() into a database that has no organisation yet;
// returns the number of plans loaded (0 when the database already had data).
int load_default_plans(storage::Database& db);

}  // namespace styrkort::cli
