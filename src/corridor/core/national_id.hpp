#pragma once
// The 9-digit identity number of the population registry, whose last digit
// is a Luhn (mod 10) check digit. See DOMAIN.md and
// tests/vectors/national_id.json.

#include <optional>
#include <string>
#include <string_view>

namespace corridor::core {

// Removes '-' and ' ' separators and left-pads with '0' to 9 digits, as
// common validators do. Returns nullopt if anything but digits remains or
// there are more than 9 digits.
std::optional<std::string> normalize_national_id(std::string_view input);

// True if `nine_digits` (exactly 9 ASCII digits) has a valid check digit;
// false for 000000000, whose sum passes but which is no one's number.
bool national_id_check_digit_ok(std::string_view nine_digits);

// The check digit that completes 8 ASCII digits.
char national_id_check_digit(std::string_view eight_digits);

}  // namespace corridor::core
