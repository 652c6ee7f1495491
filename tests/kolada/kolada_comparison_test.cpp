// The comparison rules (pure): rank among the regions, percentile, difference to the
// nation, group mean, trend, and "I nivå med riket" judged against the nation.
#include "domain/kolada/comparison.hpp"

#include <gtest/gtest.h>

namespace styrkort::kolada {
namespace {

PeriodValues norrland(std::optional<double> own) {
    PeriodValues in;
    in.period = 2023;
    in.gender = "T";
    in.own = own;
    in.nation = 31.0;
    in.regions = {{"0021", 30.2}, {"0022", 34.0}, {"0023", 28.0}, {"0024", 33.0}, {"0025", own}, {"0026", std::nullopt}};
    in.group = {{"0022", 34.0}, {"0023", 28.0}, {"0024", 33.0}, {"0025", own}};
    return in;
}

TEST(KoladaComparison, RankPercentileAndDifferenceToTheNation) {
    auto up = compare_period(norrland(31.3), "increase");
    EXPECT_EQ(up.ranked, 5);  // the region without a value is not ranked
    EXPECT_EQ(up.rank, 3);    // 34.0 and 33.0 are higher
    EXPECT_DOUBLE_EQ(*up.percentile, 50.0);
    EXPECT_NEAR(*up.difference_to_nation, 0.3, 1e-9);
    EXPECT_DOUBLE_EQ(*up.regions_median, 31.3);
    EXPECT_EQ(up.group_count, 4);
    EXPECT_NEAR(*up.group_mean, (34.0 + 28.0 + 33.0 + 31.3) / 4, 1e-9);

    auto down = compare_period(norrland(31.3), "decrease");  // lower is better
    EXPECT_EQ(down.rank, 3);  // 30.2 and 28.0 are lower
    auto best = compare_period(norrland(40.0), "increase");
    EXPECT_EQ(best.rank, 1);
    EXPECT_DOUBLE_EQ(*best.percentile, 100.0);
    auto worst = compare_period(norrland(1.0), "increase");
    EXPECT_EQ(worst.rank, 5);
    EXPECT_DOUBLE_EQ(*worst.percentile, 0.0);
}

TEST(KoladaComparison, NoOwnValueNoRank) {
    auto c = compare_period(norrland(std::nullopt), "increase");
    EXPECT_FALSE(c.rank);
    EXPECT_FALSE(c.percentile);
    EXPECT_FALSE(c.difference_to_nation);
    EXPECT_EQ(c.ranked, 4);
}

TEST(KoladaComparison, Trend) {
    auto rising = trend({{2021, 28.0}, {2022, 29.0}, {2023, 31.3}});
    EXPECT_EQ(rising.word, "rising");
    EXPECT_NEAR(*rising.per_year, 1.65, 1e-9);
    EXPECT_EQ(trend({{2021, 30.0}, {2022, 30.1}, {2023, 30.0}}).word, "flat");
    EXPECT_EQ(trend({{2021, 30.0}, {2022, 29.0}}).word, "falling");
    EXPECT_EQ(trend({{2021, 30.0}, {2022, std::nullopt}}).word, "unknown");
    EXPECT_EQ(trend({}).word, "unknown");
}

TEST(KoladaComparison, AtTheNationalLevel) {
    using followup::MeasureStatus;
    EXPECT_EQ(national_level(31.3, 31.0, "increase"), MeasureStatus::met);
    EXPECT_EQ(national_level(29.5, 31.0, "increase"), MeasureStatus::met);  // within 5 % (1,55)
    EXPECT_EQ(national_level(29.5, 31.0, "increase", 0.01), MeasureStatus::not_met);
    EXPECT_EQ(national_level(29.0, 31.0, "increase"), MeasureStatus::not_met);  // 2 below: more than 5 %
    EXPECT_EQ(national_level(40.0, 31.0, "increase"), MeasureStatus::met);      // better than the nation
    EXPECT_EQ(national_level(40.0, 31.0, "decrease"), MeasureStatus::not_met);  // worse
    EXPECT_EQ(national_level(20.0, 31.0, "decrease"), MeasureStatus::met);
    EXPECT_EQ(national_level(20.0, 31.0, ""), MeasureStatus::not_met);  // no direction: at the level only
    EXPECT_EQ(national_level(std::nullopt, 31.0, "increase"), MeasureStatus::no_data);
    EXPECT_EQ(national_level(31.0, std::nullopt, "increase"), MeasureStatus::no_data);
}

}  // namespace
}  // namespace styrkort::kolada
