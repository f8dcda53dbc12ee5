#pragma once
// The comparison of two person records (docs/dedup.md, "Features"): each
// record prepared once (names normalised, numbers cleaned), then a pair
// reduced to a comparison vector (one level per feature) and scored with a
// weight table. Used by compare(), estimate_weights() and find_duplicates().

#include <corridor/core/dedup.hpp>
#include <corridor/core/dedup_names.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace corridor::core {

// A record with everything a comparison needs computed once.
struct PreparedPerson {
  std::vector<DedupName> names;  // the non-empty of name_ar, name_en
  std::string national_id;       // digits only
  std::string passport_no;       // letters (upper case) and digits only
  std::string phone;             // the last 9 digits; empty if fewer than 7
  std::optional<Date> date_of_birth;
  std::optional<Sex> sex;
  std::string ref, group_ref;
};
PreparedPerson prepare(const DedupPerson&);

inline constexpr std::size_t k_dedup_features = 9;
inline constexpr std::size_t k_max_levels = 4;
inline constexpr std::uint8_t k_level_missing = 0xFF;

// A pair's comparison vector: per feature (dedup_feature_names() order) the
// index of its level in dedup_levels(), or k_level_missing.
using Gamma = std::array<std::uint8_t, k_dedup_features>;
Gamma gamma_of(const PreparedPerson&, const PreparedPerson&);
// The vector's group level is same_group or patient_companion
// (dedup_one_group): never one person.
bool one_group(const Gamma&);

// Weights as a table indexed by feature and level, for scoring many pairs.
struct WeightTable {
  explicit WeightTable(const Weights&);
  double prior = 0;  // log2(lambda / (1 - lambda))
  std::array<std::array<double, k_max_levels>, k_dedup_features> weight{};
  double match_weight(const Gamma&) const;
};

// The match probability of a match weight: 2^w / (1 + 2^w).
double score_of(double match_weight);
// A scored comparison with its named features.
Comparison comparison_of(const Gamma&, const WeightTable&);

}  // namespace corridor::core
