#include <corridor/plan/engine.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>

namespace corridor::plan {
namespace {

Scenario load(const std::string& name) {
  std::ifstream in(std::string(CORRIDOR_SOURCE_DIR) + "/config/plan/" + name + ".toml");
  std::stringstream text;
  text << in.rdbuf();
  auto s = parse_scenario(text.str(), name);
  EXPECT_TRUE(s.ok());
  return *s;
}

// 16,500 cleared patients, nothing random: 50 a day, every day.
Scenario arithmetic() {
  Scenario s;
  s.name = "arithmetic";
  s.start = {2026, 12, 6};
  s.crossing.open_weekdays = {0, 1, 2, 3, 4, 5, 6};
  s.crossing.patient_places = 50;
  s.crossing.companion_places = 0;
  s.crossing.standby = 0;
  s.crossing.companions = {1.0};
  s.classes = {{"critical", 0, 0, 0}, {"routine", 0, 0, 0}};
  s.stages = {{"referral", "who", 1, 1, 10, 1, 0}};
  s.backlog = {{"critical", false, {}, {2026, 1, 1}, 6500},
               {"routine", true, {}, {2025, 1, 1}, 10000}};
  return s;
}

TEST(Engine, ArithmeticScenarioTakes330Days) {
  RunOptions o;
  o.runs = 3;
  o.days = 400;
  auto r = run(arithmetic(), o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->clear_days["all"].p10, 330);
  EXPECT_EQ(r->clear_days["all"].p90, 330);
  EXPECT_EQ(r->clear_days["critical"].p50, 130);  // 6,500 critical first
  EXPECT_EQ(r->clear_days["routine"].p50, 330);
  EXPECT_EQ(r->crossed.mean, 16500);
  EXPECT_EQ(r->deaths.mean, 0);
}

TEST(Engine, RafahRunsFast) {
  const Scenario s = load("rafah");
  RunOptions o;
  o.runs = 2000;
  o.threads = 1;
  const auto t0 = std::chrono::steady_clock::now();
  auto r = run(s, o);
  const auto ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_TRUE(r.ok());
  std::cout << to_json(*r).substr(0, 3000) << "\n" << ms << " ms\n";
}

}  // namespace
}  // namespace corridor::plan
