#pragma once
// A case's proof (docs/log_format.md, "Proofs"): a JSON document holding,
// for every statement about one case, the statement and its C2SP
// tlog-proof against one checkpoint; the same for the key statements of
// everyone who signed them and of the witnesses who cosigned; and the
// witness policy. It is checked here with no store: app::case_proof makes it.

#include <corridor/core/result.hpp>
#include <corridor/ledger/key.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::ledger {

inline constexpr std::string_view k_proof_format = "corridor-proof/v2";

struct ProofReport {
  std::string ref;
  std::string public_id;  // how the log names the case: core::public_id(case_key, ref)
  std::uint64_t tree_size = 0;
  std::vector<std::string> statements;  // one line each: "entry N: kind by party/officer at T"
  // The signers' key rotations the proof shows, one line each:
  // "entry N: officer-rotate of party/officer at T: key ID replaces ID".
  std::vector<std::string> rotations;
  std::vector<std::string> cosigned_by;
  int quorum = 0;
  bool witnessed = false;
  bool witness_keys_pinned = false;     // witness_keys were given
  std::vector<std::string> not_pinned;  // proven witness keys that cosigned, not pinned
};

// Checks the checkpoint's log signature (by `log_key` if given, else the
// key the proof names), each inclusion proof, each statement's signature
// against a key whose registration is itself proven (and not revoked or
// retired by a rotation before it), and the cosignatures. `quorum`, if given, replaces the one
// the proof states (a verifier should hold its own policy); a quorum below
// 1 never counts as witnessed. A statement given withheld (its leaf hash
// and a redacted text, docs/log_format.md) has only its inclusion checked,
// and its report line says so. `witness_keys`, if any, are the witness
// keys the verifier pins: only cosignatures by exactly these count (one per
// party, "<party>/..."), whatever keys the proof shows registered and
// whatever parties it states; without them, the proof's registered witness
// keys count, and whoever holds the log key can register its own.
// Errc::bad_input naming what fails.
core::Result<ProofReport> verify_proof(std::string_view json,
                                       const std::optional<PublicKey>& log_key,
                                       std::optional<int> quorum = std::nullopt,
                                       const std::vector<PublicKey>& witness_keys = {});

}  // namespace corridor::ledger
