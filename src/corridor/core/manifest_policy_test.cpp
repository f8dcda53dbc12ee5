#include <corridor/core/manifest_policy.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

// The manifest policy on its own, without the scan engine: what it decides
// about one unit at a time. manifest_test.cpp tests the whole builder.

namespace corridor::core::manifest_policy {
namespace {

const Date k_day{2026, 2, 2};
const Timestamp k_closes = k_day.days_since_epoch() * k_seconds_per_day + 13 * 3600;

Config test_config() {
  Config c;
  c.crossing.child_age = 18;
  c.urgencies = {"life-saving", "critical", "urgent", "routine"};
  for (const char* id : {"medical", "companion", "student"}) {
    CategoryDef d;
    d.id = d.name = id;
    d.directions = {Direction::exit};
    c.categories.push_back(d);
  }
  c.categories[0].needs_urgency = true;
  c.categories[1].group_of = "medical";
  c.manifest.standby = 1;
  c.manifest.min_companions = 0;
  c.manifest.min_companions_child = 1;
  return c;
}

DayPlan plan(int medical, int companion, std::optional<int> total = std::nullopt,
             std::optional<int> cap = std::nullopt) {
  DayPlan p;
  p.day = k_day;
  p.capacity.places = {{"medical", medical}, {"companion", companion}, {"student", 1}};
  p.capacity.total = total;
  p.closes_at = k_closes;
  p.max_travellers = cap;
  return p;
}

Candidate person(std::string ref, std::string cat, int age = 40) {
  Candidate c;
  c.ref = std::move(ref);
  c.category = std::move(cat);
  c.waiting_since = k_day.plus_days(-10);
  c.date_of_birth = Date{k_day.year - age, 1, 1};
  c.cleared = true;
  return c;
}

Unit patient(std::string ref, int companions, int age = 40) {
  Unit u{person(ref, "medical", age), {}};
  u.principal.urgency = "urgent";
  for (int k = 0; k < companions; ++k)
    u.companions.push_back(person(ref + "-c" + std::to_string(k), "companion"));
  return u;
}

Places places(std::vector<std::int64_t> left, std::int64_t total = k_unlimited,
              std::int64_t cap = k_unlimited) {
  return Places{std::move(left), total, cap};
}

// --- classify: whether a group fits, and what stops it --------------------

TEST(ManifestPolicy, AGroupFitsWhenEveryCategoryTheTotalAndTheCapHaveRoom) {
  const Group g{{{0, 1}, {1, 2}}, 3};
  EXPECT_TRUE(classify(g, places({1, 2, 0}, 3, 3)).fits);
}

TEST(ManifestPolicy, ATotalUsedUpComesBeforeAQuotaUsedUp) {
  const Group g{{{0, 1}}, 1};
  const Verdict v = classify(g, places({0, 5, 0}, 0));
  EXPECT_FALSE(v.fits);
  EXPECT_EQ(v.reason, SkipReason::total_full);
}

TEST(ManifestPolicy, AQuotaUsedUpNamesItsCategory) {
  const Group g{{{0, 1}, {1, 1}}, 2};
  const Verdict v = classify(g, places({3, 0, 0}));
  EXPECT_EQ(v.reason, SkipReason::quota_full);
  EXPECT_EQ(v.cat, 1);
}

TEST(ManifestPolicy, AGroupLargerThanWhatIsLeftIsTooLargeByCategoryOrByTotal) {
  const Group g{{{0, 1}, {1, 2}}, 3};
  const Verdict by_cat = classify(g, places({1, 1, 0}));
  EXPECT_EQ(by_cat.reason, SkipReason::group_too_large);
  EXPECT_EQ(by_cat.cat, 1);
  EXPECT_FALSE(by_cat.by_total);
  const Verdict by_total = classify(g, places({1, 2, 0}, 2));
  EXPECT_EQ(by_total.reason, SkipReason::group_too_large);
  EXPECT_TRUE(by_total.by_total);
}

TEST(ManifestPolicy, OnlyTheInEqualsOutCapStoppingAGroupIsEqualInOut) {
  const Group g{{{0, 1}, {1, 1}}, 2};
  EXPECT_EQ(classify(g, places({1, 1, 0}, 5, 1)).reason, SkipReason::equal_in_out);
}

// --- who is eligible, and why not -----------------------------------------

TEST(ManifestPolicy, AnotherDaysListIsTheReasonBeforeNotClearedBeforeExpiry) {
  const Config config = test_config();
  const DayPlan p = plan(1, 1);
  const std::vector<Unit> units;
  const Policy policy(config, p, units);
  Candidate c = person("A", "medical");
  EXPECT_TRUE(policy.eligible(c));
  c.valid_until = k_closes - 1;
  EXPECT_FALSE(policy.eligible(c));
  EXPECT_EQ(policy.ineligible_entry(0, 0, c).reason, SkipReason::approval_expires);
  c.cleared = false;
  EXPECT_EQ(policy.ineligible_entry(0, 0, c).reason, SkipReason::not_cleared);
  c.scheduled_on = k_day.plus_days(3);
  EXPECT_EQ(policy.ineligible_entry(0, 0, c).reason, SkipReason::scheduled_elsewhere);
  // On this very day's list (a rebuild) does not count against it.
  Candidate same = person("B", "medical");
  same.scheduled_on = k_day;
  EXPECT_TRUE(policy.eligible(same));
}

TEST(ManifestPolicy, PriorityIsTheSameAsPriorityOf) {
  const Config config = test_config();
  const DayPlan p = plan(1, 1);
  const std::vector<Unit> units{patient("A", 0, 9)};
  const Policy policy(config, p, units);
  const Candidate& a = units[0].principal;
  const Priority got = policy.priority(a, policy.category(a), a.waiting_since.days_since_epoch());
  const Priority want = priority_of(config, a, k_day);
  EXPECT_EQ(got.total(), want.total());
  EXPECT_EQ(got.child, want.child);
  EXPECT_GT(got.child, 0);
}

// --- examine: main list, standby, skips ------------------------------------

TEST(ManifestPolicy, ExamineTakesAUnitWithItsEligibleCompanionsAndSaysWhyOthersStay) {
  const Config config = test_config();
  const DayPlan p = plan(1, 2);
  std::vector<Unit> units{patient("A", 2)};
  units[0].companions[1].cleared = false;
  Policy policy(config, p, units);
  policy.examine(0, 0);
  Manifest m;
  std::vector<Skipped> examined = policy.examined();
  policy.finish(m);
  ASSERT_EQ(m.main.size(), 2u);
  EXPECT_EQ(m.main[1].member, 1u);
  ASSERT_EQ(examined.size(), 1u);
  EXPECT_EQ(examined[0].member, 2u);
  EXPECT_EQ(examined[0].reason, SkipReason::not_cleared);
  EXPECT_EQ(m.counts.at("medical"), 1);
  EXPECT_EQ(m.counts.at("companion"), 1);
}

TEST(ManifestPolicy, AChildWithoutTheRequiredCompanionIsSkippedWithTheCount) {
  const Config config = test_config();
  const DayPlan p = plan(1, 1);
  const std::vector<Unit> units{patient("A", 0, 9)};
  Policy policy(config, p, units);
  policy.examine(0, 0);
  ASSERT_EQ(policy.examined().size(), 1u);
  const Skipped s = policy.examined()[0];
  Manifest m;
  policy.finish(m);
  EXPECT_TRUE(m.main.empty());
  EXPECT_EQ(s.reason, SkipReason::companion_not_cleared);
  EXPECT_EQ(m.details[s.detail], "needs 1 cleared companions, has 0");
}

TEST(ManifestPolicy, WhenThePlacesAreUsedUpTheNextUnitStandsByWithADetail) {
  const Config config = test_config();
  const DayPlan p = plan(1, 0);
  const std::vector<Unit> units{patient("A", 0), patient("B", 0), patient("C", 0)};
  Policy policy(config, p, units);
  std::vector<std::int64_t> pending{3, 0, 0, 0};
  for (std::uint32_t u = 0; u < 3 && policy.worth_going_on(pending); ++u) {
    --pending[0];
    policy.examine(u, 0);
  }
  // A took the place, B stands by (standby = 1), C is still pending but
  // worth nothing: no place and no standby left.
  EXPECT_FALSE(policy.worth_going_on(pending));
  EXPECT_EQ(pending[0], 1);
  const std::vector<Skipped> examined = policy.examined();
  Manifest m;
  policy.finish(m);
  ASSERT_EQ(m.main.size(), 1u);
  EXPECT_EQ(m.main[0].unit, 0u);
  ASSERT_EQ(m.standby.size(), 1u);
  EXPECT_EQ(m.standby[0].unit, 1u);
  ASSERT_EQ(examined.size(), 1u);
  EXPECT_EQ(examined[0].reason, SkipReason::quota_full);
  EXPECT_EQ(m.details[examined[0].detail], "medical: 1 of 1 places used");
}

TEST(ManifestPolicy, AGroupTooLargeForAnEmptyDayNeverStandsBy) {
  const Config config = test_config();
  const DayPlan p = plan(1, 1);
  const std::vector<Unit> units{patient("A", 2)};
  Policy policy(config, p, units);
  policy.examine(0, 0);
  Manifest m;
  const std::vector<Skipped> examined = policy.examined();
  policy.finish(m);
  EXPECT_TRUE(m.standby.empty());
  ASSERT_EQ(examined.size(), 1u);
  EXPECT_EQ(examined[0].reason, SkipReason::group_too_large);
  EXPECT_EQ(m.details[examined[0].detail], "the group needs 3 places, companion has 1 left");
}

TEST(ManifestPolicy, AnUnreachedUnitIsJudgedByTheTotalThenItsPrincipalsQuota) {
  const Config config = test_config();
  const std::vector<Unit> units{patient("A", 0), patient("B", 1)};
  {
    Policy policy(config, plan(1, 1, 1), units);
    policy.examine(0, 0);
    EXPECT_EQ(policy.unreached_reason(1, 0), SkipReason::total_full);
  }
  {
    Policy policy(config, plan(1, 1), units);
    policy.examine(0, 0);
    EXPECT_EQ(policy.unreached_reason(1, 0), SkipReason::quota_full);
  }
  {
    // Places left, but only the in = out cap stops the pair.
    Policy policy(config, plan(2, 1, std::nullopt, 2), units);
    policy.examine(0, 0);
    EXPECT_EQ(policy.unreached_reason(1, 0), SkipReason::equal_in_out);
  }
}

}  // namespace
}  // namespace corridor::core::manifest_policy
