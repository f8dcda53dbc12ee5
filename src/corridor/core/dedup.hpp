#pragma once
// Finding the same person twice (docs/dedup.md): a Fellegi–Sunter record
// matcher over person records in either script. Pure: no I/O, clock or
// randomness (seeds are arguments); results do not depend on the thread
// count. Names are prepared by dedup_names.hpp, pairs compared by
// dedup_compare.cpp, weights estimated by dedup_em.cpp, candidates found by
// dedup_block.cpp.

#include <corridor/core/case.hpp>
#include <corridor/core/date.hpp>
#include <corridor/core/result.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::core {

// One person record as the matcher sees it.
struct DedupPerson {
  std::string ref;                              // the case ref
  std::string name_ar, name_en;                 // either may be empty
  std::string national_id, passport_no, phone;  // may be empty
  std::optional<Date> date_of_birth;
  std::optional<Sex> sex;
  std::string group_ref;  // a companion's patient ref, else empty
};

// The matcher's view of a stored case: its ref, person and group.
DedupPerson dedup_person(const CaseRecord&);

// One named piece of evidence.
struct Feature {
  std::string name;   // "name_first", "name_family", "name_full", "date_of_birth", "sex",
                      // "national_id", "passport_no", "phone", "group"
  std::string level;  // e.g. "exact", "transliteration", "fuzzy", "swapped_day_month",
                      // "year_only", "one_digit", "disagree", "missing"
  double weight;      // log2(m/u) of that level (0 for missing)
};

// A pair's evidence: match_weight = log2(lambda/(1-lambda)) + sum of the
// features' weights; score = 2^w / (1 + 2^w), the match probability in [0,1].
struct Comparison {
  double match_weight = 0;
  double score = 0;
  std::vector<Feature> features;  // in the order of dedup_feature_names()
};

// The features compared, in order, and each one's levels other than
// "missing" (which has weight 0), from strongest agreement to "disagree"
// (or "none" for group).
const std::vector<std::string_view>& dedup_feature_names();
const std::vector<std::string_view>& dedup_levels(std::string_view feature);

// Whether a feature's level says the two records are of one group (one is
// the other's patient, or both companions of one patient): one person is not
// their own companion on one referral, so such a pair is never one person
// (score 0), is never a candidate and is not among EM's training pairs. A
// person of one group who is a patient or companion in another group is
// compared as any other pair (docs/dedup.md, "Groups").
bool dedup_one_group(std::string_view feature, std::string_view level);

// m = P(level | same person), u = P(level | different persons).
struct LevelWeights {
  std::string level;
  double m = 0;
  double u = 0;
};
struct FeatureWeights {
  std::string name;
  std::vector<LevelWeights> levels;
};

// The model: per feature per level m and u, and lambda, the probability that
// two records drawn at random are the same person. Serialisable so a store
// can keep the last estimate.
struct Weights {
  double lambda = 1e-6;
  std::vector<FeatureWeights> features;
  // Where the estimate came from (docs/dedup.md); informational: the
  // records, the random pairs u was counted on, the blocked pairs the EMs
  // looked at, and the most rounds one EM took.
  std::uint64_t persons = 0, pairs_sampled = 0, pairs_blocked = 0;
  int iterations = 0;

  // log2(m/u) of a feature's level; 0 for "missing" or an unknown level;
  // -infinity for the levels dedup_one_group() names (m = 0 by structure).
  double weight(std::string_view feature, std::string_view level) const;
  // A small JSON object (docs/dedup.md shows it).
  std::string to_json() const;
  // Errc::bad_input naming "weights" if the text is not such an object, a
  // probability is outside (0,1], or a feature or level is unknown.
  static Result<Weights> from_json(std::string_view text);
};

// Prior weights from the shape of the data (docs/dedup.md), used when there
// are too few persons or pairs to estimate from, and as EM's start.
Weights default_weights();

// Fellegi–Sunter weights as Splink estimates them: u from random pairs
// (drawn with `seed`), m by expectation-maximisation over the pairs each
// kind of blocking key keeps (that kind's own features left out), lambda
// from the date-of-birth rule's matches and recall. Deterministic for a given input and seed,
// whatever the thread count. With fewer than k_min_estimate persons, default_weights() with lambda
// scaled to their number.
inline constexpr std::size_t k_min_estimate = 50;
Weights estimate_weights(const std::vector<DedupPerson>&, std::uint64_t seed, unsigned threads = 1);

// The evidence that two records are one person. Symmetric in its arguments.
// Prepares both records each call: for many pairs use find_duplicates or
// PreparedPerson (dedup_compare.hpp).
Comparison compare(const DedupPerson&, const DedupPerson&, const Weights&);

// The record's blocking keys, each "<kind>:<value>" (docs/dedup.md lists the
// kinds): two records are compared if they share at least one. Sorted, no
// duplicates; empty for a record with nothing to block on. The values are
// normalised person data: keep them with the person, never in a log.
std::vector<std::string> blocking_keys(const DedupPerson&);

// A pair that reached min_score: indices into the input.
struct CandidatePair {
  std::uint32_t a, b;  // a < b
  Comparison comparison;
};
struct DedupStats {
  std::uint64_t pairs_blocked = 0;  // pairs blocking kept: those sharing a small block, and
                                    // the neighbours in a large one (docs/dedup.md)
  std::uint64_t comparisons = 0;    // pairs compared (== pairs_blocked)
};

// Blocks greater than this many records are not expanded into pairs
// (a key everyone shares says nothing); docs/dedup.md says what it costs.
inline constexpr std::size_t k_max_block = 200;

// Every pair sharing a blocking key whose score >= min_score, best score
// first (ties by a, then b). Sub-quadratic: only blocked pairs are compared.
// `threads` (>= 1) share the comparisons; the output is the same for any
// count. Thread-safe for concurrent calls.
std::vector<CandidatePair> find_duplicates(const std::vector<DedupPerson>&, const Weights&,
                                           double min_score, DedupStats* stats = nullptr,
                                           unsigned threads = 1);

// The default threshold for a flag or a listed pair (docs/dedup.md says how
// it was chosen).
inline constexpr double k_default_min_score = 0.9;

}  // namespace corridor::core
