// The calibration's intervals (estimators.hpp). The gamma quantile inverts
// the regularized incomplete gamma function P(a, x) (series below a + 1,
// Lentz's continued fraction above: Numerical Recipes, 6.2) by bisection.

#include <corridor/plan/estimators.hpp>

#include <algorithm>
#include <cmath>

namespace corridor::plan {
namespace {

constexpr double k_z = 1.959963984540054;  // the standard normal's 97.5% quantile

// P(a, x), the regularized lower incomplete gamma function.
double gamma_p(double a, double x) {
  if (x <= 0) return 0;
  const double log_front = a * std::log(x) - x - std::lgamma(a);
  if (x < a + 1) {
    double term = 1 / a, sum = term;
    for (int n = 1; n < 10000 && std::fabs(term) > std::fabs(sum) * 1e-16; ++n) {
      term *= x / (a + n);
      sum += term;
    }
    return sum * std::exp(log_front);
  }
  constexpr double tiny = 1e-300;
  double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
  for (int i = 1; i < 10000; ++i) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::fabs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1 / d;
    const double step = d * c;
    h *= step;
    if (std::fabs(step - 1) < 1e-16) break;
  }
  return 1 - std::exp(log_front) * h;
}

}  // namespace

double gamma_quantile(double shape, double p) {
  double lo = 0, hi = std::max(1.0, shape);
  while (gamma_p(shape, hi) < p) hi *= 2;
  for (int i = 0; i < 200 && hi - lo > 1e-12 * std::max(1.0, hi); ++i) {
    const double mid = (lo + hi) / 2;
    (gamma_p(shape, mid) < p ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

Interval poisson_interval(std::int64_t k) {
  const double n = static_cast<double>(k);
  return {k == 0 ? 0.0 : gamma_quantile(n, 0.025), gamma_quantile(n + 1, 0.975)};
}

Interval wilson_interval(std::int64_t x, std::int64_t n) {
  if (n <= 0) return {0, 1};
  const double nn = static_cast<double>(n), p = static_cast<double>(x) / nn;
  const double z2 = k_z * k_z, denom = 1 + z2 / nn;
  const double centre = (p + z2 / (2 * nn)) / denom;
  const double half = k_z * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / denom;
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

double percentile(const std::vector<double>& sorted, double p) {
  const auto n = static_cast<double>(sorted.size());
  const auto rank = static_cast<std::size_t>(std::ceil(p * n));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

Interval percentile_interval(const std::vector<double>& sorted, double p) {
  const auto n = static_cast<double>(sorted.size());
  const double spread = k_z * std::sqrt(n * p * (1 - p));
  auto at = [&](double rank) {
    const auto r = static_cast<std::int64_t>(rank);
    return sorted[static_cast<std::size_t>(
        std::clamp<std::int64_t>(r, 1, static_cast<std::int64_t>(sorted.size())) - 1)];
  };
  return {at(std::floor(n * p - spread)), at(std::ceil(n * p + spread) + 1)};
}

}  // namespace corridor::plan
