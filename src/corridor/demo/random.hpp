#pragma once
// The demo's random numbers: splitmix64 (Steele, Lea, Flood 2014) with our
// own range reductions. The std distributions are implementation-defined,
// so they would change the demo's bytes between platforms. Callers draw
// once per statement: the order in which function arguments and operands
// are evaluated is unspecified too. Not for anything secret.

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>

namespace corridor::demo {

__extension__ typedef unsigned __int128 u128;  // GCC and Clang

class DemoRng {
public:
  explicit DemoRng(std::uint64_t seed) : m_state(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (m_state += 0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n) for n > 0, without bias: Lemire's multiply-and-reject
  // (ACM TOMACS 2019), which divides only on the rare rejection path.
  std::uint64_t below(std::uint64_t n) {
    u128 m = u128{next()} * n;
    if (static_cast<std::uint64_t>(m) < n) {
      const std::uint64_t low = (0 - n) % n;  // 2^64 mod n
      while (static_cast<std::uint64_t>(m) < low) m = u128{next()} * n;
    }
    return static_cast<std::uint64_t>(m >> 64);
  }
  int between(int lo, int hi) { return lo + static_cast<int>(below(hi - lo + 1)); }
  // Uniform in [0, 1) from 53 random bits: exact in IEEE double.
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }
  // An index in [0, n); P(i) falls linearly, so the front of a list is common.
  std::size_t front_biased(std::size_t n) {
    const std::uint64_t a = below(n);
    const std::uint64_t b = below(n);
    return static_cast<std::size_t>(std::min(a, b));
  }
  // An index drawn with probability proportional to weight(item).
  template <class T, class F>
  std::size_t pick_index(std::span<const T> items, F weight) {
    double total = 0;
    for (const T& item : items) total += weight(item);
    double r = unit() * total;
    std::size_t last = 0;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (weight(items[i]) <= 0) continue;
      if (r < weight(items[i])) return i;
      r -= weight(items[i]);
      last = i;
    }
    return last;  // only reached through rounding
  }
  std::size_t pick(std::span<const double> w) {
    return pick_index(w, [](double x) { return x; });
  }
  template <class T, std::size_t N>
  const T& pick(const T (&items)[N]) {
    return items[pick_index(std::span<const T>(items), [](const T& t) { return t.weight; })];
  }

private:
  std::uint64_t m_state;
};

// A keyed permutation of [0, 10^7): a Feistel network on 24 bits, walking
// the cycle until the value is back in range (Black and Rogaway 2002).
// Numbers drawn through it from a counter look random and never repeat,
// with no memory and no retries.
class Scramble {
public:
  static constexpr std::uint64_t k_span = 10'000'000;

  explicit Scramble(DemoRng& rng) {
    for (std::uint32_t& key : m_keys) key = static_cast<std::uint32_t>(rng.next());
  }
  std::uint64_t operator()(std::uint64_t x) const {
    do x = permute(x);
    while (x >= k_span);
    return x;
  }

private:
  std::uint64_t permute(std::uint64_t x) const {
    std::uint32_t left = static_cast<std::uint32_t>(x >> 12);
    std::uint32_t right = static_cast<std::uint32_t>(x & 0xfff);
    for (std::uint32_t key : m_keys) {
      const std::uint32_t f = ((right ^ key) * 0x9e3779b1u) >> 20;
      const std::uint32_t next = (left ^ f) & 0xfff;
      left = right;
      right = next;
    }
    return (std::uint64_t{left} << 12) | right;
  }
  std::array<std::uint32_t, 6> m_keys;
};

}  // namespace corridor::demo
