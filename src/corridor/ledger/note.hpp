#pragma once
// C2SP signed-note (../shared/vectors/c2sp.md section 1):
//
//   <text, ending in 0x0A>
//   0x0A
//   "— " <key name> " " base64(key ID[4] || signature) 0x0A   (one or more)
//
// The signed message is the text, its final newline included.

#include <corridor/core/result.hpp>
#include <corridor/ledger/key.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::ledger {

// At most this many signature lines are accepted in one note.
constexpr std::size_t k_max_note_signatures = 100;

struct NoteSignature {
  std::string name;
  std::uint32_t key_id = 0;
  std::string signature;  // raw bytes after the key ID (64 for 0x01, 72 for 0x04)

  bool operator==(const NoteSignature&) const = default;
};

struct Note {
  std::string text;  // ends in '\n'
  std::vector<NoteSignature> signatures;
};

// Parses a whole note. bad_input saying what is wrong ("malformed note:
// ...") for: invalid UTF-8, an ASCII control character other than 0x0A (DEL
// included), no blank line before the signatures, no signature line, a
// malformed signature line (name with a space or '+', bad base64, fewer than
// 5 bytes, a missing final newline), or more than k_max_note_signatures
// lines. The text is everything up to the last blank line, so
// format_note(parse_note(b)) == b whenever the parse succeeds.
core::Result<Note> parse_note(std::string_view bytes);

// One signature line, "— <name> <base64>" with its final newline, as
// parse_note checks it. bad_input ("malformed signature line: ...") as for
// parse_note.
core::Result<NoteSignature> parse_signature_line(std::string_view line);

// One signature line, with its final newline.
std::string format_signature_line(const NoteSignature& sig);
// text + "\n" + every signature line.
std::string format_note(const Note& note);

// Signs `text` (which must end in '\n') with an ed25519 (0x01) key; a
// text without the newline or a key of another type is the caller's bug
// (asserted).
NoteSignature sign_note_text(std::string_view text, const PrivateKey& key);

// Verifies an 0x01 signature against one key (name, key ID and signature);
// false if the key is not an 0x01 key.
bool verify_note_signature(std::string_view text, const NoteSignature& sig, const PublicKey& key);

// C2SP verifier rules: signatures whose (name, key ID) match no known 0x01
// key are ignored; a known one that fails is an error naming the key
// ("invalid signature for key NAME+ID"); no verified signature at all is an
// error ("note has no verifiable signatures"); both are bad_input. Returns
// the keys that verified, in signature order, each once.
core::Result<std::vector<PublicKey>> verify_note(const Note& note,
                                                 std::span<const PublicKey> known);

}  // namespace corridor::ledger
