#include <corridor/core/text.hpp>

#include <corridor/core/utf8.hpp>

namespace corridor::core {

bool is_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = p[i] < 0x80 ? 1 : utf8_length(p + i, p + text.size());
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::optional<std::size_t> find_control(std::string_view text, std::string_view allowed) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool c0 = c < 0x20 || c == 0x7F;
    if (c0 && allowed.find(text[i]) == std::string_view::npos) return i;
    // C1: U+0080 to U+009F, encoded C2 80 to C2 9F.
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0)
      return i;
  }
  return std::nullopt;
}

std::string normalize_line_ends(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r') {
      out.push_back(text[i]);
      continue;
    }
    out.push_back('\n');
    if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
  }
  return out;
}

namespace {

// The byte offset of the first line or paragraph separator (U+2028, U+2029)
// or bidirectional embedding, override or isolate (U+202A-U+202E,
// U+2066-U+2069): each can make a log line read otherwise than it is.
std::optional<std::size_t> find_format_control(std::string_view t) {
  for (std::size_t i = 0; i + 2 < t.size(); ++i) {
    const auto a = static_cast<unsigned char>(t[i]);
    const auto b = static_cast<unsigned char>(t[i + 1]);
    const auto c = static_cast<unsigned char>(t[i + 2]);
    if (a == 0xE2 && b == 0x80 && c >= 0xA8 && c <= 0xAE) return i;  // U+2028-U+202E
    if (a == 0xE2 && b == 0x81 && c >= 0xA6 && c <= 0xA9) return i;  // U+2066-U+2069
  }
  return std::nullopt;
}

}  // namespace

std::string reason_problem(std::string_view text, std::size_t max) {
  if (!is_utf8(text)) return "not valid UTF-8";
  if (auto at = find_control(text))
    return "contains a control character (at byte " + std::to_string(*at + 1) + ")";
  if (auto at = find_format_control(text))
    return "contains a line separator or a direction override (at byte " + std::to_string(*at + 1) +
           ")";
  if (text.size() > max) return "longer than " + std::to_string(max) + " bytes";
  return {};
}

}  // namespace corridor::core
