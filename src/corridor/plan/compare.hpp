#pragma once
// Scenarios side by side (docs/planner.md, "Comparing scenarios"): each is
// run with the same seed, so run i of every scenario draws from the same
// stream (paired runs), and each metric's difference from the first
// scenario comes with a 95% confidence interval from the paired
// differences.

#include <corridor/plan/engine.hpp>

#include <string>
#include <vector>

namespace corridor::plan {

// One metric of one scenario against the first: the means a (first) and b,
// diff = b - a, its 95% CI; significant when the CI excludes 0.
struct Difference {
  std::string metric;  // "deaths.mean", "deaths.critical.mean", "clear_days.all.mean", ...
  double a = 0, b = 0, diff = 0, ci_low = 0, ci_high = 0;
  bool significant = false;
};

struct Comparison {
  std::vector<Result> results;                         // one per scenario, in order
  std::vector<std::vector<Difference>> against_first;  // one per scenario after the first
};

// Runs every scenario with `options` (keep_samples is implied). Fails as
// run() does, and with Errc::usage for fewer than 2 scenarios.
core::Result<Comparison> compare(const std::vector<Scenario>& scenarios, const RunOptions& options);

std::string to_json(const Comparison& comparison);

}  // namespace corridor::plan
