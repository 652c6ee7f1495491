#include "storage/reminder_store.hpp"


namespace styrkort::storage {
namespace {

std::string text_or_empty(const SqlValue& v) { return is_null(v) ? std::string{} : as_text(v); }
std::optional<Id> id_or_none(const SqlValue& v) { return is_null(v) ? std::nullopt : std::optional<Id>(as_int(v)); }
SqlValue optional_id(const std::optional<Id>& v) { return v ? SqlValue(*v) : SqlValue(nullptr); }
SqlValue text_or_null(const std::string& s) { return s.empty() ? SqlValue(nullptr) : SqlValue(s); }

constexpr const char* mail_columns =
    "org_id, id, dedup_key, kind, rule_id, period_id, report_id, unit_id, user_id, recipient, language, subject, body, "
    "link, state, attempts, next_attempt_at, lease_owner, lease_until, message_id, result, created_at, sent_at";

Mail mail_of(const Row& r) {
    Mail m;
    m.org = as_int(r[0]);
    m.id = as_int(r[1]);
    m.dedup_key = as_text(r[2]);
    m.kind = as_text(r[3]);
    m.rule_id = id_or_none(r[4]);
    m.period_id = id_or_none(r[5]);
    m.report_id = id_or_none(r[6]);
    m.unit_id = id_or_none(r[7]);
    m.user_id = as_int(r[8]);
    m.recipient = text_or_empty(r[9]);
    m.language = as_text(r[10]);
    m.subject = as_text(r[11]);
    m.body = as_text(r[12]);
    m.link = as_text(r[13]);
    m.state = as_text(r[14]);
    m.attempts = as_int(r[15]);
    m.next_attempt_at = as_text(r[16]);
    m.lease_owner = text_or_empty(r[17]);
    m.lease_until = text_or_empty(r[18]);
    m.message_id = text_or_empty(r[19]);
    m.result = text_or_empty(r[20]);
    m.created_at = as_text(r[21]);
    m.sent_at = text_or_empty(r[22]);
    return m;
}

}  // namespace

std::optional<Contact> ReminderStore::contact(Id user) {
    auto rows = c_.query("SELECT id, username, display_name, email, language, reminders FROM app_user WHERE id = ?", {user});
    if (rows.empty()) return std::nullopt;
    const auto& r = rows[0];
    return Contact{as_int(r[0]), as_text(r[1]), as_text(r[2]), text_or_empty(r[3]), as_text(r[4]), as_int(r[5]) != 0};
}

void ReminderStore::set_email(Id user, const std::string& email) {
    c_.execute("UPDATE app_user SET email = ? WHERE id = ?", {text_or_null(email), user});
}

void ReminderStore::set_language(Id user, const std::string& language) {
    c_.execute("UPDATE app_user SET language = ? WHERE id = ?", {language, user});
}

void ReminderStore::set_reminders(Id user, bool on) {
    c_.execute("UPDATE app_user SET reminders = ? WHERE id = ?", {std::int64_t{on ? 1 : 0}, user});
}

std::string ReminderStore::unsubscribe_token(Id user, const std::string& fresh) {
    auto rows = c_.query("SELECT unsubscribe_token FROM app_user WHERE id = ?", {user});
    if (!rows.empty() && !is_null(rows[0][0])) return as_text(rows[0][0]);
    const auto& token = fresh;
    c_.execute("UPDATE app_user SET unsubscribe_token = ? WHERE id = ?", {token, user});
    return token;
}

std::optional<Id> ReminderStore::user_of_unsubscribe_token(const std::string& token) {
    if (token.empty()) return std::nullopt;
    auto rows = c_.query("SELECT id FROM app_user WHERE unsubscribe_token = ?", {token});
    if (rows.empty()) return std::nullopt;
    return as_int(rows[0][0]);
}

std::vector<OpenPeriod> ReminderStore::open_periods_with_deadline() {
    std::vector<OpenPeriod> out;
    for (const auto& r : c_.query("SELECT org_id, id, year, point, deadline FROM reporting_period "
                                  "WHERE status = 'open' AND deadline IS NOT NULL ORDER BY org_id, id")) {
        out.push_back({as_int(r[0]), as_int(r[1]), as_int(r[2]), as_text(r[3]), as_text(r[4])});
    }
    return out;
}

std::optional<OpenPeriod> ReminderStore::period_for(Id org, std::int64_t year, const std::string& point) {
    auto rows = c_.query("SELECT org_id, id, year, point, deadline FROM reporting_period WHERE org_id = ? AND year = ? "
                         "AND point = ?",
                         {org, year, point});
    if (rows.empty()) return std::nullopt;
    const auto& r = rows[0];
    return OpenPeriod{as_int(r[0]), as_int(r[1]), as_int(r[2]), as_text(r[3]), text_or_empty(r[4])};
}

std::vector<reminders::Rule> ReminderStore::rules_of(Id org, Id period) {
    std::vector<reminders::Rule> out;
    for (const auto& r : c_.query("SELECT id, kind, days FROM reminder_rule WHERE org_id = ? AND period_id = ? ORDER BY id",
                                  {org, period})) {
        out.push_back({as_int(r[0]), as_text(r[1]), is_null(r[2]) ? 0 : as_int(r[2])});
    }
    return out;
}

std::string ReminderStore::unit_name(Id org, Id unit) {
    auto rows = c_.query("SELECT name FROM org_unit WHERE org_id = ? AND id = ?", {org, unit});
    return rows.empty() ? std::to_string(unit) : as_text(rows[0][0]);
}

std::vector<Id> ReminderStore::reporters_of(Id org, Id unit) {
    std::vector<Id> out;
    for (const auto& r : c_.query("SELECT DISTINCT g.user_id FROM role_assignment g JOIN app_user u ON u.id = g.user_id "
                                  "WHERE g.org_id = ? AND g.unit_id = ? AND g.role = 'reporter' AND u.disabled = 0 "
                                  "ORDER BY g.user_id",
                                  {org, unit})) {
        out.push_back(as_int(r[0]));
    }
    return out;
}

void ReminderStore::plan(const Mail& m) {
    c_.execute(
        "INSERT INTO reminder_mail (org_id, dedup_key, kind, rule_id, period_id, report_id, unit_id, user_id, recipient, "
        "language, subject, body, link, state, attempts, next_attempt_at, result, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?) ON CONFLICT (org_id, dedup_key) DO NOTHING",
        {m.org, m.dedup_key, m.kind, optional_id(m.rule_id), optional_id(m.period_id), optional_id(m.report_id),
         optional_id(m.unit_id), m.user_id, text_or_null(m.recipient), m.language, m.subject, m.body, m.link, m.state,
         m.next_attempt_at, text_or_null(m.result), m.created_at});
}

bool ReminderStore::planned(Id org, const std::string& dedup_key) {
    return !c_.query("SELECT 1 FROM reminder_mail WHERE org_id = ? AND dedup_key = ?", {org, dedup_key}).empty();
}

std::vector<Mail> ReminderStore::claim(const std::string& owner, const std::string& now, const std::string& lease_until,
                                       int limit) {
    std::vector<Mail> out;
    auto candidates = c_.query(
        "SELECT org_id, id FROM reminder_mail WHERE (state = 'pending' AND next_attempt_at <= ?) OR "
        "(state = 'sending' AND lease_until < ?) ORDER BY next_attempt_at, id LIMIT ?",
        {now, now, std::int64_t{limit}});
    for (const auto& cand : candidates) {
        // The WHERE repeats the condition: of two servers that both saw the row, the
        // second one's UPDATE finds it no longer pending and changes nothing.
        auto won = c_.query(std::string("UPDATE reminder_mail SET state = 'sending', lease_owner = ?, lease_until = ?, "
                                        "attempts = attempts + 1, row_version = row_version + 1 "
                                        "WHERE org_id = ? AND id = ? AND ((state = 'pending' AND next_attempt_at <= ?) OR "
                                        "(state = 'sending' AND lease_until < ?)) RETURNING ") +
                                mail_columns,
                            {owner, lease_until, cand[0], cand[1], now, now});
        if (!won.empty()) out.push_back(mail_of(won[0]));
    }
    return out;
}

void ReminderStore::mark_sent(const Mail& m, const std::string& owner, const std::string& message_id,
                              const std::string& result, const std::string& at) {
    c_.execute("UPDATE reminder_mail SET state = 'sent', message_id = ?, result = ?, sent_at = ?, lease_until = NULL, "
               "row_version = row_version + 1 WHERE org_id = ? AND id = ? AND state = 'sending' AND lease_owner = ?",
               {message_id, result, at, m.org, m.id, owner});
}

void ReminderStore::mark_retry(const Mail& m, const std::string& owner, const std::string& result,
                               const std::string& next_at, bool give_up) {
    c_.execute("UPDATE reminder_mail SET state = ?, result = ?, next_attempt_at = ?, lease_until = NULL, "
               "row_version = row_version + 1 WHERE org_id = ? AND id = ? AND state = 'sending' AND lease_owner = ?",
               {std::string(give_up ? "failed" : "pending"), result, next_at, m.org, m.id, owner});
}

std::vector<Mail> ReminderStore::of_user(Id org, Id user, std::int64_t limit) {
    std::vector<Mail> out;
    for (const auto& r : c_.query(std::string("SELECT ") + mail_columns +
                                      " FROM reminder_mail WHERE org_id = ? AND user_id = ? ORDER BY created_at DESC, id DESC "
                                      "LIMIT ?",
                                  {org, user, limit})) {
        out.push_back(mail_of(r));
    }
    return out;
}

std::vector<Mail> ReminderStore::all(Id org) {
    std::vector<Mail> out;
    for (const auto& r :
         c_.query(std::string("SELECT ") + mail_columns + " FROM reminder_mail WHERE org_id = ? ORDER BY id", {org})) {
        out.push_back(mail_of(r));
    }
    return out;
}

}  // namespace styrkort::storage
