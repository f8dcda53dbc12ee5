#pragma once
// The intervals `plan calibrate` gives beside each estimate
// (docs/planner.md, "Calibration"): exact Poisson (Garwood) for counts over
// an exposure, Wilson for shares, order statistics for percentiles. Pure
// functions; every interval is two-sided at 95%.

#include <cstdint>
#include <vector>

namespace corridor::plan {

struct Interval {
  double low = 0;
  double high = 0;
};

// The p-quantile (0 < p < 1) of the gamma distribution with this shape
// (> 0) and scale 1, to about 1e-10 relative.
double gamma_quantile(double shape, double p);

// The exact (Garwood) 95% interval of a Poisson mean given `k` >= 0 events:
// low = the 2.5% quantile of Gamma(k) (0 for k = 0), high = the 97.5%
// quantile of Gamma(k + 1). Divide by the exposure for a rate.
Interval poisson_interval(std::int64_t k);

// The Wilson score 95% interval of a share, `x` of `n` (0 <= x <= n);
// [0, 1] for n = 0.
Interval wilson_interval(std::int64_t x, std::int64_t n);

// The nearest-rank p-quantile (0 < p <= 1) of sorted, non-empty values.
double percentile(const std::vector<double>& sorted, double p);

// A distribution-free 95% interval of that quantile: the order statistics
// at ranks n p -/+ 1.96 sqrt(n p (1 - p)) (clamped to the sample).
Interval percentile_interval(const std::vector<double>& sorted, double p);

}  // namespace corridor::plan
