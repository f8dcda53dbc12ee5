#pragma once
// The log's outward operations: export as C2SP tlog-tiles, proofs for a
// case (offline-verifiable), and the witness protocol (C2SP tlog-witness
// add-checkpoint, run locally).

#include <corridor/app/verify.hpp>
#include <corridor/core/config.hpp>
#include <corridor/core/result.hpp>
#include <corridor/ledger/key.hpp>
#include <corridor/ledger/tiles.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::store {
class Database;
}

namespace corridor::app {

// --- export --------------------------------------------------------------

struct ExportReport {
  std::uint64_t entries = 0;
  std::uint64_t files = 0;
};

// Writes the log up to its latest checkpoint into a new directory `dir`:
//   checkpoint            the latest checkpoint with its cosignatures
//   tile/<L>/<N>[.p/<W>]  Merkle tree tiles (height 8)
//   tile/entries/<N>...   the statements, 256 a bundle
//   log.vkey              the log's verifier key
//   witness-policy        "parties P ...\nquorum N\n" from the config
//   config.toml           the deployment's config text, as stored (for figures)
// It is written to a temporary sibling (DIR.partial) and renamed into place
// only when whole, so a failed export leaves no half-written DIR. The files
// are not fsynced: an export is a copy, made again at will. Errc::conflict
// if `dir` exists.
core::Result<ExportReport> export_log(store::Database& db, const core::Config& config,
                                      const ledger::PublicKey& log_key, const std::string& dir);

// The checkpoint of `size` (the latest if unset) with every cosignature
// stored for it: what a tlog-tiles client fetches as "checkpoint".
core::Result<std::string> checkpoint_text(store::Database& db,
                                          std::optional<std::uint64_t> size = std::nullopt);

// The bytes of one tile of a log of `size` entries, as export_log writes
// it: an entry bundle or a hash tile. Errc::not_found for a tile the log
// does not have at that size (a partial tile must have the width it has).
core::Result<std::string> tile_bytes(store::Database& db, const ledger::TilePath& tile,
                                     std::uint64_t size);

// The policy an export carries (log.vkey, witness-policy), for `verify DIR`.
core::Result<VerifyPolicy> read_export_policy(const std::string& dir);

// --- proofs --------------------------------------------------------------

// A JSON document (docs/log_format.md, "Proofs"): for every statement about
// case `ref`, its C2SP tlog-proof against the latest checkpoint, and the
// same for the key registrations of everyone who signed them and of the
// witnesses who cosigned. Errc::not_found if the log names no such case.
// `withhold`, if set, is asked about each statement (parsed): when it answers
// a text, the entry carries that text as "withheld" and its leaf hash
// instead of the note (a reason the reader may not see; the inclusion is
// still proven, the signature cannot be).
using Withhold = std::function<std::optional<std::string>(const ledger::Statement& statement)>;
core::Result<std::string> case_proof(store::Database& db, const core::Config& config,
                                     const ledger::PublicKey& log_key, std::string_view ref,
                                     const Withhold& withhold = {});

// verify_proof, which needs no store, is in ledger/case_proof.hpp.

// --- witnesses -----------------------------------------------------------

// The tlog-witness add-checkpoint request body from `old_size` to the
// latest checkpoint: "old N\n", the consistency proof (base64 lines), an
// empty line, the checkpoint.
core::Result<std::string> witness_request(store::Database& db, std::uint64_t old_size);
// The same, with the size of the checkpoint it carries.
struct WitnessRequestBody {
  std::string body;
  std::uint64_t size = 0;
};
core::Result<WitnessRequestBody> witness_request_of(store::Database& db, std::uint64_t old_size);

// What a witness keeps: the log's key and the last checkpoint it cosigned.
struct WitnessState {
  std::optional<ledger::PublicKey> log_key;
  std::string checkpoint;  // note text of the last cosigned checkpoint, or empty
};
core::Result<WitnessState> read_witness_state(const std::string& path);

struct WitnessResult {
  std::string cosignature;  // signature line(s), as the add-checkpoint response body
  std::uint64_t size = 0;
};

// Runs the witness's checks on an add-checkpoint request (C2SP
// tlog-witness): the checkpoint is signed by the log key, `old` is the size
// this witness holds, the consistency proof holds (else: a fork, refused
// with Errc::conflict saying so); then saves the new checkpoint in
// `state_path` (atomically, durably) and cosigns it at time `now`.
core::Result<WitnessResult> witness_add_checkpoint(const std::string& state_path,
                                                   const ledger::PrivateKey& witness_key,
                                                   const std::optional<ledger::PublicKey>& log_key,
                                                   std::string_view request, core::Timestamp now);

// The witness's answer to one add-checkpoint request, as C2SP
// tlog-witness gives it (docs/log_format.md, "Witnesses over HTTP"), in
// the spec's order: 400 for a malformed body, 404 for an origin other than
// the log key's name, 403 if the log key's signature is missing or fails,
// 400 if old > the checkpoint's size, 409 if old is not the size this
// witness holds (body: that size and a newline), 422 for an empty tree
// with another root, a proof from 0, a failed consistency proof or a
// second root for the size it holds; 200 with the cosignature line as the
// body once the new checkpoint is saved in `state_path` (atomically,
// durably). 500 for the witness's own trouble (its state file, its key).
// The check and the update hold an flock on STATE.lock, so two processes
// (or threads) given one state file take turns.
struct WitnessAnswer {
  int status = 500;
  std::string body;        // 200: the cosignature line; 409: "<held size>\n"
  std::uint64_t size = 0;  // 200: the checkpoint's size; 409: the size held
  std::string message;     // for the witness's own log and the CLI
};
WitnessAnswer witness_answer(const std::string& state_path, const ledger::PrivateKey& witness_key,
                             const ledger::PublicKey& log_key, std::string_view request,
                             core::Timestamp now);

// Stores a witness's cosignature of the checkpoint of `size`, after
// checking it against the witness keys registered in the log.
core::Result<std::string> store_cosignature(store::Database& db, std::uint64_t size,
                                            std::string_view lines);

// The witness policy of a config.
VerifyPolicy policy_of(const core::Config& config, const ledger::PublicKey& log_key);

}  // namespace corridor::app
