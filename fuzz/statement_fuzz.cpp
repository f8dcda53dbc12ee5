// libFuzzer target for the statement body parser (ledger/statement.hpp):
// it may not crash on any input, and a body it accepts formats back to the
// very same bytes (one canonical form per statement). Seeds:
// fuzz/corpus/statement_fuzz/.

#include <corridor/ledger/statement.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = corridor::ledger::parse_statement(text);
  if (!parsed) return 0;
  auto again = corridor::ledger::format_statement(*parsed);
  if (!again || *again != text) std::abort();
  return 0;
}
