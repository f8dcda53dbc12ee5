#include <corridor/app/batch.hpp>
#include <corridor/app/stats_tally.hpp>

#include <corridor/ledger/note.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/log_repo.hpp>

#include <cstdlib>

namespace corridor::app {
namespace {

using core::Errc;
using core::Result;

using core::refuse;

struct SignedBatch {
  ledger::Note note;
  ledger::RegistrationBatch batch;
};

// The checks of any officer's statement, for a batch statement.
Result<SignedBatch> check_batch(store::Database& db, const ApplyContext& ctx,
                                std::string_view bytes) {
  const core::Config& config = *ctx.config;
  if (bytes.size() > ledger::k_max_entry_size)
    return refuse("too-large",
                  "a statement is at most " + std::to_string(ledger::k_max_entry_size) + " bytes");
  auto note = ledger::parse_note(bytes);
  if (!note) return std::move(note).error();
  auto batch = ledger::parse_batch(note->text);
  if (!batch) return std::move(batch).error();
  if (batch->log != config.log.origin)
    return refuse("wrong-log",
                  "the statement is for log " + batch->log + ", not " + config.log.origin);
  if (auto ok = check_officer_note(db, ctx, *note, batch->party, batch->officer); !ok)
    return std::move(ok).error();
  if (!ctx.log) return SignedBatch{std::move(note).value(), std::move(batch).value()};
  auto seen = store::statement_entry(db, ledger::sha256(note->text));
  if (!seen) return std::move(seen).error();
  if (*seen)
    return refuse("replayed",
                  "this statement is already in the log, as entry " + std::to_string(**seen));
  if (auto ok = check_clock(config, ctx, batch->time); !ok) return std::move(ok).error();
  return SignedBatch{std::move(note).value(), std::move(batch).value()};
}

// One row's registration, live, from the record in memory: what
// apply_registration does with the same row read back from the private
// tables (a replay), without reading it back.
Result<void> register_row(store::Database& db, const core::Config& config,
                          const ledger::RegistrationBatch& b, core::CaseRecord& r) {
  if (!config.may_register(b.party, r.category))
    return refuse("registration-party",
                  b.party + " may not register " + r.category + " cases (config [registration])");
  if (auto i = store::insert_identity(db, r.snapshot, {r.ref, r.salt, r.person}); !i) return i;
  store::CasePrivate priv{r.ref,
                          r.urgency,
                          r.diagnosis,
                          r.requested_on ? r.requested_on->to_string() : std::string(),
                          store::encode_flags(r.flags),
                          r.person.phone};
  if (auto p = store::upsert_case_private(db, priv); !p) return p;
  r.registered_at = b.time;
  if (auto ins = store::insert_case(db, r); !ins) {
    if (ins.error().rule == store::k_ref_taken)
      return refuse("ref-taken", "case " + r.ref + " already exists");
    if (ins.error().rule == store::k_open_case)
      return refuse("person-open-case", "the person of case " + r.ref + " already has an open " +
                                            std::string(core::to_string(r.direction)) + " case");
    return std::move(ins).error();
  }
  return store::save_registrant(db, r.ref, b.party);
}

}  // namespace

Result<std::uint64_t> apply_batch(store::Database& db, const ApplyContext& ctx,
                                  std::string_view note, std::span<core::CaseRecord> records,
                                  std::span<const std::string> entries,
                                  std::span<const ledger::Hash> leaves) {
  if (!ctx.log) return core::make_error(Errc::internal, "apply_batch: no log to append to");
  auto sb = check_batch(db, ctx, note);
  if (!sb) return std::move(sb).error();
  const ledger::RegistrationBatch& b = sb->batch;
  if (records.size() != b.rows || entries.size() != b.rows || leaves.size() != b.rows ||
      ledger::batch_root(leaves) != b.root)
    return refuse("batch-rows", "the rows given are not the " + std::to_string(b.rows) +
                                    " rows whose root the batch signs");
  std::vector<store::StoredCase> added;
  added.reserve(records.size());
  for (core::CaseRecord& r : records) {
    if (auto ok = register_row(db, *ctx.config, b, r); !ok) return std::move(ok).error();
    added.push_back(tally::new_case(r));
  }
  if (auto ok = tally::registered(db, *ctx.config, added, b.time); !ok)
    return std::move(ok).error();
  auto idx = ctx.log->append(db, note);
  if (!idx) return std::move(idx).error();
  if (auto r = store::insert_statement_hash(db, ledger::sha256(sb->note.text), *idx); !r)
    return std::move(r).error();
  if (auto r = store::insert_log_case(db, k_batch_subject, *idx); !r) return std::move(r).error();
  auto first = ctx.log->append_all(db, entries, leaves);
  if (!first) return std::move(first).error();
  for (std::size_t i = 0; i < records.size(); ++i)
    if (auto r = store::insert_log_case(db, records[i].ref, *first + i); !r)
      return std::move(r).error();
  return *idx;
}

Result<SignedStatement> parse_log_entry(std::string_view bytes) {
  if (ledger::is_row_entry(bytes) || ledger::is_batch_text(bytes)) {
    SignedStatement out;
    out.bytes = std::string(bytes);
    return out;
  }
  return parse_signed_statement(bytes);
}

Result<void> replay_entry(store::Database& db, const ApplyContext& ctx, ledger::BatchWalk& walk,
                          std::uint64_t idx, const SignedStatement& entry) {
  const std::string& bytes = entry.bytes;
  if (ledger::is_row_entry(bytes)) {
    auto row = walk.row(idx, bytes, ledger::leaf_hash(bytes));
    if (!row) return std::move(row).error();
    auto applied = apply_registration_row(db, ctx, ledger::row_statement(*walk.batch(), *row));
    if (!applied) return std::move(applied).error();
    return {};
  }
  if (auto o = walk.other(idx); !o) return o;
  if (ledger::is_batch_text(bytes)) {
    auto sb = check_batch(db, ctx, bytes);
    if (!sb) return std::move(sb).error();
    return walk.open(idx, std::move(sb->batch));
  }
  auto applied = apply_statement(db, ctx, entry, idx);
  if (!applied) return std::move(applied).error();
  return {};
}

Result<void> replay_entry(store::Database& db, const ApplyContext& ctx, ledger::BatchWalk& walk,
                          std::uint64_t idx, std::string_view bytes) {
  auto entry = parse_log_entry(bytes);
  if (!entry) return std::move(entry).error();
  return replay_entry(db, ctx, walk, idx, *entry);
}

}  // namespace corridor::app
