#pragma once
// Plans reminder messages into the outbox (storage/reminder_store.hpp): the deadline
// rules of every open period at a given time, and the notice to a report's author when
// the report is returned. Each message is planned once (dedup key); people without an
// address, or who unsubscribed from reminders, get theirs as 'skipped': not mailed, but
// listed in the app's notifications.
#include <string>

#include "mail/settings.hpp"
#include "storage/database.hpp"
#include "storage/reminder_missing.hpp"
#include "storage/workflow_store.hpp"

namespace styrkort::mail {

// Returns how many messages were newly planned. `now` is the scheduler's clock.
int plan_due_reminders(storage::Database& db, const ReminderSettings& s, const std::string& now,
                       const storage::MissingPartsSource& missing);

// In the return's own transaction: the notice to the report's author (who submitted
// it, else who made it), when the period has an on_return rule. Returns cannot be
// unsubscribed from.
void plan_return_notice(storage::Connection& c, const std::string& base_url, const storage::FollowupReport& returned,
                        const std::string& now);

}  // namespace styrkort::mail
