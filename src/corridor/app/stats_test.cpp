// The dashboard's figures (issue 15) on a small deployment built through
// the Service with known decisions, closures and crossing days: the
// backlog day by day, deaths by urgency and their running total, each
// party's decision times, places against crossings per category, and the
// filters, which every figure takes.

#include <corridor/app/service.hpp>

#include <corridor/app/stats_oracle_test.hpp>
#include <corridor/app/test_deployment.hpp>

#include <gtest/gtest.h>

#include <algorithm>

namespace corridor::app {
namespace {

using testing::k_hour;
constexpr core::Timestamp k_day = 24 * k_hour;

// tests/data/good.csv: 4 medical patients (life-saving, critical, urgent,
// routine), 3 companions and 5 other travellers, registered at 18:00 on
// 2025-11-24 in Gaza (day 0).
class StatsTest : public testing::DeploymentTest {
protected:
  void SetUp() override {
    DeploymentTest::SetUp();
    import_good();
  }

  core::Date day(int n) const { return core::Date{2025, 11, 24}.plus_days(n); }

  void decide(const std::string& ref, const std::string& stage, const std::string& party,
              core::Outcome outcome = core::Outcome::approve, const std::string& reason = "") {
    auto d = svc->decide({ref, stage, outcome, reason, "", std::nullopt}, key(party));
    ASSERT_TRUE(d.ok()) << ref << " " << stage << ": " << d.error().message;
  }

  void died(const std::string& ref) {
    auto c = svc->close_case({ref, core::ClosureKind::deceased, ""}, key("who"));
    ASSERT_TRUE(c.ok()) << ref << ": " << c.error().message;
  }

  // The maintained figures, each checked against a fresh derivation.
  Stats stats(const StatsFilter& f = {}) {
    auto st = svc->stats(f);
    EXPECT_TRUE(st.ok()) << st.error().message;
    if (!st.ok()) return Stats{};
    testing::expect_same_stats(
        *st, testing::derived_oracle(db_path(), svc->config(), f, env.now(), svc->today()),
        "StatsTest");
    return *st;
  }

  const Stats::DecisionTimes& times(const Stats& st, const std::string& stage,
                                    const std::string& party) {
    auto it = std::find_if(st.decision_times.begin(), st.decision_times.end(),
                           [&](const auto& t) { return t.stage == stage && t.party == party; });
    EXPECT_NE(it, st.decision_times.end());
    return *it;
  }
};

TEST_F(StatsTest, TheBacklogCountsTheCasesWaitingAtEachDaysEnd) {
  env.advance(k_day);  // day 1, 18:00
  died("WHO-2025-0103");
  env.advance(k_day);  // day 2
  decide("WHO-2025-0104", "referral", "who", core::Outcome::deny, "not-eligible");
  env.advance(k_day);  // day 3: today
  const Stats st = stats();
  ASSERT_EQ(st.backlog.size(), 4u);  // from the first registration to today
  EXPECT_EQ(st.backlog[0].date, day(0));
  EXPECT_EQ(st.backlog[0].waiting, 12);
  EXPECT_EQ(st.backlog[1].waiting, 11);  // a death
  EXPECT_EQ(st.backlog[2].waiting, 10);  // a refusal
  EXPECT_EQ(st.backlog[3].waiting, 10);
  EXPECT_EQ(st.backlog[3].by_role.at("patient"), 2);
  EXPECT_EQ(st.backlog[3].by_role.at("companion"), 3);
  EXPECT_EQ(st.backlog[3].by_role.at("other"), 5);
  EXPECT_EQ(st.waiting_by_role.at("patient"), 2);
  EXPECT_EQ(st.waiting_by_role.at("companion"), 3);
  // The range bounds it, and today ends it.
  StatsFilter f;
  f.since = day(1);
  f.until = day(9);
  const Stats ranged = stats(f);
  ASSERT_EQ(ranged.backlog.size(), 3u);
  EXPECT_EQ(ranged.backlog.front().date, day(1));
  EXPECT_EQ(ranged.backlog.back().date, day(3));
}

TEST_F(StatsTest, DeathsAreCountedByUrgencyWithTheirRunningTotal) {
  env.advance(k_day);
  died("WHO-2025-0101");  // life-saving, day 1
  env.advance(k_day);
  died("WHO-2025-0102");  // critical, day 2
  died("WHO-2025-0104");  // routine, day 2
  const Stats all = stats();
  ASSERT_EQ(all.deaths_by_date.size(), 2u);
  EXPECT_EQ(all.deaths_by_date[0], (std::pair<std::string, std::int64_t>{"2025-11-25", 1}));
  EXPECT_EQ(all.deaths_by_date[1], (std::pair<std::string, std::int64_t>{"2025-11-26", 2}));
  EXPECT_EQ(all.deaths_cumulative[1].second, 3);
  EXPECT_EQ(all.deaths_by_urgency.at("life-saving"), 1);
  EXPECT_EQ(all.deaths_by_urgency.at("routine"), 1);
  // From day 2: the day's deaths, the running total since the first.
  StatsFilter f;
  f.since = day(2);
  const Stats later = stats(f);
  ASSERT_EQ(later.deaths_by_date.size(), 1u);
  EXPECT_EQ(later.deaths_cumulative[0].second, 3);
  EXPECT_EQ(later.deaths_by_urgency.count("life-saving"), 0u);
  EXPECT_EQ(later.deaths_by_urgency.at("critical"), 1);
}

TEST_F(StatsTest, DecisionTimesRunFromTheStageBecomingDecidable) {
  env.advance(5 * k_hour);
  decide("WHO-2025-0101", "referral", "who");  // 5 h after registration
  env.advance(30 * k_hour);
  decide("WHO-2025-0101", "acceptance", "egypt");  // 30 h after the referral
  decide("WHO-2025-0101", "security", "cogat");    // 30 h: over its 24 h deadline
  env.advance(1 * k_hour);
  decide("WHO-2025-0102", "referral", "who");  // 36 h
  const Stats st = stats();
  const auto& referral = times(st, "referral", "who");
  EXPECT_EQ(referral.decisions, 2);
  EXPECT_EQ(referral.deadline_hours, 72);
  EXPECT_DOUBLE_EQ(*referral.median_hours, 5.0);
  EXPECT_DOUBLE_EQ(*referral.p90_hours, 36.0);
  EXPECT_EQ(referral.over_deadline, 0);
  const auto& security = times(st, "security", "cogat");
  EXPECT_DOUBLE_EQ(*security.median_hours, 30.0);
  EXPECT_EQ(security.over_deadline, 1);
  EXPECT_EQ(times(st, "acceptance", "egypt").over_deadline, 0);
  // A range that ends before the decisions counts none.
  StatsFilter f;
  f.until = day(0);
  f.since = day(0);
  EXPECT_EQ(times(stats(f), "referral", "who").decisions, 1);  // the one at 23:00 on day 0
}

TEST_F(StatsTest, EveryFigureTakesTheCaseFilters) {
  env.advance(k_day);
  died("WHO-2025-0101");
  decide("WHO-2025-0102", "referral", "who");
  StatsFilter companions;
  companions.category = "companion";
  const Stats c = stats(companions);
  EXPECT_EQ(c.waiting, 3);
  EXPECT_EQ(c.deceased, 0);
  EXPECT_TRUE(c.deaths_by_date.empty());
  EXPECT_EQ(c.backlog.back().waiting, 3);
  EXPECT_EQ(times(c, "referral", "who").decisions, 0);
  StatsFilter entry;
  entry.direction = core::Direction::entry;
  EXPECT_EQ(stats(entry).waiting, 3);
  StatsFilter critical;
  critical.urgency = "critical";
  const Stats u = stats(critical);
  EXPECT_EQ(u.waiting, 1);
  EXPECT_EQ(times(u, "referral", "who").decisions, 1);
  EXPECT_FALSE(u.capacity_known);  // places are not offered by urgency
  StatsFilter backwards;
  backwards.since = day(2);
  backwards.until = day(1);
  auto refused = svc->stats(backwards);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "until");
}

TEST_F(StatsTest, PlacesOfferedAreSetAgainstCrossingsPerCategory) {
  // Every stage approved, then day 1 open with 2 medical and 2 companion
  // places; one patient crosses and the day closes. Day 2 is suspended.
  for (int round = 0; round < 3; ++round) {
    auto all = svc->list_cases({});
    ASSERT_TRUE(all.ok());
    for (const CaseSummary& cs : *all)
      for (const std::string& stage : cs.pending) {
        const core::WorkflowDef* wf = svc->config().workflow_for(cs.direction, cs.category);
        decide(cs.ref, stage, wf->find_stage(stage)->party);
      }
  }
  auto cap = core::parse_capacity("exit/medical=2,exit/companion=2,entry/total=0");
  ASSERT_TRUE(cap.ok());
  for (const char* party : {"egypt", "cogat"}) {
    ASSERT_TRUE(svc->change_crossing({"open", day(1), day(2), "t", *cap}, key(party)).ok());
    ASSERT_TRUE(
        svc->change_crossing({"suspend", day(2), day(2), "storm", std::nullopt}, key(party)).ok());
  }
  ASSERT_TRUE(svc->build_manifest(day(1), core::Direction::exit, key("pa")).ok());
  for (const char* party : {"egypt", "cogat"})
    ASSERT_TRUE(svc->approve_manifest(day(1), core::Direction::exit, key(party)).ok());
  env.set(testing::k_start + 16 * k_hour);                   // day 1, 10:00
  auto in = svc->checkin({day(1), "407182336"}, key("pa"));  // WHO-2025-0101
  ASSERT_TRUE(in.ok()) << in.error().message;
  const Stats open = stats();
  ASSERT_FALSE(open.days.empty());
  EXPECT_TRUE(open.days.back().in_progress);  // today, still at the gate
  env.set(testing::k_start + 23 * k_hour);
  ASSERT_TRUE(svc->close_day(day(1), key("pa")).ok());
  env.set(testing::k_start + 3 * k_day);
  const Stats st = stats();
  auto find = [&](const std::string& cat) {
    return *std::find_if(st.planned.begin(), st.planned.end(),
                         [&](const auto& p) { return p.category == cat; });
  };
  EXPECT_EQ(find("medical").planned, 2);
  EXPECT_EQ(find("medical").crossed, 1);
  EXPECT_EQ(find("companion").planned, 2);
  EXPECT_EQ(find("companion").crossed, 0);
  auto d1 = std::find_if(st.days.begin(), st.days.end(), [&](auto& d) { return d.date == day(1); });
  auto d2 = std::find_if(st.days.begin(), st.days.end(), [&](auto& d) { return d.date == day(2); });
  ASSERT_NE(d1, st.days.end());
  ASSERT_NE(d2, st.days.end());
  EXPECT_FALSE(d1->in_progress);
  EXPECT_EQ(d1->crossed_by_role.at("patient"), 1);
  EXPECT_EQ(d2->status, "suspended");
  EXPECT_EQ(d2->capacity, 0);
  StatsFilter companions;
  companions.category = "companion";
  const Stats c = stats(companions);
  EXPECT_EQ(c.crossed_since, 0);
  EXPECT_EQ(c.capacity_since, 2);
}

}  // namespace
}  // namespace corridor::app
