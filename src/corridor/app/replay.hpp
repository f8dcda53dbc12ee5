#pragma once
// Replaying the log into a scratch database and comparing what it produces
// with the deployment's projection tables: what `corridor verify --db` and
// `corridor rebuild --check` do. The deployment's database is only read;
// the scratch is in memory and thrown away.

#include <corridor/app/verify.hpp>
#include <corridor/core/config.hpp>
#include <corridor/core/result.hpp>
#include <corridor/ledger/key.hpp>
#include <corridor/ledger/registration_batch.hpp>
#include <corridor/store/database.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

namespace corridor::app {

class ProjectionReplay {
public:
  // An empty projection with a copy of `source`'s private tables (the
  // identities, case fields and notes the statements name). `config` and
  // `log_key` must outlive the replay. Errc::internal if the scratch cannot
  // be made.
  static core::Result<std::unique_ptr<ProjectionReplay>> open(store::Database& source,
                                                              const core::Config& config,
                                                              const ledger::PublicKey& log_key);

  // Applies entry `idx`, as `corridor rebuild` does. `verified` is the key
  // its signature was already verified with (nullptr: verified here).
  // Errc::bad_input "entry N does not replay: ..." if the store would refuse it.
  core::Result<void> apply(std::uint64_t idx, const SignedStatement& note,
                           const ledger::PublicKey* verified = nullptr);

  // Every entry of `source` in order, verified and applied here.
  core::Result<std::uint64_t> apply_all(store::Database& source);

  // Errc::bad_input naming the first projection table, row and column where
  // `stored` differs from the replay; the value is never shown.
  core::Result<void> compare(store::Database& stored);

  // store::projection_digest of the replayed tables.
  core::Result<core::Hash256> digest();

private:
  ProjectionReplay(store::Database scratch, const core::Config& config,
                   const ledger::PublicKey& log_key);

  store::Database m_scratch;
  const core::Config& m_config;
  const ledger::PublicKey& m_log_key;
  ledger::BatchWalk m_walk;  // the registration batch whose rows are being replayed
};

// What the log commits to in the private tables: every identity hashes to
// the snapshot it is stored under (docs/snapshot.md), every note to its
// salted hash. Counts of each checked; Errc::bad_input naming the first
// that does not (by case ref and hash, never the data).
struct PrivateCheck {
  std::uint64_t identities = 0;
  std::uint64_t notes = 0;
};
core::Result<PrivateCheck> check_private_commitments(store::Database& db);

// `corridor verify --db`: verify_log over every entry of the database, each
// entry replayed into a scratch projection once its signature is verified;
// then the projection tables compared with the replay and the private
// tables' commitments checked; all in one read snapshot. The report's
// projection_checked, identities and notes say so. Errc::bad_input naming
// the first bad entry, checkpoint, table row or private row.
core::Result<VerifyReport> verify_database(store::Database& db, const core::Config& config,
                                           const VerifyPolicy& policy,
                                           const std::function<void(std::uint64_t)>& progress = {});

}  // namespace corridor::app
