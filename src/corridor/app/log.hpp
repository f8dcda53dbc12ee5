#pragma once
// The deployment's side of the log: appending signed notes to the Merkle
// tree and sealing each commit batch with a checkpoint signed by the log
// key. Used on the writer thread only (inside writer commands and the
// writer's seal), except for the read helpers, which take their own
// Database.

#include <corridor/core/result.hpp>
#include <corridor/ledger/checkpoint.hpp>
#include <corridor/ledger/key.hpp>
#include <corridor/ledger/merkle.hpp>
#include <corridor/store/database.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::app {

// Perfect-subtree hashes read from the store's log_nodes table. A missing
// node is a broken store: the source throws std::runtime_error, which the
// writer turns into an internal error.
ledger::NodeSource store_nodes(store::Database& db);

class LogAppender {
public:
  // `key` signs checkpoints; without one, appends still work but seal()
  // and sign() fail with `missing` (a process that does not hold the key).
  LogAppender(std::string origin, std::optional<ledger::PrivateKey> key,
              std::string missing = "the log key is not available");

  // A signature line by the log key over `text` (key statements).
  core::Result<ledger::NoteSignature> sign(std::string_view text) const;

  // Appends one entry (a whole signed note). Returns its index.
  core::Result<std::uint64_t> append(store::Database& db, std::string_view note);
  // Appends entries in order, each with its leaf hash (SHA-256(0x00 ||
  // entry), computed by the caller, e.g. on other threads). Returns the
  // first one's index.
  core::Result<std::uint64_t> append_all(store::Database& db, std::span<const std::string> entries,
                                         std::span<const ledger::Hash> leaves);

  // Signs and stores a checkpoint of the current tree if it grew since the
  // last one. Runs as the writer's seal, so it commits with the batch.
  core::Result<void> seal(store::Database& db);

  const std::string& origin() const { return m_origin; }
  // Errc::usage saying why, if this process does not hold the log key.
  core::Result<void> check_key() const;

private:
  core::Result<void> sync(store::Database& db);

  std::string m_origin;
  std::optional<ledger::PrivateKey> m_key;
  std::string m_missing;
  ledger::Frontier m_frontier;
  std::optional<ledger::Hash> m_last_leaf;  // the frontier's last leaf, to notice other writers
  // The connection and its epoch when the frontier was last known to be the
  // store's (sync): no check is needed again until the epoch moves.
  const store::Database* m_synced_db = nullptr;
  std::uint64_t m_synced_epoch = 0;
};

// The signed checkpoint note for a tree, by `key`.
std::string sign_checkpoint(const ledger::Checkpoint& cp, const ledger::PrivateKey& key);

}  // namespace corridor::app
