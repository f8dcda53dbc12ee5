#pragma once
// A statement's public form, which the log holds, and its private form,
// which the store applies (docs/log_format.md, "Public ids" and "Sealed
// reasons"). An officer's statement is drafted with refs and reason codes;
// before anyone signs it, every ref becomes the case's public id and every
// reason the config keeps private ([reasons] public) becomes a sealed
// token, whose code and salt go to the private notes table with the
// statement. The writer turns a parsed statement back into its private form
// before it checks and applies it, live and in a replay, so that the rules
// and the projection see refs and codes as before. Internal to app/.

#include <corridor/app/env.hpp>
#include <corridor/app/signing.hpp>
#include <corridor/core/config.hpp>
#include <corridor/core/result.hpp>
#include <corridor/ledger/statement.hpp>
#include <corridor/store/database.hpp>

#include <vector>

namespace corridor::app {

// Replaces each ref in `s` by its case's public id and seals each private
// reason. The sealed reasons' notes, to store with the statement.
// Errc::not_found naming a ref that no stored case has.
core::Result<std::vector<PrivateNote>> to_public_form(store::Database& db,
                                                      const core::Config& config, Env& env,
                                                      ledger::Statement& s);

// The statement with each public id replaced by its ref and each sealed
// reason by its code, read from the private tables. Live, an id or sealed
// reason the store does not know is the submitter's fault: refused as
// `unknown-case` or `unknown-note`, and a private reason in clear as
// `unsealed-reason`; in a replay the first two are a broken store
// (Errc::internal), and a reason in clear is taken as the log has it (the
// config may have changed since).
core::Result<ledger::Statement> to_private_form(store::Database& db, const core::Config& config,
                                                const ledger::Statement& s, bool live);

// Stores the sealed reasons' notes (inside the writer's transaction).
core::Result<void> store_sealed(store::Database& db, const std::vector<PrivateNote>& notes);

}  // namespace corridor::app
