#include <corridor/core/national_id.hpp>

namespace corridor::core {
namespace {

// Weighted sum over the digits, weights 1,2,1,2,... from the left, products
// over 9 reduced by 9.
int weighted_sum(std::string_view digits) {
  int sum = 0;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    int p = (digits[i] - '0') * (i % 2 == 0 ? 1 : 2);
    sum += p > 9 ? p - 9 : p;
  }
  return sum;
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

std::optional<std::string> normalize_national_id(std::string_view input) {
  std::string digits;
  for (char c : input) {
    if (c == '-' || c == ' ') continue;
    if (c < '0' || c > '9') return std::nullopt;
    digits.push_back(c);
  }
  if (digits.empty() || digits.size() > 9) return std::nullopt;
  return std::string(9 - digits.size(), '0') + digits;
}

bool national_id_check_digit_ok(std::string_view s) {
  // 000000000 passes the sum but is no one's number (python-stdnum agrees).
  return s.size() == 9 && all_digits(s) && s != "000000000" && weighted_sum(s) % 10 == 0;
}

char national_id_check_digit(std::string_view eight) {
  return static_cast<char>('0' + (10 - weighted_sum(eight.substr(0, 8)) % 10) % 10);
}

}  // namespace corridor::core
