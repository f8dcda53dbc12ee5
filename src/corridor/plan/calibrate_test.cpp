// `plan calibrate` on a small deployment built through the Service with
// known referrals, decisions and deaths: the estimates, their sample sizes
// and intervals, the backlog, the assumed parameters and their defaults,
// --since, and that nothing personal comes out.

#include <corridor/plan/calibrate.hpp>

#include <corridor/app/test_deployment.hpp>
#include <corridor/plan/estimators.hpp>

#include <gtest/gtest.h>

#include <cstdio>

namespace corridor::plan {
namespace {

using app::testing::k_hour;
using app::testing::k_start;
constexpr core::Timestamp k_day = 24 * k_hour;

// 30 patients referred on 2025-11-24 (day 0) and registered that day at
// 18:00 in Gaza: P-00..P-04 life-saving, P-05..P-09 critical, P-10..P-29
// routine, of whom every fourth (P-12, P-16, ...) is a child.
std::string referrals_csv() {
  std::string csv =
      "ref,direction,category,urgency,diagnosis,group_ref,national_id,passport_no,name_ar,"
      "name_en,date_of_birth,sex,nationality,phone,requested_on\n";
  for (int i = 0; i < 30; ++i) {
    char ref[8], line[256];
    std::snprintf(ref, sizeof ref, "P-%02d", i);
    const char* urgency = i < 5 ? "life-saving" : i < 10 ? "critical" : "routine";
    const char* born = i >= 10 && i % 4 == 0 ? "2015-03-01" : "1970-03-01";
    std::snprintf(line, sizeof line,
                  "%s,exit,medical,%s,oncology,,4%08d,,,Patient Name %d,%s,F,PSE,,2025-11-24\n",
                  ref, urgency, 1000 + i, i, born);
    csv += line;
  }
  return csv;
}

std::string ref(int i) {
  char r[8];
  std::snprintf(r, sizeof r, "P-%02d", i);
  return r;
}

class CalibrateTest : public app::testing::DeploymentTest {
protected:
  void SetUp() override {
    DeploymentTest::SetUp();
    auto rep = svc->import_csv("referrals.csv", referrals_csv(), false, key("who"));
    ASSERT_TRUE(rep.ok() && rep->committed) << (rep.ok() ? "" : rep.error().message);
    // Day 2: the WHO decides the 10 most urgent: 4 approved, 3 denied, 3
    // returned. Days 5 and 8: the 20 routine patients, approved.
    at_day(2);
    for (int i = 0; i < 10; ++i) {
      const auto outcome = i < 4   ? core::Outcome::approve
                           : i < 7 ? core::Outcome::deny
                                   : core::Outcome::ret;
      decide(ref(i), "referral", "who", outcome);
    }
    at_day(5);
    for (int i = 10; i < 20; ++i) decide(ref(i), "referral", "who");
    at_day(8);
    for (int i = 20; i < 30; ++i) decide(ref(i), "referral", "who");
    // P-28 cleared, P-29 accepted by Egypt only.
    decide(ref(28), "acceptance", "egypt");
    decide(ref(28), "security", "cogat");
    decide(ref(29), "acceptance", "egypt");
    // Day 9: six routine patients died waiting.
    at_day(9);
    for (int i = 10; i < 16; ++i) {
      auto c = svc->close_case({ref(i), core::ClosureKind::deceased, ""}, key("who"));
      ASSERT_TRUE(c.ok()) << c.error().message;
    }
    at_day(10);  // now: 2025-12-04 18:00 in Gaza
  }

  void at_day(int n) { env.set(k_start + n * k_day); }

  void decide(const std::string& r, const std::string& stage, const std::string& party,
              core::Outcome outcome = core::Outcome::approve) {
    const std::string reason = outcome == core::Outcome::deny ? "not-eligible" : "";
    const std::string note = outcome == core::Outcome::ret ? "the scan is missing" : "";
    auto d = svc->decide({r, stage, outcome, reason, note, std::nullopt}, key(party));
    ASSERT_TRUE(d.ok()) << r << " " << stage << ": " << d.error().message;
  }

  Scenario calibrated(CalibrateOptions o = {}) {
    auto db = svc->reader();
    EXPECT_TRUE(db.ok());
    auto s = calibrate(**db, svc->config(), o, env.now());
    EXPECT_TRUE(s.ok()) << s.error().message;
    return s.ok() ? *s : Scenario{};
  }

  static const UrgencyClass& cls(const Scenario& s, const std::string& u) {
    for (const UrgencyClass& c : s.classes)
      if (c.urgency == u) return c;
    throw std::runtime_error("no class " + u);
  }

  static const Stage& stage(const Scenario& s, const std::string& id) {
    for (const Stage& st : s.stages)
      if (st.id == id) return st;
    throw std::runtime_error("no stage " + id);
  }
};

void expect_interval(const Estimate& e, std::int64_t n, Interval i, double scale = 1) {
  EXPECT_EQ(e.n, n);
  EXPECT_FALSE(e.assumed) << e.note;
  ASSERT_TRUE(e.low && e.high);
  EXPECT_NEAR(*e.low, i.low / scale, 1e-3 * i.low / scale + 1e-9);
  EXPECT_NEAR(*e.high, i.high / scale, 1e-3 * i.high / scale + 1e-9);
}

TEST_F(CalibrateTest, ReferralsPerDayAreCountedByReferralDateOverTheWindow) {
  const Scenario s = calibrated();
  EXPECT_EQ(s.start, (core::Date{2025, 12, 5}));  // the day after now's date
  ASSERT_EQ(s.classes.size(), 4u);
  EXPECT_EQ(s.classes[0].urgency, "life-saving");  // the config's order
  // 11 days: 2025-11-24 (the first registration) to 2025-12-04.
  EXPECT_NEAR(cls(s, "routine").referrals_per_day, 20.0 / 11, 1e-3);
  expect_interval(s.calibration.at("class.routine.referrals_per_day"), 20, poisson_interval(20),
                  11);
  EXPECT_NEAR(cls(s, "critical").referrals_per_day, 5.0 / 11, 1e-3);
  // None referred: a rate of 0 with its interval, not an assumption.
  EXPECT_EQ(cls(s, "urgent").referrals_per_day, 0);
  expect_interval(s.calibration.at("class.urgent.referrals_per_day"), 0, poisson_interval(0), 11);
}

TEST_F(CalibrateTest, ChildShareIsWilsonOrTheDomainDefaultUnder20) {
  const Scenario s = calibrated();
  EXPECT_NEAR(cls(s, "routine").child_share, 0.25, 1e-9);  // 5 of 20
  expect_interval(s.calibration.at("class.routine.child_share"), 20, wilson_interval(5, 20));
  const Estimate& few = s.calibration.at("class.critical.child_share");
  EXPECT_TRUE(few.assumed);
  EXPECT_EQ(few.n, 5);
  EXPECT_NE(few.note.find("4,000 children of 16,500"), std::string::npos) << few.note;
  EXPECT_NEAR(cls(s, "critical").child_share, 0.2424, 1e-9);
}

TEST_F(CalibrateTest, DeathHazardIsDeathsOverPatientDaysWaiting) {
  const Scenario s = calibrated();
  // Routine: 6 died after 9 days, 14 waited 10 days: 194 patient-days.
  EXPECT_NEAR(cls(s, "routine").death_hazard, 6.0 / 194, 1e-5);
  expect_interval(s.calibration.at("class.routine.death_hazard"), 6, poisson_interval(6), 194);
  // No death among the critical: fewer than 5, DOMAIN.md's average.
  const Estimate& none = s.calibration.at("class.critical.death_hazard");
  EXPECT_TRUE(none.assumed);
  EXPECT_EQ(none.n, 0);
  EXPECT_NE(none.note.find("1,092"), std::string::npos) << none.note;
  EXPECT_NEAR(cls(s, "critical").death_hazard, 1092.0 / (516 * 16000), 1e-7);
}

TEST_F(CalibrateTest, StagesFromTheirDecisions) {
  const Scenario s = calibrated();
  ASSERT_EQ(s.stages.size(), 3u);
  const Stage& r = stage(s, "referral");
  EXPECT_EQ(r.party, "who");
  EXPECT_EQ(r.step, 1);
  // 30 decisions: 24 approvals, 3 denials, 3 returns.
  EXPECT_NEAR(r.approve, 0.8, 1e-9);
  EXPECT_NEAR(r.deny, 0.1, 1e-9);
  expect_interval(s.calibration.at("stage.referral.approve"), 30, wilson_interval(24, 30));
  expect_interval(s.calibration.at("stage.referral.return"), 30, wilson_interval(3, 30));
  // Waits of 2, 5 and 8 days (10 each): the 5th percentile is 2 days.
  EXPECT_EQ(r.min_days, 2);
  const Estimate& m = s.calibration.at("stage.referral.min_days");
  EXPECT_EQ(m.n, 30);
  EXPECT_EQ(*m.low, 2);
  EXPECT_EQ(*m.high, 2);
  // Pending from day 0 to day 8: 9 busy days, 30 decisions.
  EXPECT_NEAR(r.capacity_per_day, 30.0 / 9, 1e-3);
  expect_interval(s.calibration.at("stage.referral.capacity_per_day"), 9, poisson_interval(30), 9);
  // Egypt decided twice: too few, the defaults.
  const Stage& e = stage(s, "acceptance");
  EXPECT_EQ(e.step, 2);
  EXPECT_EQ(e.min_days, 1);
  EXPECT_EQ(e.approve, 1);
  EXPECT_EQ(e.deny, 0);
  EXPECT_EQ(e.capacity_per_day, 50);
  for (const char* k : {"min_days", "capacity_per_day", "approve", "deny", "return"})
    EXPECT_TRUE(s.calibration.at(std::string("stage.acceptance.") + k).assumed) << k;
}

TEST_F(CalibrateTest, TheBacklogIsTheWaitingPatientsByUrgencyChildAndPendingStages) {
  const Scenario s = calibrated();
  std::map<std::string, std::int64_t> by;
  std::int64_t total = 0;
  for (const BacklogEntry& b : s.backlog) {
    std::string key = b.urgency + (b.child ? "/child" : "") + ":";
    for (const std::string& p : b.pending) key += p + ",";
    by[key] += b.count;
    total += b.count;
    // Referred on 24 Nov: the row is dated by the first day of its week
    // (weeks counted back from day 0, 5 Dec: 21 to 27 Nov), never by a
    // referral in it.
    EXPECT_EQ(b.waiting_since, (core::Date{2025, 11, 21}));
  }
  // 30 referred, 3 denied, 6 died: 21 waiting.
  EXPECT_EQ(total, 21);
  EXPECT_EQ(s.calibration.at("backlog").n, 21);
  EXPECT_EQ(by["life-saving:acceptance,security,"], 4);    // P-00..P-03
  EXPECT_EQ(by["critical:referral,"], 3);                  // returned
  EXPECT_EQ(by["routine:acceptance,security,"], 9);        // P-17..P-27 less P-20, P-24
  EXPECT_EQ(by["routine/child:acceptance,security,"], 3);  // P-16, P-20, P-24
  EXPECT_EQ(by["routine/child:"], 1);                      // P-28 cleared
  EXPECT_EQ(by["routine:security,"], 1);                   // P-29
  EXPECT_EQ(by.size(), 6u);
}

TEST_F(CalibrateTest, WithoutCrossingDaysTheCrossingIsAssumedOrTheConfigs) {
  const Scenario s = calibrated();
  const CrossingModel& x = s.crossing;
  EXPECT_EQ(x.open_weekdays, (std::vector<int>{0, 1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(x.suspend_probability, 0);
  EXPECT_EQ(x.suspend_repeat, 0.5);
  EXPECT_NEAR(x.no_show, 0.26, 1e-9);
  EXPECT_EQ(x.turn_back, 0);
  EXPECT_EQ(x.companions, (std::vector<double>{0, 0, 1}));
  EXPECT_EQ(x.entry_per_day, 50);
  for (const char* k : {"open_weekdays", "suspend_probability", "suspend_repeat", "no_show",
                        "turn_back", "companions", "entry_per_day"})
    EXPECT_TRUE(s.calibration.at(std::string("crossing.") + k).assumed) << k;
  // Places and rules: the config's, which is no assumption.
  EXPECT_EQ(x.patient_places, 50);
  EXPECT_EQ(x.companion_places, 100);
  EXPECT_EQ(x.total_places, 0);
  EXPECT_EQ(x.entry_places, 50);
  EXPECT_EQ(x.standby, 10);
  EXPECT_FALSE(x.equal_in_out);
  EXPECT_EQ(s.priority.urgency_points, 1000);
  EXPECT_FALSE(s.calibration.at("crossing.patient_places").assumed);
  const std::string summary = assumed_summary(s);
  EXPECT_NE(summary.find("crossing.no_show (n = 0)\n"), std::string::npos) << summary;
  EXPECT_EQ(summary.find("class.routine.death_hazard"), std::string::npos) << summary;
}

TEST_F(CalibrateTest, SinceLeavesOutWhatCameBefore) {
  CalibrateOptions o;
  o.since = core::Date{2025, 11, 27};  // after the referrals and the first decisions
  const Scenario s = calibrated(o);
  // No referral in 8 days: every class assumed, DOMAIN.md's 30 a day split
  // as the 21 waiting are (routine: 14 of 21).
  const Estimate& e = s.calibration.at("class.routine.referrals_per_day");
  EXPECT_TRUE(e.assumed);
  EXPECT_NEAR(cls(s, "routine").referrals_per_day, 30.0 * 14 / 21, 1e-2);
  // The WHO's decisions of day 2 are out: 20 left, all approvals.
  EXPECT_EQ(s.calibration.at("stage.referral.approve").n, 20);
  EXPECT_EQ(stage(s, "referral").approve, 1);
  // Deaths over the days from 27 Nov: 6 after 6 days, 14 waiting 7 days and 18 hours.
  const double exposure = 6 * (6 + 18.0 / 24) + 14 * (7 + 18.0 / 24);
  EXPECT_NEAR(cls(s, "routine").death_hazard, 6 / exposure, 1e-5);
}

TEST_F(CalibrateTest, SinceAfterTodayIsRefusedNamingIt) {
  auto db = svc->reader();
  ASSERT_TRUE(db.ok());
  CalibrateOptions o;
  o.since = core::Date{2025, 12, 5};
  auto s = calibrate(**db, svc->config(), o, env.now());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, core::Errc::bad_input);
  EXPECT_EQ(s.error().field, "since");
}

// For a party that may not see urgency: every level in one class, whose
// figures are the sums of the levels' (no estimate of a level's few
// patients or deaths is made at all).
TEST_F(CalibrateTest, PooledEveryUrgencyIsOneClass) {
  const Scenario by_level = calibrated();
  CalibrateOptions o;
  o.pool_urgency = true;
  const Scenario pooled = calibrated(o);
  ASSERT_EQ(pooled.classes.size(), 1u);
  EXPECT_EQ(pooled.classes[0].urgency, k_pooled_class);
  std::int64_t waiting = 0, deaths = 0;
  for (const BacklogEntry& b : pooled.backlog) {
    EXPECT_EQ(b.urgency, k_pooled_class);
    waiting += b.count;
  }
  EXPECT_EQ(waiting, 21);
  for (const UrgencyClass& c : by_level.classes)
    deaths += by_level.calibration.at("class." + c.urgency + ".death_hazard").n;
  EXPECT_EQ(pooled.calibration.at(std::string("class.") + k_pooled_class + ".death_hazard").n,
            deaths);
  for (const auto& [key, e] : pooled.calibration)
    for (const std::string& level : svc->config().urgencies)
      EXPECT_EQ(key.find(level), std::string::npos) << key;
  EXPECT_EQ(format_calibrated(pooled).find("life-saving"), std::string::npos);
}

TEST_F(CalibrateTest, TheFileReadsBackAndHoldsNothingPersonal) {
  const Scenario s = calibrated();
  const std::string toml = format_calibrated(s);
  auto back = parse_scenario(toml, "calibrated.toml");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_TRUE(*back == s);
  EXPECT_NE(toml.find("grouped by week of referral"), std::string::npos);
  for (const char* personal : {"P-0", "P-1", "Patient Name", "400001", "2015-03-01", "oncology"})
    EXPECT_EQ(toml.find(personal), std::string::npos) << personal;
}

}  // namespace
}  // namespace corridor::plan
