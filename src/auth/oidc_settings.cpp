#include "auth/oidc_settings.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "domain/auth/roles.hpp"
#include "domain/errors.hpp"

namespace styrkort::auth {
namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v == nullptr ? std::string{} : std::string(v);
}

std::string trimmed(std::string s) {
    auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string item;
    std::istringstream in(s);
    while (std::getline(in, item, sep)) {
        item = trimmed(item);
        if (!item.empty()) out.push_back(item);
    }
    return out;
}

InputError config_error(const std::string& variable, const Text& why) { return InputError(variable, why, "configuration"); }

bool is_http_url(const std::string& u) { return u.rfind("https://", 0) == 0 || u.rfind("http://", 0) == 0; }

}  // namespace

std::optional<MappedRole> parse_role_entry(const std::string& entry) {
    auto at = entry.find('@');
    MappedRole m{trimmed(entry.substr(0, at)), at == std::string::npos ? std::string{} : trimmed(entry.substr(at + 1))};
    if (!parse_role(m.role)) return std::nullopt;
    if (at != std::string::npos && m.unit_key.empty()) return std::nullopt;
    return m;
}

std::vector<MappedRole> roles_from_claims(const OidcSettings& s, const std::vector<std::string>& values) {
    std::vector<MappedRole> out;
    for (const auto& v : values) {
        std::vector<std::string> entries;
        if (s.role_map.empty()) {
            entries.push_back(v);
        } else if (auto it = s.role_map.find(v); it != s.role_map.end()) {
            entries = it->second;
        }
        for (const auto& e : entries) {
            if (auto m = parse_role_entry(e)) out.push_back(*m);
        }
    }
    return out;
}

std::optional<OidcSettings> OidcSettings::from_environment() {
    OidcSettings s;
    s.issuer = trimmed(env("STYRKORT_OIDC_ISSUER"));
    if (s.issuer.empty()) return std::nullopt;
    if (!is_http_url(s.issuer)) {
        throw config_error("STYRKORT_OIDC_ISSUER", {"måste vara en https://-adress", "must be an https:// URL"});
    }
    s.client_id = trimmed(env("STYRKORT_OIDC_CLIENT_ID"));
    if (s.client_id.empty()) throw config_error("STYRKORT_OIDC_CLIENT_ID", {"saknas", "is missing"});
    s.client_secret = env("STYRKORT_OIDC_CLIENT_SECRET");
    if (auto file = env("STYRKORT_OIDC_CLIENT_SECRET_FILE"); !file.empty()) {
        std::ifstream in(file);
        if (!in) throw config_error("STYRKORT_OIDC_CLIENT_SECRET_FILE", {"filen går inte att läsa", "the file cannot be read"});
        std::stringstream text;
        text << in.rdbuf();
        s.client_secret = trimmed(text.str());
    }
    if (s.client_secret.empty()) {
        throw config_error("STYRKORT_OIDC_CLIENT_SECRET", {"saknas (eller STYRKORT_OIDC_CLIENT_SECRET_FILE)",
                                                           "is missing (or STYRKORT_OIDC_CLIENT_SECRET_FILE)"});
    }
    s.redirect_uri = trimmed(env("STYRKORT_OIDC_REDIRECT_URI"));
    if (!is_http_url(s.redirect_uri) || s.redirect_uri.find("/api/v1/auth/oidc/callback") == std::string::npos) {
        throw config_error("STYRKORT_OIDC_REDIRECT_URI",
                           {"måste vara serverns adress till /api/v1/auth/oidc/callback",
                            "must be this server's address of /api/v1/auth/oidc/callback"});
    }
    s.post_logout_redirect_uri = trimmed(env("STYRKORT_OIDC_POST_LOGOUT_REDIRECT_URI"));
    if (s.post_logout_redirect_uri.empty()) {
        s.post_logout_redirect_uri = s.redirect_uri.substr(0, s.redirect_uri.find("/api/v1/auth/oidc/callback")) + "/";
    }
    s.organisation = trimmed(env("STYRKORT_OIDC_ORGANISATION"));
    if (s.organisation.empty()) {
        throw config_error("STYRKORT_OIDC_ORGANISATION", {"saknas: nyckeln för organisationen som användarna hör till",
                                                          "is missing: the key of the organisation the users belong to"});
    }
    if (auto v = trimmed(env("STYRKORT_OIDC_SCOPES")); !v.empty()) s.scopes = v;
    if (s.scopes.find("openid") == std::string::npos) s.scopes = "openid " + s.scopes;
    if (auto v = trimmed(env("STYRKORT_OIDC_USERNAME_CLAIM")); !v.empty()) s.username_claim = v;
    if (auto v = trimmed(env("STYRKORT_OIDC_NAME_CLAIM")); !v.empty()) s.name_claim = v;
    if (auto v = trimmed(env("STYRKORT_OIDC_ROLES_CLAIM")); !v.empty()) s.roles_claim = v;
    for (const auto& pair : split(env("STYRKORT_OIDC_ROLE_MAP"), ';')) {
        auto eq = pair.find('=');
        auto name = trimmed(pair.substr(0, eq));
        if (eq == std::string::npos || name.empty()) {
            throw config_error("STYRKORT_OIDC_ROLE_MAP", {"varje post skrivs namn=roll@enhet: " + pair,
                                                          "each entry is written name=role@unit: " + pair});
        }
        for (const auto& entry : split(pair.substr(eq + 1), ',')) {
            if (!parse_role_entry(entry)) {
                throw config_error("STYRKORT_OIDC_ROLE_MAP", {"okänd roll: " + entry, "unknown role: " + entry});
            }
            s.role_map[name].push_back(entry);
        }
    }
    return s;
}

}  // namespace styrkort::auth
