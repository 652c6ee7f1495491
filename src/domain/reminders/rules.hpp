#pragma once
// Reminders of the reporting round (docs/reporting-round.md "Påminnelser"), the pure
// part: which rule of a period is due on a day, whether an e-mail address is one, and
// what a reminder says. No I/O: storage/reminder_store and mail/ do the rest.
#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/schema.hpp"

namespace styrkort::reminders {

// An e-mail address as a person types it: local@domain.tld, no spaces or angle
// brackets, at most 254 characters. Throws InputError naming `field` otherwise.
void check_email(const std::string& field, const std::string& address);

// The reminder_rule record's cross-field rule: days before or after the deadline need
// the number of days (0 or more; the field itself refuses a negative number).
void check_rule_record(const Entity& e, const boost::json::object& r);

// Days since 1970-01-01 of a date "YYYY-MM-DD"; nullopt when it is not one.
std::optional<std::int64_t> day_number(const std::string& date);
std::string date_of_day(std::int64_t day);

struct Rule {
    std::int64_t id = 0;
    std::string kind;  // before_deadline, after_deadline, on_return
    std::int64_t days = 0;
};

// The day a deadline rule falls on, or nullopt (on_return, or a deadline that is no date).
std::optional<std::int64_t> rule_day(const Rule& r, const std::string& deadline);

// The deadline rule whose day has come on `today` and has not yet been overtaken by a
// later rule: a reporter gets the 14-day reminder from day 14 on, and from day 3 on the
// 3-day one instead, never both on one day (a server that was down on day 14 and starts
// on day 2 sends only the 3-day one). The last rule stays current for `grace_days`.
std::optional<Rule> current_rule(const std::vector<Rule>& rules, const std::string& deadline, const std::string& today,
                                 std::int64_t grace_days = 7);

struct Message {
    std::string subject;
    std::string body;  // plain text, UTF-8, lines separated by \n
};

struct ReminderFacts {
    std::string language;  // "sv" (default) or "en"
    std::string person;    // display name
    std::string period;    // e.g. "2026 DÅ 04" / "2026 interim report April"
    std::string deadline;  // YYYY-MM-DD
    std::string unit;      // the unit's name
    std::vector<std::string> parts;  // what is missing (codes: followup_report, activity_reports, …)
    std::string link;                // where to report
    std::string unsubscribe_link;    // "" for returns: they cannot be unsubscribed from
    std::string comment;             // returns: the approver's comment
};

// The text of a reminder of `kind` in the person's language (Swedish unless "en").
Message compose(const std::string& kind, const ReminderFacts& f);

// A reporting point as people say it: da04 -> "DÅ 04" / "interim report April".
std::string point_label(const std::string& point, const std::string& language);

}  // namespace styrkort::reminders
