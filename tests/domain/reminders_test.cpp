// The pure part of reminders (docs/reporting-round.md "Påminnelser"): which rule is due
// on a day, e-mail addresses, the reminder rule record, and the text in both languages.
#include <gtest/gtest.h>

#include "domain/errors.hpp"
#include "domain/reminders/rules.hpp"
#include "domain/validation.hpp"

namespace styrkort {
namespace {

using reminders::Rule;

const std::vector<Rule> round{{1, "before_deadline", 14}, {2, "before_deadline", 3}, {3, "after_deadline", 1}, {4, "on_return", 0}};

std::optional<std::int64_t> due(const std::string& today) {
    auto r = reminders::current_rule(round, "2026-04-30", today);
    return r ? std::optional<std::int64_t>(r->id) : std::nullopt;
}

TEST(ReminderSchedule, NothingBeforeTheFirstRuleThenEachRuleFromItsDayUntilTheNext) {
    EXPECT_EQ(due("2026-04-01"), std::nullopt);
    EXPECT_EQ(due("2026-04-15"), std::nullopt);  // 15 days before
    EXPECT_EQ(due("2026-04-16"), 1);             // 14 days before
    EXPECT_EQ(due("2026-04-26"), 1);
    EXPECT_EQ(due("2026-04-27"), 2);  // 3 days before: the 14-day rule is overtaken
    EXPECT_EQ(due("2026-04-30"), 2);  // the deadline itself
    EXPECT_EQ(due("2026-05-01"), 3);  // the day after
    EXPECT_EQ(due("2026-05-08"), 3);  // within the grace of the last rule
    EXPECT_EQ(due("2026-05-09"), std::nullopt);
    EXPECT_EQ(due("2026-04-16T23:59:59.000Z"), 1);  // a timestamp counts by its date
}

TEST(ReminderSchedule, OnlyReturnRulesOrNoDeadlineMeanNothingIsDue) {
    EXPECT_EQ(reminders::current_rule({{4, "on_return", 0}}, "2026-04-30", "2026-04-29"), std::nullopt);
    EXPECT_EQ(reminders::current_rule(round, "", "2026-04-29"), std::nullopt);
    EXPECT_EQ(reminders::current_rule(round, "30/4", "2026-04-29"), std::nullopt);
}

TEST(ReminderSchedule, DaysAreCalendarDaysAcrossMonthsYearsAndLeapDays) {
    EXPECT_EQ(reminders::date_of_day(*reminders::day_number("2024-03-01") - 1), "2024-02-29");
    EXPECT_EQ(reminders::date_of_day(*reminders::day_number("2026-01-01") - 1), "2025-12-31");
    EXPECT_EQ(*reminders::day_number("1970-01-01"), 0);
    EXPECT_EQ(reminders::rule_day({1, "before_deadline", 14}, "2026-01-10"), reminders::day_number("2025-12-27"));
    EXPECT_EQ(reminders::day_number("2026-02-30"), std::nullopt);
}

TEST(EmailAddress, AcceptsOrdinaryAddressesAndNamesTheFieldOfABadOne) {
    for (const char* ok : {"anna.andersson@norrbotten.se", "a+b@x.example.com", "ab_c-1@sub-domain.se"}) {
        EXPECT_NO_THROW(reminders::check_email("email", ok)) << ok;
    }
    for (const char* bad : {"", "anna", "anna@", "@norrbotten.se", "anna@norrbotten", "anna@@norrbotten.se",
                            "anna @norrbotten.se", "anna@norr botten.se", "<anna@norrbotten.se>", "anna@-x.se",
                            "anna.@norrbotten.se", "a..b@norrbotten.se", "anna@norrbotten.se\r\nBcc: x@y.se",
                            "anna@nörrbotten.se"}) {
        try {
            reminders::check_email("email", bad);
            ADD_FAILURE() << "accepted " << bad;
        } catch (const InputError& e) {
            EXPECT_EQ(e.path(), "email");
            EXPECT_NE(e.why().sv.find("e-postadress"), std::string::npos);
        }
    }
}

TEST(ReminderRuleRecord, NegativeDaysAndMissingDaysAreRefusedWithTheFieldNamed) {
    const auto& e = entity("reminder_rule");
    EXPECT_NO_THROW(validate_record(e, boost::json::object{{"period_id", 1}, {"kind", "before_deadline"}, {"days", 14}}));
    EXPECT_NO_THROW(validate_record(e, boost::json::object{{"period_id", 1}, {"kind", "on_return"}}));
    try {
        validate_record(e, boost::json::object{{"period_id", 1}, {"kind", "before_deadline"}, {"days", -3}});
        ADD_FAILURE() << "negative days accepted";
    } catch (const InputError& err) {
        EXPECT_EQ(err.path(), "days");
    }
    try {
        validate_record(e, boost::json::object{{"period_id", 1}, {"kind", "after_deadline"}});
        ADD_FAILURE() << "missing days accepted";
    } catch (const InputError& err) {
        EXPECT_EQ(err.path(), "days");
    }
}

TEST(ReminderText, SwedishByDefaultEnglishOnRequestWithLinkAndUnsubscribe) {
    reminders::ReminderFacts f;
    f.person = "Anna";
    f.period = "2026 DÅ 04";
    f.deadline = "2026-04-30";
    f.unit = "Enhet Öst";
    f.parts = {"followup_report"};
    f.link = "https://styrkort.example/plans/1/reports?unit=3";
    f.unsubscribe_link = "https://styrkort.example/unsubscribe?token=abc";
    auto sv = reminders::compose("before_deadline", f);
    EXPECT_EQ(sv.subject, "Påminnelse: uppföljning för Enhet Öst 2026 DÅ 04 senast 2026-04-30");
    EXPECT_NE(sv.body.find("Hej Anna!"), std::string::npos);
    EXPECT_NE(sv.body.find("uppföljningsrapporten"), std::string::npos);
    EXPECT_NE(sv.body.find(f.link), std::string::npos);
    EXPECT_NE(sv.body.find("Avsluta påminnelser: " + f.unsubscribe_link), std::string::npos);
    f.language = "en";
    auto en = reminders::compose("after_deadline", f);
    EXPECT_EQ(en.subject.rfind("Overdue:", 0), 0u);
    EXPECT_NE(en.body.find("has passed"), std::string::npos);
    f.unsubscribe_link.clear();
    f.comment = "Komplettera måtten";
    auto ret = reminders::compose("on_return", f);
    EXPECT_NE(ret.body.find("Komplettera måtten"), std::string::npos);
    EXPECT_EQ(ret.body.find("unsubscribe"), std::string::npos);
}

}  // namespace
}  // namespace styrkort
