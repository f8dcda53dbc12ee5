// libFuzzer target for tlog checkpoints and cosignatures
// (ledger/checkpoint.hpp): parse_checkpoint must return a Checkpoint or an
// Error for every input; a checkpoint it accepts must format back to the
// input byte for byte. The input is also read as a whole signed note, whose
// text is parsed as a checkpoint and whose signatures are checked as
// cosignatures against a fixed witness key; nothing may crash.
// Seeds: fuzz/corpus/checkpoint_fuzz/ (scripts/fuzz.sh runs it).

#include <corridor/ledger/checkpoint.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

using namespace corridor::ledger;

// The derived witness key of tests/vectors/signed_note.json.
const PublicKey& witness_key() {
  static const PublicKey key = [] {
    auto k = parse_vkey("witness.example/w1+04d2d833+BD1AF8PoQ4lakrcKp00bfrycmCzPLsSWjMDNVfEq9GYM");
    if (!k) __builtin_trap();
    return *k;
  }();
  return key;
}

void check_round_trip(std::string_view text) {
  auto cp = parse_checkpoint(text);
  if (!cp) return;
  if (format_checkpoint(*cp) != text) __builtin_trap();
  if (cp->origin.empty() || cp->size > static_cast<std::uint64_t>(INT64_MAX)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check_round_trip(input);
  auto note = parse_note(input);
  if (!note) return 0;
  check_round_trip(note->text);
  for (const NoteSignature& sig : note->signatures) {
    auto t = verify_cosignature(note->text, sig, witness_key());
    if (t && *t > static_cast<std::uint64_t>(INT64_MAX)) __builtin_trap();
  }
  return 0;
}
