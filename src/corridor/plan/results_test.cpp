#include <corridor/plan/results.hpp>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace corridor::plan {
namespace {

TEST(Results, SpreadHasMeanIntervalAndPercentiles) {
  const Spread s = detail::spread_of({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  EXPECT_DOUBLE_EQ(s.mean, 5.5);
  const double half = 1.959963984540054 * std::sqrt(110.0 / 12 / 10);  // sd^2 = 110/12
  EXPECT_NEAR(s.ci_low, 5.5 - half, 1e-12);
  EXPECT_NEAR(s.ci_high, 5.5 + half, 1e-12);
  EXPECT_DOUBLE_EQ(s.p10, 1.9);
  EXPECT_DOUBLE_EQ(s.p50, 5.5);
  EXPECT_DOUBLE_EQ(s.p90, 9.1);
  EXPECT_EQ(detail::spread_of({}).mean, 0);
}

TEST(Results, JsonHasTheDocumentedShape) {
  Scenario s;
  s.name = "tiny";
  s.start = {2026, 12, 7};
  s.crossing.open_weekdays = {0, 1, 2, 3, 4, 5, 6};
  s.crossing.patient_places = 3;
  s.crossing.companions = {0.5, 0.5};
  s.crossing.companion_places = 3;
  s.classes = {{"critical", 0.5, 0.3, 0.001}, {"routine", 1, 0.3, 0.0001}};
  s.stages = {{"referral", "who", 1, 1, 3, 0.9, 0.05}, {"security", "cogat", 2, 2, 3, 0.95, 0.01}};
  s.backlog = {{"routine", false, {}, {2026, 1, 1}, 30}};
  RunOptions o;
  o.runs = 7;
  o.days = 30;
  auto r = run(s, o);
  ASSERT_TRUE(r.ok());
  const std::string text = to_json(*r);
  const auto j = nlohmann::ordered_json::parse(text);
  EXPECT_EQ(j.begin().key(), "format");
  EXPECT_EQ(j["format"], "corridor-plan-result/v1");
  EXPECT_EQ(j["backlog"]["patients"], 30);
  EXPECT_EQ(j["backlog"]["by_urgency"]["critical"], 0);
  EXPECT_EQ(j["clear_days"]["critical"]["p50"], 0);  // no backlog: cleared on day 0
  EXPECT_TRUE(j["clear_days"].contains("all"));
  for (const char* key : {"mean", "ci_low", "ci_high", "p10", "p50", "p90"}) {
    EXPECT_TRUE(j["deaths"].contains(key)) << key;
    EXPECT_TRUE(j["deaths"]["by_urgency"]["routine"].contains(key)) << key;
    EXPECT_TRUE(j["wait_days"]["routine"].contains(key)) << key;
    EXPECT_TRUE(j["outcomes"]["waiting_at_end"].contains(key)) << key;
    EXPECT_TRUE(j["throughput"]["patients_per_open_day"].contains(key)) << key;
  }
  EXPECT_EQ(j["series"]["days"], nlohmann::ordered_json({0, 7, 14, 21, 28}));
  EXPECT_EQ(j["series"]["queues"]["cogat"]["p50"].size(), 5u);
  EXPECT_EQ(j["series"]["backlog"]["p10"].size(), 5u);
  // At most 3 decimals.
  const double mean = j["throughput"]["patients_per_day"]["mean"];
  EXPECT_DOUBLE_EQ(mean, std::round(mean * 1000) / 1000);
}

}  // namespace
}  // namespace corridor::plan
