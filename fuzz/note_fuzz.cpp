// libFuzzer target for C2SP signed notes (ledger/note.hpp): parse_note must
// return a Note or an Error for every input, never crash; a note it accepts
// must format back to the input byte for byte; verifying it against fixed
// keys must not crash and can only succeed with keys it was given.
// Seeds: fuzz/corpus/note_fuzz/ (scripts/fuzz.sh runs it).

#include <corridor/ledger/note.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace {

using namespace corridor::ledger;

// Two published verifier keys (tests/vectors/signed_note.json): Go x/mod's
// PeterNeumann and the derived log key, so that the seeds verify.
const std::vector<PublicKey>& fixed_keys() {
  static const std::vector<PublicKey> keys = [] {
    std::vector<PublicKey> k;
    for (const char* text : {"PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
                             "example.com/behind-the-sofa+f8fa5254+"
                             "AddamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea"}) {
      auto key = parse_vkey(text);
      if (!key) __builtin_trap();
      k.push_back(*key);
    }
    return k;
  }();
  return keys;
}

bool is_fixed_key(const PublicKey& key) {
  for (const PublicKey& k : fixed_keys())
    if (k == key) return true;
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto note = parse_note(input);
  if (!note) return 0;
  if (format_note(*note) != input) __builtin_trap();
  if (note->signatures.empty() || note->signatures.size() > k_max_note_signatures) __builtin_trap();
  if (note->text.empty() || note->text.back() != '\n') __builtin_trap();
  auto verified = verify_note(*note, fixed_keys());
  if (verified) {
    if (verified->empty()) __builtin_trap();
    for (const PublicKey& key : *verified)
      if (!is_fixed_key(key)) __builtin_trap();
  }
  return 0;
}
