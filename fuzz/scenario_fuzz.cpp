// libFuzzer target: plan::parse_scenario on arbitrary bytes. It must return
// a value or an Error for every input (never throw, crash or read out of
// bounds), and a scenario it accepts must come back the same from
// format_scenario and parse_scenario again, formatting to the same bytes.
// Seeds: fuzz/corpus/scenario_fuzz/ (scripts/fuzz.sh runs it).

#include <corridor/plan/scenario.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto s = corridor::plan::parse_scenario(text, "fuzz.toml");
  if (!s) return 0;
  const std::string once = corridor::plan::format_scenario(*s);
  auto back = corridor::plan::parse_scenario(once, "formatted.toml");
  if (!back || !(*back == *s)) __builtin_trap();
  if (corridor::plan::format_scenario(*back) != once) __builtin_trap();
  return 0;
}
