#include <charconv>
#include <iostream>
#include <thread>

#include "api/api.hpp"
#include "auth/service.hpp"
#include "cli/commands.hpp"
#include "storage/tenant_scope.hpp"
#include "cli/context.hpp"
#include "domain/errors.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "mail/scheduler.hpp"

namespace styrkort::cli {

namespace {

unsigned parse_whole_number(const std::string& option, const std::string& text, unsigned min, unsigned max) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
        auto range = std::to_string(min) + "–" + std::to_string(max);
        throw InputError(option, {"måste vara ett heltal " + range, "must be a whole number " + range}, "usage");
    }
    return value;
}

}  // namespace

int serve(const std::vector<std::string>& argv) {
    Args args(argv, {"empty", "quiet"});
    auto known = database_options;
    known.insert({"port", "address", "workers", "empty", "quiet", "postgres-read-url"});
    args.allow_only(known);
    if (!args.positional().empty()) {
        throw InputError(args.positional().front(), {"okänt argument", "unknown argument"}, "usage");
    }
    // Every option is checked before the database is opened: bad options change nothing.
    http::ServerConfig server_config;
    const char* port_env = std::getenv("STYRKORT_PORT");
    server_config.port = static_cast<std::uint16_t>(
        parse_whole_number("--port", args.option("port").value_or(port_env ? port_env : "8080"), 0, 65535));
    server_config.address = args.option("address").value_or("127.0.0.1");
    if (auto w = args.option("workers")) server_config.worker_threads = parse_whole_number("--workers", *w, 1, 256);
    server_config.access_log = args.flag("quiet") ? nullptr : &std::cout;
    auto auth_config = auth::AuthConfig::from_environment();
    server_config.default_headers = api::security_headers(auth_config.secure_cookies);
    auto reminder_settings = mail::ReminderSettings::from_environment();
    auto config = database_config(args);
    // A hot standby for stale-tolerant reads (docs/scale-out.md); serve only: the CLI's
    // own commands read what they just wrote.
    const char* read_env = std::getenv("STYRKORT_POSTGRES_READ_URL");
    config.postgres_read_url = args.option("postgres-read-url").value_or(read_env ? read_env : "");
    if (!config.postgres_read_url.empty() && config.postgres_url.empty()) {
        throw InputError("--postgres-read-url", {"kräver PostgreSQL (--postgres eller STYRKORT_POSTGRES_URL)",
                                                 "needs PostgreSQL (--postgres or STYRKORT_POSTGRES_URL)"},
                         "usage");
    }
    storage::Database db(config);
    if (!args.flag("empty")) {
        // The shipped plans name their organisations (docs/scale-out.md "System scope").
        storage::SystemScope shipped(storage::SystemWork::installation);
        if (int plans = load_default_plans(db); plans > 0) {
            std::cerr << Text{"Läste in " + std::to_string(plans) + " planer från " + data_dir() + " i den nya databasen",
                                  "Loaded " + std::to_string(plans) + " plans from " + data_dir() + " into the new database"}
                             .in(user_language())
                      << "\n";
        }
    }
    // No default passwords: the first start creates "admin" with the password from
    // STYRKORT_ADMIN_PASSWORD, or a random one printed here once.
    const char* admin_password = std::getenv("STYRKORT_ADMIN_PASSWORD");
    if (auto generated = auth::ensure_initial_admin(db, admin_password ? admin_password : "")) {
        std::cerr << Text{"Skapade administratören 'admin' med engångslösenordet: " + *generated +
                              "\n(visas bara nu; byt det efter inloggning, eller sätt STYRKORT_ADMIN_PASSWORD före första starten)",
                          "Created the administrator 'admin' with the one-time password: " + *generated +
                              "\n(shown only now; change it after signing in, or set STYRKORT_ADMIN_PASSWORD before the first start)"}
                         .in(user_language())
                  << std::endl;
    }
    api::Api api(db, auth_config);

    // The API under /api and /healthz; the built web client (web/dist) everywhere else.
    http::StaticFiles web(web_dir());
    if (!web.available()) {
        std::cerr << Text{"Webbklienten är inte byggd (ingen index.html i " + web.root().string() +
                              "); bara API:et betjänas",
                          "The web client is not built (no index.html in " + web.root().string() +
                              "); only the API is served"}
                         .in(user_language())
                  << "\n";
    }
    // Cached answers straight from the I/O threads, one per core (docs/scale-out.md "The
    // HTTP fast path and revalidation"); everything else on the worker pool.
    server_config.io_threads = std::max(1U, std::thread::hardware_concurrency());
    server_config.fast_handler = [&api](const http::Request& r) -> std::optional<http::Response> {
        if (!http::is_api_path(r.path)) return std::nullopt;
        return api.answer_at_once(r);
    };
    http::Server server(server_config,
                        http::site_handler([&api](const http::Request& r) { return api.handle(r); }, web));
    // Reminders (docs/reporting-round.md): planned and sent by every server, each
    // message once (claimed in the database). Stopped before the database closes.
    mail::ReminderScheduler reminders(db, reminder_settings);
    reminders.start();
    std::cerr << (reminder_settings.describe() + "\n") << std::flush;
    server.listen();
    // Scripts that start us with --port 0 read the port from this line, so it is written
    // in one piece: unbuffered stderr would otherwise let a reader see half of it.
    std::cerr << ("Styrkort listening on http://" + server_config.address + ":" + std::to_string(server.port()) +
                  "/ (" + config.describe() + ")\n")
              << std::flush;
    server.run(true);
    std::cerr << "Styrkort stopped" << std::endl;
    return 0;
}

}  // namespace styrkort::cli
