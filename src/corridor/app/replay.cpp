#include <corridor/app/replay.hpp>

#include <corridor/app/apply.hpp>
#include <corridor/core/snapshot.hpp>
#include <corridor/ledger/statement.hpp>
#include <corridor/store/log_repo.hpp>
#include <corridor/store/projection_repo.hpp>

#include <string>
#include <vector>

namespace corridor::app {

using core::Errc;
using core::Result;

namespace {

core::Error bad(const std::string& what) { return core::make_error(Errc::bad_input, what); }

std::string short_hex(const core::Hash256& h) { return core::to_hex(h).substr(0, 16) + "..."; }

}  // namespace

ProjectionReplay::ProjectionReplay(store::Database scratch, const core::Config& config,
                                   const ledger::PublicKey& log_key)
    : m_scratch(std::move(scratch)), m_config(config), m_log_key(log_key) {}

Result<std::unique_ptr<ProjectionReplay>> ProjectionReplay::open(store::Database& source,
                                                                 const core::Config& config,
                                                                 const ledger::PublicKey& log_key) {
  auto scratch = store::open_scratch(source);
  if (!scratch) return std::move(scratch).error();
  return std::unique_ptr<ProjectionReplay>(
      new ProjectionReplay(std::move(scratch).value(), config, log_key));
}

Result<void> ProjectionReplay::apply(std::uint64_t idx, std::string_view note,
                                     const ledger::PublicKey* verified) {
  // Replay: no clock check, nothing appended, the entry already verified.
  const ApplyContext ctx{&m_config, &m_log_key, std::nullopt, nullptr, verified};
  auto applied = apply_statement(m_scratch, ctx, note);
  if (!applied)
    return bad("entry " + std::to_string(idx) + " does not replay: " + applied.error().message);
  return {};
}

Result<std::uint64_t> ProjectionReplay::apply_all(store::Database& source) {
  auto size = store::log_size(source);
  if (!size) return std::move(size).error();
  // One read of the source while the scratch (another connection) is written.
  std::uint64_t next = 0;
  Result<void> failed;
  auto read =
      store::for_each_log_entry(source, 0, *size, [&](std::uint64_t idx, std::string_view note) {
        if (idx != next) {
          failed = bad("entry " + std::to_string(next) + " is missing from the log");
          return false;
        }
        failed = apply(idx, note);
        ++next;
        return failed.ok();
      });
  if (!read) return std::move(read).error();
  if (!failed) return std::move(failed).error();
  if (next != *size) return bad("entry " + std::to_string(next) + " is missing from the log");
  return next;
}

Result<void> ProjectionReplay::compare(store::Database& stored) {
  auto diff = store::compare_projection(stored, m_scratch);
  if (!diff) return std::move(diff).error();
  if (!*diff) return {};
  const auto& d = **diff;
  return bad("the projection differs from the log: table " + d.table + ", row " + d.key +
             ", column " + d.column + ": the stored value " + d.what);
}

Result<core::Hash256> ProjectionReplay::digest() { return store::projection_digest(m_scratch); }

Result<VerifyReport> verify_database(store::Database& db, const core::Config& config,
                                     const VerifyPolicy& policy,
                                     const std::function<void(std::uint64_t)>& progress) {
  VerifyReport rep;
  // One snapshot of a live database: checkpoints, entries and projection.
  auto done = store::in_read_transaction(db, [&]() -> Result<void> {
    auto replay = ProjectionReplay::open(db, config, policy.log_key);
    if (!replay) return std::move(replay).error();
    auto source = database_source(db);
    // Each entry is replayed as soon as its signature is verified, with the
    // key it verified with: no signature is checked twice.
    auto verified =
        verify_log(*source, policy, progress,
                   [&](std::uint64_t idx, std::string_view note, const ledger::PublicKey* key) {
                     return (*replay)->apply(idx, note, key);
                   });
    if (!verified) return std::move(verified).error();
    rep = std::move(verified).value();
    // A private row that no longer hashes to what the log names is the
    // cause of any difference it makes in the tables: named first.
    auto priv = check_private_commitments(db);
    if (!priv) return std::move(priv).error();
    if (auto c = (*replay)->compare(db); !c) return c;
    rep.projection_checked = true;
    rep.identities = priv->identities;
    rep.notes = priv->notes;
    return {};
  });
  if (!done) return std::move(done).error();
  return rep;
}

Result<PrivateCheck> check_private_commitments(store::Database& db) {
  PrivateCheck out;
  auto ids = store::for_each_identity(
      db, [&](const core::Hash256& snapshot, const store::Identity& id, bool well_formed) {
        ++out.identities;
        if (!well_formed || core::snapshot_hash(id.person, id.salt) != snapshot)
          return Result<void>(bad("private table identities, snapshot " + short_hex(snapshot) +
                                  " (case " + id.case_ref +
                                  "): the identity does not hash to its snapshot (edited)"));
        return Result<void>();
      });
  if (!ids) return std::move(ids).error();
  auto notes = store::for_each_note(
      db, [&](const core::Hash256& hash, std::string_view salt, std::string_view text) {
        ++out.notes;
        if (ledger::note_hash(salt, text) != hash)
          return Result<void>(bad("private table notes, hash " + short_hex(hash) +
                                  ": the note does not hash to the hash statements name (edited)"));
        return Result<void>();
      });
  if (!notes) return std::move(notes).error();
  return out;
}

}  // namespace corridor::app
