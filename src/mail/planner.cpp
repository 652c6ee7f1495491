#include "mail/planner.hpp"

#include <openssl/rand.h>

#include "domain/reminders/rules.hpp"
#include "storage/tenant_scope.hpp"
#include "storage/reminder_store.hpp"

namespace styrkort::mail {
namespace {

using storage::Id;

std::string fresh_token() {
    unsigned char b[24];
    RAND_bytes(b, sizeof b);
    static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    for (unsigned char c : b) out += t[c & 63];
    return out;
}

// Where the person reports: the follow-up reports page of the plan covering the year.
std::string report_link(storage::Connection& c, const std::string& base, Id org, Id unit, std::int64_t year,
                        const std::string& point) {
    auto plans = c.query("SELECT id FROM plan WHERE org_id = ? AND first_year <= ? AND last_year >= ? "
                         "ORDER BY CASE WHEN status = 'approved' THEN 0 ELSE 1 END, id DESC LIMIT 1",
                         {org, year, year});
    if (plans.empty()) return base + "/notifications";
    return base + "/plans/" + std::to_string(storage::as_int(plans[0][0])) + "/reports?unit=" + std::to_string(unit) +
           "&year=" + std::to_string(year) + "&point=" + point;
}

std::string period_label(const storage::OpenPeriod& p, const std::string& language) {
    return std::to_string(p.year) + " " + reminders::point_label(p.point, language);
}

// Fills recipient, language, text and state from the person's settings.
bool address(storage::ReminderStore& store, storage::Mail& m, reminders::ReminderFacts facts, const std::string& base,
             bool may_unsubscribe) {
    auto who = store.contact(m.user_id);
    if (!who) return false;
    facts.language = who->language;
    facts.person = who->display_name;
    if (may_unsubscribe) facts.unsubscribe_link = base + "/unsubscribe?token=" + store.unsubscribe_token(m.user_id, fresh_token());
    auto text = reminders::compose(m.kind, facts);
    m.language = who->language;
    m.subject = text.subject;
    m.body = text.body;
    m.link = facts.link;
    m.recipient = who->email;
    if (who->email.empty()) {
        m.state = "skipped";
        m.result = "no e-mail address";
    } else if (may_unsubscribe && !who->reminders) {
        m.state = "skipped";
        m.result = "unsubscribed";
    } else {
        m.state = "pending";
    }
    return true;
}

}  // namespace

int plan_due_reminders(storage::Database& db, const ReminderSettings& s, const std::string& now,
                       const storage::MissingPartsSource& missing) {
    auto periods = db.read([](storage::Connection& c) { return storage::ReminderStore(c).open_periods_with_deadline(); });
    int planned = 0;
    for (const auto& p : periods) {
        // Most rounds find no rule due: asked in a read, so that they take no write lock.
        auto due = db.read([&](storage::Connection& c) {
            return reminders::current_rule(storage::ReminderStore(c).rules_of(p.org, p.id), p.deadline, now);
        });
        if (!due) continue;
        planned += db.write([&](storage::Connection& c) {
            storage::ReminderStore store(c);
            auto rule = reminders::current_rule(store.rules_of(p.org, p.id), p.deadline, now);
            if (!rule) return 0;
            int n = 0;
            for (const auto& unit : missing(c, p)) {
                for (Id user : store.reporters_of(p.org, unit.unit_id)) {
                    storage::Mail m;
                    m.org = p.org;
                    m.kind = rule->kind;
                    m.dedup_key = "rule:" + std::to_string(rule->id) + ":unit:" + std::to_string(unit.unit_id) + ":user:" +
                                  std::to_string(user);
                    if (store.planned(p.org, m.dedup_key)) continue;
                    m.rule_id = rule->id;
                    m.period_id = p.id;
                    m.unit_id = unit.unit_id;
                    m.user_id = user;
                    m.created_at = now;
                    m.next_attempt_at = "";  // due at once (compared with the real time)
                    reminders::ReminderFacts facts;
                    facts.deadline = p.deadline;
                    facts.unit = unit.unit_name;
                    facts.parts = unit.parts;
                    facts.link = report_link(c, s.base_url, p.org, unit.unit_id, p.year, p.point);
                    auto who = store.contact(user);
                    facts.period = period_label(p, who ? who->language : "sv");
                    if (!address(store, m, facts, s.base_url, true)) continue;
                    store.plan(m);
                    ++n;
                }
            }
            return n;
        });
    }
    return planned;
}

void plan_return_notice(storage::Connection& c, const std::string& base_url, const storage::FollowupReport& r,
                        const std::string& now) {
    // The author's account may be administered by another organisation (or be the
    // installation's): read in the system scope, in the return's own transaction.
    storage::SystemScopeInTransaction accounts(c, storage::SystemWork::reminders);
    storage::ReminderStore store(c);
    auto period = store.period_for(r.org, r.year, r.point);
    if (!period) return;
    std::optional<reminders::Rule> on_return;
    for (const auto& rule : store.rules_of(r.org, period->id)) {
        if (rule.kind == "on_return") on_return = rule;
    }
    if (!on_return) return;
    const auto& author_name = r.submitted_by.empty() ? r.created_by : r.submitted_by;
    auto rows = c.query("SELECT id FROM app_user WHERE username = ?", {author_name});
    if (rows.empty()) return;
    storage::Mail m;
    m.org = r.org;
    m.kind = "on_return";
    m.user_id = storage::as_int(rows[0][0]);
    // One notice per return: the decision's time tells two returns of one report apart.
    m.dedup_key = "return:" + std::to_string(r.id) + ":" + r.decided_at;
    m.rule_id = on_return->id;
    m.period_id = period->id;
    m.report_id = r.id;
    m.unit_id = r.unit;
    m.created_at = now;
    m.next_attempt_at = "";
    reminders::ReminderFacts facts;
    facts.deadline = period->deadline;
    facts.unit = store.unit_name(r.org, r.unit);
    facts.comment = r.comment;
    facts.link = report_link(c, base_url, r.org, r.unit, r.year, r.point);
    auto who = store.contact(m.user_id);
    facts.period = period_label(*period, who ? who->language : "sv");
    if (!address(store, m, facts, base_url, false)) return;
    store.plan(m);
}

}  // namespace styrkort::mail
