#include <corridor/core/dedup_em.hpp>

#include <corridor/core/dedup_test_population.hpp>

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace corridor::core {
namespace {

// Draws a level from a distribution.
std::uint8_t draw(std::mt19937& rng, const std::array<double, k_max_levels>& p, std::size_t n) {
  double x = std::uniform_real_distribution<double>(0, 1)(rng);
  for (std::size_t l = 0; l + 1 < n; ++l) {
    if (x < p[l]) return static_cast<std::uint8_t>(l);
    x -= p[l];
  }
  return static_cast<std::uint8_t>(n - 1);
}

TEST(DedupEm, RecoversKnownMAndUAndLambda) {
  // Four features drawn independently given the class; the others missing.
  const std::vector<std::size_t> features = {0, 3, 4, 5};  // first name, birth, sex, ID
  const std::vector<std::size_t> levels = {4, 4, 2, 3};
  EmModel truth;
  truth.lambda = 0.2;
  truth.m[0] = {0.6, 0.25, 0.1, 0.05};
  truth.u[0] = {0.05, 0.05, 0.1, 0.8};
  truth.m[3] = {0.8, 0.1, 0.05, 0.05};
  truth.u[3] = {0.01, 0.01, 0.08, 0.9};
  truth.m[4] = {0.95, 0.05};
  truth.u[4] = {0.5, 0.5};
  truth.m[5] = {0.85, 0.1, 0.05};
  truth.u[5] = {0.02, 0.03, 0.95};
  std::mt19937 rng(7);
  std::map<std::vector<std::uint8_t>, std::uint64_t> counts;
  for (int i = 0; i < 200000; ++i) {
    const bool match = std::uniform_real_distribution<double>(0, 1)(rng) < truth.lambda;
    std::vector<std::uint8_t> g(k_dedup_features, k_level_missing);
    for (std::size_t k = 0; k < features.size(); ++k)
      g[features[k]] = draw(rng, (match ? truth.m : truth.u)[features[k]], levels[k]);
    ++counts[g];
  }
  std::vector<PatternCount> patterns;
  for (const auto& [g, n] : counts) {
    Gamma gamma;
    std::copy(g.begin(), g.end(), gamma.begin());
    patterns.push_back({gamma, n});
  }
  EmModel start;  // a vague start: agreement likelier among matches
  start.lambda = 0.5;
  for (std::size_t k = 0; k < features.size(); ++k)
    for (std::size_t l = 0; l < levels[k]; ++l) {
      start.m[features[k]][l] = l == 0 ? 0.5 : 0.5 / static_cast<double>(levels[k] - 1);
      start.u[features[k]][l] = 1.0 / static_cast<double>(levels[k]);
    }
  int iterations = 0;
  const EmModel fit = fit_em(patterns, start, 500, &iterations);
  EXPECT_GT(iterations, 1);
  EXPECT_NEAR(fit.lambda, truth.lambda, 0.01);
  for (std::size_t k = 0; k < features.size(); ++k)
    for (std::size_t l = 0; l < levels[k]; ++l) {
      EXPECT_NEAR(fit.m[features[k]][l], truth.m[features[k]][l], 0.02) << k << " " << l;
      EXPECT_NEAR(fit.u[features[k]][l], truth.u[features[k]][l], 0.02) << k << " " << l;
    }
}

TEST(DedupEm, EstimatesWeightsThatFindThePlantedDuplicates) {
  const test::Population pop = test::population(3000, 150, 11);
  const Weights w = estimate_weights(pop.persons, 5);
  EXPECT_EQ(w.persons, pop.persons.size());
  EXPECT_GT(w.pairs_blocked, 0u);
  EXPECT_GT(w.iterations, 0);
  EXPECT_GT(w.weight("national_id", "exact"), 10);
  EXPECT_GT(w.weight("date_of_birth", "exact"), 5);
  EXPECT_LT(w.weight("date_of_birth", "disagree"), 0);
  EXPECT_LT(w.weight("name_family", "disagree"), 0);
  // About 150 matching pairs among 3150 * 3149 / 2.
  const double truth = static_cast<double>(pop.planted.size()) / (3150.0 * 3149 / 2);
  EXPECT_GT(w.lambda, truth / 3);
  EXPECT_LT(w.lambda, truth * 3);
  const auto found = find_duplicates(pop.persons, w, k_default_min_score);
  std::size_t right = 0;
  for (const CandidatePair& p : found) right += pop.planted.count({p.a, p.b});
  EXPECT_GE(static_cast<double>(right), 0.9 * static_cast<double>(pop.planted.size()));
  EXPECT_GE(static_cast<double>(right), 0.9 * static_cast<double>(found.size()));
}

TEST(DedupEm, IsTheSameForAnyThreadCount) {
  const test::Population pop = test::population(800, 40, 3);
  EXPECT_EQ(estimate_weights(pop.persons, 9, 1).to_json(),
            estimate_weights(pop.persons, 9, 3).to_json());
  // (The seed matters only where pairs are sampled: with 840 persons u comes from all pairs.)
}

TEST(DedupEm, TooFewPersonsGiveThePriorWeights) {
  const test::Population pop = test::population(10, 1, 3);
  const Weights w = estimate_weights(pop.persons, 1);
  EXPECT_EQ(w.iterations, 0);
  EXPECT_DOUBLE_EQ(w.weight("sex", "exact"), default_weights().weight("sex", "exact"));
  EXPECT_NEAR(w.lambda, 0.05 / 10, 1e-12);
}

}  // namespace
}  // namespace corridor::core
