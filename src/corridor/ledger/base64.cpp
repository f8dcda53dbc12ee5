#include <corridor/ledger/base64.hpp>

#include <corridor/ledger/key.hpp>

#include <sodium.h>

#include <algorithm>

namespace corridor::ledger {
namespace {

constexpr int k_variant = sodium_base64_VARIANT_ORIGINAL;

// The RFC 4648 standard alphabet and its padding character.
bool in_alphabet(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/' || c == '=';
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  init_sodium();
  const std::size_t size = sodium_base64_encoded_len(bytes.size(), k_variant);
  std::string out(size, '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), k_variant);
  out.resize(size - 1);  // sodium writes a terminating NUL
  return out;
}

// libsodium, given no characters to ignore and no end pointer, refuses
// missing or misplaced padding, trailing text and non-zero bits after the
// last byte. It does not refuse every character outside the alphabet:
// libsodium 1.0.18 reads any byte from 0x80 up as '/' (found by
// fuzz/checkpoint_fuzz), so the alphabet is checked here first.
std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  if (!std::all_of(text.begin(), text.end(), in_alphabet)) return std::nullopt;
  init_sodium();
  std::string out(text.size() / 4 * 3, '\0');
  std::size_t size = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &size, nullptr, k_variant) != 0)
    return std::nullopt;
  out.resize(size);
  return out;
}

}  // namespace corridor::ledger
