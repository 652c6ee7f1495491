// Reminders (docs/reporting-round.md "Påminnelser"): a person's e-mail settings (their
// own, and an administrator's for the users of the organisation), unsubscribing by the
// link in a reminder, the in-app notifications (what reminders said or would have said
// to the caller) and the organisation's mail log. The rules themselves are records of
// the catalogue (reminder-rules); planning and sending is mail/.
#include <openssl/rand.h>

#include "api/api.hpp"
#include "api/responses.hpp"
#include "api/workflow_support.hpp"
#include "auth/errors.hpp"
#include "domain/errors.hpp"
#include "domain/reminders/rules.hpp"
#include "storage/tenant_scope.hpp"
#include "storage/audit.hpp"
#include "storage/reminder_store.hpp"

namespace styrkort::api {
namespace {

namespace json = boost::json;
using namespace workflow_support;

constexpr const char* prefix = "/api/v1";

const auth::Principal& signed_in() {
    const auto* p = current_principal();
    if (p == nullptr) throw auth::Unauthenticated();
    return *p;
}

json::object settings_json(const storage::Contact& c) {
    return {{"user_id", c.user_id},
            {"username", c.username},
            {"email", c.email.empty() ? json::value(nullptr) : json::value(c.email)},
            {"language", c.language},
            {"reminders", c.reminders}};
}

// "email": an address, or null / "" to remove it. Checked before anything is stored.
std::optional<std::string> email_of(const json::object& body) {
    const auto* v = body.if_contains("email");
    if (v == nullptr) return std::nullopt;
    if (v->is_null()) return std::string{};
    if (!v->is_string()) {
        throw InputError("email", {"måste vara text (en e-postadress) eller null", "must be text (an e-mail address) or null"}, "type");
    }
    std::string email(v->as_string());
    if (!email.empty()) reminders::check_email("email", email);
    return email;
}

json::object mail_json(const storage::Mail& m, bool with_recipient) {
    auto opt = [](const std::optional<Id>& v) { return v ? json::value(*v) : json::value(nullptr); };
    auto text = [](const std::string& s) { return s.empty() ? json::value(nullptr) : json::value(s); };
    json::object o{{"id", m.id},
                   {"kind", m.kind},
                   {"rule_id", opt(m.rule_id)},
                   {"period_id", opt(m.period_id)},
                   {"report_id", opt(m.report_id)},
                   {"unit_id", opt(m.unit_id)},
                   {"subject", m.subject},
                   {"body", m.body},
                   {"link", m.link},
                   {"language", m.language},
                   {"state", m.state},
                   {"created_at", m.created_at},
                   {"sent_at", text(m.sent_at)}};
    if (with_recipient) {
        o["user_id"] = m.user_id;
        o["recipient"] = text(m.recipient);
        o["attempts"] = m.attempts;
        o["message_id"] = text(m.message_id);
        o["result"] = text(m.result);
    }
    return o;
}

}  // namespace

void Api::add_reminder_routes() {
    router_.add({"GET", std::string(prefix) + "/auth/me/settings", "getMySettings",
                 "The signed-in user's e-mail address, language and whether they get reminders", "Reminders", "",
                 "my_settings_get",
                 [this](const http::Request&, const Params&) {
                     const auto& p = signed_in();
                     storage::SystemScope scope(storage::SystemWork::identity);  // one's own account
                     auto c = db_.read([&](storage::Connection& c) { return storage::ReminderStore(c).contact(p.user_id); });
                     if (!c) throw NotFound({"användaren finns inte", "the user does not exist"});
                     return json_response(200, settings_json(*c));
                 },
                 Access::signed_in});
    router_.add({"POST", std::string(prefix) + "/auth/me/settings", "setMySettings",
                 "Change one's own e-mail address, language of mail, and reminders on or off (returns always come)",
                 "Reminders", "", "my_settings",
                 [this](const http::Request& r, const Params&) {
                     const auto& p = writer();
                     auto body = body_object(r);
                     for (const auto& [k, v] : body) {
                         if (k != "email" && k != "language" && k != "reminders") {
                             throw InputError(std::string(k), {"är inget fält här", "is not a field here"}, "unknown_field");
                         }
                     }
                     auto email = email_of(body);
                     std::optional<std::string> language;
                     if (const auto* l = body.if_contains("language")) {
                         if (!l->is_string() || (l->as_string() != "sv" && l->as_string() != "en")) {
                             throw InputError("language", {"måste vara sv eller en", "must be sv or en"}, "choice");
                         }
                         language = std::string(l->as_string());
                     }
                     std::optional<bool> reminders;
                     if (const auto* on = body.if_contains("reminders")) {
                         if (!on->is_bool()) throw InputError("reminders", {"måste vara true eller false", "must be true or false"}, "type");
                         reminders = on->as_bool();
                     }
                     storage::SystemScope scope(storage::SystemWork::identity);  // one's own account
                     auto after = db_.write([&](storage::Connection& c) {
                         storage::ReminderStore store(c);
                         auto before = store.contact(p.user_id);
                         if (!before) throw NotFound({"användaren finns inte", "the user does not exist"});
                         if (email) store.set_email(p.user_id, *email);
                         if (language) store.set_language(p.user_id, *language);
                         if (reminders) store.set_reminders(p.user_id, *reminders);
                         auto now = store.contact(p.user_id);
                         auto org = c.query("SELECT org_id FROM app_user WHERE id = ?", {p.user_id});
                         storage::append_audit(c, storage::as_int(org[0][0]), actor_of(r, p), "update_settings", "user",
                                               p.user_id, settings_json(*before), settings_json(*now));
                         return *now;
                     });
                     return json_response(200, settings_json(after));
                 },
                 Access::signed_in});
    router_.add({"POST", std::string(prefix) + "/organisations/{org}/users/{id}/email", "setUserEmail",
                 "An administrator sets (or with null removes) the e-mail address of a user of the organisation",
                 "Reminders", "", "user_email",
                 [this](const http::Request& r, const Params& params) {
                     Id org = organisation_of(params.at("org"));
                     const auto& p = writer();
                     Id user = path_id(params);
                     auto body = body_object(r);
                     for (const auto& [k, v] : body) {
                         if (k != "email") throw InputError(std::string(k), {"är inget fält här", "is not a field here"}, "unknown_field");
                     }
                     auto email = email_of(body);
                     if (!email) throw InputError("email", {"saknas (null tar bort adressen)", "is missing (null removes the address)"}, "required");
                     // Accounts are the installation's (a user may hold roles in several
                     // organisations): the server's check below decides which one is ours.
                     storage::SystemScope scope(storage::SystemWork::identity);
                     auto after = db_.write([&](storage::Connection& c) {
                         // A user of this organisation: administered by it, or holding a role in it.
                         bool ours = !c.query("SELECT 1 FROM app_user u WHERE u.id = ? AND (u.org_id = ? OR EXISTS (SELECT 1 FROM "
                                              "role_assignment g WHERE g.user_id = u.id AND g.org_id = ?))",
                                              {user, org, org})
                                          .empty();
                         if (!ours) {
                             throw NotFound({"användaren " + std::to_string(user) + " finns inte i organisationen",
                                             "the user " + std::to_string(user) + " is not in the organisation"});
                         }
                         storage::ReminderStore store(c);
                         auto before = store.contact(user);
                         store.set_email(user, *email);
                         auto now = store.contact(user);
                         storage::append_audit(c, org, actor_of(r, p), "update_email", "user", user, settings_json(*before),
                                               settings_json(*now));
                         return *now;
                     });
                     return json_response(200, settings_json(after));
                 },
                 Access::org_admin});
    router_.add({"POST", std::string(prefix) + "/reminders/unsubscribe", "unsubscribeReminders",
                 "Stop reminders by the secret in a reminder's link (returns of one's reports still come)", "Reminders",
                 "", "unsubscribe",
                 [this](const http::Request& r, const Params&) {
                     auto body = body_object(r);
                     auto token = string_field(body, "token");
                     if (token.empty()) {
                         throw InputError("token", {"saknas: nyckeln i påminnelsens länk", "is missing: the token of the reminder's link"},
                                          "required");
                     }
                     storage::SystemScope scope(storage::SystemWork::authentication);  // the user by the link's secret
                     auto done = db_.write([&](storage::Connection& c) -> std::optional<storage::Contact> {
                         storage::ReminderStore store(c);
                         auto user = store.user_of_unsubscribe_token(token);
                         if (!user) return std::nullopt;
                         auto before = store.contact(*user);
                         store.set_reminders(*user, false);
                         auto now = store.contact(*user);
                         auto org = c.query("SELECT org_id FROM app_user WHERE id = ?", {*user});
                         storage::Actor actor;
                         actor.name = "unsubscribe-link:" + now->username;
                         actor.remote = r.remote_address;
                         storage::append_audit(c, storage::as_int(org[0][0]), actor, "unsubscribe", "user", *user,
                                               settings_json(*before), settings_json(*now));
                         return now;
                     });
                     if (!done) {
                         throw NotFound({"länken gäller inte (fel eller gammal nyckel)", "the link is not valid (a wrong or old token)"});
                     }
                     return json_response(200, json::object{{"reminders", false}, {"username", done->username}});
                 },
                 Access::open});
    router_.add({"GET", std::string(prefix) + "/organisations/{org}/me/notifications", "listMyNotifications",
                 "What reminders said (or, without an address or unsubscribed, would have said) to the signed-in user",
                 "Reminders", "", "notifications",
                 [this](const http::Request& r, const Params& params) {
                     Id org = organisation_of(params.at("org"));
                     const auto& p = signed_in();
                     if (!p.member_of(org)) {
                         throw auth::Forbidden({"du har ingen roll i organisationen", "you hold no role in the organisation"});
                     }
                     auto limit = query_integer(r, "limit", 1, 1000, 100);
                     auto mails = db_.read([&](storage::Connection& c) { return storage::ReminderStore(c).of_user(org, p.user_id, limit); });
                     json::array items;
                     for (const auto& m : mails) items.push_back(mail_json(m, false));
                     return json_response(200, json::object{{"items", std::move(items)}});
                 },
                 Access::signed_in});
    router_.add({"GET", std::string(prefix) + "/organisations/{org}/reminders/log", "listReminderLog",
                 "The organisation's reminder mail: who, when, which rule, message id, result", "Reminders", "",
                 "reminder_log",
                 [this](const http::Request&, const Params& params) {
                     Id org = organisation_of(params.at("org"));
                     auto mails = db_.read([&](storage::Connection& c) { return storage::ReminderStore(c).all(org); });
                     json::array items;
                     for (const auto& m : mails) items.push_back(mail_json(m, true));
                     return json_response(200, json::object{{"items", std::move(items)}});
                 },
                 Access::org_admin});
}

}  // namespace styrkort::api
