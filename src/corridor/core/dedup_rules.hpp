#pragma once
// Who may decide a candidate pair of possible duplicates, and when
// (docs/dedup.md, "Deciding"): the rules of the same-person and
// different-persons statements, over plain inputs. Pure.

#include <corridor/core/config.hpp>
#include <corridor/core/result.hpp>
#include <corridor/core/workflow.hpp>

#include <span>
#include <string>
#include <string_view>

namespace corridor::core {

// One case of a pair (or a companion of one) as the rules see it.
struct PairCase {
  std::string ref;
  std::string category;
  CaseState state = CaseState::registered;
  Direction direction = Direction::exit;
  std::string group_ref;  // a companion's patient ref, else empty
};

// Ok if `party` may decide whether `a` and `b` are one person. Refused
// (Errc::refused) with the rule: `pair-self` (the same case twice),
// `pair-party` (the party is not one that may register both cases'
// categories, config [registration]), `case-closed` (either case is no
// longer open). Whether the pair was decided already is the store's to say
// (`pair-decided`, app).
Result<void> check_pair_decision(const Config& config, std::string_view party, const PairCase& a,
                                 const PairCase& b);

// The rules a same-person statement adds, closing `duplicate` and keeping
// `kept`; `companions` are the duplicate's open companions (the open cases
// whose group_ref is it), which would move to `kept`. Refused with:
// `pair-scheduled` (the duplicate, or a companion to move, is on a crossing
// day's manifest), `pair-direction` (the two cases travel different ways:
// one person may have an open exit and an open entry case), `pair-group`
// (`kept` is a companion of the duplicate, or the duplicate has open
// companions and `kept`'s category is not the one they are grouped under).
Result<void> check_same_person(const Config& config, const PairCase& duplicate,
                               const PairCase& kept, std::span<const PairCase> companions);

}  // namespace corridor::core
