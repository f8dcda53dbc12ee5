// estimate_weights (docs/dedup.md, "Weights"): u from random pairs, m and
// lambda by EM over the blocked pairs, as Splink estimates them.

#include <corridor/core/dedup_em.hpp>

#include <corridor/core/dedup_block.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <unordered_map>

namespace corridor::core {
namespace {

constexpr double k_pseudo = 0.5;                   // pseudo-count per level
constexpr std::uint64_t k_random_pairs = 1000000;  // pairs drawn for u
constexpr std::uint64_t k_em_pairs = 1000000;      // pairs each EM looks at, at most
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

EmModel em_step(const std::vector<PatternCount>& patterns, const EmModel& model, bool fix_u) {
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
  if (fix_u) {
    next.u = model.u;
  } else {
    normalise(uc, next.u);
  }
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
struct RandomPairs {
  LevelTable u{};
  std::array<double, k_dedup_features> present{};  // share of pairs with the feature
  LevelTable counts{};                             // pairs at each level
  std::uint64_t sampled = 0;
};

// The pairs u is counted over: all of them if few, else k_random_pairs
// drawn with `seed`.
std::vector<std::pair<std::uint32_t, std::uint32_t>> draw_pairs(std::uint64_t n,
                                                                std::uint64_t seed) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  if (n * (n - 1) / 2 <= k_random_pairs) {
    for (std::uint32_t a = 0; a < n; ++a)
      for (std::uint32_t b = a + 1; b < n; ++b) pairs.emplace_back(a, b);
    return pairs;
  }
  SplitMix rng{seed};
  while (pairs.size() < k_random_pairs) {
    const auto a = static_cast<std::uint32_t>(rng.next() % n);
    const auto b = static_cast<std::uint32_t>(rng.next() % n);
    if (a != b) pairs.emplace_back(a, b);
  }
  return pairs;
}

RandomPairs random_pairs(const std::vector<PreparedPerson>& p, std::uint64_t seed,
                         unsigned threads) {
  const auto pairs = draw_pairs(p.size(), seed);
  std::vector<LevelTable> parts(threads);
  run_threads(threads, [&](unsigned t) {
    for (std::size_t i = t; i < pairs.size(); i += threads) {
      const Gamma g = gamma_of(p[pairs[i].first], p[pairs[i].second]);
      for (std::size_t f = 0; f < k_dedup_features; ++f)
        if (g[f] != k_level_missing) parts[t][f][g[f]] += 1;
    }
  });
  RandomPairs out;
  out.sampled = pairs.size();
  for (const LevelTable& part : parts)  // whole numbers: the sum is exact in any order
    for (std::size_t f = 0; f < k_dedup_features; ++f)
      for (std::size_t l = 0; l < k_max_levels; ++l) out.counts[f][l] += part[f][l];
  normalise(out.counts, out.u);
  for (std::size_t f = 0; f < k_dedup_features; ++f) {
    double present = 0;
    for (double c : out.counts[f]) present += c;
    out.present[f] = present / static_cast<double>(std::max<std::uint64_t>(out.sampled, 1));
  }
  return out;
}

using Excluded = std::array<bool, k_dedup_features>;

// The comparison vectors of (a sample of) the pairs sharing a key of one
// kind, by vector, with the features that kind implies as missing.
std::vector<PatternCount> blocked_patterns(const Blocks& blocks, std::size_t kind,
                                           const Excluded& excluded, std::uint64_t seed,
                                           unsigned threads, std::uint64_t* stride) {
  *stride = std::max<std::uint64_t>(1, blocks.pair_bound(kind) / k_em_pairs);
  // A vector packed in 3 bits a feature (levels < 7, missing 7).
  auto pack = [&](const Gamma& g) {
    std::uint32_t code = 0;
    for (std::size_t f = 0; f < k_dedup_features; ++f)
      code = code << 3 | (excluded[f] || g[f] == k_level_missing ? 7u : g[f]);
    return code;
  };
  std::vector<std::unordered_map<std::uint32_t, std::uint64_t>> parts(threads);
  blocks.visit_kind(kind, threads, *stride, seed,
                    [&](unsigned t, std::uint32_t, std::uint32_t, const Gamma& g) {
                      if (!one_group(g))
                        ++parts[t][pack(g)];  // never one person: not a training pair
                    });
  std::map<std::uint32_t, std::uint64_t> merged;  // sorted: EM sums in one order
  for (const auto& part : parts)
    for (const auto& [code, n] : part) merged[code] += n;
  std::vector<PatternCount> out;
  for (const auto& [code, n] : merged) {
    Gamma g;
    for (std::size_t f = 0; f < k_dedup_features; ++f) {
      const auto l = static_cast<std::uint8_t>(code >> (3 * (k_dedup_features - 1 - f)) & 7);
      g[f] = l == 7 ? k_level_missing : l;
    }
    out.push_back({g, n});
  }
  return out;
}

// The features a kind of key makes agree (block_kinds() order): left out
// of that kind's EM, as Splink leaves a training rule's columns out.
Excluded excluded_by(std::size_t kind) {
  static const std::vector<std::vector<std::size_t>> features = {{5},    {6},    {7},      {3},
                                                                 {0, 3}, {1, 3}, {0, 1, 4}};
  Excluded out{};
  for (std::size_t f : features.at(kind)) out[f] = true;
  return out;
}

// One EM per kind of key.
struct Session {
  EmModel model;
  Excluded excluded{};
  double pairs = 0;  // pairs of the kind (the sample scaled up)
};

LevelTable table_of(const Weights& w, bool m) {
  LevelTable t{};
  for (std::size_t f = 0; f < k_dedup_features; ++f)
    for (std::size_t l = 0; l < level_count(f); ++l)
      t[f][l] = m ? w.features[f].levels[l].m : w.features[f].levels[l].u;
  return t;
}

}  // namespace

EmModel fit_em(const std::vector<PatternCount>& patterns, const EmModel& start, int max_iterations,
               int* iterations, bool fix_u) {
  EmModel model = start;
  int run = 0;
  while (run < max_iterations) {
    EmModel next = em_step(patterns, model, fix_u);
    ++run;
    const double change = max_change(model, next);
    model = next;
    if (change < 1e-7) break;
  }
  if (iterations) *iterations = run;
  return model;
}

namespace {

// An EM that found fewer matches says little about m.
constexpr double k_min_session_matches = 5;

// m of each feature: the average of the sessions' m (as Splink averages
// its training sessions), over the sessions that did not leave the
// feature out and found at least k_min_session_matches.
void combine_m(const std::vector<Session>& sessions, Weights& out) {
  for (std::size_t f = 0; f < k_dedup_features; ++f) {
    double total = 0;
    std::array<double, k_max_levels> sum{};
    for (const Session& s : sessions) {
      if (s.excluded[f] || s.model.lambda * s.pairs < k_min_session_matches) continue;
      total += 1;
      for (std::size_t l = 0; l < k_max_levels; ++l) sum[l] += s.model.m[f][l];
    }
    if (total == 0) continue;
    for (std::size_t l = 0; l < out.features[f].levels.size(); ++l)
      out.features[f].levels[l].m = sum[l] / total;
  }
}

// A level no pair showed has only pseudo-counts for m and u: their ratio
// would be evidence the data never gave, so it keeps the prior's.
void keep_prior_where_unseen(const LevelTable& seen, Weights& out) {
  const Weights prior = default_weights();
  for (std::size_t f = 0; f < k_dedup_features; ++f)
    for (std::size_t l = 0; l < out.features[f].levels.size(); ++l)
      if (seen[f][l] == 0) out.features[f].levels[l] = prior.features[f].levels[l];
}

// lambda from the date-of-birth session (else the national ID's): the
// matches it found over the share of all matches its key can find.
double lambda_of(const std::vector<Session>& sessions, const RandomPairs& random, const Weights& w,
                 double all_pairs) {
  for (auto [kind, feature, levels] : {std::tuple{3, 3, 2}, std::tuple{0, 5, 1}}) {
    const Session& s = sessions[static_cast<std::size_t>(kind)];
    const auto& m = w.features[static_cast<std::size_t>(feature)].levels;
    double recall = 0;
    for (int l = 0; l < levels; ++l) recall += m[static_cast<std::size_t>(l)].m;
    recall *= random.present[static_cast<std::size_t>(feature)];
    if (s.pairs > 0 && recall > 0) return s.model.lambda * s.pairs / (recall * all_pairs);
  }
  return 0;
}

}  // namespace

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
  const RandomPairs random = random_pairs(prepared, seed, threads);
  out.pairs_sampled = random.sampled;
  for (std::size_t f = 0; f < k_dedup_features; ++f)
    for (std::size_t l = 0; l < out.features[f].levels.size(); ++l)
      out.features[f].levels[l].u = random.u[f][l];
  const Blocks blocks(prepared, threads);
  std::vector<Session> sessions(block_kinds().size());
  LevelTable seen = random.counts;
  for (std::size_t k = 0; k < sessions.size(); ++k) {
    Session& s = sessions[k];
    s.excluded = excluded_by(k);
    std::uint64_t stride = 1;
    const auto patterns = blocked_patterns(blocks, k, s.excluded, seed, threads, &stride);
    std::uint64_t count = 0;
    for (const PatternCount& p : patterns) {
      count += p.count;
      for (std::size_t f = 0; f < k_dedup_features; ++f)
        if (p.gamma[f] != k_level_missing) seen[f][p.gamma[f]] += static_cast<double>(p.count);
    }
    out.pairs_blocked += count;
    s.pairs = static_cast<double>(count * stride);
    if (count == 0) continue;
    int iterations = 0;
    s.model = fit_em(patterns, EmModel{0.1, table_of(out, true), random.u}, k_max_iterations,
                     &iterations, true);
    out.iterations = std::max(out.iterations, iterations);
  }
  combine_m(sessions, out);
  keep_prior_where_unseen(seen, out);
  if (const double lambda = lambda_of(sessions, random, out, all_pairs); lambda > 0)
    out.lambda = std::clamp(lambda, 1e-12, 0.5);
  return out;
}

}  // namespace corridor::core
