#pragma once
// Well-formed UTF-8, as the CSV reader and the free-text rules check it.
// Pure and inline: the CSV reader calls it for every non-ASCII byte.

#include <cstddef>

namespace corridor::core {

// Length of the well-formed UTF-8 sequence of two or more bytes at `p`
// (Unicode Table 3-7: no overlongs, no surrogates, nothing above U+10FFFF),
// or 0 if there is none there (an ASCII byte included). `end` is one past
// the last readable byte; `p < end`.
inline std::size_t utf8_length(const unsigned char* p, const unsigned char* end) {
  const unsigned char c = *p;
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;  // overlong
    if (c == 0xED) hi = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;  // overlong
    if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (static_cast<std::size_t>(end - p) < n || p[1] < lo || p[1] > hi) return 0;
  for (std::size_t i = 2; i < n; ++i)
    if ((p[i] & 0xC0) != 0x80) return 0;
  return n;
}

}  // namespace corridor::core
