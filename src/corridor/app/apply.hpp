#pragma once
// Applying one signed statement to the store: every check the store makes
// (signature, key, party, snapshot, clock, the workflow's rules), then the
// projection's change, then the log entry; all inside the caller's writer
// command, so they commit together. `corridor rebuild` replays the log
// through the same function, which is why the projection can be rebuilt
// exactly.

#include <corridor/app/log.hpp>
#include <corridor/app/signed_statement.hpp>
#include <corridor/core/config.hpp>
#include <corridor/core/result.hpp>
#include <corridor/core/workflow.hpp>
#include <corridor/ledger/key.hpp>
#include <corridor/ledger/merkle.hpp>
#include <corridor/ledger/note.hpp>
#include <corridor/ledger/statement.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/savepoint.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::app {

struct ApplyContext {
  const core::Config* config = nullptr;
  const ledger::PublicKey* log_key = nullptr;  // verifies officer-add / officer-revoke
  // Live: the store's clock, for the skew check. Replay: nullopt.
  std::optional<core::Timestamp> now;
  // Live: where the entry goes. Replay: nullptr (the entry is there).
  LogAppender* log = nullptr;
  // The key the caller already verified the note's signature with, outside
  // the writer; it is trusted only if it is the officer's registered key.
  const ledger::PublicKey* preverified = nullptr;
};

struct Applied {
  // Its private form: cases by ref, reasons by code (app/public_form.hpp).
  ledger::Statement statement;
  ledger::Hash text_hash{};  // SHA-256 of the signed text, as the log holds it
  std::uint64_t index = 0;   // its log index (live)
  core::CaseState state = core::CaseState::registered;
  std::vector<std::string> now_stale;  // amendment: stages whose approval lapsed
  // same-person: the companions moved to the kept case. Not yet subjects of
  // the statement: ledger::verify_proof would refuse it in their proofs.
  std::vector<std::string> moved;
};

// Verifies the parsed note's signature (unless ctx.preverified), checks the
// statement and applies it. Refusals are Errc::refused with the rule's name
// as core::Error::rule and at the start of the message: bad-signature,
// unknown-key, revoked-key, wrong-log, clock-skew, replayed,
// registration-party, stage-party, stale-snapshot, ... (docs/log_format.md).
core::Result<Applied> apply_statement(store::Database& db, const ApplyContext& ctx,
                                      const SignedStatement& signed_statement);
// The same in a replay, of the log's entry `index` (what a decision on a
// pair of possible duplicates records; live, the index append gives it).
core::Result<Applied> apply_statement(store::Database& db, const ApplyContext& ctx,
                                      const SignedStatement& signed_statement, std::uint64_t index);

// clock-skew: `time` more than the config's max_skew_seconds from ctx.now,
// either way. Nothing to check without ctx.now. (The figures' horizon moves
// to each statement's time; Service::stats answers a "now" up to
// max_skew_seconds before it from the tallies.)
core::Result<void> check_clock(const core::Config& config, const ApplyContext& ctx,
                               core::Timestamp time);

// The note's one signature is by the registered, unrevoked key of
// party/officer (the rules of any officer's statement): for a registration
// batch, whose rows carry no signature of their own.
core::Result<void> check_officer_note(store::Database& db, const ApplyContext& ctx,
                                      const ledger::Note& note, const std::string& party,
                                      const std::string& officer);

// A registration made by a row of a registration batch (docs/log_format.md
// 2.1): `s` is ledger::row_statement of the row; its signature is the
// batch's, checked by the caller. The same checks and change as a
// registration statement; nothing is appended.
core::Result<Applied> apply_registration_row(store::Database& db, const ApplyContext& ctx,
                                             const ledger::Statement& s);

// The party that registered case `ref`: as its registration recorded it
// when it was applied (live or in a replay, store::registrant_of), else the
// signer of the first log entry naming it, a registration. "" if there is
// none (a version-1 case).
// Errc::internal if that entry is missing or does not parse.
core::Result<std::string> registering_party(store::Database& db, std::string_view ref);

}  // namespace corridor::app
