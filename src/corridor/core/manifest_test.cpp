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

// A skip's detail in words (skip_detail needs only the plan's closing time).
std::string why(const Manifest& m, const std::vector<Unit>& units, const Skipped* s) {
  DayPlan plan;
  plan.day = k_day;
  plan.closes_at = k_closes;
  return skip_detail(m, plan, units, *s);
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
  EXPECT_NE(why(m, units, s).find("security"), std::string::npos) << why(m, units, s);
  EXPECT_NE(why(m, units, s).find(format_timestamp(k_closes - 1)), std::string::npos)
      << why(m, units, s);
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
  EXPECT_NE(why(m, units, s).find("2026-02-05"), std::string::npos) << why(m, units, s);
}

TEST(Manifest, BeingOnAnotherDaysListIsTheReasonGiven) {
  std::vector<Unit> units = {patient("p1", "urgent")};
  units[0].principal.scheduled_on = k_day.plus_days(1);
  units[0].principal.cleared = false;
  units[0].principal.valid_until = k_closes - 1;
  const Manifest m = build_manifest(test_config(), exit_plan({{"medical", 5}}), units);
  ASSERT_EQ(m.skipped.size(), 1u);
  EXPECT_EQ(m.skipped[0].reason, SkipReason::scheduled_elsewhere);
  units[0].principal.scheduled_on.reset();
  EXPECT_EQ(build_manifest(test_config(), exit_plan({{"medical", 5}}), units).skipped[0].reason,
            SkipReason::not_cleared);
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
  EXPECT_EQ(why(m, units, s), "needs 1 cleared companions, has 0");
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
  EXPECT_EQ(why(m, units, s), "medical: 1 of 1 places used");
}

TEST(Manifest, SkipsWhenTheTotalIsFull) {
  const std::vector<Unit> units = {alone("s1", "student", 9), alone("s2", "student", 3)};
  const Manifest m = build_manifest(test_config(), exit_plan({{"student", 5}}, 1), units);
  EXPECT_EQ(refs(m.main, units), (std::vector<std::string>{"s1"}));
  const Skipped* s = skip_of(m, 1);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->reason, SkipReason::total_full);
  EXPECT_EQ(why(m, units, s), "total: 1 of 1 places used");
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
  EXPECT_EQ(why(m, units, s), "the group needs 3 places, companion has 1 left");
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
  EXPECT_EQ(why(m, units, s), "the group needs 2 places, 1 left under the in = out cap of 3");
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

TEST(Manifest, ReachesPastManyUnitsThatDoNotFit) {
  // 300 higher groups need companion places there are none of: the builder
  // must look past its first batches to the singles at the bottom.
  std::vector<Unit> units;
  for (int i = 0; i < 300; ++i) units.push_back(patient("g" + std::to_string(i), "urgent", i, 1));
  for (int i = 0; i < 5; ++i) units.push_back(patient("s" + std::to_string(i), "routine", i));
  Config c = test_config();
  c.manifest.standby = 0;
  const Manifest m = build_manifest(c, exit_plan({{"medical", 5}}), units);
  EXPECT_EQ(refs(m.main, units), (std::vector<std::string>{"s4", "s3", "s2", "s1", "s0"}));
  EXPECT_EQ(m.skipped.size(), 300u);
}

TEST(Manifest, WorkedExampleOfDocsPolicy) {
  auto referred = [](Unit u, Date d) {
    u.principal.waiting_since = d;
    return u;
  };
  std::vector<Unit> units = {referred(patient("A", "life-saving", 0, 2), Date{2026, 1, 28}),
                             referred(patient("B", "critical", 0, 1), Date{2025, 11, 4}),
                             referred(patient("C", "routine", 0, 0), Date{2025, 1, 1}),
                             referred(patient("D", "urgent", 0, 2), Date{2024, 12, 29}),
                             referred(patient("E", "urgent", 0, 0), Date{2026, 1, 23})};
  units[1].principal.date_of_birth = Date{2015, 6, 1};
  Config c = test_config();
  c.manifest.standby = 1;
  const Manifest m = build_manifest(c, exit_plan({{"medical", 3}, {"companion", 4}}), units);
  const std::vector<int> scores = {3025, 2550, 1500, 2500, 1050};
  for (std::size_t i = 0; i < units.size(); ++i) EXPECT_EQ(m.priority[i].total(), scores[i]) << i;
  EXPECT_EQ(refs(m.main, units), (std::vector<std::string>{"A", "A-c0", "A-c1", "B", "B-c0", "C"}));
  EXPECT_EQ(refs(m.standby, units), (std::vector<std::string>{"D", "D-c0", "D-c1"}));
  ASSERT_EQ(m.skipped.size(), 2u);
  EXPECT_EQ(m.skipped[0].unit, 3u);
  EXPECT_EQ(m.details[m.skipped[0].detail], "the group needs 3 places, companion has 1 left");
  EXPECT_EQ(m.skipped[1].unit, 4u);  // never reached: the places and standby were full
  EXPECT_EQ(m.skipped[1].reason, SkipReason::quota_full);
  EXPECT_EQ(m.details[m.skipped[1].detail], "");
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

// --------------------------------------------------------- property tests
// Random cases: up to 60 units of patients with 0-3 companions (now and then
// a student among them), students and returnees alone; some not cleared,
// expiring or scheduled elsewhere; children; random quotas, totals, caps and
// standby. Each property is checked from the output, not from the builder's
// own bookkeeping.

struct Case {
  Config config;
  DayPlan plan;
  std::vector<Unit> units;
};

Candidate random_person(std::mt19937_64& rng, std::string ref, std::string cat) {
  Candidate c = person(std::move(ref), std::move(cat), static_cast<int>(rng() % 700) - 20);
  c.date_of_birth = k_day.plus_days(-static_cast<std::int64_t>(rng() % (365 * 60)));
  if (rng() % 8 == 0)  // around the 18th birthday
    c.date_of_birth = Date{k_day.year - 18, k_day.month, k_day.day}.plus_days(
        static_cast<std::int64_t>(rng() % 3) - 1);
  c.cleared = rng() % 100 < 85;
  if (rng() % 6 == 0) {
    c.valid_until = k_closes + static_cast<Timestamp>(rng() % 7) * 3600 - 3 * 3600;
    c.expiring_stage = "security";
  }
  if (rng() % 15 == 0) c.scheduled_on = k_day.plus_days(static_cast<std::int64_t>(rng() % 3));
  return c;
}

Unit random_unit(std::mt19937_64& rng, int i) {
  static const char* k_levels[] = {"life-saving", "critical", "urgent", "routine", "", "unknown"};
  static const char* k_alone[] = {"student", "returnee"};
  const std::string ref = "U" + std::to_string(1000 + i);
  Unit u;
  if (rng() % 3 == 0) {
    u.principal = random_person(rng, ref, k_alone[rng() % 2]);
    return u;
  }
  u.principal = random_person(rng, ref, "medical");
  u.principal.urgency = k_levels[rng() % 6];
  const int companions = static_cast<int>(rng() % 4);
  for (int k = 0; k < companions; ++k)
    u.companions.push_back(random_person(rng, ref + "-" + std::to_string(k),
                                         rng() % 10 == 0 ? "student" : "companion"));
  return u;
}

std::optional<int> maybe(std::mt19937_64& rng, int below) {
  if (rng() % 2 == 0) return std::nullopt;
  return static_cast<int>(rng() % below);
}

Case random_case(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  Case c{test_config(), exit_plan({}), {}};
  c.config.manifest.standby = static_cast<int>(rng() % 4);
  c.config.manifest.min_companions = static_cast<int>(rng() % 2);
  c.config.manifest.min_companions_child = static_cast<int>(rng() % 3);
  for (const char* cat : {"medical", "companion", "student"})
    if (rng() % 5 != 0) c.plan.capacity.places[cat] = static_cast<int>(rng() % 10);
  c.plan.capacity.total = maybe(rng, 16);
  c.plan.max_travellers = maybe(rng, 16);
  // Now and then more units than the builder's first batch holds.
  const int n = static_cast<int>(rng() % (rng() % 5 == 0 ? 400 : 61));
  for (int i = 0; i < n; ++i) c.units.push_back(random_unit(rng, i));
  return c;
}

bool eligible(const Candidate& c, const DayPlan& plan) {
  return c.cleared && (!c.valid_until || *c.valid_until >= plan.closes_at) &&
         (!c.scheduled_on || *c.scheduled_on == plan.day);
}

// Whether the unit can travel at all: eligible principal, required companions.
bool ready(const Case& c, const Unit& u) {
  if (!eligible(u.principal, c.plan)) return false;
  if (u.principal.category != "medical") return true;  // only medical takes companions
  const auto has = std::count_if(u.companions.begin(), u.companions.end(),
                                 [&](const Candidate& m) { return eligible(m, c.plan); });
  const bool child = age_on(u.principal.date_of_birth, c.plan.day) < c.config.crossing.child_age;
  return has >= (child ? c.config.manifest.min_companions_child : c.config.manifest.min_companions);
}

// Places per category and size of a unit's travelling group.
std::map<std::string, int> needs_of(const Case& c, const Unit& u) {
  std::map<std::string, int> needs{{u.principal.category, 1}};
  for (const Candidate& m : u.companions)
    if (eligible(m, c.plan)) ++needs[m.category];
  return needs;
}

int size_of(const std::map<std::string, int>& needs) {
  int n = 0;
  for (const auto& [cat, k] : needs) n += k;
  return n;
}

struct Left {
  std::map<std::string, int> places;
  int total = 1 << 30;
  int cap = 1 << 30;
};

Left full_places(const Case& c) {
  Left left{c.plan.capacity.places};
  if (c.plan.capacity.total) left.total = *c.plan.capacity.total;
  if (c.plan.max_travellers) left.cap = *c.plan.max_travellers;
  return left;
}

bool fits(const Left& left, const std::map<std::string, int>& needs) {
  for (const auto& [cat, k] : needs) {
    auto it = left.places.find(cat);
    if ((it == left.places.end() ? 0 : it->second) < k) return false;
  }
  return size_of(needs) <= left.total && size_of(needs) <= left.cap;
}

void use(Left& left, const std::map<std::string, int>& needs) {
  for (const auto& [cat, k] : needs) left.places[cat] -= k;
  left.total -= size_of(needs);
  left.cap -= size_of(needs);
}

// Unit indices in priority order, by the public order and the builder's scores.
std::vector<std::uint32_t> by_priority(const Case& c, const Manifest& m) {
  std::vector<std::uint32_t> order(c.units.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return higher_priority(m.priority[a], c.units[a].principal, m.priority[b],
                           c.units[b].principal);
  });
  return order;
}

// The units on a list, in list order, each once.
std::vector<std::uint32_t> units_on(const std::vector<Placed>& list) {
  std::vector<std::uint32_t> out;
  for (const Placed& p : list)
    if (out.empty() || out.back() != p.unit) out.push_back(p.unit);
  return out;
}

template <class Check>
void for_random_cases(int count, std::uint64_t first_seed, Check check) {
  for (int i = 0; i < count; ++i) {
    const std::uint64_t seed = first_seed + static_cast<std::uint64_t>(i);
    SCOPED_TRACE("seed " + std::to_string(seed));
    const Case c = random_case(seed);
    check(c, build_manifest(c.config, c.plan, c.units));
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(ManifestProperty, NeverExceedsAPlaceAndNeverSplitsAGroup) {
  for_random_cases(400, 1000, [](const Case& c, const Manifest& m) {
    Left left = full_places(c);
    std::map<std::string, int> counted;
    std::size_t k = 0;
    for (std::uint32_t u : units_on(m.main)) {
      const Unit& unit = c.units[u];
      ASSERT_TRUE(ready(c, unit)) << unit.principal.ref;
      // The principal, then every eligible companion in order, and no one else.
      std::vector<std::uint32_t> expected{0};
      for (std::uint32_t j = 0; j < unit.companions.size(); ++j)
        if (eligible(unit.companions[j], c.plan)) expected.push_back(j + 1);
      for (std::uint32_t member : expected) {
        ASSERT_LT(k, m.main.size());
        EXPECT_EQ(m.main[k].unit, u);
        EXPECT_EQ(m.main[k].member, member);
        ++k;
      }
      const auto needs = needs_of(c, unit);
      for (const auto& [cat, n] : needs) counted[cat] += n;
      use(left, needs);
    }
    EXPECT_EQ(k, m.main.size());
    for (const auto& [cat, n] : counted) {
      EXPECT_LE(n, c.plan.capacity.of(cat)) << cat;
      EXPECT_EQ(m.counts.at(cat), n) << cat;
    }
    EXPECT_GE(left.total, 0);
    EXPECT_GE(left.cap, 0);
  });
}

TEST(ManifestProperty, NoLowerUnitChosenOverAHigherOneThatFits) {
  for_random_cases(400, 2000, [](const Case& c, const Manifest& m) {
    std::set<std::uint32_t> chosen;
    for (const Placed& p : m.main) chosen.insert(p.unit);
    Left left = full_places(c);
    std::optional<std::uint32_t> passed_over;  // a higher unit that would have fitted
    for (std::uint32_t u : by_priority(c, m)) {
      const auto needs = needs_of(c, c.units[u]);
      if (chosen.contains(u)) {
        EXPECT_FALSE(passed_over) << c.units[u].principal.ref << " chosen over "
                                  << c.units[*passed_over].principal.ref;
        use(left, needs);
      } else if (!passed_over && ready(c, c.units[u]) && fits(left, needs)) {
        passed_over = u;
      }
    }
  });
}

TEST(ManifestProperty, StandbyIsTheNextReadyUnitsThatCouldFitAnEmptyDay) {
  for_random_cases(400, 3000, [](const Case& c, const Manifest& m) {
    std::set<std::uint32_t> chosen;
    for (const Placed& p : m.main) chosen.insert(p.unit);
    std::vector<std::uint32_t> expected;
    for (std::uint32_t u : by_priority(c, m)) {
      if (expected.size() == static_cast<std::size_t>(c.config.manifest.standby)) break;
      if (!chosen.contains(u) && ready(c, c.units[u]) &&
          fits(full_places(c), needs_of(c, c.units[u])))
        expected.push_back(u);
    }
    EXPECT_EQ(units_on(m.standby), expected);
  });
}

TEST(ManifestProperty, EveryoneLeftOutIsExplainedOnce) {
  for_random_cases(400, 4000, [](const Case& c, const Manifest& m) {
    std::set<std::pair<std::uint32_t, std::uint32_t>> on_main, on_standby, skipped;
    for (const Placed& p : m.main) EXPECT_TRUE(on_main.insert({p.unit, p.member}).second);
    for (const Placed& p : m.standby) EXPECT_TRUE(on_standby.insert({p.unit, p.member}).second);
    for (const Skipped& s : m.skipped) {
      EXPECT_TRUE(skipped.insert({s.unit, s.member}).second) << s.unit << "/" << s.member;
      EXPECT_FALSE(on_main.contains({s.unit, s.member}));
    }
    std::set<std::uint32_t> main_units, standby_units;
    for (const Placed& p : m.main) main_units.insert(p.unit);
    for (const Placed& p : m.standby) standby_units.insert(p.unit);
    for (std::uint32_t u = 0; u < c.units.size(); ++u) {
      const Unit& unit = c.units[u];
      EXPECT_FALSE(main_units.contains(u) && standby_units.contains(u));
      EXPECT_EQ(main_units.contains(u), !skipped.contains({u, 0})) << unit.principal.ref;
      if (!main_units.contains(u) && !standby_units.contains(u)) continue;
      for (std::uint32_t j = 0; j < unit.companions.size(); ++j) {
        if (!eligible(unit.companions[j], c.plan)) {
          EXPECT_TRUE(skipped.contains({u, j + 1})) << unit.companions[j].ref;
        }
      }
    }
  });
}

TEST(ManifestProperty, SameInputSameManifestInAnyOrder) {
  for_random_cases(300, 5000, [](const Case& c, const Manifest& m) {
    const Manifest again = build_manifest(c.config, c.plan, c.units);
    auto same_list = [](const std::vector<Placed>& a, const std::vector<Placed>& b) {
      return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                        [](const Placed& x, const Placed& y) {
                          return x.unit == y.unit && x.member == y.member;
                        });
    };
    EXPECT_TRUE(same_list(m.main, again.main));
    EXPECT_TRUE(same_list(m.standby, again.standby));
    ASSERT_EQ(m.skipped.size(), again.skipped.size());
    for (std::size_t i = 0; i < m.skipped.size(); ++i) {
      EXPECT_EQ(m.skipped[i].unit, again.skipped[i].unit);
      EXPECT_EQ(m.skipped[i].member, again.skipped[i].member);
      EXPECT_EQ(m.skipped[i].reason, again.skipped[i].reason);
      EXPECT_EQ(m.details[m.skipped[i].detail], again.details[again.skipped[i].detail]);
    }
    EXPECT_EQ(m.counts, again.counts);

    std::vector<Unit> shuffled = c.units;
    std::mt19937_64 rng(c.units.size());
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    const Manifest other = build_manifest(c.config, c.plan, shuffled);
    EXPECT_EQ(refs(m.main, c.units), refs(other.main, shuffled));
    EXPECT_EQ(refs(m.standby, c.units), refs(other.standby, shuffled));
    EXPECT_EQ(m.skipped.size(), other.skipped.size());
  });
}

TEST(ManifestProperty, ScoresAreThoseOfPriorityOf) {
  for_random_cases(400, 6000, [](const Case& c, const Manifest& m) {
    ASSERT_EQ(m.priority.size(), c.units.size());
    for (std::size_t i = 0; i < c.units.size(); ++i) {
      const Priority p = priority_of(c.config, c.units[i].principal, c.plan.day);
      EXPECT_EQ(m.priority[i].urgency, p.urgency) << i;
      EXPECT_EQ(m.priority[i].waiting, p.waiting) << i;
      EXPECT_EQ(m.priority[i].child, p.child) << i;
      EXPECT_EQ(m.priority[i].days_waiting, p.days_waiting) << i;
    }
  });
}

TEST(ManifestProperty, RandomCasesReachEveryReason) {
  // Keeps the properties above honest: the cases they run on do exercise
  // every reason, and choose people.
  std::set<SkipReason> seen;
  int with_main = 0, with_standby = 0;
  for_random_cases(400, 1000, [&](const Case&, const Manifest& m) {
    for (const Skipped& s : m.skipped) seen.insert(s.reason);
    with_main += !m.main.empty();
    with_standby += !m.standby.empty();
  });
  EXPECT_EQ(seen.size(), 8u);
  EXPECT_GT(with_main, 200);
  EXPECT_GT(with_standby, 100);
}

// The builder beside the plainest reading of the rules: score everyone,
// sort everyone, take each ready unit that fits, standby the next ones that
// could fit an empty day. Large enough for the builder's two threads.
TEST(ManifestProperty, LargeInputMatchesAFullSort) {
  const std::uint64_t seed = 77;
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  Case c{test_config(), exit_plan({{"medical", 50}, {"companion", 100}, {"student", 5}}), {}};
  c.config.manifest.standby = 10;
  for (int i = 0; i < 150000; ++i) c.units.push_back(random_unit(rng, i));
  const Manifest m = build_manifest(c.config, c.plan, c.units);

  std::vector<std::uint32_t> order(c.units.size());
  std::iota(order.begin(), order.end(), 0u);
  std::vector<Priority> prio;
  for (const Unit& u : c.units) prio.push_back(priority_of(c.config, u.principal, c.plan.day));
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return higher_priority(prio[a], c.units[a].principal, prio[b], c.units[b].principal);
  });
  Left left = full_places(c);
  std::vector<std::uint32_t> main, standby;
  for (std::uint32_t u : order) {
    if (!ready(c, c.units[u])) continue;
    const auto needs = needs_of(c, c.units[u]);
    if (fits(left, needs)) {
      use(left, needs);
      main.push_back(u);
    } else if (standby.size() < 10 && fits(full_places(c), needs)) {
      standby.push_back(u);
    }
  }
  EXPECT_EQ(units_on(m.main), main);
  EXPECT_EQ(units_on(m.standby), standby);
  for (std::size_t i = 0; i < c.units.size(); ++i) {
    ASSERT_EQ(m.priority[i].total(), prio[i].total()) << i;
    ASSERT_EQ(m.priority[i].days_waiting, prio[i].days_waiting) << i;
  }
  std::set<std::uint32_t> explained;
  for (const Skipped& s : m.skipped)
    if (s.member == 0) {
      EXPECT_TRUE(explained.insert(s.unit).second) << s.unit;
    }
  EXPECT_EQ(explained.size() + main.size(), c.units.size());

  const Manifest again = build_manifest(c.config, c.plan, c.units);
  ASSERT_EQ(again.skipped.size(), m.skipped.size());
  for (std::size_t i = 0; i < m.skipped.size(); ++i) {
    ASSERT_EQ(again.skipped[i].unit, m.skipped[i].unit) << i;
    ASSERT_EQ(again.skipped[i].reason, m.skipped[i].reason) << i;
  }
}

}  // namespace
}  // namespace corridor::core
