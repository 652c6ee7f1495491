#pragma once
// The reminder scheduler every `styrkort serve` runs: every interval it plans the due
// reminders (mail/planner.hpp) and sends what is pending (claimed with a lease, so that
// several app servers on one database never send the same message), with retry and
// doubling backoff; the outbox rows are the log of what was sent.
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "mail/settings.hpp"
#include "storage/database.hpp"
#include "storage/reminder_missing.hpp"

namespace styrkort::mail {

struct RoundResult {
    int planned = 0, sent = 0, retried = 0, failed = 0;
};

class ReminderScheduler {
public:
    ReminderScheduler(storage::Database& db, ReminderSettings settings,
                      storage::MissingPartsSource missing = storage::missing_parts_source());
    ~ReminderScheduler();  // stops the thread
    ReminderScheduler(const ReminderScheduler&) = delete;
    ReminderScheduler& operator=(const ReminderScheduler&) = delete;

    void start();      // runs rounds every interval on a thread of its own
    RoundResult run_once();  // one round now, on the caller's thread
    [[nodiscard]] const std::string& owner() const { return owner_; }

private:
    RoundResult deliver();

    storage::Database& db_;
    ReminderSettings settings_;
    storage::MissingPartsSource missing_;
    std::string owner_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace styrkort::mail
