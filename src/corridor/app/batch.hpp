#pragma once
// Registration batches in the store (docs/log_format.md, section 2.1): a
// whole file registered with one signed statement, each row a log entry of
// its own. Live, import applies a batch with apply_batch inside its writer
// command; a replay (rebuild, verify --db) reads the log entry by entry
// with replay_entry, which follows each batch's rows with a BatchWalk.

#include <corridor/app/apply.hpp>
#include <corridor/app/signed_statement.hpp>
#include <corridor/core/case.hpp>
#include <corridor/core/result.hpp>
#include <corridor/ledger/merkle.hpp>
#include <corridor/ledger/registration_batch.hpp>
#include <corridor/store/database.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace corridor::app {

// The log_cases subject under which every batch statement is indexed, so
// that a row's batch is the last one at or before it. It holds a space, as
// "day ..." and "key ..." do, so that no case ref can take it.
inline constexpr std::string_view k_batch_subject = "batch registration";

// Live (ctx.log set): checks the signed batch statement `note` as any
// statement (too-large, wrong-log, the signer's key, replayed, clock-skew),
// that `entries` are its rows (batch-rows: their count and root), then
// registers every record (its private rows, then the case, as a
// registration's apply does) and appends the batch and its rows to the
// log. `records[i]` is the case `entries[i]` registers, `leaves[i]` that
// entry's leaf hash. A row's conflict with the store is Errc::refused
// "ref-taken: ..." or "person-open-case: ..."; the caller rolls back.
// Returns the batch statement's log index.
core::Result<std::uint64_t> apply_batch(store::Database& db, const ApplyContext& ctx,
                                        std::string_view note, std::span<core::CaseRecord> records,
                                        std::span<const std::string> entries,
                                        std::span<const ledger::Hash> leaves);

// Replay (ctx.log null): entry `idx` of the log, whatever it is: a
// statement (apply_statement), a batch statement (its signature checked,
// `walk` opened) or a row (checked in place by `walk`, applied as its
// batch's registration). After the last entry, walk.finish() says whether
// a batch lacks rows.
core::Result<void> replay_entry(store::Database& db, const ApplyContext& ctx,
                                ledger::BatchWalk& walk, std::uint64_t idx,
                                const SignedStatement& entry);
core::Result<void> replay_entry(store::Database& db, const ApplyContext& ctx,
                                ledger::BatchWalk& walk, std::uint64_t idx, std::string_view bytes);

// A log entry parsed once, as verify and the replay pass it on: a
// statement (parse_signed_statement), or a registration batch's statement
// or row, which only `bytes` holds (they are not ledger::Statements; the
// walk and apply_batch read them).
core::Result<SignedStatement> parse_log_entry(std::string_view bytes);

}  // namespace corridor::app
