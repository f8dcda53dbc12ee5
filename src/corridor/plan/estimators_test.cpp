#include <corridor/plan/estimators.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace corridor::plan {
namespace {

TEST(Estimators, PoissonIntervalsAreGarwoodsExactOnes) {
  // Textbook values (e.g. Ulm 1990, table of exact Poisson limits).
  const Interval zero = poisson_interval(0);
  EXPECT_EQ(zero.low, 0);
  EXPECT_NEAR(zero.high, 3.6889, 1e-4);
  const Interval one = poisson_interval(1);
  EXPECT_NEAR(one.low, 0.0253, 1e-4);
  EXPECT_NEAR(one.high, 5.5716, 1e-4);
  const Interval ten = poisson_interval(10);
  EXPECT_NEAR(ten.low, 4.7954, 1e-4);
  EXPECT_NEAR(ten.high, 18.3904, 1e-4);
  // Large counts: close to k -/+ 1.96 sqrt(k).
  const Interval big = poisson_interval(10000);
  EXPECT_NEAR(big.low, 10000 - 1.96 * 100, 2);
  EXPECT_NEAR(big.high, 10000 + 1.96 * 100, 2);
}

TEST(Estimators, GammaQuantileInvertsTheDistribution) {
  EXPECT_NEAR(gamma_quantile(1, 0.5), std::log(2.0), 1e-9);  // exponential's median
  EXPECT_NEAR(gamma_quantile(1, 0.975), -std::log(0.025), 1e-9);
  EXPECT_NEAR(gamma_quantile(2, 0.5), 1.678347, 1e-6);
}

TEST(Estimators, WilsonIntervalsOfShares) {
  const Interval a = wilson_interval(37, 50);
  EXPECT_NEAR(a.low, 0.604468, 1e-6);
  EXPECT_NEAR(a.high, 0.841285, 1e-6);
  const Interval none = wilson_interval(0, 10);
  EXPECT_EQ(none.low, 0);
  EXPECT_NEAR(none.high, 0.277533, 1e-6);
  const Interval empty = wilson_interval(0, 0);
  EXPECT_EQ(empty.low, 0);
  EXPECT_EQ(empty.high, 1);
}

TEST(Estimators, PercentileAndItsOrderStatisticInterval) {
  std::vector<double> v;
  for (int i = 1; i <= 100; ++i) v.push_back(i);
  EXPECT_EQ(percentile(v, 0.5), 50);
  EXPECT_EQ(percentile(v, 0.05), 5);
  // The median of 100: ranks 40 and 61 (the usual table).
  const Interval m = percentile_interval(v, 0.5);
  EXPECT_EQ(m.low, 40);
  EXPECT_EQ(m.high, 61);
  // The 5th percentile: n p = 5, spread 4.27: ranks 1 and 11.
  const Interval low = percentile_interval(v, 0.05);
  EXPECT_EQ(low.low, 1);
  EXPECT_EQ(low.high, 11);
  const std::vector<double> one{3.5};
  EXPECT_EQ(percentile(one, 0.05), 3.5);
  EXPECT_EQ(percentile_interval(one, 0.05).low, 3.5);
  EXPECT_EQ(percentile_interval(one, 0.05).high, 3.5);
}

}  // namespace
}  // namespace corridor::plan
