// styrkort: one binary for the server and every command-line task.
#include <iostream>

#include "cli/commands.hpp"
#include "storage/tenant_scope.hpp"
#include "cli/context.hpp"
#include "domain/errors.hpp"
#include "reports/tool_error.hpp"

namespace {

void print_help() {
    std::cout << R"(styrkort — mål- och resultatstyrning

  styrkort serve [--port N] [--address A] [--empty] [--quiet] [--postgres-read-url URL]
      Starts the web server and API (default port 8080, 0 = any free port).
      A new database is filled with the plans in the data folder unless --empty.
      --postgres-read-url: a hot standby for stale-tolerant reads (docs/scale-out.md).
  styrkort import FILE                       Imports a plan file (all or nothing).
  styrkort import outcomes FILE.csv [--org ORG]
      Imports outcomes from CSV (docs/followup.md), all or nothing.
  styrkort export plan (--all | KEY…) [--org ORG] [--format json] [--output FILE]
  styrkort export economy --plan KEY [--org ORG] [--format xlsx|csv] --out FILE
      The plan's economy tables: XLSX (sums as formulas) or CSV (';', decimal comma).
  styrkort export risks --plan KEY [--org ORG] [--format xlsx|csv] --out FILE
      The plan's risk register, risk matrix (before/after actions) and internal
      control plan (docs/risk.md).
  styrkort document plan KEY [--org ORG] --format pdf|docx|html --out FILE
  styrkort document followup --plan KEY --unit UNIT --year Y --point da04|da08|ar [--org ORG]
                             --format pdf|docx|html --out FILE
      The plan document, or a unit's follow-up report, as PDF, DOCX or print-ready HTML
      (docs/documents.md; PDF needs chromium, DOCX pandoc).
  styrkort list COLLECTION [--org ORG] [--FIELD VALUE…]
  styrkort get|delete COLLECTION ID [--org ORG]
  styrkort create COLLECTION [--org ORG] (--json JSON | --file FILE)
  styrkort update COLLECTION ID [--org ORG] (--json JSON | --file FILE)   (changes the fields given)
  styrkort check [FILE] [--plan KEY] [--org ORG] [--json]
      Checks the plans (of the database, or of a plan file) for inconsistencies;
      exit status 1 when it finds errors. The rules: docs/checks.md.
  styrkort import kolada FILE… [--org ORG]
      Kolada's public KPI data (API v3 pages saved as files: KPI, municipality and
      group lists, data pages; next_url followed to the file it names), all or nothing.
  styrkort kolada values --kpi ID --municipality ID [--year Y] [--json] [--org ORG]
      The stored values, total, women and men per period ("Källa: Kolada").
  styrkort kolada fetch --kpi ID[,…] --municipality ID[,…] --year Y[,…] [--base-url URL]
      The same import live from Kolada's API (STYRKORT_KOLADA_URL; docs/kolada.md).
  styrkort kolada link --measure ID --kpi ID [--municipality ID] [--group ID] | kolada unlink --measure ID
      Links a measure to a Kolada KPI for the comparison with the nation and regions.
  styrkort migrate                           Brings the database schema up to date.
  styrkort synth [--units N] [--measures N] [--years N] [--first-year Y] [--out DIR]
      Writes a synthetic organisation for benchmarks: DIR/plan.json (import it) and
      DIR/outcomes.csv (import outcomes); defaults 1000 units, 50 measures, 10 years.
  styrkort synth managers --org ORG --plan KEY [--count N] [--year Y] [--point da04|da08|ar]
               [--prefix chef] [--measures-per-unit 3] --password-stdin
      Adds N unit managers for the load test (bench/load.sh): a unit, a unit activity,
      last year's outcomes and a user PREFIX-0001 … with the role reporter on the unit.
  styrkort user add NAME [--name DISPLAY] [--org ORG] [--password-stdin]
  styrkort user list
  styrkort user role NAME grant|revoke ROLE [--org ORG] [--unit UNIT]
  styrkort user reset-password NAME [--password-stdin]
  styrkort user token NAME [--scope read|write] [--days N] [--label TEXT] [--list] [--revoke ID]
  styrkort user disable|enable NAME          Disabling revokes the user's sessions and tokens at once.
  styrkort user mfa-reset NAME               Removes the user's TOTP and recovery codes (a lost phone).
      Accounts, roles on org subtrees and API tokens; generated passwords and tokens
      are printed once. Roles: reader, reporter, planner, controller, board_planner,
      directors_staff, administrator (docs/permissions.md).
  styrkort public-read ORG on|off            Whether the public may read approved plans.
  styrkort mfa-required ORG|installation on|off
      Whether administrators must use TOTP: the organisation's (any administrator role
      in it), or with `installation` every administrator. One who signs in without it
      may only enrol (Mitt konto), read their account and sign out until they sign in
      again with the code; sessions already open are limited at once (docs/security.md).
  styrkort plan new-version|submit|withdraw|approve|return|reopen|versions KEY --org ORG
               [--comment TEXT] [--key NEW-KEY]
  styrkort plan compare KEY --with KEY --org ORG
      The approval workflow of plan versions (docs/workflow.md): an approved plan is
      frozen; a new version is a draft copy, submitted and approved by the level above.
  styrkort audit verify [--org ORG]
      Checks the hash chain of each organisation's audit log (docs/audit.md) and names
      the first broken entry; exit status 1 when a chain is broken.
  styrkort completeness --period ID [--unit KEY] [--org ORG] [--json | --format xlsx|csv --out FILE]
      Who in the unit's subtree has reported what for the reporting period: a table
      per unit and part, or JSON, XLSX, CSV (docs/reporting-round.md).
  styrkort period open|close ID [--org ORG] [--force] [--comment TEXT]
      Opens a reporting period (carries late open content to the plans in force) or
      closes it; closing is refused while reports are unsubmitted unless --force.
  The CLI acts as the local operator (it holds the database): no sign-in, every
  change audited as cli:<os user>.

Every command takes --db PATH (SQLite file, default var/styrkort.db) or
--postgres URL (e.g. postgresql://user@localhost/styrkort).
Collections: organisations, units, plans, sections, perspectives, goals, assignments,
development-areas, missions, success-factors, activities, measures, targets,
economy-tables, cost-frame-lines, frame-change-lines, result-lines, budget-follow-ups,
investment-frame-lines, investment-requests, property-investments, delegation-rules,
economy-totals, risk-matrices, risks, internal-control-plans, control-points,
risk-actions, control-results, deviation-actions.
)";
}

}  // namespace

int main(int argc, char** argv) {
    using namespace styrkort;
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
        print_help();
        return args.empty() ? 2 : 0;
    }
    auto command = args[0];
    args.erase(args.begin());
    auto lang = cli::user_language();
    try {
        if (command == "serve") return cli::serve(args);
        // Every other command is the local operator, who holds the database's URL: its own
        // reads and writes span organisations (audit verify, user, import); what it asks of
        // the API in-process still runs in the organisation the URL names
        // (docs/scale-out.md "System scope"). This thread only: serve never has it.
        storage::SystemScope operator_scope(storage::SystemWork::operator_cli);
        if (command == "import") return cli::import_file(args);
        if (command == "export") return cli::export_plans(args);
        if (command == "migrate") return cli::migrate(args);
        if (command == "check") return cli::check(args);
        if (command == "synth") return cli::synth(args);
        if (command == "user") return cli::user(args);
        if (command == "public-read") return cli::public_read(args);
        if (command == "mfa-required") return cli::mfa_required(args);
        if (command == "plan") return cli::plan(args);
        if (command == "document") return cli::document(args);
        if (command == "audit") return cli::audit(args);
        if (command == "kolada") return cli::kolada(args);
        if (command == "completeness") return cli::completeness(args);
        if (command == "period") return cli::period(args);
        if (command == "list" || command == "get" || command == "create" || command == "update" ||
            command == "delete") {
            return cli::crud(command, args);
        }
        std::cerr << (lang == Language::en ? "unknown command: " : "okänt kommando: ") << command << "\n";
        print_help();
        return 2;
    } catch (const InputError& e) {
        std::cerr << e.describe(lang) << '\n';
        return 2;
    } catch (const NotFound& e) {
        std::cerr << e.what_text().in(lang) << '\n';
        return 2;
    } catch (const Conflict& e) {
        std::cerr << e.what_text().in(lang) << '\n';
        return 2;
    } catch (const ToolError& e) {
        std::cerr << e.what_text().in(lang) << '\n';
        return 1;
    } catch (const StorageError& e) {
        std::cerr << e.what() << '\n';
        return 1;
    }
}
