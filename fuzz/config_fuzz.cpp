// libFuzzer target: parse_config on arbitrary bytes. It must return a value
// or an Error for every input: never throw, crash or read out of bounds.
// Seeds: fuzz/corpus/config_fuzz/ (scripts/fuzz.sh runs it).

#include <corridor/core/config.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto result = corridor::core::parse_config(text, "fuzz.toml");
  if (result) {
    // A config that passes the checks must be usable by its own lookups.
    for (const auto& w : result->workflows) {
      if (!result->workflow_for(w.direction, w.category)) __builtin_trap();
      for (const auto& s : w.stages)
        if (!result->find_party(s.party) || !s.accepts_reason("other")) __builtin_trap();
    }
  }
  return 0;
}
