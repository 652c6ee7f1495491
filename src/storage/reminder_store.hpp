#pragma once
// The stored side of reminders (docs/reporting-round.md "Påminnelser"): people's
// e-mail settings, the open periods and their rules, and the mail outbox that is also
// the log of what was sent. Runs on the caller's transaction.
//
// Exactly once across app servers: a message is planned under a dedup key (INSERT …
// ON CONFLICT DO NOTHING: planned once whoever plans it), and claimed for sending by
// an UPDATE from 'pending' to 'sending' with the claimer's name and a lease — one
// UPDATE wins on SQLite (one writer) and on PostgreSQL (the row lock; the loser's WHERE
// no longer matches). A lease that expires (its server died mid-send) makes the row
// claimable again: the one case in which a message can go out twice.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/reminders/rules.hpp"
#include "storage/sql.hpp"

namespace styrkort::storage {

using Id = std::int64_t;

struct Contact {
    Id user_id = 0;
    std::string username, display_name;
    std::string email;         // "" when none
    std::string language = "sv";
    bool reminders = true;     // false: unsubscribed (returns still come)
};

struct OpenPeriod {
    Id org = 0, id = 0;
    std::int64_t year = 0;
    std::string point, deadline;  // deadline YYYY-MM-DD
};

// A unit of a period with parts not reported, and who is to hear of it.
struct MissingUnit {
    Id unit_id = 0;
    std::string unit_name;
    std::vector<std::string> parts;  // codes, reminders::compose names them
};

struct Mail {
    Id org = 0, id = 0;
    std::string dedup_key, kind;
    std::optional<Id> rule_id, period_id, report_id, unit_id;
    Id user_id = 0;
    std::string recipient;  // "" when the person has no address
    std::string language = "sv", subject, body, link;
    std::string state = "pending";
    std::int64_t attempts = 0;
    std::string next_attempt_at, lease_owner, lease_until, message_id, result, created_at, sent_at;
};

class ReminderStore {
public:
    explicit ReminderStore(Connection& c) : c_(c) {}

    std::optional<Contact> contact(Id user);
    void set_email(Id user, const std::string& email);  // "" removes it
    void set_language(Id user, const std::string& language);
    void set_reminders(Id user, bool on);
    // The person's unsubscribe secret; `fresh` (random) becomes it on first use.
    std::string unsubscribe_token(Id user, const std::string& fresh);
    std::optional<Id> user_of_unsubscribe_token(const std::string& token);

    std::vector<OpenPeriod> open_periods_with_deadline();
    std::optional<OpenPeriod> period_for(Id org, std::int64_t year, const std::string& point);
    std::vector<reminders::Rule> rules_of(Id org, Id period);
    std::string unit_name(Id org, Id unit);
    // Users holding the reporter role on the unit itself, not disabled.
    std::vector<Id> reporters_of(Id org, Id unit);

    // Plans the message unless one with its dedup key exists (then nothing changes).
    void plan(const Mail& m);
    [[nodiscard]] bool planned(Id org, const std::string& dedup_key);
    // Claims up to `limit` messages due at `now` (or whose lease ran out) for `owner`
    // until `lease_until`; returns the ones this caller won.
    std::vector<Mail> claim(const std::string& owner, const std::string& now, const std::string& lease_until, int limit);
    void mark_sent(const Mail& m, const std::string& owner, const std::string& message_id, const std::string& result,
                   const std::string& at);
    // Another try at `next_at`, or 'failed' for good when `give_up`.
    void mark_retry(const Mail& m, const std::string& owner, const std::string& result, const std::string& next_at,
                    bool give_up);
    std::vector<Mail> of_user(Id org, Id user, std::int64_t limit);
    std::vector<Mail> all(Id org);

private:
    Connection& c_;
};

}  // namespace styrkort::storage
