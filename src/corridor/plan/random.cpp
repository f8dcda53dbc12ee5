// Samplers of random.hpp. PTRS: W. Hörmann, "The transformed rejection
// method for generating Poisson random variables", Insurance: Mathematics
// and Economics 12 (1993). BTRS: W. Hörmann, "The generation of binomial
// random variates", J. Statist. Comput. Simul. 46 (1993). Both are exact:
// the acceptance test compares with the log of the true probability.

#include <corridor/plan/random.hpp>

#include <cmath>

namespace corridor::plan {
namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

Rng::Rng(std::uint64_t seed, std::uint64_t run) {
  std::uint64_t x = seed;
  std::uint64_t y = splitmix64(x) ^ (run * 0xd1b54a32d192ed03ULL);
  for (auto& s : m_s) s = splitmix64(y);
}

std::uint64_t Rng::below(std::uint64_t n) {
  __uint128_t m = static_cast<__uint128_t>(next()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = -n % n;
    while (low < threshold) {
      m = static_cast<__uint128_t>(next()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

std::int64_t Rng::poisson(double mean) {
  if (!(mean > 0)) return 0;
  if (mean >= 10) return poisson_ptrs(mean);
  // Inversion: walk the cdf from 0.
  double p = std::exp(-mean), u = uniform();
  std::int64_t k = 0;
  while (u > p && k < 1000) {
    u -= p;
    ++k;
    p *= mean / static_cast<double>(k);
  }
  return k;
}

std::int64_t Rng::poisson_ptrs(double mean) {
  const double slam = std::sqrt(mean), loglam = std::log(mean);
  const double b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b;
  const double invalpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const double u = uniform() - 0.5, v = uniform();
    const double us = 0.5 - std::fabs(u);
    const auto k = static_cast<std::int64_t>(std::floor((2 * a / us + b) * u + mean + 0.43));
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + std::log(invalpha) - std::log(a / (us * us) + b) <=
        -mean + static_cast<double>(k) * loglam - std::lgamma(static_cast<double>(k) + 1))
      return k;
  }
}

std::int64_t Rng::binomial(std::int64_t n, double p) {
  if (n <= 0 || !(p > 0)) return 0;
  if (p >= 1) return n;
  if (n <= 16) {  // a few Bernoulli trials cost less than the exp and log below
    std::int64_t k = 0;
    for (std::int64_t i = 0; i < n; ++i) k += uniform() < p;
    return k;
  }
  if (p > 0.5) return n - binomial(n, 1 - p);
  if (static_cast<double>(n) * p >= 10) return binomial_btrs(n, p);
  // Inversion: walk the pmf from 0 (its mean is below 10).
  const double q = 1 - p, s = p / q, a = static_cast<double>(n + 1) * s;
  double r = std::exp(static_cast<double>(n) * std::log1p(-p)), u = uniform();
  std::int64_t k = 0;
  while (u > r && k < n) {
    u -= r;
    ++k;
    r *= a / static_cast<double>(k) - s;
  }
  return k;
}

std::int64_t Rng::binomial_btrs(std::int64_t n, double p) {
  const double nd = static_cast<double>(n), spq = std::sqrt(nd * p * (1 - p));
  const double b = 1.15 + 2.53 * spq, a = -0.0873 + 0.0248 * b + 0.01 * p, c = nd * p + 0.5;
  const double alpha = (2.83 + 5.1 / b) * spq, vr = 0.92 - 4.2 / b;
  const double lpq = std::log(p / (1 - p));
  const double m = std::floor((nd + 1) * p);
  const double h = std::lgamma(m + 1) + std::lgamma(nd - m + 1);
  for (;;) {
    const double u = uniform() - 0.5;
    double v = uniform();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2 * a / us + b) * u + c);
    if (k < 0 || k > nd) continue;
    if (us >= 0.07 && v <= vr) return static_cast<std::int64_t>(k);
    v = std::log(v * alpha / (a / (us * us) + b));
    if (v <= h - std::lgamma(k + 1) - std::lgamma(nd - k + 1) + (k - m) * lpq)
      return static_cast<std::int64_t>(k);
  }
}

PoissonTable::PoissonTable(double mean) : m_mean(mean) {
  if (!(mean > 0) || mean > 500) return;
  double p = std::exp(-mean), cum = 0;
  for (std::int64_t k = 0; cum + p > cum || k <= mean; ++k) {
    cum += p;
    m_cdf.push_back(cum);
    p *= mean / static_cast<double>(k + 1);
  }
  // The table ends where the pmf no longer changes the sum: what is left
  // (below one rounding of 1) goes to its last entry.
  m_cdf.back() = 1.0;
  m_guide.resize(k_guide);
  std::size_t k = 0;
  for (int g = 0; g < k_guide; ++g) {
    const double at = static_cast<double>(g) / k_guide;
    while (k + 1 < m_cdf.size() && m_cdf[k] <= at) ++k;
    m_guide[g] = static_cast<std::int32_t>(k);
  }
}

}  // namespace corridor::plan
