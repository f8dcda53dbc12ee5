// The capacity planner (docs/planner.md) on config/plan/rafah.toml: 10,000
// runs x 730 days on 2 threads (the target: under 1 s) and 2,000 x
// 730 on 1 thread (the Planning page's sliders: under 300 ms), beside the
// baseline measured in the same run: the same model simulated patient by
// patient (bench_plan_naive.cpp), over fewer runs and scaled to runs/s.
// The baseline's mean deaths and crossings are printed beside the engine's
// as a check that both simulate the same model.
//
// usage: bench_plan [SCENARIO.toml, default config/plan/rafah.toml] [naive runs, default 20]

#include "bench_plan_naive.hpp"

#include <corridor/plan/engine.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

corridor::plan::Result timed(const corridor::plan::Scenario& s, int runs, int threads,
                             double& seconds) {
  corridor::plan::RunOptions o;
  o.runs = runs;
  o.days = 730;
  o.threads = threads;
  const auto t0 = Clock::now();
  auto r = corridor::plan::run(s, o);
  seconds = seconds_since(t0);
  if (!r) {
    std::fprintf(stderr, "bench_plan: %s\n", r.error().message.c_str());
    std::exit(1);
  }
  return std::move(*r);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : CORRIDOR_SOURCE_DIR "/config/plan/rafah.toml";
  const int naive_runs = argc > 2 ? std::atoi(argv[2]) : 20;
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  auto s = corridor::plan::parse_scenario(text.str(), path);
  if (!s) {
    std::fprintf(stderr, "bench_plan: %s\n", s.error().message.c_str());
    return 1;
  }
  double big = 0, small = 0;
  const auto r = timed(*s, 10000, 2, big);
  timed(*s, 2000, 1, small);

  bench::Naive naive(*s);
  double deaths = 0, crossed = 0;
  const auto t0 = Clock::now();
  for (int i = 0; i < naive_runs; ++i) {
    const bench::NaiveOut o = naive.run(1, i, 730);
    deaths += static_cast<double>(o.deaths) / naive_runs;
    crossed += static_cast<double>(o.crossed) / naive_runs;
  }
  const double naive_seconds = seconds_since(t0);
  const double naive_rate = naive_runs / naive_seconds;

  std::printf(
      "plan: %s, 730 days: 10,000 runs on 2 threads in %.3f s (%.0f runs/s; target < 1 s)\n",
      s->name.c_str(), big, 10000 / big);
  std::printf(
      "plan: %s, 730 days:  2,000 runs on 1 thread  in %.3f s (%.0f runs/s; target < 0.3 s)\n",
      s->name.c_str(), small, 2000 / small);
  std::printf(
      "plan: baseline, patient by patient, 1 thread: %d runs in %.2f s = %.1f runs/s "
      "(engine on 1 thread: %.0fx)\n",
      naive_runs, naive_seconds, naive_rate, 2000 / small / naive_rate);
  std::printf("plan: check: mean deaths %.1f (engine) vs %.1f (baseline), crossed %.0f vs %.0f\n",
              r.deaths.mean, deaths, r.crossed.mean, crossed);
  return 0;
}
