#include "mail/scheduler.hpp"

#include <openssl/rand.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "mail/planner.hpp"
#include "mail/smtp.hpp"
#include "storage/tenant_scope.hpp"
#include "storage/clock.hpp"
#include "storage/reminder_store.hpp"

namespace styrkort::mail {
namespace {

std::string process_name() {
    char host[256] = {0};
    gethostname(host, sizeof host - 1);
    unsigned char b[6];
    RAND_bytes(b, sizeof b);
    std::string tag;
    for (unsigned char c : b) tag += "0123456789abcdef"[c & 15];
    return std::string(host) + "/" + std::to_string(getpid()) + "/" + tag;
}

// One log line per event as JSON; never the password, never a message body.
void log_line(const std::string& event, const storage::Mail& m, const std::string& detail) {
    std::string clean;
    for (char c : detail) clean += (c == '"' || c == '\\') ? '\'' : (c == '\n' || c == '\r') ? ' ' : c;
    std::cerr << "{\"reminder\":\"" << event << "\",\"org\":" << m.org << ",\"mail\":" << m.id << ",\"user\":" << m.user_id
              << ",\"attempt\":" << m.attempts << ",\"detail\":\"" << clean << "\"}\n"
              << std::flush;
}

}  // namespace

ReminderScheduler::ReminderScheduler(storage::Database& db, ReminderSettings settings, storage::MissingPartsSource missing)
    : db_(db), settings_(std::move(settings)), missing_(std::move(missing)), owner_(process_name()) {}

ReminderScheduler::~ReminderScheduler() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void ReminderScheduler::start() {
    thread_ = std::thread([this] {
        std::unique_lock lock(mutex_);
        while (!stop_) {
            lock.unlock();
            try {
                run_once();
            } catch (const std::exception& e) {
                // A database that is away for a moment: the next round tries again.
                std::cerr << "{\"reminder\":\"round_failed\",\"detail\":\"" << e.what() << "\"}\n" << std::flush;
            }
            lock.lock();
            wake_.wait_for(lock, std::chrono::seconds(settings_.interval_seconds), [this] { return stop_; });
        }
    });
}

RoundResult ReminderScheduler::run_once() {
    // Every organisation's periods, rules and outbox, and the accounts of the people
    // reminded (docs/scale-out.md "System scope").
    storage::SystemScope scope(storage::SystemWork::reminders);
    RoundResult r;
    r.planned = plan_due_reminders(db_, settings_, clock_now(settings_), missing_);
    auto d = deliver();
    r.sent = d.sent;
    r.retried = d.retried;
    r.failed = d.failed;
    return r;
}

RoundResult ReminderScheduler::deliver() {
    RoundResult r;
    if (!settings_.sending()) return r;
    // Leases and retries run on the real clock: they are about this process, not the round.
    auto lease = std::chrono::seconds(std::max(120, settings_.smtp.timeout_seconds * 6));
    for (;;) {
        auto claimed = db_.write([&](storage::Connection& c) {
            return storage::ReminderStore(c).claim(owner_, utc_now_iso(), utc_iso_from_now(lease), 10);
        });
        if (claimed.empty()) break;
        for (const auto& m : claimed) {
            OutgoingMail out{m.recipient, m.subject, m.body, ""};
            if (m.kind != "on_return") {
                auto at = m.body.find("/unsubscribe?token=");
                if (at != std::string::npos) {
                    auto start = m.body.rfind(' ', at) + 1;
                    auto end = m.body.find('\n', at);
                    out.unsubscribe_link = m.body.substr(start, end - start);
                }
            }
            try {
                auto sent = send_mail(settings_.smtp, out);
                db_.write([&](storage::Connection& c) {
                    storage::ReminderStore(c).mark_sent(m, owner_, sent.message_id, sent.reply, utc_now_iso());
                });
                log_line("sent", m, sent.message_id);
                ++r.sent;
            } catch (const SmtpError& e) {
                bool give_up = e.permanent() || m.attempts >= settings_.max_attempts;
                auto wait = std::chrono::seconds(
                    std::min<std::int64_t>(6 * 3600, static_cast<std::int64_t>(settings_.retry_seconds)
                                                         << std::min<std::int64_t>(20, m.attempts - 1)));
                db_.write([&](storage::Connection& c) {
                    storage::ReminderStore(c).mark_retry(m, owner_, e.what(), utc_iso_from_now(wait), give_up);
                });
                log_line(give_up ? "failed" : "retry", m, e.what());
                ++(give_up ? r.failed : r.retried);
            }
        }
    }
    return r;
}

}  // namespace styrkort::mail
