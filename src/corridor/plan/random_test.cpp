// The tabled Poisson sampler against the distribution it draws from.

#include <corridor/plan/random.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace corridor::plan {
namespace {

TEST(PoissonTable, DrawsThePoissonDistribution) {
  for (double mean : {0.0, 0.5, 14.0, 60.0, 499.0, 800.0}) {
    const PoissonTable draw(mean);
    Rng rng(7, static_cast<std::uint64_t>(mean * 10));
    const int n = 200'000;
    double sum = 0, sq = 0, zeros = 0, at_mean = 0;
    const auto mode = static_cast<std::int64_t>(std::floor(mean));
    for (int i = 0; i < n; ++i) {
      const auto k = static_cast<double>(draw(rng));
      sum += k;
      sq += k * k;
      zeros += k == 0;
      at_mean += static_cast<std::int64_t>(k) == mode;
    }
    const double m = sum / n, var = sq / n - m * m;
    // The mean within 5 standard errors, the variance (= the mean) within 5%.
    EXPECT_NEAR(m, mean, 5 * std::sqrt(mean / n) + 1e-12) << mean;
    EXPECT_NEAR(var, mean, 0.05 * mean + 1e-12) << mean;
    // P(X = floor(mean)) within 5 standard errors of the pmf.
    const double p = std::exp(-mean + static_cast<double>(mode) * std::log(std::max(mean, 1e-300)) -
                              std::lgamma(static_cast<double>(mode) + 1));
    EXPECT_NEAR(at_mean / n, mean > 0 ? p : 1.0, 5 * std::sqrt(p * (1 - p) / n) + 1e-12) << mean;
    if (mean == 0) {
      EXPECT_EQ(zeros, n);
    }
  }
}

}  // namespace
}  // namespace corridor::plan
