// The engine's day selection (select_lists) against core::build_manifest:
// on random small cleared queues with fixed companions, the same main list
// and standby list in the same order.

#include <corridor/plan/engine_crossing.hpp>

#include <corridor/core/manifest.hpp>

#include <gtest/gtest.h>

#include <random>

namespace corridor::plan::detail {
namespace {

core::Config config_of(const Scenario& s) {
  core::Config c;
  core::CategoryDef medical, companion;
  medical.id = medical.name = "medical";
  medical.directions = {core::Direction::exit};
  medical.needs_urgency = true;
  companion.id = companion.name = "companion";
  companion.directions = {core::Direction::exit};
  companion.group_of = "medical";
  c.categories = {medical, companion};
  for (const UrgencyClass& u : s.classes) c.urgencies.push_back(u.urgency);
  c.priority = s.priority;
  c.manifest.standby = s.crossing.standby;
  c.manifest.min_companions = 0;
  c.manifest.min_companions_child = 0;
  c.crossing.child_age = 18;
  return c;
}

struct Trial {
  Scenario scenario;
  std::vector<int> companions;  // per cell
  std::optional<int> cap;
};

Trial random_trial(std::mt19937& rng) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Trial t;
  Scenario& s = t.scenario;
  s.name = "policy";
  s.start = {2026, 6, 1};
  s.classes = {{"critical", 0, 0, 0}, {"urgent", 0, 0, 0}, {"routine", 0, 0, 0}};
  s.stages = {{"referral", "who", 1, 1, 1, 1, 0}};
  s.priority = {1000, pick(0, 10), pick(0, 2000), pick(0, 300)};
  s.crossing.patient_places = pick(0, 8);
  s.crossing.companion_places = pick(0, 10);
  s.crossing.total_places = pick(0, 1) ? pick(1, 15) : 0;
  s.crossing.standby = pick(0, 4);
  s.crossing.companions = {0.25, 0.25, 0.25, 0.25};
  if (pick(0, 1)) t.cap = pick(0, 15);
  for (int row = pick(1, 12); row > 0; --row)
    s.backlog.push_back({s.classes[pick(0, 2)].urgency,
                         pick(0, 1) == 1,
                         {},
                         s.start.plus_days(-pick(0, 400)),
                         pick(1, 3)});
  return t;
}

// The main and standby lists core's builder makes, as (cell, companions).
std::pair<std::vector<Listed>, std::vector<Listed>> core_lists(const Model& m, const Trial& t) {
  const Scenario& s = t.scenario;
  const core::Config config = config_of(s);
  std::vector<core::Unit> units;
  std::vector<int> cell_of_unit;
  // Refs in type order: core breaks ties of score and waiting_since by ref,
  // the engine by type.
  for (int type = 0; type < m.types; ++type)
    for (int idx = 0; idx < m.idx_count; ++idx)
      for (const Seed& seed : m.backlog) {
        if (seed.cell != idx * m.types + type) continue;
        for (int k = 0; k < seed.cell_state.n; ++k) {
          core::Unit u;
          u.principal.ref = "R" + std::to_string(100000 + units.size());
          u.principal.category = "medical";
          u.principal.urgency = s.classes[m.class_of_cell(seed.cell)].urgency;
          u.principal.waiting_since =
              core::Date::from_days_since_epoch(m.since_day[m.idx_of_cell(seed.cell)]);
          u.principal.date_of_birth =
              s.start.plus_days(m.child_of_cell(seed.cell) ? -2000 : -15000);
          u.principal.cleared = true;
          for (int c = 0; c < t.companions[seed.cell]; ++c) {
            core::Candidate comp;
            comp.ref = u.principal.ref + "-" + std::to_string(c);
            comp.category = "companion";
            comp.waiting_since = u.principal.waiting_since;
            comp.date_of_birth = {1980, 1, 1};
            comp.cleared = true;
            u.companions.push_back(comp);
          }
          units.push_back(u);
          cell_of_unit.push_back(seed.cell);
        }
      }
  core::DayPlan plan;
  plan.day = s.start;
  plan.direction = core::Direction::exit;
  plan.capacity.places = {{"medical", s.crossing.patient_places},
                          {"companion", s.crossing.companion_places}};
  if (s.crossing.total_places > 0) plan.capacity.total = s.crossing.total_places;
  plan.closes_at = 4'000'000'000;
  plan.max_travellers = t.cap;
  const core::Manifest manifest = core::build_manifest(config, plan, units);
  std::pair<std::vector<Listed>, std::vector<Listed>> out;
  for (const core::Placed& p : manifest.main)
    if (p.member == 0)
      out.first.push_back({cell_of_unit[p.unit], t.companions[cell_of_unit[p.unit]]});
  for (const core::Placed& p : manifest.standby)
    if (p.member == 0)
      out.second.push_back({cell_of_unit[p.unit], t.companions[cell_of_unit[p.unit]]});
  return out;
}

bool same(const std::vector<Listed>& a, const std::vector<Listed>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].cell != b[i].cell || a[i].companions != b[i].companions) return false;
  return true;
}

TEST(EnginePolicy, DaySelectionEqualsCoreBuildManifest) {
  std::mt19937 rng(17);
  int non_trivial = 0;
  for (int trial = 0; trial < 400; ++trial) {
    Trial t = random_trial(rng);
    const Model m = compile(t.scenario, 1);
    t.companions.assign(m.cells, 0);
    for (int& c : t.companions) c = std::uniform_int_distribution<int>(0, 3)(rng);
    ClearedPool pool(m);
    for (const Seed& seed : m.backlog) pool.add(seed.cell, seed.cell_state.n);
    DayPlaces places;
    const CrossingModel& x = t.scenario.crossing;
    places.full.left = {x.patient_places, x.companion_places};
    places.full.total = x.total_places > 0 ? x.total_places : core::manifest_policy::k_unlimited;
    places.full.cap = t.cap ? *t.cap : core::manifest_policy::k_unlimited;
    places.left = places.full;
    std::vector<Listed> main, standby;
    select_lists(
        m, 0, pool, places, [&](int cell) { return t.companions[cell]; }, main, standby);
    const auto [core_main, core_standby] = core_lists(m, t);
    EXPECT_TRUE(same(main, core_main)) << "trial " << trial << ": engine " << main.size()
                                       << " on the main list, core " << core_main.size();
    EXPECT_TRUE(same(standby, core_standby)) << "trial " << trial;
    non_trivial += main.size() > 1 && !standby.empty();
  }
  EXPECT_GT(non_trivial, 50);  // the trials exercise both lists
}

}  // namespace
}  // namespace corridor::plan::detail
