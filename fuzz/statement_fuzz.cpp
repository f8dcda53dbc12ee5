// libFuzzer target for the statement body parser (ledger/statement.hpp):
// it may not crash on any input, and a body it accepts formats back to the
// very same bytes (one canonical form per statement). The capacities a
// crossing or day-report statement carries are typed; each round-trips. Seeds:
// fuzz/corpus/statement_fuzz/.

#include <corridor/core/config.hpp>
#include <corridor/ledger/statement.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = corridor::ledger::parse_statement(text);
  if (!parsed) return 0;
  auto again = corridor::ledger::format_statement(*parsed);
  if (!again || *again != text) std::abort();
  // A capacity it accepts is in format_capacity's form, and reads back the same.
  std::optional<corridor::core::Capacity> cap;
  if (const auto* c = parsed->as<corridor::ledger::CrossingChange>()) cap = c->capacity;
  if (const auto* r = parsed->as<corridor::ledger::DayReport>()) cap = r->crossed;
  if (cap) {
    auto back = corridor::core::parse_capacity(corridor::core::format_capacity(*cap));
    if (!back || !(*back == *cap)) std::abort();
  }
  return 0;
}
