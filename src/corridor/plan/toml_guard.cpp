// unsafe_toml_text: what parse_scenario refuses before toml++ reads it.

#include <corridor/plan/toml_guard.hpp>

#include <corridor/core/utf8.hpp>

#include <cstring>

namespace corridor::plan::detail {

std::optional<Unsafe> unsafe_toml_text(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t line = 1, column = 1;
  char quote = 0;  // inside a string: '"' or '\'', doubled for """ and '''
  bool multi = false, comment = false;
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
    } else if (c == '"' || c == '\'') {
      quote = static_cast<char>(c);
      multi = starts(i, c == '"' ? "\"\"\"" : "'''");
      if (multi) i += 2;
    }
    ++i;
  }
  return std::nullopt;
}

}  // namespace corridor::plan::detail
