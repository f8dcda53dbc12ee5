#include <corridor/core/case.hpp>

namespace corridor::core {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string to_hex(const std::uint8_t* data, std::size_t size) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = k_digits[data[i] >> 4];
    out[2 * i + 1] = k_digits[data[i] & 0xf];
  }
  return out;
}

std::optional<Hash256> hash_from_hex(std::string_view hex) {
  if (hex.size() != 64) return std::nullopt;
  Hash256 h{};
  for (std::size_t i = 0; i < 32; ++i) {
    int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    h[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return h;
}

std::string_view to_string(Sex s) { return s == Sex::male ? "M" : "F"; }

std::optional<Sex> parse_sex(std::string_view text) {
  if (text == "M") return Sex::male;
  if (text == "F") return Sex::female;
  return std::nullopt;
}

std::string Person::key() const {
  return national_id.empty() ? "pp:" + passport_no : "nid:" + national_id;
}

std::string_view to_string(Outcome o) {
  switch (o) {
    case Outcome::approve:
      return "approve";
    case Outcome::deny:
      return "deny";
    case Outcome::ret:
      return "return";
    case Outcome::revoke:
      return "revoke";
  }
  return "?";
}

std::optional<Outcome> parse_outcome(std::string_view text) {
  for (Outcome o : {Outcome::approve, Outcome::deny, Outcome::ret, Outcome::revoke})
    if (to_string(o) == text) return o;
  return std::nullopt;
}

std::string_view to_string(ClosureKind k) {
  switch (k) {
    case ClosureKind::withdrawn:
      return "withdrawn";
    case ClosureKind::deceased:
      return "deceased";
    case ClosureKind::duplicate:
      return "duplicate";
  }
  return "withdrawn";
}

std::optional<ClosureKind> parse_closure_kind(std::string_view text) {
  if (text == "withdrawn") return ClosureKind::withdrawn;
  if (text == "deceased") return ClosureKind::deceased;
  if (text == "duplicate") return ClosureKind::duplicate;
  return std::nullopt;
}

}  // namespace corridor::core
