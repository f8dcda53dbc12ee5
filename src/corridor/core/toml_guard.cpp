// unsafe_toml_text: what parse_config and parse_scenario refuse before
// toml++ reads it.

#include <corridor/core/toml_guard.hpp>

#include <corridor/core/utf8.hpp>

#include <cstring>

namespace corridor::core::detail {
namespace {

constexpr int k_max_depth = 16;
constexpr int k_max_dots = 64;

}  // namespace

std::optional<Unsafe> unsafe_toml_text(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t line = 1, column = 1;
  char quote = 0;  // inside a string: '"' or '\'', doubled for """ and '''
  bool multi = false, comment = false;
  // toml++ reads nested arrays, inline tables and dotted keys by recursion:
  // a deep one overflows the stack. No scenario needs more than a few.
  int depth = 0, dots = 0;
  auto starts = [&](std::size_t i, const char* s3) {
    return i + 3 <= size && std::memcmp(p + i, s3, 3) == 0;
  };
  for (std::size_t i = 0; i < size; ++column) {
    const unsigned char c = p[i];
    if (c >= 0x80) {
      const std::size_t n = core::utf8_length(p + i, p + size);
      if (n == 0) return Unsafe{line, column, "not well-formed UTF-8"};
      if (!quote && !comment)
        return Unsafe{line, column, "a non-ASCII character outside a string or comment"};
      i += n;
      continue;
    }
    if (c == '\n') {
      ++line;
      column = 0;
      comment = false;
      dots = 0;
      if (!multi) quote = 0;
    } else if (comment) {
    } else if (quote) {
      if (c == '\\' && quote == '"') {
        ++i;  // the escaped byte (a newline in a multi-line string too)
        if (i < size && p[i] == '\n') ++line, column = 0;
      } else if (c == static_cast<unsigned char>(quote)) {
        if (!multi) {
          quote = 0;
        } else if (starts(i, quote == '"' ? "\"\"\"" : "'''")) {
          quote = 0;
          multi = false;
          i += 2;
        }
      }
    } else if (c == '#') {
      comment = true;
    } else if (c == '[' || c == '{') {
      if (++depth > k_max_depth)
        return Unsafe{line, column, "arrays or tables nested more than 16 deep"};
    } else if (c == ']' || c == '}') {
      if (depth > 0) --depth;
    } else if (c == '.') {
      if (++dots > k_max_dots) return Unsafe{line, column, "more than 64 dots in a line"};
    } else if (c == '"' || c == '\'') {
      quote = static_cast<char>(c);
      multi = starts(i, c == '"' ? "\"\"\"" : "'''");
      if (multi) i += 2;
    }
    ++i;
  }
  return std::nullopt;
}

}  // namespace corridor::core::detail
