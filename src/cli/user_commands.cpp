// styrkort user add | list | role | reset-password | token | disable | enable, and public-read: account
// administration by the local operator (who holds the database, so needs no sign-in).
// Secrets (generated passwords, API tokens) are printed once and never stored.
#include <iostream>

#include "storage/clock.hpp"
#include "auth/crypto.hpp"
#include "auth/identity_store.hpp"
#include "auth/mfa_store.hpp"
#include "auth/service.hpp"
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "domain/auth/password_policy.hpp"
#include "domain/errors.hpp"
#include "domain/reminders/rules.hpp"
#include "storage/record_store.hpp"
#include "storage/reminder_store.hpp"

namespace styrkort::cli {
namespace {

using auth::Id;
namespace json = boost::json;

// A message for the operator, in the user's language.
std::string say(const Text& text) { return text.in(user_language()); }

std::string one_time_password(const std::string& password) {
    return say({"engångslösenord (visas bara nu): ", "one-time password (shown only now): "}) + password;
}

Text usage() {
    return {"använd: styrkort user add NAMN [--name VISNINGSNAMN] [--org ORG] [--password-stdin] | user list | "
            "user role NAMN grant|revoke ROLL [--org ORG] [--unit ENHET] | user reset-password NAMN [--password-stdin] | "
            "user token NAMN [--scope read|write] [--days N] [--label TEXT] [--list] [--revoke ID] | "
            "user email NAMN ADRESS|--clear | user language NAMN sv|en | user reminders NAMN on|off | "
            "user disable|enable NAMN | user mfa-reset NAMN | public-read ORG on|off | mfa-required ORG|installation on|off",
            "usage: styrkort user add NAME [--name DISPLAY] [--org ORG] [--password-stdin] | user list | "
            "user role NAME grant|revoke ROLE [--org ORG] [--unit UNIT] | user reset-password NAME [--password-stdin] | "
            "user token NAME [--scope read|write] [--days N] [--label TEXT] [--list] [--revoke ID] | "
            "user email NAME ADDRESS|--clear | user language NAME sv|en | user reminders NAME on|off | "
            "user disable|enable NAME | user mfa-reset NAME | public-read ORG on|off | mfa-required ORG|installation on|off"};
}

Id organisation_id(storage::Database& db, const std::string& text) {
    auto id = db.read([&](storage::Connection& c) -> std::optional<Id> {
        auto rows = c.query("SELECT id FROM organisation WHERE key = ? OR CAST(id AS TEXT) = ?", {text, text});
        if (rows.empty()) return std::nullopt;
        return storage::as_int(rows[0][0]);
    });
    if (!id) throw NotFound({"organisationen '" + text + "' finns inte", "the organisation '" + text + "' does not exist"});
    return *id;
}

Id unit_id(storage::Database& db, Id org, const std::string& text) {
    auto id = db.read([&](storage::Connection& c) -> std::optional<Id> {
        auto rows = c.query("SELECT id FROM org_unit WHERE org_id = ? AND (key = ? OR CAST(id AS TEXT) = ?)",
                            {org, text, text});
        if (rows.empty()) return std::nullopt;
        return storage::as_int(rows[0][0]);
    });
    if (!id) throw NotFound({"enheten '" + text + "' finns inte", "the unit '" + text + "' does not exist"});
    return *id;
}

auth::User existing_user(storage::Database& db, const std::string& name) {
    auto u = db.read([&](storage::Connection& c) { return auth::IdentityStore(c).user_by_name(name); });
    if (!u) throw NotFound({"användaren " + name + " finns inte", "the user " + name + " does not exist"});
    return *u;
}

// From stdin (--password-stdin), or generated and printed once.
std::string new_password(const Args& args, const std::string& username, bool& generated) {
    generated = !args.flag("password-stdin");
    if (!generated) {
        std::string line;
        std::getline(std::cin, line);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return line;
    }
    for (;;) {
        auto candidate = auth::random_secret(18);
        try {
            auth::check_password(candidate, username, {"styrkort"});
            return candidate;
        } catch (const InputError&) {
            // A random 24-character secret almost never trips the policy; draw again.
        }
    }
}

int add(const Args& args, storage::Database& db) {
    const auto& pos = args.positional();
    if (pos.size() != 2) throw InputError("", usage(), "usage");
    Id org = args.option("org") ? organisation_id(db, *args.option("org")) : auth::installation;
    bool generated = false;
    auto password = new_password(args, pos[1], generated);
    auto id = auth::add_user(db, org, pos[1], args.option("name").value_or(pos[1]), password, cli_actor());
    std::cout << say({"användare ", "user "}) << pos[1] << " (id " << id << ")\n";
    if (generated) std::cerr << one_time_password(password) << '\n';
    return 0;
}

int list(storage::Database& db) {
    db.read([&](storage::Connection& c) {
        auth::IdentityStore store(c);
        for (const auto& u : store.users()) {
            auto mail = storage::ReminderStore(c).contact(u.id);
            std::cout << u.username << "\t" << u.display_name << "\t" << (mail && !mail->email.empty() ? mail->email : "-") << "\torg " << u.org_id << (u.disabled ? "\tdisabled" : "")
                      << (u.locked_until.empty() ? "" : "\tlocked until " + u.locked_until);
            for (const auto& g : store.grants_of(u.id)) {
                std::cout << "\t" << auth::role_name(g.role) << "@" << g.org_id
                          << (g.unit_id ? "/" + std::to_string(*g.unit_id) : std::string("/*"));
            }
            std::cout << '\n';
        }
    });
    return 0;
}

int role(const Args& args, storage::Database& db) {
    const auto& pos = args.positional();
    if (pos.size() != 4 || (pos[2] != "grant" && pos[2] != "revoke")) throw InputError("", usage(), "usage");
    auto user = existing_user(db, pos[1]);
    auto r = auth::parse_role(pos[3]);
    if (!r) {
        throw InputError(pos[3], {"är ingen roll (reader, reporter, planner, controller, board_planner, directors_staff, administrator)",
                                  "is not a role (reader, reporter, planner, controller, board_planner, directors_staff, administrator)"},
                         "usage");
    }
    auto org_text = args.option("org");
    if (!org_text && *r != auth::Role::administrator) {
        throw InputError("--org", {"saknas: roller gäller i en organisation", "is required: roles apply in an organisation"}, "usage");
    }
    Id org = org_text ? organisation_id(db, *org_text) : auth::installation;
    std::optional<Id> unit;
    if (auto u = args.option("unit")) unit = unit_id(db, org, *u);
    db.write([&](storage::Connection& c) {
        auth::IdentityStore store(c);
        json::object detail{{"role", auth::role_name(*r)}, {"unit_id", unit ? json::value(*unit) : json::value(nullptr)}};
        if (pos[2] == "grant") {
            store.grant(org, user.id, *r, unit);
        } else if (!store.revoke_grant(org, user.id, *r, unit)) {
            throw NotFound({"användaren har inte den rollen där", "the user does not hold that role there"});
        }
        storage::append_audit(c, org, cli_actor(), pos[2] == "grant" ? "grant_role" : "revoke_role", "user", user.id,
                              nullptr, detail);
    });
    std::cout << (pos[2] == "grant" ? say({"gav rollen ", "granted the role "}) : say({"tog bort rollen ", "revoked the role "}))
              << auth::role_name(*r) << say({" för ", " for "}) << user.username << '\n';
    return 0;
}

int reset_password(const Args& args, storage::Database& db) {
    const auto& pos = args.positional();
    if (pos.size() != 2) throw InputError("", usage(), "usage");
    auto user = existing_user(db, pos[1]);
    bool generated = false;
    auto password = new_password(args, user.username, generated);
    auth::check_password(password, user.username, {"styrkort"});
    auto hash = auth::hash_password(password);
    db.write([&](storage::Connection& c) {
        auth::IdentityStore(c).set_password(user.id, hash);  // signs the user out everywhere
        storage::append_audit(c, user.org_id, cli_actor(), "reset_password", "user", user.id, nullptr, nullptr);
    });
    if (generated) std::cerr << one_time_password(password) << '\n';
    return 0;
}

int token(const Args& args, storage::Database& db) {
    const auto& pos = args.positional();
    if (pos.size() != 2) throw InputError("", usage(), "usage");
    auto user = existing_user(db, pos[1]);
    if (args.flag("list")) {
        db.read([&](storage::Connection& c) {
            for (const auto& t : auth::IdentityStore(c).tokens_of(user.id)) {
                std::cout << t.id << "\t" << t.name << "\t" << t.scope << "\texpires " << t.expires_at
                          << (t.revoked_at.empty() ? "" : "\trevoked " + t.revoked_at) << '\n';
            }
        });
        return 0;
    }
    if (auto revoke = args.option("revoke")) {
        Id id = 0;
        try {
            id = std::stoll(*revoke);
        } catch (const std::exception&) {
            throw InputError("--revoke", {"måste vara nyckelns id", "must be the token's id"}, "usage");
        }
        bool done = db.write([&](storage::Connection& c) {
            bool ok = auth::IdentityStore(c).revoke_token(user.id, id);
            if (ok) storage::append_audit(c, user.org_id, cli_actor(), "revoke_token", "user", user.id, nullptr, json::object{{"token_id", id}});
            return ok;
        });
        if (!done) throw NotFound({"ingen giltig nyckel med det id:t", "no valid token with that id"});
        std::cout << say({"återkallade nyckel ", "revoked token "}) << id << '\n';
        return 0;
    }
    auto scope = args.option("scope").value_or("read");
    if (scope != "read" && scope != "write") throw InputError("--scope", {"måste vara read eller write", "must be read or write"}, "usage");
    long days = 90;
    if (auto d = args.option("days")) {
        try {
            days = std::stol(*d);
        } catch (const std::exception&) {
            days = 0;
        }
        if (days < 1 || days > 3650) throw InputError("--days", {"måste vara 1–3650", "must be 1–3650"}, "usage");
    }
    auto expires = utc_iso_from_now(std::chrono::hours(24 * days));
    auto secret = db.write([&](storage::Connection& c) {
        auto t = auth::IdentityStore(c).create_token(user, args.option("label").value_or("cli"), scope, expires);
        storage::append_audit(c, user.org_id, cli_actor(), "create_token", "user", user.id, nullptr,
                              json::object{{"token_id", t.id}, {"scope", scope}, {"expires_at", expires}});
        return t.secret;
    });
    std::cerr << say({"API-nyckel (visas bara nu; skicka som Authorization: Bearer …), gäller till ",
                      "API token (shown only now; send as Authorization: Bearer …), expires "})
              << expires << ":\n";
    std::cout << secret << '\n';
    return 0;
}

json::object settings_json(const storage::Contact& c) {
    return {{"email", c.email.empty() ? json::value(nullptr) : json::value(c.email)},
            {"language", c.language},
            {"reminders", c.reminders}};
}

// user email | language | reminders: the person's mail settings (docs/reporting-round.md).
// The value is checked before the database is touched; a bad one changes nothing.
int contact(const Args& args, storage::Database& db) {
    const auto& pos = args.positional();
    bool clear = pos[0] == "email" && args.flag("clear");
    if (pos.size() != (clear ? 2u : 3u)) throw InputError("", usage(), "usage");
    std::string value = clear ? "" : pos[2];
    if (pos[0] == "email" && !clear) reminders::check_email("email", value);
    if (pos[0] == "language" && value != "sv" && value != "en") {
        throw InputError("language", {"måste vara sv eller en", "must be sv or en"}, "choice");
    }
    if (pos[0] == "reminders" && value != "on" && value != "off") {
        throw InputError("reminders", {"måste vara on eller off", "must be on or off"}, "choice");
    }
    auto user = existing_user(db, pos[1]);
    auto after = db.write([&](storage::Connection& c) {
        storage::ReminderStore store(c);
        auto before = store.contact(user.id);
        if (pos[0] == "email") store.set_email(user.id, value);
        if (pos[0] == "language") store.set_language(user.id, value);
        if (pos[0] == "reminders") store.set_reminders(user.id, value == "on");
        auto now = store.contact(user.id);
        storage::append_audit(c, user.org_id, cli_actor(), "update_settings", "user", user.id, settings_json(*before),
                              settings_json(*now));
        return *now;
    });
    std::cout << user.username << "\t" << (after.email.empty() ? "-" : after.email) << "\t" << after.language << "\t"
              << say({"påminnelser ", "reminders "}) << (after.reminders ? say({"på", "on"}) : say({"av", "off"})) << '\n';
    return 0;
}

// Disabling ends every session and API token of the user in the same transaction as
// the change and its audit entry; the user cannot sign in again until enabled (and then
// signs in anew: sessions and tokens do not come back).
int set_disabled(const Args& args, storage::Database& db, bool disabled) {
    const auto& pos = args.positional();
    if (pos.size() != 2) throw InputError("", usage(), "usage");
    auto user = existing_user(db, pos[1]);
    db.write([&](storage::Connection& c) {
        auth::IdentityStore(c).set_disabled(user.id, disabled);
        storage::append_audit(c, user.org_id, cli_actor(), disabled ? "disable_user" : "enable_user", "user", user.id,
                              json::object{{"disabled", user.disabled}}, json::object{{"disabled", disabled}});
    });
    std::cout << (disabled ? say({"avstängd: ", "disabled: "}) : say({"aktiverad: ", "enabled: "})) << user.username
              << (disabled ? say({" (alla sessioner och API-nycklar återkallade)", " (every session and API token revoked)"})
                           : std::string{})
              << '\n';
    return 0;
}

// A lost phone: the user's TOTP and recovery codes are removed (audited in the user's
// organisation); they sign in with the password alone until they enrol again.
int mfa_reset(const Args& args, storage::Database& db) {
    const auto& pos = args.positional();
    if (pos.size() != 2) throw InputError("", usage(), "usage");
    auto user = existing_user(db, pos[1]);
    bool had = db.write([&](storage::Connection& c) {
        bool removed = auth::MfaStore(c).remove_totp(user.id);
        storage::append_audit(c, user.org_id, cli_actor(), "totp_reset", "user", user.id, json::object{{"totp", removed}},
                              json::object{{"totp", false}});
        return removed;
    });
    std::cout << (had ? say({"tvåstegsverifieringen är borttagen för ", "two-step verification removed for "})
                      : say({"ingen tvåstegsverifiering fanns för ", "there was no two-step verification for "}))
              << user.username << '\n';
    return 0;
}

}  // namespace

int user(const std::vector<std::string>& argv) {
    Args args(argv, {"password-stdin", "list", "clear"});
    auto known = database_options;
    known.insert({"name", "org", "unit", "password-stdin", "scope", "days", "label", "list", "revoke", "clear"});
    args.allow_only(known);
    const auto& pos = args.positional();
    if (pos.empty()) throw InputError("", usage(), "usage");
    auto db = open_database(args);
    if (pos[0] == "add") return add(args, *db);
    if (pos[0] == "list") return list(*db);
    if (pos[0] == "role") return role(args, *db);
    if (pos[0] == "reset-password") return reset_password(args, *db);
    if (pos[0] == "token") return token(args, *db);
    if (pos[0] == "email" || pos[0] == "language" || pos[0] == "reminders") return contact(args, *db);
    if (pos[0] == "disable") return set_disabled(args, *db, true);
    if (pos[0] == "enable") return set_disabled(args, *db, false);
    if (pos[0] == "mfa-reset") return mfa_reset(args, *db);
    throw InputError(pos[0], usage(), "usage");
}

int public_read(const std::vector<std::string>& argv) {
    Args args(argv, {});
    args.allow_only(database_options);
    const auto& pos = args.positional();
    if (pos.size() != 2 || (pos[1] != "on" && pos[1] != "off")) throw InputError("", usage(), "usage");
    auto db = open_database(args);
    Id org = organisation_id(*db, pos[0]);
    db->write([&](storage::Connection& c) {
        auth::IdentityStore(c).set_public_read(org, pos[1] == "on");
        storage::append_audit(c, org, cli_actor(), "update", "organisation_setting", org, nullptr,
                              json::object{{"public_read", pos[1] == "on"}});
    });
    std::cout << say({"allmän läsning ", "public read "}) << (pos[1] == "on" ? say({"på", "on"}) : say({"av", "off"})) << '\n';
    return 0;
}

}  // namespace styrkort::cli

namespace styrkort::cli {

int mfa_required(const std::vector<std::string>& argv) {
    Args args(argv, {});
    args.allow_only(database_options);
    const auto& pos = args.positional();
    if (pos.size() != 2 || (pos[1] != "on" && pos[1] != "off")) throw InputError("", usage(), "usage");
    auto db = open_database(args);
    Id org = pos[0] == "installation" ? auth::installation : organisation_id(*db, pos[0]);
    bool on = pos[1] == "on";
    db->write([&](storage::Connection& c) {
        auth::MfaStore store(c);
        bool before = store.admin_mfa_required(org);
        store.set_admin_mfa_required(org, on);
        storage::append_audit(c, org, cli_actor(), "update", "organisation_setting", org,
                              json::object{{"require_admin_mfa", before}}, json::object{{"require_admin_mfa", on}});
    });
    std::cout << say({"tvåstegsverifiering krävs av administratörer: ", "two-step verification required of administrators: "})
              << (on ? say({"ja", "yes"}) : say({"nej", "no"})) << '\n';
    if (on) {
        std::cout << say({"administratörer utan koden kan bara aktivera tvåstegsverifiering tills de loggar in med den, "
                          "även i sessioner som redan är öppna\n",
                          "administrators without the code may only enrol until they sign in with it, in sessions "
                          "already open too\n"});
    }
    return 0;
}

}  // namespace styrkort::cli
