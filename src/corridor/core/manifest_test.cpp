#include <corridor/core/manifest.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace corridor::core {
namespace {

const Date k_day{2026, 2, 2};
const Timestamp k_closes = k_day.days_since_epoch() * k_seconds_per_day + 13 * 3600;

CategoryDef category(std::string id, std::vector<Direction> dirs) {
  CategoryDef c;
  c.id = std::move(id);
  c.name = c.id;
  c.directions = std::move(dirs);
  return c;
}

// Rafah-like: medical with urgency, companions in medical groups, students
// both ways, returnees in.
Config test_config() {
  Config c;
  c.crossing.child_age = 18;
  c.urgencies = {"life-saving", "critical", "urgent", "routine"};
  c.categories = {category("medical", {Direction::exit}), category("companion", {Direction::exit}),
                  category("student", {Direction::exit, Direction::entry}),
                  category("returnee", {Direction::entry})};
  c.categories[0].needs_urgency = true;
  c.categories[1].group_of = "medical";
  c.manifest.standby = 2;
  c.manifest.min_companions = 0;
  c.manifest.min_companions_child = 1;
  return c;
}

DayPlan exit_plan(std::map<std::string, int> places, std::optional<int> total = std::nullopt) {
  DayPlan p;
  p.day = k_day;
  p.direction = Direction::exit;
  p.capacity.places = std::move(places);
  p.capacity.total = total;
  p.closes_at = k_closes;
  return p;
}

Candidate person(std::string ref, std::string cat, int waiting_days = 10, int age = 40) {
  Candidate c;
  c.ref = std::move(ref);
  c.category = std::move(cat);
  c.waiting_since = k_day.plus_days(-waiting_days);
  c.date_of_birth = Date{k_day.year - age, 1, 1};
  c.cleared = true;
  return c;
}

Unit patient(std::string ref, std::string urgency, int waiting_days = 10, int companions = 0) {
  Unit u;
  u.principal = person(ref, "medical", waiting_days);
  u.principal.urgency = std::move(urgency);
  for (int k = 0; k < companions; ++k)
    u.companions.push_back(person(ref + "-c" + std::to_string(k), "companion"));
  return u;
}

Unit alone(std::string ref, std::string cat, int waiting_days = 10) {
  return Unit{person(std::move(ref), std::move(cat), waiting_days), {}};
}

std::vector<std::string> refs(const std::vector<Placed>& list, const std::vector<Unit>& units) {
  std::vector<std::string> out;
  for (const Placed& p : list) {
    const Unit& u = units[p.unit];
    out.push_back(p.member == 0 ? u.principal.ref : u.companions[p.member - 1].ref);
  }
  return out;
}

const Skipped* skip_of(const Manifest& m, std::uint32_t unit, std::uint32_t member = 0) {
  for (const Skipped& s : m.skipped)
    if (s.unit == unit && s.member == member) return &s;
  return nullptr;
}

// ---------------------------------------------------------------- priority

TEST(Priority, UrgencyCountsLevelsAboveTheLeastUrgent) {
  const Config c = test_config();
  EXPECT_EQ(priority_of(c, patient("a", "life-saving", 0).principal, k_day).urgency, 3000);
  EXPECT_EQ(priority_of(c, patient("a", "critical", 0).principal, k_day).urgency, 2000);
  EXPECT_EQ(priority_of(c, patient("a", "urgent", 0).principal, k_day).urgency, 1000);
  EXPECT_EQ(priority_of(c, patient("a", "routine", 0).principal, k_day).urgency, 0);
}

TEST(Priority, UrgencyCountsOnlyForKnownLevelsOfCategoriesThatHaveThem) {
  const Config c = test_config();
  Candidate student = person("s", "student", 0);
  student.urgency = "life-saving";
  EXPECT_EQ(priority_of(c, student, k_day).urgency, 0);
  EXPECT_EQ(priority_of(c, patient("a", "dire", 0).principal, k_day).urgency, 0);
  EXPECT_EQ(priority_of(c, patient("a", "", 0).principal, k_day).urgency, 0);
}

TEST(Priority, WaitingAddsPointsPerDayUpToTheCap) {
  const Config c = test_config();
  const Priority p = priority_of(c, patient("a", "routine", 10).principal, k_day);
  EXPECT_EQ(p.days_waiting, 10);
  EXPECT_EQ(p.waiting, 50);
  EXPECT_EQ(priority_of(c, patient("a", "routine", 300).principal, k_day).waiting, 1500);
  EXPECT_EQ(priority_of(c, patient("a", "routine", 5000).principal, k_day).waiting, 1500);
  const Priority future = priority_of(c, patient("a", "routine", -3).principal, k_day);
  EXPECT_EQ(future.days_waiting, 0);
  EXPECT_EQ(future.waiting, 0);
}

TEST(Priority, ChildPointsBelowChildAgeOnTheDay) {
  const Config c = test_config();
  Candidate p = person("a", "student", 0);
  p.date_of_birth = Date{k_day.year - 18, k_day.month, k_day.day + 1};  // 18 tomorrow
  EXPECT_EQ(priority_of(c, p, k_day).child, 100);
  p.date_of_birth = Date{k_day.year - 18, k_day.month, k_day.day};  // 18 today
  EXPECT_EQ(priority_of(c, p, k_day).child, 0);
}

TEST(Priority, TotalIsTheSumOfTheTerms) {
  Candidate p = patient("a", "critical", 7).principal;
  p.date_of_birth = Date{2020, 5, 5};
  const Priority pr = priority_of(test_config(), p, k_day);
  EXPECT_EQ(pr.total(), 2000 + 35 + 100);
}

TEST(Priority, AgingPassesAFreshUrgentCaseButNeverAFreshCriticalOrLifeSavingOne) {
  const Config c = test_config();
  const Unit fresh_urgent = patient("u", "urgent", 0);
  const Unit fresh_critical = patient("c", "critical", 0);
  const Unit fresh_life = patient("l", "life-saving", 0);
  auto beats = [&](const Unit& a, const Unit& b) {
    return higher_priority(priority_of(c, a.principal, k_day), a.principal,
                           priority_of(c, b.principal, k_day), b.principal);
  };
  EXPECT_FALSE(beats(patient("r", "routine", 199), fresh_urgent));
  EXPECT_TRUE(beats(patient("r", "routine", 201), fresh_urgent));
  // 200 days: 1,000 points each; the longer wait goes first.
  EXPECT_TRUE(beats(patient("r", "routine", 200), fresh_urgent));
  for (int days : {300, 1000, 100000}) {
    EXPECT_FALSE(beats(patient("r", "routine", days), fresh_critical)) << days;
    EXPECT_FALSE(beats(patient("r", "routine", days), fresh_life)) << days;
  }
}

TEST(Priority, ChildrenFirstAmongEquals) {
  const Config c = test_config();
  Unit child = patient("z-child", "urgent", 30);
  child.principal.date_of_birth = Date{2019, 1, 1};
  const Unit adult = patient("a-adult", "urgent", 30);
  const Priority pc = priority_of(c, child.principal, k_day);
  const Priority pa = priority_of(c, adult.principal, k_day);
  EXPECT_TRUE(higher_priority(pc, child.principal, pa, adult.principal));
  EXPECT_FALSE(higher_priority(pa, adult.principal, pc, child.principal));
}

TEST(Priority, TiesGoToTheLongerWaitThenTheRef) {
  const Config c = test_config();
  // Both capped at 1,500 points: the earlier referral goes first.
  const Unit older = patient("z", "routine", 900), newer = patient("a", "routine", 400);
  const Priority po = priority_of(c, older.principal, k_day);
  const Priority pn = priority_of(c, newer.principal, k_day);
  ASSERT_EQ(po.total(), pn.total());
  EXPECT_TRUE(higher_priority(po, older.principal, pn, newer.principal));
  const Unit a = patient("a", "urgent"), b = patient("b", "urgent");
  const Priority p = priority_of(c, a.principal, k_day);
  EXPECT_TRUE(higher_priority(p, a.principal, p, b.principal));
  EXPECT_FALSE(higher_priority(p, b.principal, p, a.principal));
  EXPECT_FALSE(higher_priority(p, a.principal, p, a.principal));
}

TEST(Priority, ToStringNamesEachReason) {
  EXPECT_EQ(to_string(SkipReason::not_cleared), "not-cleared");
  EXPECT_EQ(to_string(SkipReason::approval_expires), "approval-expires");
  EXPECT_EQ(to_string(SkipReason::scheduled_elsewhere), "scheduled-elsewhere");
  EXPECT_EQ(to_string(SkipReason::companion_not_cleared), "companion-not-cleared");
  EXPECT_EQ(to_string(SkipReason::quota_full), "quota-full");
  EXPECT_EQ(to_string(SkipReason::total_full), "total-full");
  EXPECT_EQ(to_string(SkipReason::group_too_large), "group-too-large");
  EXPECT_EQ(to_string(SkipReason::equal_in_out), "equal-in-out");
}

// ----------------------------------------------------------------- builder

TEST(Manifest, TakesUnitsInPriorityOrderAndKeepsGroupsTogether) {
  const std::vector<Unit> units = {patient("p1", "routine", 5, 1),
                                   patient("p2", "life-saving", 0, 2),
                                   patient("p3", "urgent", 0, 0)};
  const Manifest m =
      build_manifest(test_config(), exit_plan({{"medical", 5}, {"companion", 5}}), units);
  EXPECT_EQ(refs(m.main, units),
            (std::vector<std::string>{"p2", "p2-c0", "p2-c1", "p3", "p1", "p1-c0"}));
  EXPECT_EQ(m.counts.at("medical"), 3);
  EXPECT_EQ(m.counts.at("companion"), 3);
  EXPECT_EQ(m.counts.at("student"), 0);         // travels out, none today
  EXPECT_FALSE(m.counts.contains("returnee"));  // entry only
  EXPECT_TRUE(m.skipped.empty());
  ASSERT_EQ(m.priority.size(), 3u);
  EXPECT_EQ(m.priority[1].urgency, 3000);
}

TEST(Manifest, SkipsAPrincipalWhoIsNotCleared) {
  std::vector<Unit> units = {patient("p1", "urgent", 0, 1)};
  units[0].principal.cleared = false;
  const Manifest m = build_manifest(test_config(), exit_plan({{"medical", 5}}), units);
  EXPECT_TRUE(m.main.empty());
  ASSERT_EQ(m.skipped.size(), 1u);
  EXPECT_EQ(m.skipped[0].reason, SkipReason::not_cleared);
  EXPECT_EQ(m.skipped[0].member, 0u);
}

TEST(Manifest, AGroupGoesWithoutACompanionWhoIsNotCleared) {
  std::vector<Unit> units = {patient("p1", "urgent", 0, 2)};
  units[0].companions[0].cleared = false;
  const Manifest m =
      build_manifest(test_config(), exit_plan({{"medical", 5}, {"companion", 5}}), units);
  EXPECT_EQ(refs(m.main, units), (std::vector<std::string>{"p1", "p1-c1"}));
  const Skipped* s = skip_of(m, 0, 1);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->reason, SkipReason::not_cleared);
  EXPECT_EQ(m.skipped.size(), 1u);
}

TEST(Manifest, SkipsAnApprovalThatExpiresBeforeTheDayCloses) {
  std::vector<Unit> units = {patient("p1", "urgent"), patient("p2", "routine")};
  units[0].principal.valid_until = k_closes - 1;
  units[0].principal.expiring_stage = "security";
  units[1].principal.valid_until = k_closes;  // still counts at closing time
  const Manifest m = build_manifest(test_config(), exit_plan({{"medical", 5}}), units);
  EXPECT_EQ(refs(m.main, units), (std::vector<std::string>{"p2"}));
  const Skipped* s = skip_of(m, 0);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->reason, SkipReason::approval_expires);
  EXPECT_NE(s->detail.find("security"), std::string::npos) << s->detail;
  EXPECT_NE(s->detail.find(format_timestamp(k_closes - 1)), std::string::npos) << s->detail;
}

TEST(Manifest, SkipsAPrincipalScheduledOnAnotherDay) {
  std::vector<Unit> units = {patient("p1", "urgent"), patient("p2", "routine")};
  units[0].principal.scheduled_on = k_day.plus_days(3);
  units[1].principal.scheduled_on = k_day;  // a rebuild of the same day
  const Manifest m = build_manifest(test_config(), exit_plan({{"medical", 5}}), units);
  EXPECT_EQ(refs(m.main, units), (std::vector<std::string>{"p2"}));
  const Skipped* s = skip_of(m, 0);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->reason, SkipReason::scheduled_elsewhere);
  EXPECT_NE(s->detail.find("2026-02-05"), std::string::npos) << s->detail;
}

TEST(Manifest, AChildPatientNeedsAClearedCompanion) {
  std::vector<Unit> units = {patient("child", "life-saving", 0, 1), patient("adult", "routine")};
  units[0].principal.date_of_birth = Date{2020, 1, 1};
  units[0].companions[0].cleared = false;
  const Manifest m =
      build_manifest(test_config(), exit_plan({{"medical", 5}, {"companion", 5}}), units);
  EXPECT_EQ(refs(m.main, units), (std::vector<std::string>{"adult"}));
  const Skipped* s = skip_of(m, 0);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->reason, SkipReason::companion_not_cleared);
  EXPECT_EQ(s->detail, "needs 1 cleared companions, has 0");
}

TEST(Manifest, ATravellerAloneNeedsNoCompanion) {
  Config c = test_config();
  c.manifest.min_companions = 1;
  std::vector<Unit> units = {alone("s1", "student")};
  units[0].principal.date_of_birth = Date{2012, 1, 1};
  const Manifest m = build_manifest(c, exit_plan({{"student", 1}}), units);
  EXPECT_EQ(refs(m.main, units), (std::vector<std::string>{"s1"}));
}

TEST(Manifest, SkipsWhenTheQuotaIsFull) {
  const std::vector<Unit> units = {patient("p1", "urgent"), patient("p2", "routine")};
  const Manifest m = build_manifest(test_config(), exit_plan({{"medical", 1}}), units);
  EXPECT_EQ(refs(m.main, units), (std::vector<std::string>{"p1"}));
  const Skipped* s = skip_of(m, 1);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->reason, SkipReason::quota_full);
  EXPECT_EQ(s->detail, "medical: 1 of 1 places used");
}

TEST(Manifest, SkipsWhenTheTotalIsFull) {
  const std::vector<Unit> units = {alone("s1", "student", 9), alone("s2", "student", 3)};
  const Manifest m = build_manifest(test_config(), exit_plan({{"student", 5}}, 1), units);
  EXPECT_EQ(refs(m.main, units), (std::vector<std::string>{"s1"}));
  const Skipped* s = skip_of(m, 1);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->reason, SkipReason::total_full);
  EXPECT_EQ(s->detail, "total: 1 of 1 places used");
}

TEST(Manifest, SkipsAGroupTooLargeAndTakesTheNextThatFits) {
  const std::vector<Unit> units = {patient("big", "life-saving", 0, 2),
                                   patient("small", "routine", 0, 1)};
  const Manifest m =
      build_manifest(test_config(), exit_plan({{"medical", 5}, {"companion", 1}}), units);
  EXPECT_EQ(refs(m.main, units), (std::vector<std::string>{"small", "small-c0"}));
  const Skipped* s = skip_of(m, 0);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->reason, SkipReason::group_too_large);
  EXPECT_EQ(s->detail, "the group needs 3 places, companion has 1 left");
}

TEST(Manifest, SkipsWhenOnlyTheInEqualsOutCapStopsTheGroup) {
  const std::vector<Unit> units = {patient("p1", "urgent", 0, 1), patient("p2", "routine", 0, 1),
                                   patient("p3", "routine", 0)};
  DayPlan plan = exit_plan({{"medical", 5}, {"companion", 5}});
  plan.max_travellers = 3;
  const Manifest m = build_manifest(test_config(), plan, units);
  EXPECT_EQ(refs(m.main, units), (std::vector<std::string>{"p1", "p1-c0", "p3"}));
  const Skipped* s = skip_of(m, 1);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->reason, SkipReason::equal_in_out);
  EXPECT_EQ(s->detail, "the group needs 2 places, 1 left under the in = out cap of 3");
}

TEST(Manifest, StandbyHoldsTheNextUnitsInOrder) {
  std::vector<Unit> units;
  for (int i = 0; i < 5; ++i) units.push_back(patient("p" + std::to_string(i), "urgent", 10 * i));
  const Manifest m = build_manifest(test_config(), exit_plan({{"medical", 2}}), units);
  EXPECT_EQ(refs(m.main, units), (std::vector<std::string>{"p4", "p3"}));
  EXPECT_EQ(refs(m.standby, units), (std::vector<std::string>{"p2", "p1"}));
  for (std::uint32_t u : {0u, 1u, 2u}) {
    const Skipped* s = skip_of(m, u);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->reason, SkipReason::quota_full);
  }
}

TEST(Manifest, StandbyTakesGroupsWholeAndSkipsUnitsThatCouldNeverTravel) {
  std::vector<Unit> units = {patient("p1", "life-saving"), alone("s1", "student", 5000),
                             patient("p2", "urgent", 0, 2), patient("p3", "routine", 0, 1)};
  units[2].companions[1].cleared = false;
  const Manifest m =
      build_manifest(test_config(), exit_plan({{"medical", 1}, {"companion", 4}}), units);
  EXPECT_EQ(refs(m.main, units), (std::vector<std::string>{"p1"}));
  EXPECT_EQ(refs(m.standby, units), (std::vector<std::string>{"p2", "p2-c0", "p3", "p3-c0"}));
  const Skipped* s = skip_of(m, 1);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->reason, SkipReason::quota_full);  // no student places today
  const Skipped* c = skip_of(m, 2, 2);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->reason, SkipReason::not_cleared);
}

TEST(Manifest, EqualInOutCapLowersUntilBothListsAgree) {
  // Out: groups of two. In: five people alone. Uncapped, 10 out and 5 in;
  // at 5 only two groups fit out (4), so the cap settles at 4.
  std::vector<Unit> out, in;
  for (int i = 0; i < 5; ++i) out.push_back(patient("o" + std::to_string(i), "urgent", i, 1));
  for (int i = 0; i < 5; ++i) in.push_back(alone("i" + std::to_string(i), "returnee", i));
  const Config c = test_config();
  const DayPlan exit = exit_plan({{"medical", 10}, {"companion", 10}});
  DayPlan entry = exit_plan({{"returnee", 50}});
  entry.direction = Direction::entry;
  EXPECT_EQ(equal_in_out_cap(c, exit, out, entry, in), 4);
  DayPlan capped = exit;
  capped.max_travellers = 4;
  EXPECT_EQ(build_manifest(c, capped, out).travellers(), 4);
  entry.max_travellers = 4;
  EXPECT_EQ(build_manifest(c, entry, in).travellers(), 4);
}

TEST(Manifest, EqualInOutCapIsZeroWhenOneSideIsEmpty) {
  const std::vector<Unit> out = {patient("o", "urgent")};
  DayPlan entry = exit_plan({{"returnee", 50}});
  entry.direction = Direction::entry;
  EXPECT_EQ(equal_in_out_cap(test_config(), exit_plan({{"medical", 5}}), out, entry, {}), 0);
}

}  // namespace
}  // namespace corridor::core
