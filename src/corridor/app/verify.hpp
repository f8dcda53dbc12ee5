#pragma once
// Verifying a whole log, on any party's machine: from a deployment
// database, or from a directory written by `corridor log export` (C2SP
// tlog-tiles). Every entry's hash is recomputed into the Merkle tree, every
// statement's signature is checked against the key history the log itself
// carries (officer-add / officer-revoke / officer-rotate, signed by the log
// key, followed in log order), and every
// checkpoint's signature and every cosignature is checked.

#include <corridor/app/signed_statement.hpp>
#include <corridor/core/config.hpp>
#include <corridor/core/result.hpp>
#include <corridor/ledger/key.hpp>
#include <corridor/ledger/merkle.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::store {
class Database;
}

namespace corridor::app {

struct SourceCheckpoint {
  std::string where;  // for messages: "checkpoint of size 12" or "DIR/checkpoint"
  std::string note;   // the signed note, with any cosignature lines
};

// What a verifier reads. Implementations: a database, an export directory.
class LogSource {
public:
  virtual ~LogSource() = default;
  // Every checkpoint available, in size order (an export has only the latest).
  virtual core::Result<std::vector<SourceCheckpoint>> checkpoints() = 0;
  // fn(idx, note, stored leaf hash if the source keeps one) for each entry in
  // index order; a gap is reported by calling fn with the index it found.
  using EntryFn =
      std::function<core::Result<void>(std::uint64_t, std::string_view, const ledger::Hash*)>;
  virtual core::Result<void> for_each_entry(std::uint64_t size, const EntryFn& fn) = 0;
  // How many entries the source holds, if it knows (a database does; an
  // export holds exactly those of its checkpoint).
  virtual core::Result<std::optional<std::uint64_t>> entry_count() {
    return std::optional<std::uint64_t>();
  }
  // Stored interior node hashes to compare, if the source has them:
  // nullopt when it keeps none for that node.
  virtual core::Result<std::optional<ledger::Hash>> stored_node(unsigned level,
                                                                std::uint64_t idx) = 0;
  // Where a node is stored, for messages ("tile/1/000").
  virtual std::string node_place(unsigned level, std::uint64_t idx) const = 0;
};

std::unique_ptr<LogSource> database_source(store::Database& db);
// Errc::not_found if DIR has no checkpoint.
core::Result<std::unique_ptr<LogSource>> directory_source(const std::string& dir);

struct VerifyPolicy {
  ledger::PublicKey log_key;
  std::string origin;
  std::vector<std::string> witness_parties;  // whose cosignatures count
  int quorum = 0;
  // Witness keys the verifier holds (--witness, or the config's
  // [[log.witness]] keys). When any are given, only cosignatures by exactly
  // these count, one per party (the name's "<party>/"), whatever the log
  // registers and whatever witness_parties says; when none, the witness
  // keys the log registers count, and whoever holds the log key can
  // register its own.
  std::vector<ledger::PublicKey> witness_keys;
};

// A rotation the log holds (officer-rotate), as verify reports it.
struct KeyRotation {
  std::uint64_t entry = 0;
  std::string officer;   // party/officer
  std::string previous;  // the key it retired, as registered
  std::string key;       // the key it registered
};

struct VerifyReport {
  std::uint64_t entries = 0;       // every entry checked, those past the latest checkpoint too
  std::uint64_t checkpointed = 0;  // the latest checkpoint's size
  std::uint64_t unsealed = 0;      // entries not yet in a checkpoint (entries - checkpointed)
  std::uint64_t checkpoints = 0;
  ledger::Hash root{};
  std::uint64_t officer_keys = 0;
  std::vector<KeyRotation> rotations;    // every officer-rotate, in log order
  std::vector<std::string> cosigned_by;  // parties whose witness cosigned the latest
  bool witnessed = false;                // cosigned_by.size() >= quorum
  bool witness_keys_pinned = false;      // the policy pinned witness keys
  std::vector<std::string> not_pinned;   // registered witness keys that cosigned the latest,
                                         // not counted because not pinned
  // verify_database only: the projection replayed and compared, and the
  // private rows checked against their hashes.
  bool projection_checked = false;
  std::uint64_t identities = 0;
  std::uint64_t notes = 0;
};

// Called for each entry once its hash and signature have been checked:
// `verified` is the officer's key its signature verified with (nullptr for
// a statement signed by the log key). A failure stops the walk.
using EntryHook = std::function<core::Result<void>(std::uint64_t idx, SignedStatement note,
                                                   const ledger::PublicKey* verified)>;

// Every entry the source holds is checked, those past the latest checkpoint
// too (counted in `unsealed`). Errc::bad_input naming the first bad entry,
// node or checkpoint, and what is wrong with it.
core::Result<VerifyReport> verify_log(LogSource& source, const VerifyPolicy& policy,
                                      const std::function<void(std::uint64_t)>& progress = {},
                                      const EntryHook& hook = {});

// The key history replayed from the log, in log order: who may sign, and
// the witnesses (app/key_history.cpp).
struct KeyState {
  struct Retired {
    ledger::PublicKey key;
    std::uint64_t at_entry = 0;  // the rotation that retired it
  };
  struct Entry {
    ledger::PublicKey key;  // the current key
    std::string party;
    bool revoked = false;
    std::uint64_t revoked_at_entry = 0;
    std::vector<Retired> retired;  // keys replaced by rotations, oldest first
  };
  std::map<std::string, Entry, std::less<>> by_name;  // key name -> its key
  std::vector<KeyRotation> rotations;                 // in log order

  const Entry* find(std::string_view name, std::uint32_t id) const;
  Entry* find_officer(std::string_view key_name);
  // Applies a key statement (officer-add, -revoke, -rotate) at entry idx,
  // its log-key signature already checked: Errc::bad_input naming the
  // entry and what is wrong (registered twice, revoked or rotated before it
  // was registered, a rotation whose `previous` is not the current key or
  // whose `key` is bad or was the officer's before).
  core::Result<void> apply(std::uint64_t idx, const ledger::Statement& s);
  // The key `who` signs `note` with at this point of the log (`entry` names
  // it in messages): registered before, not revoked, not a witness key, and
  // not a key a rotation retired before it (retired-key).
  core::Result<const ledger::PublicKey*> signer(const std::string& entry, const std::string& who,
                                                const ledger::Note& note) const;
};

}  // namespace corridor::app
