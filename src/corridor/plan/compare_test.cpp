#include <corridor/plan/compare.hpp>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace corridor::plan {
namespace {

Scenario base() {
  Scenario s;
  s.name = "base";
  s.start = {2026, 12, 6};
  s.crossing.open_weekdays = {0, 1, 2, 3, 4};
  s.crossing.patient_places = 20;
  s.crossing.companion_places = 40;
  s.crossing.no_show = 0.1;
  s.crossing.companions = {0.2, 0.5, 0.3};
  s.classes = {{"critical", 1, 0.2, 0.001}, {"routine", 3, 0.2, 0.0002}};
  s.stages = {{"referral", "who", 1, 2, 20, 0.9, 0.05}};
  s.backlog = {{"critical", false, {}, {2026, 1, 1}, 300},
               {"routine", false, {"referral"}, {2025, 6, 1}, 1500}};
  return s;
}

const Difference& metric(const Comparison& c, const std::string& name) {
  for (const Difference& d : c.against_first.at(0))
    if (d.metric == name) return d;
  throw std::runtime_error("no metric " + name);
}

TEST(Compare, SameScenarioDiffersByNothing) {
  RunOptions o;
  o.runs = 50;
  o.days = 200;
  Scenario b = base();
  b.name = "same";
  auto c = compare({base(), b}, o);
  ASSERT_TRUE(c.ok());
  for (const Difference& d : c->against_first[0]) {
    EXPECT_EQ(d.diff, 0) << d.metric;  // paired runs: the very same draws
    EXPECT_FALSE(d.significant) << d.metric;
  }
}

TEST(Compare, MorePlacesClearSoonerAndSaveLives) {
  RunOptions o;
  o.runs = 100;
  o.days = 300;
  Scenario more = base();
  more.name = "more";
  more.crossing.patient_places = 80;
  more.crossing.companion_places = 160;
  auto c = compare({base(), more}, o);
  ASSERT_TRUE(c.ok());
  const Difference& clear = metric(*c, "clear_days.all.mean");
  EXPECT_LT(clear.diff, 0);
  EXPECT_TRUE(clear.significant);
  EXPECT_TRUE(metric(*c, "deaths.mean").significant);
  EXPECT_LT(metric(*c, "deaths.mean").diff, 0);
  EXPECT_GT(metric(*c, "patients_per_day.mean").diff, 0);
  const auto j = nlohmann::json::parse(to_json(*c));
  EXPECT_EQ(j["format"], "corridor-plan-compare/v1");
  EXPECT_EQ(j["scenarios"], nlohmann::json({"base", "more"}));
  EXPECT_EQ(j["differences"][0][0]["scenario"], "more");
  EXPECT_EQ(j["results"][1]["scenario"], "more");
}

TEST(Compare, RefusesOneScenarioOrOtherClasses) {
  EXPECT_EQ(compare({base()}, RunOptions{}).error().code, core::Errc::usage);
  Scenario other = base();
  other.classes[1].urgency = "urgent";
  other.backlog[1].urgency = "urgent";
  EXPECT_EQ(compare({base(), other}, RunOptions{}).error().code, core::Errc::bad_input);
}

}  // namespace
}  // namespace corridor::plan
