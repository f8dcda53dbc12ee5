#pragma once
// Who may decide a candidate pair of possible duplicates, and when
// (docs/dedup.md, "Deciding"): the rules of the same-person and
// different-persons statements, over plain inputs. Pure.

#include <corridor/core/config.hpp>
#include <corridor/core/result.hpp>
#include <corridor/core/workflow.hpp>

#include <string>
#include <string_view>

namespace corridor::core {

// One case of a pair as the rules see it.
struct PairCase {
  std::string ref;
  std::string category;
  CaseState state = CaseState::registered;
};

// Ok if `party` may decide whether `a` and `b` are one person. Refused
// (Errc::refused) with the rule: `pair-self` (the same case twice),
// `pair-party` (the party is not one that may register both cases'
// categories, config [registration]), `case-closed` (either case is no
// longer open). Whether the pair was decided already is the store's to say
// (`pair-decided`, app).
Result<void> check_pair_decision(const Config& config, std::string_view party, const PairCase& a,
                                 const PairCase& b);

}  // namespace corridor::core
