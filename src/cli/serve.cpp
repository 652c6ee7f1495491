#include <charconv>
#include <iostream>

#include "api/api.hpp"
#include "auth/service.hpp"
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "domain/errors.hpp"
#include "http/server.hpp"

namespace styrkort::cli {

namespace {

std::uint16_t parse_port(const std::string& text) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value > 65535) {
        throw InputError("--port", {"måste vara ett portnummer 0–65535", "must be a port number 0–65535"}, "usage");
    }
    return static_cast<std::uint16_t>(value);
}

}  // namespace

int serve(const std::vector<std::string>& argv) {
    Args args(argv, {"empty", "quiet"});
    auto known = database_options;
    known.insert({"port", "address", "workers", "empty", "quiet"});
    args.allow_only(known);
    if (!args.positional().empty()) {
        throw InputError(args.positional().front(), {"okänt argument", "unknown argument"}, "usage");
    }
    auto config = database_config(args);
    storage::Database db(config);
    if (!args.flag("empty")) {
        if (int plans = load_default_plans(db); plans > 0) {
            std::cerr << "Loaded " << plans << " plans from " << data_dir() << " into the new database\n";
        }
    }
    // No default passwords: the first start creates "admin" with the password from
    // STYRKORT_ADMIN_PASSWORD, or a random one printed here once.
    const char* admin_password = std::getenv("STYRKORT_ADMIN_PASSWORD");
    if (auto generated = auth::ensure_initial_admin(db, admin_password ? admin_password : "")) {
        std::cerr << "Created the administrator 'admin' with the one-time password: " << *generated
                  << "\n(shown only now; change it after signing in, or set STYRKORT_ADMIN_PASSWORD before the first start)"
                  << std::endl;
    }
    auto auth_config = auth::AuthConfig::from_environment();
    api::Api api(db, auth_config);

    http::ServerConfig server_config;
    server_config.port = parse_port(args.option("port").value_or(std::getenv("STYRKORT_PORT") ? std::getenv("STYRKORT_PORT") : "8080"));
    server_config.address = args.option("address").value_or("127.0.0.1");
    if (auto w = args.option("workers")) server_config.worker_threads = std::max(1, std::atoi(w->c_str()));
    server_config.access_log = args.flag("quiet") ? nullptr : &std::cout;
    server_config.default_headers = api::security_headers(auth_config.secure_cookies);
    http::Server server(server_config, [&api](const http::Request& r) { return api.handle(r); });
    server.listen();
    // Scripts that start us with --port 0 read the port from this line.
    std::cerr << "Styrkort listening on http://" << server_config.address << ":" << server.port() << "/ ("
              << config.describe() << ")" << std::endl;
    server.run(true);
    std::cerr << "Styrkort stopped" << std::endl;
    return 0;
}

}  // namespace styrkort::cli
