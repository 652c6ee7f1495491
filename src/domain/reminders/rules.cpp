#include "domain/reminders/rules.hpp"

#include <algorithm>
#include <cstdio>

#include "domain/errors.hpp"

namespace styrkort::reminders {
namespace {

bool present(const boost::json::object& r, const char* name) {
    const auto* v = r.if_contains(name);
    return v != nullptr && !v->is_null();
}

bool is_label_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

bool en(const std::string& language) { return language == "en"; }

std::string part_label(const std::string& part, bool english) {
    struct Label {
        const char* code;
        const char* sv;
        const char* en;
    };
    static const Label labels[] = {
        {"followup_report", "uppföljningsrapporten (inte inlämnad)", "the follow-up report (not submitted)"},
        {"activity_reports", "status för aktiviteter", "the status of activities"},
        {"outcomes", "utfall för mått (för kvinnor och män där måttet kräver det)", "outcomes of measures (for women and men where the measure asks for it)"},
        {"goal_assessments", "bedömning av måluppfyllelse", "goal assessments"},
    };
    for (const auto& l : labels) {
        if (part == l.code) return english ? l.en : l.sv;
    }
    return part;
}

}  // namespace

void check_email(const std::string& field, const std::string& address) {
    Text why{"är ingen giltig e-postadress (som namn@exempel.se)", "is not a valid e-mail address (like name@example.com)"};
    if (address.empty() || address.size() > 254) throw InputError(field, why, "email");
    auto at = address.find('@');
    if (at == std::string::npos || at == 0 || at != address.rfind('@') || at > 64) throw InputError(field, why, "email");
    std::string local = address.substr(0, at), domain = address.substr(at + 1);
    // The local part: printable ASCII without what would break a mail header or the
    // SMTP envelope (space, quotes, brackets, commas, control characters).
    for (char c : local) {
        auto u = static_cast<unsigned char>(c);
        if (u <= 32 || u >= 127 || std::string_view("\"(),:;<>[\\]@").find(c) != std::string_view::npos) {
            throw InputError(field, why, "email");
        }
    }
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string::npos) {
        throw InputError(field, why, "email");
    }
    // The domain: at least two labels of letters, digits and hyphens.
    if (domain.empty() || domain.find('.') == std::string::npos) throw InputError(field, why, "email");
    std::size_t start = 0;
    while (start <= domain.size()) {
        auto end = domain.find('.', start);
        if (end == std::string::npos) end = domain.size();
        auto label = domain.substr(start, end - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-' ||
            !std::all_of(label.begin(), label.end(), is_label_char)) {
            throw InputError(field, why, "email");
        }
        start = end + 1;
    }
}

void check_rule_record(const Entity& e, const boost::json::object& r) {
    if (e.name != "reminder_rule") return;
    const auto* kind = r.if_contains("kind");
    if (kind == nullptr || !kind->is_string()) return;
    if (kind->as_string() != "on_return" && !present(r, "days")) {
        throw InputError("days",
                         {"krävs: antal dagar före eller efter sista dag (0 eller fler)",
                          "is required: the number of days before or after the deadline (0 or more)"},
                         "required");
    }
}

// Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar.
std::optional<std::int64_t> day_number(const std::string& date) {
    if (!is_valid_date(date)) return std::nullopt;
    int y = std::stoi(date.substr(0, 4)), m = std::stoi(date.substr(5, 2)), d = std::stoi(date.substr(8, 2));
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * static_cast<unsigned>(m + (m > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(d) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::string date_of_day(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
    return buf;
}

std::optional<std::int64_t> rule_day(const Rule& r, const std::string& deadline) {
    auto d = day_number(deadline.substr(0, std::min<std::size_t>(10, deadline.size())));
    if (!d) return std::nullopt;
    if (r.kind == "before_deadline") return *d - r.days;
    if (r.kind == "after_deadline") return *d + r.days;
    return std::nullopt;
}

std::optional<Rule> current_rule(const std::vector<Rule>& rules, const std::string& deadline, const std::string& today,
                                 std::int64_t grace_days) {
    auto now = day_number(today.substr(0, std::min<std::size_t>(10, today.size())));
    if (!now) return std::nullopt;
    std::optional<Rule> best;
    std::int64_t best_day = 0;
    std::optional<std::int64_t> next_day;  // the first rule day after today
    for (const auto& r : rules) {
        auto day = rule_day(r, deadline);
        if (!day) continue;
        if (*day <= *now) {
            if (!best || *day > best_day || (*day == best_day && r.id < best->id)) {
                best = r;
                best_day = *day;
            }
        } else if (!next_day || *day < *next_day) {
            next_day = *day;
        }
    }
    if (!best) return std::nullopt;
    if (!next_day && *now > best_day + grace_days) return std::nullopt;  // the round is long over
    return best;
}

std::string point_label(const std::string& point, const std::string& language) {
    bool e = en(language);
    if (point == "da04") return e ? "interim report April (DÅ 04)" : "DÅ 04";
    if (point == "da08") return e ? "interim report August (DÅ 08)" : "DÅ 08";
    if (point == "ar") return e ? "annual report (ÅR)" : "ÅR";
    if (point == "t1" || point == "t2" || point == "t3") return (e ? "tertial " : "tertial ") + point.substr(1);
    if (point == "every_4_years") return e ? "every four years" : "vart fjärde år";
    return point;
}

Message compose(const std::string& kind, const ReminderFacts& f) {
    bool e = en(f.language);
    Message m;
    std::string hello = (e ? "Hello " : "Hej ") + f.person + "!\n\n";
    if (kind == "on_return") {
        m.subject = e ? "Your follow-up report for " + f.unit + " was returned (" + f.period + ")"
                      : "Uppföljningsrapporten för " + f.unit + " har skickats tillbaka (" + f.period + ")";
        m.body = hello +
                 (e ? "The follow-up report of " + f.unit + " for " + f.period + " has been returned to you for completion."
                    : "Uppföljningsrapporten för " + f.unit + " för " + f.period + " har skickats tillbaka till dig för komplettering.") +
                 "\n";
        if (!f.comment.empty()) m.body += (e ? "\nComment: " : "\nKommentar: ") + f.comment + "\n";
        if (!f.deadline.empty()) m.body += (e ? "\nThe deadline is " : "\nSista dag är ") + f.deadline + ".\n";
    } else {
        bool late = kind == "after_deadline";
        m.subject = late ? (e ? "Overdue: follow-up of " + f.unit + " for " + f.period
                              : "Försenad: uppföljning för " + f.unit + " " + f.period)
                         : (e ? "Reminder: follow-up of " + f.unit + " for " + f.period + " is due " + f.deadline
                              : "Påminnelse: uppföljning för " + f.unit + " " + f.period + " senast " + f.deadline);
        m.body = hello +
                 (late ? (e ? "The deadline " + f.deadline + " for the follow-up of " + f.unit + " (" + f.period +
                                  ") has passed, and some parts are still missing:"
                            : "Sista dag " + f.deadline + " för uppföljningen av " + f.unit + " (" + f.period +
                                  ") har passerat, och några delar saknas fortfarande:")
                       : (e ? "The follow-up of " + f.unit + " for " + f.period + " is due on " + f.deadline +
                                  ". These parts are still missing:"
                            : "Uppföljningen av " + f.unit + " för " + f.period + " ska vara klar senast " + f.deadline +
                                  ". Det här saknas fortfarande:")) +
                 "\n";
        for (const auto& p : f.parts) m.body += "  - " + part_label(p, e) + "\n";
    }
    m.body += (e ? "\nReport here: " : "\nRapportera här: ") + f.link + "\n";
    if (!f.unsubscribe_link.empty()) {
        m.body += (e ? "\nTo stop receiving reminders: " : "\nAvsluta påminnelser: ") + f.unsubscribe_link + "\n";
    }
    m.body += e ? "\n/Styrkort\n" : "\n/Styrkort\n";
    return m;
}

}  // namespace styrkort::reminders
