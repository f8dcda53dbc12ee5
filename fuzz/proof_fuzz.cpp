// libFuzzer target for the proof verifier (ledger/case_proof.hpp) and the
// C2SP tlog-proof parser (ledger/tlog_proof.hpp): any bytes, as a whole
// proof document or as one tlog-proof, may be refused but never crash,
// hang or trip a sanitizer; a tlog-proof that parses formats back to the
// same bytes. Seeds: fuzz/corpus/proof_fuzz/ (a real proof document).

#include <corridor/ledger/case_proof.hpp>
#include <corridor/ledger/tlog_proof.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)corridor::ledger::verify_proof(text, std::nullopt);
  auto p = corridor::ledger::parse_tlog_proof(text);
  if (p && corridor::ledger::format_tlog_proof(*p) != text) std::abort();
  return 0;
}
