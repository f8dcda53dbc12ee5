// The manifest's plan from the stored-state index (app::plan_manifest's
// CandidateSource::stored_state, store::for_each_manifest_candidate) equals
// the plan from a scan of every case derived afresh (CandidateSource::scan,
// the definition), on randomized histories: demo deployments of several
// seeds (decisions, amendments, deaths, withdrawals, crossing days,
// manifests, check-ins, no-shows, turn-backs, re-examinations), at times
// before, during and long after them (approvals expire); and a rebuild,
// which replays every manifest through the writer's check on the index,
// reproduces the tables.

#include <corridor/app/env.hpp>
#include <corridor/app/plan.hpp>
#include <corridor/app/service.hpp>
#include <corridor/demo/run.hpp>
#include <corridor/store/crossing_repo.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

namespace corridor::demo {
namespace {

constexpr core::Timestamp k_end = 1'764'590'400;  // 2025-12-01 12:00 UTC
constexpr core::Timestamp k_day = 86'400;

std::vector<std::string> refs_of(const app::PlannedManifest& p) {
  std::vector<std::string> out;
  for (const core::Unit& u : p.units) {
    out.push_back(u.principal.ref + (u.principal.cleared ? "+" : "-"));
    for (const core::Candidate& c : u.companions) out.push_back(" " + c.ref);
  }
  return out;
}

class ManifestCandidates : public ::testing::TestWithParam<std::uint64_t> {
protected:
  void SetUp() override {
    dir = std::filesystem::temp_directory_path() /
          ("corridor-candidates-" + std::to_string(GetParam()) + "-" +
           std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
  }
  void TearDown() override { std::filesystem::remove_all(dir); }
  std::filesystem::path dir;
};

TEST_P(ManifestCandidates, TheIndexedPlanEqualsTheScannedPlan) {
  DemoRunOptions o;
  o.db_path = (dir / "demo.db").string();
  o.patients = 400;
  o.seed = GetParam();
  o.days = 60;
  o.end = k_end;
  o.crossing_days = 20;
  o.fresh = true;
  std::ostringstream progress;
  auto ran = run_demo(o, progress);
  ASSERT_TRUE(ran.ok()) << ran.error().message;
  ASSERT_GT(ran->crossed, 0) << progress.str();

  app::ManualEnv env{k_end, 7};
  auto svc = app::Service::open({o.db_path, false, std::nullopt}, env);
  ASSERT_TRUE(svc.ok()) << svc.error().message;
  auto db = (*svc)->reader();
  ASSERT_TRUE(db.ok());
  auto days = store::list_days(**db, std::nullopt, std::nullopt);
  ASSERT_TRUE(days.ok());
  ASSERT_FALSE(days->empty());
  int compared = 0;
  int nonempty = 0;
  for (const store::DayRow& day : *days) {
    const core::Timestamp at_day = day.date.days_since_epoch() * k_day + 8 * 3600;
    for (core::Timestamp now : {at_day, k_end, k_end + 40 * k_day, k_end + 400 * k_day})
      for (core::Direction d : {core::Direction::exit, core::Direction::entry}) {
        SCOPED_TRACE(day.date.to_string() + " " + std::string(core::to_string(d)) + " at " +
                     std::to_string(now));
        auto scan =
            app::plan_manifest(**db, (*svc)->config(), day, d, now, app::CandidateSource::scan);
        auto fast = app::plan_manifest(**db, (*svc)->config(), day, d, now,
                                       app::CandidateSource::stored_state);
        ASSERT_TRUE(scan.ok()) << scan.error().message;
        ASSERT_TRUE(fast.ok()) << fast.error().message;
        EXPECT_EQ(refs_of(*fast), refs_of(*scan));
        EXPECT_EQ(fast->main, scan->main);
        EXPECT_EQ(fast->standby, scan->standby);
        EXPECT_EQ(fast->plan.max_travellers, scan->plan.max_travellers);
        ++compared;
        nonempty += !scan->units.empty();
      }
  }
  EXPECT_GT(nonempty, 0) << "no plan had a candidate: the comparison proves nothing";
  EXPECT_GT(compared, 8);
  // The replay checks every manifest statement against the indexed plan.
  auto rebuilt = (*svc)->rebuild(true);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.error().message;
  EXPECT_EQ(rebuilt->difference, "");
}

INSTANTIATE_TEST_SUITE_P(Seeds, ManifestCandidates, ::testing::Values(1u, 2u, 3u));

}  // namespace
}  // namespace corridor::demo
