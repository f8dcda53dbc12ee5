#pragma once
// Applying the decisions on possible duplicates (docs/dedup.md,
// "Deciding"): same-person closes the statement's case as a duplicate of
// the kept one and moves its companions to it; different-persons marks the
// pair decided. Both check core::check_pair_decision and that the pair was
// not decided before. Called by apply_statement (its std::visit), inside
// the writer's command, live and in a replay; internal to app/.

#include <corridor/app/apply.hpp>
#include <corridor/core/config.hpp>
#include <corridor/core/result.hpp>
#include <corridor/ledger/statement.hpp>
#include <corridor/store/database.hpp>

#include <cstdint>

namespace corridor::app::detail {

// `seq` is the statement's log index: where dedup_pairs records the decision.
core::Result<void> apply_same_person(store::Database& db, const core::Config& config,
                                     const ledger::Statement& s, const ledger::SamePerson& b,
                                     std::uint64_t seq, Applied& out);
core::Result<void> apply_different_persons(store::Database& db, const core::Config& config,
                                           const ledger::Statement& s,
                                           const ledger::DifferentPersons& b, std::uint64_t seq,
                                           Applied& out);

}  // namespace corridor::app::detail
