#pragma once
// Inside plan/: the runs' figures (engine_sim.hpp) aggregated into a Result:
// means with their 95% confidence intervals, percentiles, weekly series.

#include <corridor/plan/engine.hpp>
#include <corridor/plan/engine_sim.hpp>

#include <vector>

namespace corridor::plan::detail {

// Over `values`: mean, 95% CI of the mean (normal, from the sample standard
// deviation; the mean itself for one value), p10/p50/p90 (linear between
// order statistics). All zero for no values.
Spread spread_of(std::vector<double> values);
// The q-quantile of sorted values (linear between order statistics).
double quantile(const std::vector<double>& sorted, double q);

Result aggregate(const Model& m, const RunOptions& options, const std::vector<RunOut>& runs);

}  // namespace corridor::plan::detail
