#include <corridor/core/date.hpp>

#include <gtest/gtest.h>

namespace corridor::core {
namespace {

TEST(Date, ParsesIsoDates) {
  auto d = parse_date("2024-02-29");
  ASSERT_TRUE(d);
  EXPECT_EQ(*d, (Date{2024, 2, 29}));
  EXPECT_EQ(d->to_string(), "2024-02-29");
}

TEST(Date, RejectsImpossibleAndMalformedDates) {
  for (const char* bad : {"2025-02-29", "2025-02-30", "2025-13-01", "2025-00-10", "2025-1-01",
                          "25-01-01", "2025/01/01", "2025-01-01T", "", "abcd-ef-gh"})
    EXPECT_FALSE(parse_date(bad)) << bad;
}

TEST(Date, DaysSinceEpochRoundTrips) {
  EXPECT_EQ((Date{1970, 1, 1}).days_since_epoch(), 0);
  EXPECT_EQ((Date{2000, 3, 1}).days_since_epoch(), 11017);
  for (std::int64_t n : {-1000000LL, -1LL, 0LL, 19000LL, 2932896LL})
    EXPECT_EQ(Date::from_days_since_epoch(n).days_since_epoch(), n);
}

TEST(Date, AgeCountsWholeYears) {
  EXPECT_EQ(age_on(Date{2008, 6, 15}, Date{2026, 6, 14}), 17);
  EXPECT_EQ(age_on(Date{2008, 6, 15}, Date{2026, 6, 15}), 18);
  EXPECT_EQ(age_on(Date{2030, 1, 1}, Date{2026, 1, 1}), 0);
}

TEST(Date, FormatsTimestampsInUtc) {
  EXPECT_EQ(format_timestamp(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_timestamp(1'764'000'000), "2025-11-24T16:00:00Z");
  EXPECT_EQ(utc_date(-1), (Date{1969, 12, 31}));
}

}  // namespace
}  // namespace corridor::core
