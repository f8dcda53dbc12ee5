#pragma once
// Ed25519 keys in the forms C2SP signed-note uses (../shared/vectors/c2sp.md):
//
//   verifier key  <name>+<key ID, 8 lowercase hex>+base64(type || public key)
//   private key   PRIVATE+KEY+<name>+<key ID hex>+base64(type || 32-byte seed)
//
// The private form is the Go x/mod one (not part of C2SP); it is what
// `corridor keygen` writes. The type byte says what the key signs: 0x01
// signed notes (officers, the log), 0x04 checkpoint cosignatures
// (witnesses). key ID = SHA-256(name || 0x0A || type || public key)[:4].

#include <corridor/core/result.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace corridor::ledger {

enum class KeyType : std::uint8_t { ed25519 = 0x01, cosignature = 0x04 };

using PublicKeyBytes = std::array<std::uint8_t, 32>;

struct PublicKey {
  std::string name;
  KeyType type = KeyType::ed25519;
  std::uint32_t id = 0;
  PublicKeyBytes key{};

  bool operator==(const PublicKey&) const = default;
};

// Initialises libsodium once; thread-safe and cheap after the first call.
// Every function in these files that uses libsodium calls it. Throws
// std::runtime_error if libsodium cannot start (a start-up failure).
void init_sodium();

// The code point of the UTF-8 sequence at text[pos], advancing pos past it;
// nullopt, with pos unchanged, for an invalid sequence (truncated, overlong,
// a surrogate, above U+10FFFF). Shared by the key-name and note checks.
std::optional<char32_t> next_utf8(std::string_view text, std::size_t& pos);

// A key name: non-empty UTF-8 with no Unicode space (Go's unicode.IsSpace:
// ASCII white space, U+0085, U+00A0 and the Zs/Zl/Zp separators), no '+',
// no control character (C0, DEL, C1) (C2SP signed-note).
bool valid_key_name(std::string_view name);

// The key ID, read big-endian from the first 4 bytes of the SHA-256.
std::uint32_t key_id(std::string_view name, KeyType type, const PublicKeyBytes& key);

// A key ID as 8 lowercase hex digits ("c74f20a3").
std::string format_key_id(std::uint32_t id);

// "<name>+<8 lowercase hex>+base64(type || key)".
std::string format_vkey(const PublicKey& key);
// Refuses (bad_input, saying why): wrong number of parts, a bad name, a key
// ID that is not 8 lowercase hex digits, bad base64, an unknown type byte, a
// key that is not 32 bytes, a key ID that does not match. Thread-safe.
core::Result<PublicKey> parse_vkey(std::string_view text);

// An Ed25519 key pair. The secret is wiped when the object goes. Every
// member is thread-safe (the first use initialises libsodium once).
class PrivateKey {
public:
  // A new random key (libsodium). The name must satisfy valid_key_name: a
  // bad one is the caller's bug and throws std::invalid_argument.
  static PrivateKey generate(std::string name, KeyType type);
  // bad_input for a bad name or a seed that is not 32 bytes.
  static core::Result<PrivateKey> from_seed(std::string name, KeyType type,
                                            std::string_view seed32);
  // PRIVATE+KEY+<name>+<key ID>+base64(type || seed). bad_input, saying
  // why, for a wrong prefix or number of parts, a bad name, bad base64, an
  // unknown type, a seed that is not 32 bytes, or a key ID that does not
  // match the key derived from the seed.
  static core::Result<PrivateKey> parse(std::string_view text);

  PrivateKey(const PrivateKey&) = default;
  PrivateKey& operator=(const PrivateKey&) = default;
  ~PrivateKey();

  const PublicKey& public_key() const { return m_public; }
  std::string format() const;  // PRIVATE+KEY+..., no newline

  // Ed25519 signature of `message` (64 bytes, raw).
  std::string sign(std::string_view message) const;

private:
  PrivateKey() = default;
  PublicKey m_public;
  std::array<std::uint8_t, 64> m_secret{};  // libsodium form: seed || public key
};

// Ed25519 verification of a raw 64-byte signature; false for any other
// length. Thread-safe.
bool verify_ed25519(const PublicKeyBytes& key, std::string_view message,
                    std::string_view signature);

}  // namespace corridor::ledger
