#include <corridor/ledger/note.hpp>

#include <corridor/ledger/base64.hpp>

#include <algorithm>
#include <cassert>
#include <optional>

// The format: C2SP signed-note, https://c2sp.org/signed-note.

namespace corridor::ledger {
namespace {

constexpr std::string_view k_sig_prefix = "\xe2\x80\x94 ";  // U+2014 EM DASH, U+0020

core::Error bad(std::string message) {
  return core::make_error(core::Errc::bad_input, std::move(message));
}

// Why `bytes` is not valid note text (invalid UTF-8, or an ASCII control
// character other than '\n'), or nullopt if it is.
std::optional<std::string> bad_note_char(std::string_view bytes) {
  for (std::size_t pos = 0; pos < bytes.size();) {
    const std::size_t at = pos;
    const auto c = next_utf8(bytes, pos);
    if (!c) return "invalid UTF-8 at byte " + std::to_string(at);
    if ((*c < 0x20 && *c != '\n') || *c == 0x7f)
      return "control character " + std::to_string(*c) + " at byte " + std::to_string(at);
  }
  return std::nullopt;
}

// One signature line without its newline: "— <name> <base64>".
core::Result<NoteSignature> parse_line(std::string_view line) {
  if (!line.starts_with(k_sig_prefix)) return bad("does not start with an em dash and a space");
  line.remove_prefix(k_sig_prefix.size());
  const auto space = line.find(' ');
  if (space == line.npos) return bad("no space after the key name");
  NoteSignature sig;
  sig.name = line.substr(0, space);
  if (!valid_key_name(sig.name)) return bad("invalid key name");
  const auto bytes = base64_decode(line.substr(space + 1));
  if (!bytes) return bad("signature is not base64");
  if (bytes->size() < 5)
    return bad("signature is " + std::to_string(bytes->size()) + " bytes, want at least 5");
  for (int i = 0; i < 4; ++i) sig.key_id = sig.key_id << 8 | static_cast<std::uint8_t>((*bytes)[i]);
  sig.signature = bytes->substr(4);
  return sig;
}

// The signature block: one or more lines, each ending in '\n'.
core::Result<std::vector<NoteSignature>> parse_lines(std::string_view block) {
  if (block.empty()) return bad("no signature lines");
  if (block.back() != '\n') return bad("the last signature line has no final newline");
  std::vector<NoteSignature> sigs;
  for (std::size_t n = 1; !block.empty(); ++n) {
    if (n > k_max_note_signatures)
      return bad("more than " + std::to_string(k_max_note_signatures) + " signature lines");
    const auto eol = block.find('\n');
    auto sig = parse_line(block.substr(0, eol));
    if (!sig) return bad("signature line " + std::to_string(n) + ": " + sig.error().message);
    sigs.push_back(std::move(sig).value());
    block.remove_prefix(eol + 1);
  }
  return sigs;
}

const PublicKey* find_key(std::span<const PublicKey> known, const NoteSignature& sig) {
  for (const PublicKey& key : known)
    if (key.type == KeyType::ed25519 && key.name == sig.name && key.id == sig.key_id) return &key;
  return nullptr;
}

}  // namespace

core::Result<Note> parse_note(std::string_view bytes) {
  if (auto why = bad_note_char(bytes)) return bad("malformed note: " + *why);
  // The text may hold blank lines itself; the signatures follow the last.
  const auto split = bytes.rfind("\n\n");
  if (split == bytes.npos) return bad("malformed note: no blank line before the signatures");
  auto sigs = parse_lines(bytes.substr(split + 2));
  if (!sigs) return bad("malformed note: " + sigs.error().message);
  return Note{std::string(bytes.substr(0, split + 1)), std::move(sigs).value()};
}

core::Result<NoteSignature> parse_signature_line(std::string_view line) {
  if (!line.ends_with('\n')) return bad("malformed signature line: no final newline");
  line.remove_suffix(1);
  if (auto why = bad_note_char(line)) return bad("malformed signature line: " + *why);
  auto sig = parse_line(line);
  if (!sig) return bad("malformed signature line: " + sig.error().message);
  return sig;
}

std::string format_signature_line(const NoteSignature& sig) {
  std::string bytes(4, '\0');
  for (int i = 0; i < 4; ++i) bytes[i] = static_cast<char>(sig.key_id >> (24 - 8 * i));
  bytes += sig.signature;
  return std::string(k_sig_prefix) + sig.name + " " + base64_encode(bytes) + "\n";
}

std::string format_note(const Note& note) {
  std::string out = note.text + "\n";
  for (const NoteSignature& sig : note.signatures) out += format_signature_line(sig);
  return out;
}

NoteSignature sign_note_text(std::string_view text, const PrivateKey& key) {
  assert(text.ends_with('\n') && key.public_key().type == KeyType::ed25519);
  const PublicKey& pub = key.public_key();
  return NoteSignature{pub.name, pub.id, key.sign(text)};
}

bool verify_note_signature(std::string_view text, const NoteSignature& sig, const PublicKey& key) {
  return key.type == KeyType::ed25519 && sig.name == key.name && sig.key_id == key.id &&
         verify_ed25519(key.key, text, sig.signature);
}

core::Result<std::vector<PublicKey>> verify_note(const Note& note,
                                                 std::span<const PublicKey> known) {
  std::vector<PublicKey> verified;
  for (const NoteSignature& sig : note.signatures) {
    const PublicKey* key = find_key(known, sig);
    if (key == nullptr) continue;
    if (!verify_note_signature(note.text, sig, *key))
      return bad("invalid signature for key " + key->name + "+" + format_key_id(key->id));
    if (std::find(verified.begin(), verified.end(), *key) == verified.end())
      verified.push_back(*key);
  }
  if (verified.empty()) return bad("note has no verifiable signatures");
  return verified;
}

}  // namespace corridor::ledger
