#pragma once
// Expectation-maximisation of a two-class mixture over comparison vectors
// (docs/dedup.md, "Weights"): the step of estimate_weights() that finds m
// and lambda from the blocked pairs.

#include <corridor/core/dedup_compare.hpp>

#include <array>
#include <cstdint>
#include <vector>

namespace corridor::core {

using LevelTable = std::array<std::array<double, k_max_levels>, k_dedup_features>;

struct EmModel {
  double lambda = 0.1;  // share of the pairs that match
  LevelTable m{};       // P(level | match), per feature summing to 1 over its levels
  LevelTable u{};       // P(level | non-match)
};

// How many pairs had one comparison vector.
struct PatternCount {
  Gamma gamma;
  std::uint64_t count;
};

// Fits m and lambda (and u unless fix_u: then start.u is kept, as Splink
// keeps the u of random pairs) to the patterns from `start` until no
// probability moves by more than 1e-7 or max_iterations; *iterations (if
// given) gets the number run. Missing levels count for neither class. Each
// probability gets a small pseudo-count so none is 0. Deterministic
// (patterns are summed in the order given).
EmModel fit_em(const std::vector<PatternCount>& patterns, const EmModel& start, int max_iterations,
               int* iterations = nullptr, bool fix_u = false);

}  // namespace corridor::core
