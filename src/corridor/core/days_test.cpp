#include <corridor/core/crossing_test_config.hpp>
#include <corridor/core/days.hpp>

#include <gtest/gtest.h>

namespace corridor::core {
namespace {

using testing::crossing_config;
using testing::rule_of;

const Date k_today{2026, 2, 2};
const std::string k_cap = "exit/medical=50,exit/companion=100";

Capacity capacity_of(std::string_view text) { return *parse_capacity(text); }

DayChange change(DayAction a, std::string party, Date from,
                 std::optional<Capacity> capacity = std::nullopt) {
  DayChange c;
  c.action = a;
  c.party = std::move(party);
  c.from = from;
  c.until = from;
  c.capacity = capacity;
  c.reason = "a reason";
  return c;
}

DayChange opening(std::string party, std::optional<Capacity> capacity = capacity_of(k_cap)) {
  return change(DayAction::open, std::move(party), k_today, capacity);
}

TEST(DayAction, NamesRoundTrip) {
  for (DayAction a : {DayAction::open, DayAction::suspend, DayAction::close})
    EXPECT_EQ(parse_day_action(to_string(a)), a);
  EXPECT_EQ(to_string(DayAction::suspend), "suspend");
  EXPECT_FALSE(parse_day_action("reopen"));
}

TEST(CheckDayChange, OnlyTheConfigsPartiesMayMakeEachChange) {
  const Config config = crossing_config();
  EXPECT_TRUE(check_day_change(config, opening("egypt"), k_today));
  EXPECT_EQ(rule_of(check_day_change(config, opening("pa"), k_today)), "crossing-party");
  EXPECT_TRUE(check_day_change(config, change(DayAction::suspend, "pa", k_today), k_today));
  EXPECT_EQ(rule_of(check_day_change(config, change(DayAction::close, "who", k_today), k_today)),
            "crossing-party");
  auto r = check_day_change(config, opening("who"), k_today);
  EXPECT_NE(r.error().message.find("egypt, cogat"), std::string::npos) << r.error().message;
}

TEST(CheckDayChange, ADayInThePastIsRefused) {
  const Config config = crossing_config();
  DayChange c = opening("egypt");
  c.from = c.until = k_today.plus_days(-1);
  EXPECT_EQ(rule_of(check_day_change(config, c, k_today)), "day-past");
  c.from = c.until = k_today.plus_days(30);
  EXPECT_TRUE(check_day_change(config, c, k_today));
}

TEST(CheckDayChange, OneChangeCoversAtMost366Days) {
  const Config config = crossing_config();
  DayChange c = change(DayAction::close, "pa", k_today);
  c.until = k_today.plus_days(k_max_days_per_change - 1);
  EXPECT_TRUE(check_day_change(config, c, k_today));
  c.until = k_today.plus_days(k_max_days_per_change);
  EXPECT_EQ(rule_of(check_day_change(config, c, k_today)), "day-range");
}

TEST(CheckDayChange, AnOpeningStatesCapacitiesAndGivesThemCanonical) {
  const Config config = crossing_config();
  auto r = check_day_change(config, opening("egypt"), k_today);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, format_capacity(*parse_capacity(k_cap)));
  EXPECT_FALSE(r->empty());
  auto none = check_day_change(config, opening("egypt", std::nullopt), k_today);
  EXPECT_EQ(rule_of(none), "bad-capacity");
  EXPECT_EQ(none.error().field, "capacity");
}

TEST(CheckDayChange, OnlyAnOpeningSetsCapacities) {
  const Config config = crossing_config();
  auto r = check_day_change(
      config, change(DayAction::suspend, "egypt", k_today, capacity_of(k_cap)), k_today);
  EXPECT_EQ(rule_of(r), "bad-capacity");
  auto ok = check_day_change(config, change(DayAction::suspend, "egypt", k_today), k_today);
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, "");
}

TEST(CheckCapacity, CategoriesMustExistAndTravelTheirDirection) {
  const Config config = crossing_config();
  EXPECT_TRUE(
      check_capacity(config, capacity_of("exit/student=5,entry/student=5,entry/returnee=9")));
  EXPECT_EQ(rule_of(check_capacity(config, capacity_of("exit/tourist=5"))), "bad-capacity");
  EXPECT_EQ(rule_of(check_capacity(config, capacity_of("exit/returnee=5"))), "bad-capacity");
  EXPECT_EQ(rule_of(check_capacity(config, capacity_of("entry/medical=5"))), "bad-capacity");
  // An opening whose check fails names the category.
  auto r = check_day_change(config, opening("egypt", capacity_of("exit/tourist=5")), k_today);
  EXPECT_EQ(rule_of(r), "bad-capacity");
  EXPECT_NE(r.error().message.find("no category tourist"), std::string::npos) << r.error().message;
}

TEST(ChangeDay, EveryOpenerMustSignTheSameCapacities) {
  const Config config = crossing_config();
  const std::string cap = *check_day_change(config, opening("egypt"), k_today);
  auto first = change_day(config, std::nullopt, k_today, opening("egypt"), cap);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->day.date, k_today);
  EXPECT_EQ(first->day.status, "pending");
  EXPECT_EQ(first->day.signed_by, std::vector<std::string>{"egypt"});
  EXPECT_EQ(first->day.capacity, cap);
  EXPECT_EQ(first->day.reason, "a reason");

  auto second = change_day(config, first->day, k_today, opening("cogat"), cap);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->day.status, "open");
  EXPECT_EQ(second->day.signed_by, (std::vector<std::string>{"cogat", "egypt"}));
  EXPECT_FALSE(second->unschedule);

  EXPECT_EQ(rule_of(change_day(config, second->day, k_today, opening("egypt"), cap)),
            "already-signed");
}

TEST(ChangeDay, OtherCapacitiesStartTheSignaturesAgain) {
  const Config config = crossing_config();
  CrossingDay open{k_today, "open", {"cogat", "egypt"}, "exit/medical=50", "", false};
  auto r = change_day(config, open, k_today, opening("egypt"), "exit/medical=60");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->day.status, "pending");
  EXPECT_EQ(r->day.signed_by, std::vector<std::string>{"egypt"});
  EXPECT_EQ(r->day.capacity, "exit/medical=60");
  EXPECT_TRUE(r->unschedule);
}

TEST(ChangeDay, ReopeningASuspendedDayStartsTheSignaturesAgain) {
  const Config config = crossing_config();
  CrossingDay suspended{k_today, "suspended", {}, "exit/medical=50", "shelling", false};
  auto r = change_day(config, suspended, k_today, opening("cogat"), "exit/medical=50");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->day.status, "pending");
  EXPECT_TRUE(r->unschedule);
}

TEST(ChangeDay, SuspendingOrClosingVoidsTheDaysListsAndSignatures) {
  const Config config = crossing_config();
  CrossingDay open{k_today, "open", {"cogat", "egypt"}, "exit/medical=50", "", false};
  auto s = change_day(config, open, k_today, change(DayAction::suspend, "pa", k_today), "");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->day.status, "suspended");
  EXPECT_TRUE(s->day.signed_by.empty());
  EXPECT_TRUE(s->unschedule);
  EXPECT_EQ(s->day.reason, "a reason");
  auto c = change_day(config, open, k_today, change(DayAction::close, "egypt", k_today), "");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->day.status, "closed");
  EXPECT_TRUE(c->unschedule);
}

TEST(ChangeDay, ADayClosedAtTheGateTakesNoChange) {
  const Config config = crossing_config();
  CrossingDay done{k_today, "open", {"cogat", "egypt"}, "exit/medical=50", "", true};
  EXPECT_EQ(
      rule_of(change_day(config, done, k_today, change(DayAction::suspend, "pa", k_today), "")),
      "day-closed");
  EXPECT_EQ(rule_of(change_day(config, done, k_today, opening("egypt"), "exit/medical=50")),
            "day-closed");
}

TEST(CheckDayOpen, OnlyAnOpenDayNotClosedAtTheGate) {
  EXPECT_EQ(rule_of(check_day_open(std::nullopt, k_today)), "day-not-open");
  CrossingDay day{k_today, "pending", {"egypt"}, "exit/medical=50", "", false};
  EXPECT_EQ(rule_of(check_day_open(day, k_today)), "day-not-open");
  day.status = "suspended";
  day.reason = "shelling";
  auto r = check_day_open(day, k_today);
  EXPECT_EQ(rule_of(r), "day-not-open");
  EXPECT_NE(r.error().message.find("suspended on 2026-02-02 (shelling)"), std::string::npos)
      << r.error().message;
  day.status = "open";
  EXPECT_TRUE(check_day_open(day, k_today));
  day.gate_closed = true;
  EXPECT_EQ(rule_of(check_day_open(day, k_today)), "day-closed");
}

}  // namespace
}  // namespace corridor::core
