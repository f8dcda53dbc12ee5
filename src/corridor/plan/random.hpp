#pragma once
// The planner's randomness: xoshiro256** seeded with splitmix64, and exact
// samplers for the Poisson and binomial distributions (inversion for small
// means, Hörmann's transformed rejection PTRS and BTRS for large ones).
// Inside plan/ only. Not thread-safe: one Rng per run.

#include <cstdint>
#include <vector>

namespace corridor::plan {

class Rng {
public:
  // The stream of run `run` under `seed`: the same on every thread.
  Rng(std::uint64_t seed, std::uint64_t run);

  std::uint64_t next() {
    const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
    const std::uint64_t t = m_s[1] << 17;
    m_s[2] ^= m_s[0];
    m_s[3] ^= m_s[1];
    m_s[1] ^= m_s[2];
    m_s[0] ^= m_s[3];
    m_s[2] ^= t;
    m_s[3] = rotl(m_s[3], 45);
    return result;
  }
  // Uniform in [0, 1), 53 bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n), n >= 1 (Lemire's method, unbiased).
  std::uint64_t below(std::uint64_t n);
  bool bernoulli(double p) { return p > 0 && uniform() < p; }

  // Poisson(mean), mean >= 0.
  std::int64_t poisson(double mean);
  // Binomial(n, p), n >= 0, p in [0, 1].
  std::int64_t binomial(std::int64_t n, double p);

private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::int64_t poisson_ptrs(double mean);
  std::int64_t binomial_btrs(std::int64_t n, double p);
  std::uint64_t m_s[4];
};

// Poisson(mean) for a mean fixed for a whole run: inversion of its cdf,
// tabled once (with a guide table for where to start looking) up to where
// the pmf no longer changes the sum; means above 500 use Rng::poisson.
class PoissonTable {
public:
  explicit PoissonTable(double mean = 0);
  std::int64_t operator()(Rng& rng) const {
    if (m_cdf.empty()) return rng.poisson(m_mean);
    const double u = rng.uniform();
    auto k = static_cast<std::size_t>(m_guide[static_cast<std::size_t>(u * k_guide)]);
    while (u >= m_cdf[k]) ++k;  // the last entry is 1
    return static_cast<std::int64_t>(k);
  }

private:
  static constexpr int k_guide = 256;
  double m_mean;
  std::vector<double> m_cdf;          // P(X <= k), k = 0 .. while below 1
  std::vector<std::int32_t> m_guide;  // per u * k_guide: the first k with cdf[k] > u's cell start
};

}  // namespace corridor::plan
