#pragma once
// How Styrkort signs people in through an OpenID Connect provider: which provider and
// client, where the provider sends the browser back, which organisation the people
// belong to, and how their claims map to a user name, a name and roles on org units.
// Read from the environment (README: Configuration); the client secret is read from
// the environment or a file and is never printed or logged.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace styrkort::auth {

struct OidcSettings {
    std::string issuer;         // e.g. https://login.region.se/realms/styrkort (exactly as the provider names itself)
    std::string client_id;
    std::string client_secret;  // never logged
    std::string redirect_uri;   // https://styrkort.region.se/api/v1/auth/oidc/callback
    std::string post_logout_redirect_uri;  // where the provider sends the browser after signing out
    std::string organisation;   // key (or id) of the organisation the users belong to
    std::string scopes = "openid profile";
    std::string username_claim = "preferred_username";
    std::string name_claim = "name";
    // The claim listing a person's roles: entries "role" (the whole organisation) or
    // "role@unit-key" (the unit's subtree), e.g. ["planner@div-psykiatri", "reader"].
    // Unit keys may be HSA-ids when the units are keyed by them.
    std::string roles_claim = "styrkort_roles";
    // When not empty, the claim's values are names (e.g. groups) looked up here, each
    // mapped to entries as above; values not in the map give no role.
    std::map<std::string, std::vector<std::string>> role_map;

    // From STYRKORT_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET or _CLIENT_SECRET_FILE,
    // _REDIRECT_URI, _ORGANISATION, _POST_LOGOUT_REDIRECT_URI, _SCOPES, _USERNAME_CLAIM,
    // _NAME_CLAIM, _ROLES_CLAIM, _ROLE_MAP ("group=role@unit,role;other=reader").
    // nullopt when STYRKORT_OIDC_ISSUER is not set; InputError naming the variable
    // when the configuration is incomplete or wrong.
    static std::optional<OidcSettings> from_environment();
};

// "planner@div-psykiatri" -> role and unit key ("" = the whole organisation); nullopt
// when the role is unknown.
struct MappedRole {
    std::string role;
    std::string unit_key;
};
std::optional<MappedRole> parse_role_entry(const std::string& entry);

// The roles a person's claims give under the settings (unknown roles left out).
std::vector<MappedRole> roles_from_claims(const OidcSettings& s, const std::vector<std::string>& claim_values);

}  // namespace styrkort::auth
