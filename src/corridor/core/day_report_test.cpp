#include <corridor/core/crossing_test_config.hpp>
#include <corridor/core/day_report.hpp>

#include <gtest/gtest.h>

namespace corridor::core {
namespace {

using testing::crossing_config;
using testing::rule_of;

const Date k_today{2026, 2, 2};
const CrossingDay k_open{k_today, "open", {"cogat", "egypt"}, "exit/medical=50", "", false};

Hash256 hash(std::uint8_t n) {
  Hash256 h{};
  h[0] = n;
  return h;
}

GateEvent event(std::string ref, Direction d, std::string category, std::string outcome,
                std::string reason = "") {
  GateEvent e;
  e.date = k_today;
  e.case_ref = std::move(ref);
  e.direction = d;
  e.category = std::move(category);
  e.outcome = std::move(outcome);
  e.reason = std::move(reason);
  return e;
}

TEST(ReportOf, CountsCrossingsListsTurnBacksAndNoShowsSorted) {
  const std::vector<GateEvent> events = {
      event("B", Direction::exit, "medical", "crossed"),
      event("Z", Direction::exit, "medical", "turned-back", "other"),
      event("C", Direction::exit, "medical", "crossed"),
      event("A", Direction::exit, "companion", "turned-back", "identity-mismatch"),
      event("D", Direction::entry, "student", "crossed"),
      event("Y", Direction::exit, "medical", "no-show"),
  };
  const ReportFields r = report_of(events, {"X"});
  Capacity crossed;
  crossed.exit.places["medical"] = 2;
  crossed.entry.places["student"] = 1;
  EXPECT_EQ(r.crossed, format_capacity(crossed));
  EXPECT_EQ(r.turned_back, (std::vector<std::string>{"A:identity-mismatch", "Z:other"}));
  EXPECT_EQ(r.no_show, (std::vector<std::string>{"X", "Y"}));
  EXPECT_EQ(report_of({}).crossed, format_capacity(Capacity{}));
}

TEST(CheckDayReport, TheOperatorClosesADayThatHasBegun) {
  const Config config = crossing_config();
  EXPECT_TRUE(check_day_report(config, "pa", k_today, k_today, k_open));
  EXPECT_TRUE(check_day_report(config, "pa", k_today, k_today.plus_days(2), k_open));
  EXPECT_EQ(rule_of(check_day_report(config, "eubam", k_today, k_today, k_open)), "report-party");
  EXPECT_EQ(rule_of(check_day_report(config, "pa", k_today, k_today.plus_days(-1), k_open)),
            "day-not-started");
}

TEST(CheckDayReport, TheDayMustHaveBeenOpenedAndNotClosedYet) {
  const Config config = crossing_config();
  EXPECT_EQ(rule_of(check_day_report(config, "pa", k_today, k_today, std::nullopt)),
            "day-not-open");
  // A suspended day is still closed by its report.
  CrossingDay suspended = k_open;
  suspended.status = "suspended";
  EXPECT_TRUE(check_day_report(config, "pa", k_today, k_today, suspended));
  CrossingDay closed = k_open;
  closed.gate_closed = true;
  EXPECT_EQ(rule_of(check_day_report(config, "pa", k_today, k_today, closed)), "day-closed");
}

TEST(CheckReportMatches, EachFieldMustBeTheGatesRecord) {
  const ReportFields store{"exit/medical=2", {"A:other"}, {"B"}};
  EXPECT_TRUE(check_report_matches(store, store));
  ReportFields r = store;
  r.crossed = "exit/medical=3";
  auto crossed = check_report_matches(store, r);
  EXPECT_EQ(rule_of(crossed), "report-mismatch");
  EXPECT_EQ(crossed.error().field, "crossed");
  r = store;
  r.turned_back = {"A:identity-mismatch"};
  EXPECT_EQ(check_report_matches(store, r).error().field, "turned-back");
  r = store;
  r.no_show = {};
  auto no_show = check_report_matches(store, r);
  EXPECT_EQ(rule_of(no_show), "report-mismatch");
  EXPECT_EQ(no_show.error().field, "no-show");
  EXPECT_NE(no_show.error().message.find("the store has 'B', the report ''"), std::string::npos)
      << no_show.error().message;
}

TEST(CheckAttestation, TheMonitorAttestsTheDaysReportOnce) {
  const Config config = crossing_config();
  const ReportState report{hash(1), false};
  EXPECT_TRUE(check_attestation(config, "eubam", k_today, report, hash(1)));
  EXPECT_EQ(rule_of(check_attestation(config, "pa", k_today, report, hash(1))),
            "attestation-party");
  EXPECT_EQ(rule_of(check_attestation(config, "eubam", k_today, std::nullopt, hash(1))),
            "no-report");
  EXPECT_EQ(rule_of(check_attestation(config, "eubam", k_today, report, hash(2))), "stale-report");
  EXPECT_EQ(
      rule_of(check_attestation(config, "eubam", k_today, ReportState{hash(1), true}, hash(1))),
      "already-attested");
}

}  // namespace
}  // namespace corridor::core
