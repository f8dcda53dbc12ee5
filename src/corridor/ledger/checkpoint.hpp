#pragma once
// C2SP tlog-checkpoint and tlog-cosignature/v1 (Ed25519, type 0x04).
//
//   <origin>\n<tree size>\n<base64 root hash>\n[<extension line>\n]*

#include <corridor/core/case.hpp>
#include <corridor/core/result.hpp>
#include <corridor/ledger/key.hpp>
#include <corridor/ledger/note.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::ledger {

struct Checkpoint {
  std::string origin;
  std::uint64_t size = 0;
  core::Hash256 root{};
  std::vector<std::string> extensions;

  bool operator==(const Checkpoint&) const = default;
};

// The note text of a checkpoint. For a checkpoint parse_checkpoint would
// accept, parse_checkpoint(format_checkpoint(cp)) == cp.
std::string format_checkpoint(const Checkpoint& cp);

// Strict parse of a checkpoint's note text: at least 3 lines, each ending
// in '\n'; a non-empty origin; a decimal size with no sign and no leading
// zero that fits in 63 bits; a base64 root of exactly 32 bytes; non-empty
// extension lines. bad_input naming the line otherwise.
core::Result<Checkpoint> parse_checkpoint(std::string_view text);

// "cosignature/v1\ntime <timestamp>\n" + checkpoint text.
std::string cosignature_message(std::string_view checkpoint_text, std::uint64_t timestamp);

// A cosignature by a witness key (type 0x04): key ID, 8-byte big-endian
// timestamp, Ed25519 signature over cosignature_message. A key of another
// type or a timestamp above 2^63-1 is the caller's bug (asserted).
NoteSignature cosign(std::string_view checkpoint_text, std::uint64_t timestamp,
                     const PrivateKey& witness_key);

// The timestamp of a cosignature's bytes (after the key ID: 8-byte
// big-endian timestamp || 64-byte signature), without verifying it.
// bad_input if the signature is not 72 bytes or the timestamp exceeds
// 2^63-1.
core::Result<std::uint64_t> cosignature_timestamp(const NoteSignature& sig);

// Verifies a cosignature line's bytes against a witness key (name, key ID,
// 72 bytes, signature). Returns its timestamp. bad_input, saying which, if
// the key is not a cosignature (0x04) key, the name or key ID differ, the
// bytes are malformed (see cosignature_timestamp) or the signature fails.
core::Result<std::uint64_t> verify_cosignature(std::string_view checkpoint_text,
                                               const NoteSignature& sig,
                                               const PublicKey& witness_key);

}  // namespace corridor::ledger
