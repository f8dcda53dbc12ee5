// libFuzzer target for the body of a C2SP tlog-witness add-checkpoint
// request (ledger/witness_request.hpp), what `corridor witness serve`
// reads from the network: parse_witness_request must return a request or
// an Error for every input; a request it accepts must format back to the
// input byte for byte, hold at most 63 proof hashes and an old size below
// 2^63, and its checkpoint is then read as a signed note and a checkpoint,
// as the witness does; nothing may crash.
// Seeds: fuzz/corpus/witness_request_fuzz/ (scripts/fuzz.sh runs it).

#include <corridor/ledger/checkpoint.hpp>
#include <corridor/ledger/note.hpp>
#include <corridor/ledger/witness_request.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace corridor::ledger;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto r = parse_witness_request(input);
  if (!r) return 0;
  if (r->proof.size() > k_max_witness_proof_lines) __builtin_trap();
  if (r->old_size > static_cast<std::uint64_t>(INT64_MAX)) __builtin_trap();
  if (r->checkpoint.empty()) __builtin_trap();
  if (format_witness_request(r->old_size, r->proof, r->checkpoint) != input) __builtin_trap();
  auto note = parse_note(r->checkpoint);
  if (!note) return 0;
  auto cp = parse_checkpoint(note->text);
  if (cp && cp->size > static_cast<std::uint64_t>(INT64_MAX)) __builtin_trap();
  return 0;
}
