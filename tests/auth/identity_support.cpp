#include "identity_support.hpp"

#include "storage/clock.hpp"
#include "auth/identity_store.hpp"
#include "auth/service.hpp"

#include <strings.h>

namespace styrkort::testing {

Id make_user(RunningServer& server, const std::string& username, const std::string& password,
             const std::vector<Grant>& grants) {
    Id id = auth::add_user(server.database(), 0, username, username, password, {"test", ""});
    server.database().write([&](storage::Connection& c) {
        auth::IdentityStore store(c);
        for (const auto& g : grants) store.grant(g.org, id, g.role, g.unit);
    });
    return id;
}

std::string make_token(RunningServer& server, const std::string& username, const std::string& scope) {
    return server.database().write([&](storage::Connection& c) {
        auth::IdentityStore store(c);
        auto user = store.user_by_name(username);
        if (!user) throw std::runtime_error("no user " + username);
        return store.create_token(*user, "test", scope, utc_iso_from_now(std::chrono::hours(24))).secret;
    });
}

Session login(RunningServer& server, const std::string& username, const std::string& password,
              const HeaderList& extra) {
    json::object body{{"username", username}, {"password", password}};
    HeaderList headers = extra;
    headers.emplace_back("Content-Type", "application/json");
    Session s;
    s.login_response = server.anonymous_request("POST", "/api/v1/auth/login", json::serialize(body), headers);
    for (const auto& [name, value] : s.login_response.headers) {
        if (strcasecmp(name.c_str(), "set-cookie") == 0 &&
            (value.rfind("styrkort_session=", 0) == 0 || value.rfind("__Host-styrkort_session=", 0) == 0)) {
            s.cookie = value.substr(0, value.find(';'));
        }
    }
    if (s.login_response.status == 200) s.csrf = std::string(parse_json(s.login_response.body).at("csrf_token").as_string());
    return s;
}

HeaderList session_headers(const Session& s, bool with_csrf) {
    HeaderList h{{"Cookie", s.cookie}};
    if (with_csrf) h.emplace_back("X-CSRF-Token", s.csrf);
    return h;
}

}  // namespace styrkort::testing
