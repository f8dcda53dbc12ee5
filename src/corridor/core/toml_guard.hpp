#pragma once
// Bytes toml++ must not see, refused before it reads a deployment's config
// (core::parse_config) or a planner's scenario (plan::parse_scenario). Malformed UTF-8, or a
// non-ASCII character outside a string or comment, is never valid TOML, and toml++ 3.3 (Debian 12)
// does not always report it as an error: on some of it a debug assertion fires, and on some a
// character-class function reaches
// __builtin_unreachable (undefined behaviour; found by fuzz/scenario_fuzz).
// And toml++ reads nested arrays, inline tables and dotted keys by
// recursion, so a line of 60,000 dotted key parts overflows the stack (a
// signed-in account could stop the server with one POST /api/v1/plan):
// nesting deeper than 16 and more than 64 dots in a line are refused too.
// A small lexer that knows strings and comments, nothing more.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace corridor::core::detail {

struct Unsafe {
  std::size_t line = 1, column = 1;
  std::string why;
};

// The first such byte of `text` and why, or nullopt.
std::optional<Unsafe> unsafe_toml_text(std::string_view text);

}  // namespace corridor::core::detail
