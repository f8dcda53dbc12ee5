#include <corridor/plan/engine.hpp>

#include <corridor/core/manifest_policy.hpp>
#include <corridor/plan/engine_sim.hpp>

#include <gtest/gtest.h>

#include <cmath>
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

// 16,500 cleared patients, nothing random: 50 a day, open every day, no
// referrals, deaths, suspensions, no-shows, companions.
Scenario arithmetic() {
  Scenario s;
  s.name = "arithmetic";
  s.start = {2026, 12, 6};  // a Sunday
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

Result ran(const Scenario& s, int runs, int days, int threads = 1) {
  RunOptions o;
  o.runs = runs;
  o.days = days;
  o.threads = threads;
  auto r = run(s, o);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : Result{};
}

TEST(Engine, ArithmeticScenarioTakes330Days) {
  const Result r = ran(arithmetic(), 3, 400);
  EXPECT_EQ(r.clear_days.at("all").p10, 330);
  EXPECT_EQ(r.clear_days.at("all").p90, 330);
  EXPECT_EQ(r.clear_days.at("critical").p50, 130);  // 6,500 critical go first
  EXPECT_EQ(r.clear_days.at("routine").p50, 330);
  EXPECT_EQ(r.crossed.mean, 16500);
  EXPECT_EQ(r.deaths.mean, 0);
  EXPECT_EQ(r.patients_per_day.mean, 16500.0 / 400);
}

TEST(Engine, ArithmeticFiveDaysAWeek) {
  Scenario s = arithmetic();
  s.crossing.open_weekdays = {0, 1, 2, 3, 4};  // Sun-Thu; day 0 is a Sunday
  // 330 open days = 66 weeks: the last open day is Thursday of week 66,
  // day 65 * 7 + 4 = 459.
  EXPECT_EQ(ran(s, 2, 500).clear_days.at("all").p50, 460);
}

TEST(Engine, ArithmeticTotalCap) {
  Scenario s = arithmetic();
  s.crossing.total_places = 30;
  EXPECT_EQ(ran(s, 2, 600).clear_days.at("all").p50, 550);
}

TEST(Engine, ArithmeticInEqualsOut) {
  Scenario s = arithmetic();
  s.crossing.equal_in_out = true;
  s.crossing.entry_per_day = 1000;  // the entry list is always full
  s.crossing.entry_places = 40;
  EXPECT_EQ(ran(s, 2, 500).clear_days.at("all").p50, 413);  // 16,500 / 40 = 412.5
  // Companions count against the cap: every patient with one companion.
  s.crossing.companions = {0, 1};
  s.crossing.companion_places = 100;
  EXPECT_EQ(ran(s, 2, 900).clear_days.at("all").p50, 825);  // 20 patients a day
}

TEST(Engine, SameSeedSameBytesOnOneOrTwoThreads) {
  const Scenario s = load("rafah");
  const Result one = ran(s, 40, 200, 1), two = ran(s, 40, 200, 2);
  EXPECT_EQ(to_json(one), to_json(two));
  EXPECT_EQ(to_json(one), to_json(ran(s, 40, 200, 1)));
  RunOptions o;
  o.runs = 40;
  o.days = 200;
  o.seed = 2;
  EXPECT_NE(to_json(one), to_json(*run(s, o)));
}

// The pending count of a single stage, min_days 1, approve 1, with
// Poisson(lambda) referrals and Poisson(mu) decisions a day: at the end of a
// day X' = max(X - D, 0) + A (today's referrals are not ready). Its
// stationary mean, from the chain itself (truncated far in the tail),
// against the engine's mean over days 140..3640 of 400 runs.
double stationary_mean(double lambda, double mu, int n) {
  auto pmf = [](double mean, int k) {
    return std::exp(-mean + k * std::log(mean) - std::lgamma(k + 1.0));
  };
  // T[x][y]: from x pending to y, truncated at n (the tail beyond is < 1e-12).
  std::vector<std::vector<double>> T(n, std::vector<double>(n, 0));
  for (int x = 0; x < n; ++x) {
    double tail = 1;  // P(D >= x)
    for (int d = 0; d <= x; ++d) {
      const double pd = d < x ? pmf(mu, d) : tail;
      if (d < x) tail -= pd;
      for (int a = 0; x - d + a < n; ++a) T[x][x - d + a] += pd * pmf(lambda, a);
    }
  }
  std::vector<double> p(n, 0), next(n);
  p[0] = 1;
  for (int iter = 0; iter < 2000; ++iter) {
    std::fill(next.begin(), next.end(), 0);
    for (int x = 0; x < n; ++x)
      for (int y = 0; y < n; ++y) next[y] += p[x] * T[x][y];
    p.swap(next);
  }
  double mean = 0;
  for (int x = 0; x < n; ++x) mean += x * p[x];
  return mean;
}

TEST(Engine, SingleStageQueueMatchesItsChain) {
  const double lambda = 2, mu = 3;
  Scenario s = arithmetic();
  s.backlog.clear();
  s.classes = {{"routine", lambda, 0, 0}};
  s.stages = {{"screening", "cogat", 1, 1, mu, 1, 0}};
  s.crossing.patient_places = 0;
  s.crossing.standby = 0;
  const detail::Model m = detail::compile(s, 3650);
  detail::Sim sim(m);
  detail::RunOut out;
  std::vector<double> means;
  const std::size_t width = 3 + m.parties.size();
  for (int i = 0; i < 400; ++i) {
    sim.run(7, i, out);
    double sum = 0;
    int n = 0;
    for (std::size_t p = 20; p < m.series_days.size(); ++p, ++n) sum += out.series[p * width + 3];
    means.push_back(sum / n);
  }
  double mean = 0, ss = 0;
  for (double v : means) mean += v / means.size();
  for (double v : means) ss += (v - mean) * (v - mean);
  const double se = std::sqrt(ss / (means.size() - 1) / means.size());
  const double expected = stationary_mean(lambda, mu, 80);
  // Runs are independent, so their means are; 4 standard errors: a false
  // alarm once in 15,000 runs of this test.
  EXPECT_NEAR(mean, expected, 4 * se) << "expected " << expected << ", se " << se;
  EXPECT_GT(expected, 2.5);  // rho = 2/3: a real queue, not an empty one
}

// Two cleared patients and one place a day: an old routine patient crosses
// before a new critical one exactly when core's score puts it first.
TEST(Engine, AgingFollowsCoresScore) {
  for (int age : {150, 199, 200, 201, 250}) {
    Scenario s = arithmetic();
    s.crossing.patient_places = 1;
    s.backlog = {{"critical", false, {}, s.start, 1},
                 {"routine", false, {}, s.start.plus_days(-age), 1}};
    const Result r = ran(s, 1, 5);
    const std::int64_t today = s.start.days_since_epoch();
    const int critical = core::manifest_policy::score(s.priority, 1, today, today, false).total();
    const int routine =
        core::manifest_policy::score(s.priority, 0, today, today - age, false).total();
    const bool routine_first = routine >= critical;  // equal: the earlier waiting_since
    EXPECT_EQ(*r.clear_days.at("routine").p50, routine_first ? 1 : 2) << age;
    EXPECT_EQ(*r.clear_days.at("critical").p50, routine_first ? 2 : 1) << age;
  }
}

TEST(Engine, DeathsFollowTheHazard) {
  Scenario s = arithmetic();
  s.crossing.patient_places = 0;
  s.classes = {{"critical", 0, 0, 0.002}, {"routine", 0, 0, 0.0005}};
  const Result r = ran(s, 400, 300);
  const double critical = 6500 * (1 - std::pow(1 - 0.002, 300));
  const double routine = 10000 * (1 - std::pow(1 - 0.0005, 300));
  const Spread& c = r.deaths_by_urgency.at("critical");
  const Spread& u = r.deaths_by_urgency.at("routine");
  // The 95% CI, widened to 4 standard errors (half-width / 1.96 * 4).
  EXPECT_NEAR(c.mean, critical, (c.ci_high - c.mean) * 4 / 1.96);
  EXPECT_NEAR(u.mean, routine, (u.ci_high - u.mean) * 4 / 1.96);
  EXPECT_NEAR(r.deaths.mean, critical + routine, (r.deaths.ci_high - r.deaths.mean) * 4 / 1.96);
}

TEST(Engine, SuspensionsEveryOtherDay) {
  Scenario s = arithmetic();
  s.crossing.suspend_probability = 1;
  s.crossing.suspend_repeat = 0;
  const Result r = ran(s, 5, 100);
  EXPECT_EQ(r.open_days.p10, 50);
  EXPECT_EQ(r.open_days.p90, 50);
  // A Markov chain: open share (1 - repeat) / (p + 1 - repeat).
  s.crossing.suspend_probability = 0.2;
  s.crossing.suspend_repeat = 0.6;
  const Result q = ran(s, 400, 700);
  const double expected = 700 * 0.4 / (0.2 + 0.4);
  EXPECT_NEAR(q.open_days.mean, expected, 2 + (q.open_days.ci_high - q.open_days.mean) * 4 / 1.96);
}

TEST(Engine, StandbyFillsNoShows) {
  Scenario s = arithmetic();
  s.crossing.patient_places = 10;
  s.crossing.standby = 10;
  s.crossing.no_show = 0.5;
  const Result r = ran(s, 200, 100);
  // Ten listed and ten on standby each come with probability 1/2: the day
  // takes min(Binomial(20, 1/2), 10).
  double expected = 0;
  for (int k = 0; k <= 20; ++k)
    expected += std::min(k, 10) * std::exp(std::lgamma(21.0) - std::lgamma(k + 1.0) -
                                           std::lgamma(21.0 - k) + 20 * std::log(0.5));
  const Spread& d = r.patients_per_open_day;
  EXPECT_NEAR(d.mean, expected, (d.ci_high - d.mean) * 4 / 1.96) << expected;
  s.crossing.standby = 0;
  EXPECT_NEAR(ran(s, 200, 100).patients_per_open_day.mean, 5, 0.1);
}

TEST(Engine, RefusesBadOptionsAndCancels) {
  RunOptions o;
  o.runs = 0;
  EXPECT_EQ(run(arithmetic(), o).error().code, core::Errc::usage);
  o.runs = 10;
  o.days = 3651;
  EXPECT_EQ(run(arithmetic(), o).error().code, core::Errc::usage);
  o.days = 10;
  o.progress = [](int done) { return done < 3; };
  EXPECT_EQ(run(arithmetic(), o).error().code, core::Errc::refused);
}

// A server's deadline stops a plan within a few days of one run, not only
// between runs: stop() is asked while the one run goes on, and the plan
// is cancelled after its first "yes".
TEST(Engine, StopIsAskedWithinARunAndCancelsIt) {
  RunOptions o;
  o.runs = 1;
  o.days = 730;
  o.threads = 1;
  int asked = 0, runs_done = 0;
  o.progress = [&](int done) { return runs_done = done, true; };
  o.stop = [&] { return ++asked == 3; };
  auto r = run(arithmetic(), o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Errc::refused);
  EXPECT_EQ(asked, 3) << "asked every 8 days, stopped at the first yes";
  EXPECT_EQ(runs_done, 0) << "the run did not finish";
  // Never saying stop: asked every 8 days of each run, and the plan ends.
  asked = 0;
  o.stop = [&] { return ++asked, false; };
  EXPECT_TRUE(run(arithmetic(), o).ok());
  EXPECT_EQ(asked, 730 / 8);
}

TEST(Engine, KeepsSamplesInRunOrder) {
  RunOptions o;
  o.runs = 20;
  o.days = 300;
  o.keep_samples = true;
  const Scenario s = load("rafah");
  auto r = run(s, o);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->samples.size(), 20u);
  double deaths = 0;
  for (const RunSample& x : r->samples) deaths += static_cast<double>(x.deaths) / 20;
  EXPECT_DOUBLE_EQ(deaths, r->deaths.mean);
  o.runs = 1;
  EXPECT_EQ(run(s, o)->samples[0].deaths, r->samples[0].deaths);
}

}  // namespace
}  // namespace corridor::plan

namespace corridor::plan {
namespace {

// Without referrals every patient of the backlog crosses, dies, is denied
// or still waits at the end: in every run, through parallel stages,
// returns and in-flight patients.
TEST(Engine, EveryPatientIsAccountedFor) {
  Scenario s = load("rafah");
  for (UrgencyClass& c : s.classes) c.referrals_per_day = 0;
  s.stages[2].min_days = 5;  // in flight at security longer than at acceptance
  s.backlog.push_back({"urgent", false, {"security"}, s.start.plus_days(-3), 40});
  s.backlog.push_back({"urgent", false, {"acceptance"}, s.start.plus_days(-3), 30});
  RunOptions o;
  o.runs = 30;
  o.days = 400;
  o.keep_samples = true;
  auto r = run(s, o);
  ASSERT_TRUE(r.ok());
  const detail::Model m = detail::compile(s, 400);
  detail::Sim sim(m);
  detail::RunOut out;
  for (int i = 0; i < 30; ++i) {
    sim.run(1, i, out);
    EXPECT_EQ(out.crossed + out.denied + out.deaths + out.waiting_end, 16570) << i;
    EXPECT_EQ(out.deaths, r->samples[i].deaths);
  }
}

// A step of two parallel stages: a patient leaves when both approved; one
// denial takes it out of the other's queue too.
TEST(Engine, ParallelStagesBothApproveOrItLeaves) {
  Scenario s = arithmetic();
  s.crossing.patient_places = 0;
  s.stages = {{"acceptance", "egypt", 1, 1, 100000, 1, 0},
              {"security", "cogat", 1, 3, 100000, 0, 1}};
  s.backlog = {{"critical", false, {"acceptance", "security"}, s.start, 500}};
  const Result r = ran(s, 2, 10);
  EXPECT_EQ(r.denied.mean, 500);
  EXPECT_EQ(r.party_queues.at("egypt").points[0].p50, 500);  // day 0: nobody ready
  EXPECT_EQ(r.party_queues.at("egypt").points[1].p50, 0);
  EXPECT_EQ(r.party_queues.at("cogat").points[1].p50, 0);
  EXPECT_EQ(r.cleared_series.points[1].p50, 0);
  s.stages[1].approve = 1;
  s.stages[1].deny = 0;
  const Result q = ran(s, 2, 10);
  EXPECT_EQ(q.denied.mean, 0);
  EXPECT_EQ(q.cleared_series.points[1].p50, 500);
  EXPECT_FALSE(q.clear_days.at("critical").p50);  // cleared, but no place: still waiting
}

}  // namespace
}  // namespace corridor::plan
