#include <corridor/ledger/checkpoint.hpp>

#include <corridor/ledger/base64.hpp>

#include <algorithm>
#include <cassert>
#include <limits>

// The formats: C2SP tlog-checkpoint and tlog-cosignature,
// https://c2sp.org/tlog-checkpoint, https://c2sp.org/tlog-cosignature.

namespace corridor::ledger {
namespace {

constexpr std::uint64_t k_max_u63 = std::numeric_limits<std::int64_t>::max();
constexpr std::size_t k_cosignature_bytes = 8 + 64;

core::Error bad(std::string message) {
  return core::make_error(core::Errc::bad_input, std::move(message));
}

core::Error bad_line(std::size_t n, std::string_view what) {
  return bad("checkpoint line " + std::to_string(n) + ": " + std::string(what));
}

// The lines of `text`, which must end in '\n', without their newlines.
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto eol = text.find('\n');
    lines.push_back(text.substr(0, eol));
    text.remove_prefix(eol + 1);
  }
  return lines;
}

// ASCII decimal without sign or leading zero, at most 2^63-1.
std::optional<std::uint64_t> parse_size(std::string_view s) {
  if (s.empty() || s.size() > 19 || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');  // 19 digits cannot wrap
  }
  if (v > k_max_u63) return std::nullopt;
  return v;
}

std::string timestamp_bytes(std::uint64_t t) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>(t >> (56 - 8 * i));
  return out;
}

}  // namespace

std::string format_checkpoint(const Checkpoint& cp) {
  const std::string_view root(reinterpret_cast<const char*>(cp.root.data()), cp.root.size());
  std::string out = cp.origin + "\n" + std::to_string(cp.size) + "\n" + base64_encode(root) + "\n";
  for (const std::string& ext : cp.extensions) out += ext + "\n";
  return out;
}

core::Result<Checkpoint> parse_checkpoint(std::string_view text) {
  if (!text.ends_with('\n')) return bad("checkpoint: text does not end in a newline");
  const auto lines = split_lines(text);
  if (lines.size() < 3)
    return bad("checkpoint: " + std::to_string(lines.size()) + " lines, want at least 3");
  Checkpoint cp;
  if (lines[0].empty()) return bad_line(1, "empty origin");
  cp.origin = lines[0];
  const auto size = parse_size(lines[1]);
  if (!size)
    return bad_line(2, "tree size is not a decimal number below 2^63 without leading zero");
  cp.size = *size;
  const auto root = base64_decode(lines[2]);
  if (!root) return bad_line(3, "root hash is not base64");
  if (root->size() != cp.root.size())
    return bad_line(3, "root hash is " + std::to_string(root->size()) + " bytes, want 32");
  std::copy(root->begin(), root->end(), cp.root.begin());
  for (std::size_t i = 3; i < lines.size(); ++i) {
    if (lines[i].empty()) return bad_line(i + 1, "empty extension line");
    cp.extensions.emplace_back(lines[i]);
  }
  return cp;
}

std::string cosignature_message(std::string_view checkpoint_text, std::uint64_t timestamp) {
  return "cosignature/v1\ntime " + std::to_string(timestamp) + "\n" + std::string(checkpoint_text);
}

NoteSignature cosign(std::string_view checkpoint_text, std::uint64_t timestamp,
                     const PrivateKey& witness_key) {
  assert(witness_key.public_key().type == KeyType::cosignature && timestamp <= k_max_u63);
  const PublicKey& pub = witness_key.public_key();
  return NoteSignature{pub.name, pub.id,
                       timestamp_bytes(timestamp) +
                           witness_key.sign(cosignature_message(checkpoint_text, timestamp))};
}

core::Result<std::uint64_t> cosignature_timestamp(const NoteSignature& sig) {
  if (sig.signature.size() != k_cosignature_bytes)
    return bad("cosignature is " + std::to_string(sig.signature.size()) +
               " bytes after the key ID, want 72");
  std::uint64_t t = 0;
  for (int i = 0; i < 8; ++i) t = t << 8 | static_cast<std::uint8_t>(sig.signature[i]);
  if (t > k_max_u63) return bad("cosignature timestamp " + std::to_string(t) + " exceeds 2^63-1");
  return t;
}

core::Result<std::uint64_t> verify_cosignature(std::string_view checkpoint_text,
                                               const NoteSignature& sig,
                                               const PublicKey& witness_key) {
  const std::string key = witness_key.name + "+" + format_key_id(witness_key.id);
  if (witness_key.type != KeyType::cosignature)
    return bad("key " + key + " is not a cosignature (0x04) key");
  if (sig.name != witness_key.name || sig.key_id != witness_key.id)
    return bad("cosignature by " + sig.name + "+" + format_key_id(sig.key_id) + ", not by " + key);
  auto timestamp = cosignature_timestamp(sig);
  if (!timestamp) return timestamp;
  const auto message = cosignature_message(checkpoint_text, *timestamp);
  if (!verify_ed25519(witness_key.key, message, std::string_view(sig.signature).substr(8)))
    return bad("invalid cosignature for key " + key);
  return timestamp;
}

}  // namespace corridor::ledger
