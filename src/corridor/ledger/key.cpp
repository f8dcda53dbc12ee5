#include <corridor/ledger/key.hpp>

#include <corridor/core/case.hpp>
#include <corridor/ledger/base64.hpp>

#include <sodium.h>

#include <algorithm>
#include <stdexcept>

namespace corridor::ledger {
namespace {

constexpr std::string_view k_private_prefix = "PRIVATE+KEY+";

core::Error bad(std::string message) {
  return core::make_error(core::Errc::bad_input, std::move(message));
}

bool is_unicode_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0d) || c == 0x20 || c == 0x85 || c == 0xa0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f ||
         c == 0x3000;
}

bool is_control(char32_t c) { return c < 0x20 || (c >= 0x7f && c <= 0x9f); }

// The length of a UTF-8 sequence from its lead byte (0 for a byte that
// cannot start one), and the payload bits the lead byte carries.
std::size_t utf8_length(std::uint8_t lead, char32_t& bits) {
  struct Form {
    std::uint8_t mask, value;
    std::size_t length;
  };
  static constexpr Form k_forms[] = {
      {0x80, 0x00, 1}, {0xe0, 0xc0, 2}, {0xf0, 0xe0, 3}, {0xf8, 0xf0, 4}};
  for (const Form& f : k_forms) {
    if ((lead & f.mask) != f.value) continue;
    bits = lead & static_cast<std::uint8_t>(~f.mask);
    return f.length;
  }
  return 0;
}

std::optional<std::uint32_t> parse_key_id(std::string_view hex) {
  if (hex.size() != 8) return std::nullopt;
  std::uint32_t id = 0;
  for (char c : hex) {
    int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (v < 0) return std::nullopt;
    id = id << 4 | static_cast<std::uint32_t>(v);
  }
  return id;
}

// The parts of "<name>+<key ID>+base64(type || key)", the key decoded.
struct KeyText {
  std::string name;
  std::uint32_t id = 0;
  KeyType type = KeyType::ed25519;
  std::string key;  // 32 bytes
};

// Checks the type byte and the length of a decoded base64(type || key).
core::Result<KeyType> check_typed_key(std::string_view bytes, std::string_view what) {
  if (bytes.empty()) return bad(std::string(what) + ": empty key");
  const auto type = static_cast<std::uint8_t>(bytes[0]);
  if (type != 0x01 && type != 0x04)
    return bad(std::string(what) + ": unknown key type 0x" + core::to_hex(&type, 1));
  if (bytes.size() != 33)
    return bad(std::string(what) + ": key is " + std::to_string(bytes.size() - 1) +
               " bytes, want 32");
  return static_cast<KeyType>(type);
}

// Splits and checks "<name>+<key ID>+base64(type || key)" (base64 may hold
// '+'). Error messages never quote the key, which may be a secret.
core::Result<KeyText> parse_key_text(std::string_view text, std::string_view what) {
  const auto first = text.find('+');
  const auto second = first == text.npos ? text.npos : text.find('+', first + 1);
  if (second == text.npos)
    return bad(std::string(what) + ": wrong number of parts (want name+keyid+key)");
  KeyText out;
  out.name = text.substr(0, first);
  if (!valid_key_name(out.name)) return bad(std::string(what) + ": invalid key name");
  const auto id = parse_key_id(text.substr(first + 1, second - first - 1));
  if (!id) return bad(std::string(what) + ": key ID is not 8 lowercase hex digits");
  out.id = *id;
  auto bytes = base64_decode(text.substr(second + 1));
  if (!bytes) return bad(std::string(what) + ": key is not base64");
  auto type = check_typed_key(*bytes, what);
  if (type) {
    out.type = *type;
    out.key = bytes->substr(1);
  }
  sodium_memzero(bytes->data(), bytes->size());
  if (!type) return std::move(type).error();
  return out;
}

}  // namespace

void init_sodium() {
  static const bool ready = [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    return true;
  }();
  (void)ready;
}

std::optional<char32_t> next_utf8(std::string_view text, std::size_t& pos) {
  if (pos >= text.size()) return std::nullopt;
  char32_t c = 0;
  const std::size_t len = utf8_length(static_cast<std::uint8_t>(text[pos]), c);
  if (len == 0 || text.size() - pos < len) return std::nullopt;
  for (std::size_t i = 1; i < len; ++i) {
    const auto b = static_cast<std::uint8_t>(text[pos + i]);
    if ((b & 0xc0) != 0x80) return std::nullopt;
    c = c << 6 | (b & 0x3f);
  }
  static constexpr char32_t k_min[] = {0, 0, 0x80, 0x800, 0x10000};
  if (c < k_min[len] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return std::nullopt;
  pos += len;
  return c;
}

std::string format_key_id(std::uint32_t id) {
  const std::uint8_t be[4] = {static_cast<std::uint8_t>(id >> 24),
                              static_cast<std::uint8_t>(id >> 16),
                              static_cast<std::uint8_t>(id >> 8), static_cast<std::uint8_t>(id)};
  return core::to_hex(be, sizeof be);
}

bool valid_key_name(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t pos = 0; pos < name.size();) {
    const auto c = next_utf8(name, pos);
    if (!c || *c == '+' || is_unicode_space(*c) || is_control(*c)) return false;
  }
  return true;
}

std::uint32_t key_id(std::string_view name, KeyType type, const PublicKeyBytes& key) {
  init_sodium();
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(name.data()),
                            name.size());
  const unsigned char sep[2] = {'\n', static_cast<unsigned char>(type)};
  crypto_hash_sha256_update(&state, sep, sizeof sep);
  crypto_hash_sha256_update(&state, key.data(), key.size());
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  return std::uint32_t{digest[0]} << 24 | std::uint32_t{digest[1]} << 16 |
         std::uint32_t{digest[2]} << 8 | std::uint32_t{digest[3]};
}

std::string format_vkey(const PublicKey& key) {
  std::string typed(1, static_cast<char>(key.type));
  typed.append(reinterpret_cast<const char*>(key.key.data()), key.key.size());
  return key.name + "+" + format_key_id(key.id) + "+" + base64_encode(typed);
}

core::Result<PublicKey> parse_vkey(std::string_view text) {
  auto parsed = parse_key_text(text, "verifier key");
  if (!parsed) return std::move(parsed).error();
  PublicKey key{parsed->name, parsed->type, parsed->id, {}};
  std::copy(parsed->key.begin(), parsed->key.end(), key.key.begin());
  const std::uint32_t want = key_id(key.name, key.type, key.key);
  if (want != key.id)
    return bad("verifier key: key ID " + format_key_id(key.id) + " does not match the key (want " +
               format_key_id(want) + ")");
  return key;
}

PrivateKey PrivateKey::generate(std::string name, KeyType type) {
  init_sodium();
  std::array<char, crypto_sign_SEEDBYTES> seed;
  randombytes_buf(seed.data(), seed.size());
  auto key = from_seed(std::move(name), type, std::string_view(seed.data(), seed.size()));
  sodium_memzero(seed.data(), seed.size());
  if (!key) throw std::invalid_argument("PrivateKey::generate: " + key.error().message);
  return std::move(key).value();
}

core::Result<PrivateKey> PrivateKey::from_seed(std::string name, KeyType type,
                                               std::string_view seed32) {
  init_sodium();
  if (!valid_key_name(name)) return bad("private key: invalid key name");
  if (seed32.size() != crypto_sign_SEEDBYTES)
    return bad("private key: seed is " + std::to_string(seed32.size()) + " bytes, want 32");
  PrivateKey key;
  crypto_sign_seed_keypair(key.m_public.key.data(), key.m_secret.data(),
                           reinterpret_cast<const unsigned char*>(seed32.data()));
  key.m_public.type = type;
  key.m_public.id = key_id(name, type, key.m_public.key);
  key.m_public.name = std::move(name);
  return key;
}

core::Result<PrivateKey> PrivateKey::parse(std::string_view text) {
  if (!text.starts_with(k_private_prefix)) return bad("private key: missing PRIVATE+KEY+ prefix");
  auto parsed = parse_key_text(text.substr(k_private_prefix.size()), "private key");
  if (!parsed) return std::move(parsed).error();
  auto key = from_seed(parsed->name, parsed->type, parsed->key);
  sodium_memzero(parsed->key.data(), parsed->key.size());
  if (key && key->public_key().id != parsed->id)
    return bad("private key: key ID " + format_key_id(parsed->id) + " does not match the key");
  return key;
}

PrivateKey::~PrivateKey() { sodium_memzero(m_secret.data(), m_secret.size()); }

std::string PrivateKey::format() const {
  std::string typed(1, static_cast<char>(m_public.type));
  typed.append(reinterpret_cast<const char*>(m_secret.data()), crypto_sign_SEEDBYTES);
  std::string out = std::string(k_private_prefix) + m_public.name + "+" +
                    format_key_id(m_public.id) + "+" + base64_encode(typed);
  sodium_memzero(typed.data(), typed.size());
  return out;
}

std::string PrivateKey::sign(std::string_view message) const {
  init_sodium();
  std::string sig(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(sig.data()), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       m_secret.data());
  return sig;
}

bool verify_ed25519(const PublicKeyBytes& key, std::string_view message,
                    std::string_view signature) {
  init_sodium();
  if (signature.size() != crypto_sign_BYTES) return false;
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), key.data()) == 0;
}

}  // namespace corridor::ledger
