// estimate_weights (docs/dedup.md, "Weights"): u from random pairs, m and
// lambda by EM over the blocked pairs, as Splink estimates them.

#include <corridor/core/dedup_em.hpp>

#include <corridor/core/dedup_block.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace corridor::core {
namespace {

constexpr double k_pseudo = 0.5;                   // pseudo-count per level
constexpr std::uint64_t k_random_pairs = 1000000;  // pairs drawn for u
constexpr std::uint64_t k_em_pairs = 4000000;      // blocked pairs EM looks at, at most
constexpr int k_max_iterations = 100;

std::size_t level_count(std::size_t f) { return dedup_levels(dedup_feature_names()[f]).size(); }

// Counts per level -> probabilities, with the pseudo-count.
void normalise(const LevelTable& counts, LevelTable& out) {
  for (std::size_t f = 0; f < k_dedup_features; ++f) {
    const std::size_t n = level_count(f);
    double total = 0;
    for (std::size_t l = 0; l < n; ++l) total += counts[f][l] + k_pseudo;
    for (std::size_t l = 0; l < n; ++l) out[f][l] = (counts[f][l] + k_pseudo) / total;
  }
}

double log_likelihood(const Gamma& g, const LevelTable& p) {
  double sum = 0;
  for (std::size_t f = 0; f < k_dedup_features; ++f)
    if (g[f] != k_level_missing) sum += std::log(p[f][g[f]]);
  return sum;
}

double max_change(const EmModel& a, const EmModel& b) {
  double d = std::abs(a.lambda - b.lambda);
  for (std::size_t f = 0; f < k_dedup_features; ++f)
    for (std::size_t l = 0; l < k_max_levels; ++l)
      d = std::max({d, std::abs(a.m[f][l] - b.m[f][l]), std::abs(a.u[f][l] - b.u[f][l])});
  return d;
}

EmModel em_step(const std::vector<PatternCount>& patterns, const EmModel& model) {
  LevelTable mc{}, uc{};
  double matches = 0, total = 0;
  for (const PatternCount& p : patterns) {
    const double lm = std::log(model.lambda) + log_likelihood(p.gamma, model.m);
    const double lu = std::log1p(-model.lambda) + log_likelihood(p.gamma, model.u);
    const double w = 1.0 / (1.0 + std::exp(lu - lm));
    const double c = static_cast<double>(p.count);
    matches += c * w;
    total += c;
    for (std::size_t f = 0; f < k_dedup_features; ++f) {
      if (p.gamma[f] == k_level_missing) continue;
      mc[f][p.gamma[f]] += c * w;
      uc[f][p.gamma[f]] += c * (1 - w);
    }
  }
  EmModel next;
  next.lambda = std::clamp(matches / std::max(total, 1.0), 1e-9, 1 - 1e-9);
  normalise(mc, next.m);
  normalise(uc, next.u);
  return next;
}

// A deterministic stream of 64-bit numbers (splitmix64).
struct SplitMix {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
};

// u: the level frequencies among random pairs (all pairs if few).
LevelTable random_pair_u(const std::vector<PreparedPerson>& p, std::uint64_t seed,
                         std::uint64_t* sampled) {
  LevelTable counts{};
  auto count = [&](std::size_t a, std::size_t b) {
    const Gamma g = gamma_of(p[a], p[b]);
    for (std::size_t f = 0; f < k_dedup_features; ++f)
      if (g[f] != k_level_missing) counts[f][g[f]] += 1;
  };
  const std::uint64_t n = p.size(), all = n * (n - 1) / 2;
  if (all <= k_random_pairs) {
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = a + 1; b < n; ++b) count(a, b);
    *sampled = all;
  } else {
    SplitMix rng{seed};
    for (std::uint64_t i = 0; i < k_random_pairs;) {
      const std::uint64_t a = rng.next() % n, b = rng.next() % n;
      if (a == b) continue;
      count(a, b);
      ++i;
    }
    *sampled = k_random_pairs;
  }
  LevelTable u{};
  normalise(counts, u);
  return u;
}

// The comparison vectors of (a sample of) the blocked pairs, by vector.
std::vector<PatternCount> blocked_patterns(const Blocks& blocks, std::uint64_t seed,
                                           unsigned threads, std::uint64_t* stride) {
  *stride = std::max<std::uint64_t>(1, blocks.pair_bound() / k_em_pairs);
  std::vector<std::unordered_map<std::uint64_t, std::uint64_t>> parts(threads);
  blocks.visit(threads, *stride, seed,
               [&](unsigned t, std::uint32_t, std::uint32_t, const Gamma& g) {
                 std::uint64_t code = 0;
                 for (std::uint8_t l : g) code = code << 8 | l;
                 ++parts[t][code];
               });
  std::map<std::uint64_t, std::uint64_t> merged;  // sorted: EM sums in one order
  for (const auto& part : parts)
    for (const auto& [code, n] : part) merged[code] += n;
  std::vector<PatternCount> out;
  for (const auto& [code, n] : merged) {
    Gamma g;
    for (std::size_t f = 0; f < k_dedup_features; ++f)
      g[f] = static_cast<std::uint8_t>(code >> (8 * (k_dedup_features - 1 - f)));
    out.push_back({g, n});
  }
  return out;
}

LevelTable table_of(const Weights& w, bool m) {
  LevelTable t{};
  const auto& names = dedup_feature_names();
  for (std::size_t f = 0; f < k_dedup_features; ++f)
    for (std::size_t l = 0; l < level_count(f); ++l)
      t[f][l] = m ? w.features[f].levels[l].m : w.features[f].levels[l].u;
  (void)names;
  return t;
}

}  // namespace

EmModel fit_em(const std::vector<PatternCount>& patterns, const EmModel& start, int max_iterations,
               int* iterations) {
  EmModel model = start;
  int run = 0;
  while (run < max_iterations) {
    EmModel next = em_step(patterns, model);
    ++run;
    const double change = max_change(model, next);
    model = next;
    if (change < 1e-7) break;
  }
  if (iterations) *iterations = run;
  return model;
}

Weights estimate_weights(const std::vector<DedupPerson>& persons, std::uint64_t seed,
                         unsigned threads) {
  threads = std::max(threads, 1u);
  Weights out = default_weights();
  const std::uint64_t n = persons.size();
  out.persons = n;
  const double all_pairs = static_cast<double>(n) * static_cast<double>(n > 0 ? n - 1 : 0) / 2;
  out.lambda =
      std::clamp(0.05 / static_cast<double>(std::max<std::uint64_t>(n, 2) - 1), 1e-12, 0.5);
  if (n < k_min_estimate) return out;
  const std::vector<PreparedPerson> prepared = prepare_all(persons, threads);
  const LevelTable u = random_pair_u(prepared, seed, &out.pairs_sampled);
  const Blocks blocks(prepared, threads);
  std::uint64_t stride = 1;
  const std::vector<PatternCount> patterns = blocked_patterns(blocks, seed, threads, &stride);
  for (const PatternCount& p : patterns) out.pairs_blocked += p.count;
  if (out.pairs_blocked == 0) return out;
  EmModel start{0.1, table_of(out, true), u};
  const EmModel fitted = fit_em(patterns, start, k_max_iterations, &out.iterations);
  for (std::size_t f = 0; f < k_dedup_features; ++f)
    for (std::size_t l = 0; l < out.features[f].levels.size(); ++l) {
      out.features[f].levels[l].m = fitted.m[f][l];
      out.features[f].levels[l].u = u[f][l];
    }
  // Matches among the blocked pairs, as a share of all pairs.
  const double matches = fitted.lambda * static_cast<double>(out.pairs_blocked * stride);
  out.lambda = std::clamp(matches / all_pairs, 1e-12, 0.5);
  return out;
}

}  // namespace corridor::core
