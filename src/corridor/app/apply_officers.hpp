#pragma once
// Inside app/apply: the signer's check and the key statements
// (apply_officers.cpp), apart from the case statements (apply.cpp).

#include <corridor/app/apply.hpp>
#include <corridor/core/config.hpp>
#include <corridor/core/result.hpp>
#include <corridor/ledger/note.hpp>
#include <corridor/ledger/statement.hpp>
#include <corridor/store/database.hpp>

#include <string>

namespace corridor::app {

// An internal error: the projection disagrees with itself.
core::Error store_inconsistent(const std::string& why);

// The note's signer may sign `s`: the log key for a key statement; else a
// registered officer's current key, not revoked, and not a key a rotation
// retired (retired-key, naming when).
core::Result<void> check_signer(store::Database& db, const ApplyContext& ctx,
                                const ledger::Note& note, const ledger::Statement& s);

core::Result<void> apply_officer_add(store::Database& db, const core::Config& config,
                                     const ledger::Statement& s, const ledger::OfficerAdd& add);
core::Result<void> apply_officer_revoke(store::Database& db, const core::Config& config,
                                        const ledger::Statement& s);
core::Result<void> apply_officer_rotate(store::Database& db, const core::Config& config,
                                        const ledger::Statement& s,
                                        const ledger::OfficerRotate& rot);

}  // namespace corridor::app
