#include <corridor/plan/scenario.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace corridor::plan {
namespace {

const char* k_good = R"(
format = "corridor-plan-scenario/v1"
name = "test"
start = "2026-12-07"
description = "a \"quoted\" line\nand another"
[crossing]
open_weekdays = ["mon", "sun"]
suspend_probability = 0.1
suspend_repeat = 0.5
patient_places = 50
companion_places = 100
equal_in_out = true
entry_per_day = 50
entry_places = 50
standby = 10
no_show = 0.15
turn_back = 0.02
companions = [0.05, 0.25, 0.45, 0.2, 0.05]
[priority]
urgency_points = 1000
points_per_day = 5
max_aging_points = 1500
child_points = 100
[[class]]
urgency = "critical"
referrals_per_day = 2.0
child_share = 0.25
death_hazard = 0.002
[[class]]
urgency = "routine"
[[stage]]
id = "referral"
party = "who"
step = 1
min_days = 1
capacity_per_day = 120.0
approve = 0.95
deny = 0.03
[[stage]]
id = "acceptance"
party = "egypt"
step = 2
min_days = 3
capacity_per_day = 60
approve = 0.9
[[stage]]
id = "security"
party = "cogat"
step = 2
min_days = 7
capacity_per_day = 60
approve = 0.8
deny = 0.1
[[backlog]]
urgency = "critical"
child = true
pending = ["security", "acceptance"]
waiting_since = "2025-10-06"
count = 400
[[backlog]]
urgency = "routine"
pending = []
waiting_since = 2026-01-01
count = 7
[calibration]
"class.critical.referrals_per_day" = { n = 412, low = 1.8, high = 2.4 }
"class.routine.death_hazard" = { n = 2, assumed = true, note = "DOMAIN.md default" }
)";

Scenario parsed(std::string_view text) {
  auto s = parse_scenario(text, "t.toml");
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
  return s.ok() ? *s : Scenario{};
}

TEST(Scenario, ReadsEveryKey) {
  const Scenario s = parsed(k_good);
  EXPECT_EQ(s.name, "test");
  EXPECT_EQ(s.start, (core::Date{2026, 12, 7}));
  EXPECT_EQ(s.description, "a \"quoted\" line\nand another");
  EXPECT_EQ(s.crossing.open_weekdays, (std::vector<int>{0, 1}));
  EXPECT_TRUE(s.crossing.equal_in_out);
  EXPECT_EQ(s.crossing.total_places, 0);
  EXPECT_DOUBLE_EQ(s.crossing.entry_per_day, 50);
  ASSERT_EQ(s.classes.size(), 2u);
  EXPECT_EQ(s.classes[1].urgency, "routine");
  EXPECT_EQ(s.classes[1].death_hazard, 0);
  ASSERT_EQ(s.stages.size(), 3u);
  EXPECT_EQ(s.stages[2].min_days, 7);
  EXPECT_DOUBLE_EQ(s.stages[1].deny, 0);
  ASSERT_EQ(s.backlog.size(), 2u);
  EXPECT_EQ(s.backlog[0].pending, (std::vector<std::string>{"security", "acceptance"}));
  EXPECT_TRUE(s.backlog[1].pending.empty());
  EXPECT_EQ(s.backlog[1].waiting_since, (core::Date{2026, 1, 1}));
  ASSERT_EQ(s.calibration.size(), 2u);
  EXPECT_EQ(s.calibration.at("class.critical.referrals_per_day").n, 412);
  EXPECT_EQ(*s.calibration.at("class.critical.referrals_per_day").low, 1.8);
  EXPECT_TRUE(s.calibration.at("class.routine.death_hazard").assumed);
}

TEST(Scenario, FormatReadsBackTheSame) {
  Scenario s = parsed(k_good);
  s.crossing.no_show = 0.1 + 0.2;  // not a short decimal
  s.classes[0].death_hazard = 1.0 / 3.0;
  s.name = "tab\there \\ \x01";
  const std::string text = format_scenario(s);
  const Scenario back = parsed(text);
  EXPECT_TRUE(back == s) << text;
  EXPECT_EQ(format_scenario(back), text);
  EXPECT_NE(text.find("# a waiting patient dies on a day"), std::string::npos);
}

TEST(Scenario, CheckedInScenariosRoundTrip) {
  for (const char* name : {"rafah", "rafah-200", "rafah-suspend"}) {
    std::ifstream in(std::string(CORRIDOR_SOURCE_DIR) + "/config/plan/" + name + ".toml");
    std::stringstream text;
    text << in.rdbuf();
    const Scenario s = parsed(text.str());
    EXPECT_TRUE(parsed(format_scenario(s)) == s) << name;
  }
}

// Replaces the first `from` of the good file by `to`, and returns the error.
core::Error error_of(std::string_view from, std::string_view to) {
  std::string text = k_good;
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
  auto s = parse_scenario(text, "t.toml");
  EXPECT_FALSE(s.ok()) << to;
  return s.ok() ? core::Error{} : s.error();
}

void expect_error(std::string_view from, std::string_view to, std::string_view field,
                  std::string_view words) {
  const core::Error e = error_of(from, to);
  EXPECT_EQ(e.code, core::Errc::bad_input);
  EXPECT_EQ(e.field, field) << e.message;
  EXPECT_NE(e.message.find(words), std::string::npos) << e.message;
  EXPECT_EQ(e.message.rfind("t.toml:", 0), 0u) << e.message;
}

TEST(Scenario, RefusesBadNumbersNamingTheKeyAndTable) {
  expect_error("approve = 0.9\n", "approve = 1.5\n", "stage[2].approve",
               "[[stage]] 2: 'approve' must be between 0 and 1 (got 1.5)");
  expect_error("deny = 0.1", "deny = 0.3", "stage[3].approve", "plus 'deny' must be at most 1");
  expect_error("min_days = 3", "min_days = 0", "stage[2].min_days", "between 1 and 3650");
  expect_error("count = 400", "count = -1", "backlog[1].count", "[[backlog]] 1: 'count'");
  expect_error("count = 400", "count = 10000001", "backlog[1].count", "10000000");
  expect_error("child_share = 0.25", "child_share = nan", "class[1].child_share", "between");
  expect_error("death_hazard = 0.002", "death_hazard = -0.1", "class[1].death_hazard",
               "[[class]] 1");
  expect_error("0.45, 0.2", "0.45, 0.3", "crossing.companions", "sum to 1");
  expect_error("no_show = 0.15", "no_show = \"x\"", "crossing.no_show", "must be a number");
  expect_error("patient_places = 50", "patient_places = 5.5", "crossing.patient_places",
               "an integer");
}

TEST(Scenario, RefusesBadStructure) {
  expect_error("turn_back = 0.02", "turn_back = 0.02\nturnback = 1", "crossing.turnback",
               "[crossing]: 'turnback' unknown key");
  expect_error("urgency = \"routine\"\n[[stage]]", "urgency = \"critical\"\n[[stage]]",
               "class[2].urgency", "listed twice");
  expect_error("id = \"security\"", "id = \"acceptance\"", "stage[3].id", "listed twice");
  expect_error("pending = [\"security\", \"acceptance\"]", "pending = [\"referral\", \"security\"]",
               "backlog[1].pending", "one step");
  expect_error("pending = [\"security\", \"acceptance\"]", "pending = [\"nope\"]",
               "backlog[1].pending", "names no [[stage]]");
  expect_error("urgency = \"critical\"\nchild", "urgency = \"urgent\"\nchild", "backlog[1].urgency",
               "names no [[class]]");
  expect_error("waiting_since = \"2025-10-06\"", "waiting_since = \"2026-12-08\"",
               "backlog[1].waiting_since", "after 'start'");
  expect_error("waiting_since = \"2025-10-06\"", "waiting_since = \"2025-02-30\"",
               "backlog[1].waiting_since", "a date");
  expect_error("[\"mon\", \"sun\"]", "[\"mon\", \"mon\"]", "crossing.open_weekdays", "twice");
  expect_error("[\"mon\", \"sun\"]", "[\"monday\"]", "crossing.open_weekdays", "no weekday");
  expect_error("corridor-plan-scenario/v1", "corridor-plan-scenario/v2", "format", "must be");
  expect_error("step = 2\nmin_days = 7", "step = 1\nmin_days = 7", "stage[3].step",
               "below the step before");
  expect_error("{ n = 412,", "{ m = 412,", "calibration.class.critical.referrals_per_day.m",
               "unknown key");
  expect_error("name = \"test\"\n", "", "name", "'name' is missing");
  expect_error("start = ", "start = [", "", "t.toml:");
}

TEST(Scenario, RefusesMoreThanItsLimits) {
  std::string text = k_good;
  for (int i = 0; i < 5; ++i)
    text += "[[stage]]\nid = \"s" + std::to_string(i) +
            "\"\nparty = \"p\"\nstep = 9\nmin_days = 1\ncapacity_per_day = 1\napprove = 1\n";
  auto s = parse_scenario(text, "t.toml");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("more than 4 stages"), std::string::npos);
  text = k_good;
  for (int i = 0; i < 16; ++i) text += "[[class]]\nurgency = \"u" + std::to_string(i) + "\"\n";
  s = parse_scenario(text, "t.toml");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "class");
}

// Totals the engine's 32-bit counts must hold: the whole backlog, and the
// referrals of all classes a day.
TEST(Scenario, RefusesTotalsOverItsLimits) {
  std::string text = k_good;
  const std::string row =
      "[[backlog]]\nurgency = \"routine\"\npending = []\nwaiting_since = 2026-01-01\n"
      "count = 10000000\n";
  text.replace(text.find("[calibration]"), 0, row);
  auto s = parse_scenario(text, "t.toml");
  ASSERT_FALSE(s.ok());
  // Tables are counted from 1 in fields and messages.
  EXPECT_EQ(s.error().field, "backlog[3].count") << s.error().message;
  EXPECT_NE(s.error().message.find("brings the backlog over 10000000"), std::string::npos);
  text = k_good;
  text.replace(text.find("referrals_per_day = 2.0"), 23, "referrals_per_day = 10000.5");
  s = parse_scenario(text, "t.toml");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("more than 10000 a day"), std::string::npos)
      << s.error().message;
}

// toml++ reads nesting and dotted keys by recursion: a deep one would
// overflow the stack (one POST /api/v1/plan could stop the server).
TEST(Scenario, RefusesNestingThatWouldOverflowTheParsersStack) {
  std::string dotted = "x";
  for (int i = 0; i < 60'000; ++i) dotted += ".k";
  auto s = parse_scenario(dotted + " = 1\n" + k_good, "t.toml");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "t.toml:1:130: more than 64 dots in a line");
  const std::string deep = "x = " + std::string(100'000, '[') + std::string(100'000, ']') + "\n";
  s = parse_scenario(deep + k_good, "t.toml");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "t.toml:1:21: arrays or tables nested more than 16 deep");
  // Dots and brackets in strings and comments count for nothing.
  std::string text = k_good;
  text.replace(text.find("name = \"test\""), 13,
               "name = \"" + std::string(100, '.') + std::string(40, '[') + "\" # " +
                   std::string(100, '.') + std::string(40, '{'));
  EXPECT_TRUE(parse_scenario(text, "t.toml").ok());
}

TEST(Scenario, AppliesChanges) {
  Changes c;
  c.patient_places = 200;
  c.companion_places = 400;
  c.days_open_per_week = 7;
  c.suspend_probability = 0.5;
  c.equal_in_out = false;
  c.min_days["security"] = 10;
  c.capacity_per_day["security"] = 80;
  auto s = apply_changes(parsed(k_good), c);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->crossing.patient_places, 200);
  EXPECT_EQ(s->crossing.companion_places, 400);
  EXPECT_EQ(s->crossing.open_weekdays, (std::vector<int>{0, 1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(s->crossing.suspend_probability, 0.5);
  EXPECT_FALSE(s->crossing.equal_in_out);
  EXPECT_EQ(s->stages[2].min_days, 10);
  EXPECT_EQ(s->stages[2].capacity_per_day, 80);
  EXPECT_EQ(s->stages[1].min_days, 3);
}

TEST(Scenario, RefusesBadChanges) {
  Changes c;
  c.min_days["nope"] = 3;
  auto s = apply_changes(parsed(k_good), c);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "min_days.nope");
  Changes d;
  d.days_open_per_week = 8;
  s = apply_changes(parsed(k_good), d);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "days_open_per_week");
  Changes e;
  e.suspend_probability = 1.5;
  EXPECT_FALSE(apply_changes(parsed(k_good), e).ok());
  Changes f;
  f.capacity_per_day["security"] = -1;
  s = apply_changes(parsed(k_good), f);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "capacity_per_day.security");
}

}  // namespace
}  // namespace corridor::plan

namespace corridor::plan {
namespace {

TEST(Scenario, RefusesBytesTomlPlusPlusMustNotSee) {
  std::string text = k_good;
  text.replace(text.find("name = \"test\""), 13, "name = \"t\xc3\xa9st\" # caf\xc3\xa9");
  EXPECT_TRUE(parse_scenario(text, "t.toml").ok());  // in strings and comments: fine
  std::string outside = k_good;
  outside.replace(outside.find("name = "), 7, "name \xcb\x94 ");
  auto s = parse_scenario(outside, "t.toml");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "t.toml:3:6: a non-ASCII character outside a string or comment");
  std::string broken = k_good;
  broken.replace(broken.find("name = \"test\""), 13, "name = \"t\x9e\"");
  s = parse_scenario(broken, "t.toml");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "t.toml:3:10: not well-formed UTF-8");
  EXPECT_FALSE(parse_scenario("[:a]\n", "t.toml").ok());
}

}  // namespace
}  // namespace corridor::plan
