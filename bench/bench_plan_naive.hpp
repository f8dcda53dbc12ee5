#pragma once
// The baseline of bench_plan: the planner's model (docs/planner.md)
// simulated the obvious way, patient by patient: every waiting patient
// draws its death every day, every stage sorts its ready patients, every
// crossing day sorts the cleared ones by core's score. The same model as
// plan::run (deaths, clear days and crossings agree in distribution);
// only the bookkeeping differs.

#include <corridor/core/manifest_policy.hpp>
#include <corridor/plan/random.hpp>
#include <corridor/plan/scenario.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace bench {

struct NaiveOut {
  std::int64_t deaths = 0, crossed = 0;
};

class Naive {
public:
  explicit Naive(const corridor::plan::Scenario& s) : m_s(s) {
    for (const auto& c : s.classes) m_levels.push_back(c.urgency);
  }
  NaiveOut run(std::uint64_t seed, int index, int days);

private:
  struct Patient {
    int u = 0;
    bool child = false;
    std::int64_t since = 0;  // days since the epoch
    int step = 0;            // index of the step; steps() = cleared
    int entry = 0;
    unsigned approved = 0;  // bit per stage (global index)
    bool waiting = true;
  };
  int steps() const { return m_s.stages.back().step; }
  void decide(int t, std::size_t g);
  void cross(int t, NaiveOut& out);
  int draw_companions();

  const corridor::plan::Scenario& m_s;
  std::vector<std::string> m_levels;
  std::vector<Patient> m_p;
  corridor::plan::Rng m_rng{0, 0};
  int m_last = 0;
  std::int64_t m_queue = 0;
};

}  // namespace bench
