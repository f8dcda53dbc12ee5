// The crossing's estimators of `plan calibrate` (calibrate_estimate.cpp)
// on counts made by hand: the weekly schedule, suspensions and their runs,
// places, no-shows, turn-backs, companions and entries, each with its
// interval and threshold.

#include <corridor/plan/calibrate_observe.hpp>

#include <corridor/app/service.hpp>
#include <corridor/plan/estimators.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace corridor::plan::calibration {
namespace {

class EstimateTest : public ::testing::Test {
protected:
  void SetUp() override {
    auto c = core::parse_config(app::embedded_default_config(), "rafah.toml");
    ASSERT_TRUE(c.ok());
    config = std::move(c).value();
    auto r = roles_of(config);
    ASSERT_TRUE(r.ok());
    roles = *r;
    obs.window.first = core::Date{2026, 3, 1};  // a Sunday
    obs.window.today = core::Date{2026, 4, 25};
    for (const std::string& u : config.urgencies) obs.classes[u];
    for (const core::StageDef& s : roles.workflow->stages) obs.stages[s.id];
  }

  Scenario estimated() { return estimate(obs, config, roles, obs.window.today.plus_days(1)); }

  // Scheduled days: each weekday of 8 weeks from Sunday 1 March, with
  // `ran(i)` saying whether the i-th ran.
  template <class F>
  void schedule(const std::vector<int>& weekdays, F ran, core::Capacity cap = {}) {
    int i = 0;
    for (int week = 0; week < 8; ++week)
      for (int w : weekdays) {
        const core::Date d = obs.window.first.plus_days(week * 7 + w);
        obs.days.push_back({d, ran(i++), cap});
      }
  }

  core::Config config;
  Roles roles;
  Observations obs;
};

TEST_F(EstimateTest, RolesAreThePatientCategoryAndItsCompanions) {
  EXPECT_EQ(roles.patient, "medical");
  EXPECT_EQ(roles.companion, "companion");
  ASSERT_NE(roles.workflow, nullptr);
  EXPECT_EQ(roles.workflow->stages.size(), 3u);
}

TEST_F(EstimateTest, OpenWeekdaysAreThoseScheduledOnHalfTheirDates) {
  // Sunday to Thursday every week, and Friday in 3 of the 8 weeks.
  schedule({0, 1, 2, 3, 4}, [](int) { return true; });
  for (int week : {0, 2, 4})
    obs.days.push_back({obs.window.first.plus_days(week * 7 + 5), true, {}});
  std::sort(obs.days.begin(), obs.days.end(),
            [](const DayCount& a, const DayCount& b) { return a.date < b.date; });
  const Scenario s = estimated();
  EXPECT_EQ(s.crossing.open_weekdays, (std::vector<int>{0, 1, 2, 3, 4}));
  const Estimate& e = s.calibration.at("crossing.open_weekdays");
  EXPECT_EQ(e.n, 43);
  EXPECT_FALSE(e.assumed);
}

TEST_F(EstimateTest, SuspensionsAfterAnOpenDayAndAfterASuspendedOne) {
  // 40 scheduled days; every fifth suspended, and the day after each of
  // the first four suspensions suspended too.
  std::set<int> suspended;
  for (int i = 4; i < 40; i += 5) suspended.insert(i);
  for (int i : {4, 9, 14, 19}) suspended.insert(i + 1);
  schedule({0, 1, 2, 3, 4}, [&](int i) { return !suspended.count(i); });
  const Scenario s = estimated();
  // 8 runs start (at 4, 9, ..., 39) after an open day; 11 days follow a
  // suspended one (after 4, 5, 9, 10, 14, 15, 19, 20, 24, 29, 34), of which
  // 4 are suspended again (5, 10, 15, 20).
  const std::int64_t after_suspended = 11, again = 4;
  const std::int64_t after_open = 40 - after_suspended, first = 8;
  EXPECT_NEAR(s.crossing.suspend_probability, static_cast<double>(first) / after_open, 1e-4);
  const Estimate& p = s.calibration.at("crossing.suspend_probability");
  EXPECT_EQ(p.n, after_open);
  EXPECT_NEAR(*p.low, wilson_interval(first, after_open).low, 1e-4);
  EXPECT_NEAR(*p.high, wilson_interval(first, after_open).high, 1e-4);
  EXPECT_NEAR(s.crossing.suspend_repeat, static_cast<double>(again) / after_suspended, 1e-4);
  EXPECT_EQ(s.calibration.at("crossing.suspend_repeat").n, after_suspended);
}

TEST_F(EstimateTest, PlacesAreTheMedianOfTheDaysThatRan) {
  auto cap = [](const char* text) {
    auto c = core::parse_capacity(text);
    EXPECT_TRUE(c.ok());
    return *c;
  };
  obs.days.push_back({core::Date{2026, 3, 1}, true,
                      cap("exit/medical=50,exit/companion=100,"
                          "entry/total=40,entry/returnee=60")});
  obs.days.push_back({core::Date{2026, 3, 2}, true, cap("exit/medical=200,exit/companion=400")});
  obs.days.push_back({core::Date{2026, 3, 3}, false, {}});  // suspended: no places
  obs.days.push_back({core::Date{2026, 3, 4}, true, cap("exit/medical=60,exit/total=120")});
  const Scenario s = estimated();
  EXPECT_EQ(s.crossing.patient_places, 60);
  EXPECT_EQ(s.crossing.companion_places, 100);
  EXPECT_EQ(s.crossing.total_places, 0);
  EXPECT_EQ(s.crossing.entry_places, 0);  // min(60, 40), 0, 0: the median is 0
  const Estimate& p = s.calibration.at("crossing.patient_places");
  EXPECT_EQ(p.n, 3);
  EXPECT_EQ(*p.low, 50);
  EXPECT_EQ(*p.high, 200);
}

TEST_F(EstimateTest, NoShowsTurnBacksAndCompanionsFromTheGateAndTheLists) {
  obs.at_gate = 100;
  obs.no_shows = 20;
  obs.crossed = 76;
  obs.turned_back = 4;
  obs.companions = {{0, 10}, {1, 20}, {2, 60}, {3, 10}};
  obs.entry_arrivals = 110;
  obs.window.today = obs.window.first.plus_days(54);  // 55 days
  const Scenario s = estimated();
  EXPECT_NEAR(s.crossing.no_show, 0.2, 1e-9);
  EXPECT_EQ(s.calibration.at("crossing.no_show").n, 100);
  EXPECT_NEAR(*s.calibration.at("crossing.no_show").low, wilson_interval(20, 100).low, 1e-4);
  EXPECT_NEAR(s.crossing.turn_back, 0.05, 1e-9);  // 4 of the 80 who came
  EXPECT_EQ(s.calibration.at("crossing.turn_back").n, 80);
  EXPECT_EQ(s.crossing.companions, (std::vector<double>{0.1, 0.2, 0.6, 0.1}));
  const Estimate& c = s.calibration.at("crossing.companions");
  EXPECT_EQ(c.n, 100);
  // Mean 1.7, variance 0.61: 1.7 -/+ 1.96 sqrt(0.61 / 100).
  EXPECT_NEAR(*c.low, 1.7 - 1.96 * std::sqrt(0.0061), 1e-3);
  EXPECT_NEAR(*c.high, 1.7 + 1.96 * std::sqrt(0.0061), 1e-3);
  EXPECT_NEAR(s.crossing.entry_per_day, 2.0, 1e-9);
  EXPECT_EQ(s.calibration.at("crossing.entry_per_day").n, 110);
}

TEST_F(EstimateTest, CompanionSharesAlwaysSumToOne) {
  obs.companions = {{0, 1}, {1, 1}, {2, 1}, {3, 1}, {4, 1}, {5, 1}, {6, 17}};
  const Scenario s = estimated();
  double sum = 0;
  for (double p : s.crossing.companions) sum += p;
  EXPECT_NEAR(sum, 1, 1e-9);
  EXPECT_EQ(s.crossing.companions.size(), 7u);
  auto back = parse_scenario(format_scenario(s), "x.toml");
  EXPECT_TRUE(back.ok()) << back.error().message;
}

TEST_F(EstimateTest, UnderTheThresholdsTheDefaultsAreDomainsFigures) {
  obs.at_gate = 19;
  obs.no_shows = 19;
  obs.companions = {{5, 19}};
  const Scenario s = estimated();
  EXPECT_NEAR(s.crossing.no_show, 0.26, 1e-9);  // 13 of 50, 1 Feb 2025
  EXPECT_EQ(s.crossing.companions, (std::vector<double>{0, 0, 1}));
  EXPECT_TRUE(s.calibration.at("crossing.no_show").assumed);
  EXPECT_NE(s.calibration.at("crossing.no_show").note.find("37 crossed"), std::string::npos);
  EXPECT_TRUE(s.calibration.at("crossing.companions").assumed);
}

}  // namespace
}  // namespace corridor::plan::calibration
