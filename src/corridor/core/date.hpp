#pragma once
// Calendar dates (ISO 8601, proleptic Gregorian) and instants.
// Pure: no clock is read here; "today" and "now" are always arguments.

#include <corridor/core/result.hpp>

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace corridor::core {

// Seconds since 1970-01-01T00:00:00Z.
using Timestamp = std::int64_t;

constexpr std::int64_t k_seconds_per_day = 86400;

struct Date {
  int year = 1970;
  int month = 1;
  int day = 1;

  auto operator<=>(const Date&) const = default;

  // Days since 1970-01-01 (negative before it).
  std::int64_t days_since_epoch() const;
  static Date from_days_since_epoch(std::int64_t days);

  // "YYYY-MM-DD".
  std::string to_string() const;

  Date plus_days(std::int64_t n) const { return from_days_since_epoch(days_since_epoch() + n); }
};

// Parses exactly "YYYY-MM-DD" with a real calendar day (no 2025-02-30).
// Returns nullopt for anything else.
std::optional<Date> parse_date(std::string_view text);

// Whole years of age on `on` for someone born on `birth` (0 if on < birth).
int age_on(const Date& birth, const Date& on);

// The UTC calendar date of an instant.
Date utc_date(Timestamp t);

// "YYYY-MM-DDTHH:MM:SSZ".
std::string format_timestamp(Timestamp t);

}  // namespace corridor::core
