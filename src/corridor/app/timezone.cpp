#include <corridor/app/timezone.hpp>

#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <memory>

namespace corridor::app {

namespace {

core::Result<std::unique_ptr<icu::TimeZone>> zone_of(const std::string& tz) {
  std::unique_ptr<icu::TimeZone> zone(
      icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(tz)));
  if (!zone || *zone == icu::TimeZone::getUnknown())
    return core::make_error(core::Errc::bad_input, "unknown time zone '" + tz + "'");
  return zone;
}

}  // namespace

core::Result<core::Timestamp> local_instant(const core::Date& date, std::string_view hh_mm,
                                            const std::string& tz) {
  auto zone = zone_of(tz);
  if (!zone) return std::move(zone).error();
  if (hh_mm.size() != 5 || hh_mm[2] != ':')
    return core::make_error(core::Errc::bad_input, "not a time HH:MM: " + std::string(hh_mm));
  const int minutes =
      ((hh_mm[0] - '0') * 10 + (hh_mm[1] - '0')) * 60 + (hh_mm[3] - '0') * 10 + (hh_mm[4] - '0');
  const core::Timestamp wall = date.days_since_epoch() * core::k_seconds_per_day + minutes * 60;
  // The offset in force at the wall time read as UTC, then once more at the
  // instant that gives: stable except across a change, where the second
  // read wins.
  core::Timestamp t = wall;
  for (int i = 0; i < 2; ++i) {
    std::int32_t raw = 0, dst = 0;
    UErrorCode status = U_ZERO_ERROR;
    (*zone)->getOffset(static_cast<UDate>(t) * 1000.0, false, raw, dst, status);
    if (U_FAILURE(status))
      return core::make_error(core::Errc::internal, "time zone offset for '" + tz + "' failed");
    t = wall - (raw + dst) / 1000;
  }
  return t;
}

core::Result<core::Date> local_date(core::Timestamp t, const std::string& tz) {
  std::unique_ptr<icu::TimeZone> zone(
      icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(tz)));
  icu::UnicodeString id;
  if (!zone || *zone == icu::TimeZone::getUnknown())
    return core::make_error(core::Errc::bad_input, "unknown time zone '" + tz + "'");
  std::int32_t raw = 0, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  zone->getOffset(static_cast<UDate>(t) * 1000.0, false, raw, dst, status);
  if (U_FAILURE(status))
    return core::make_error(core::Errc::internal, "time zone offset for '" + tz + "' failed");
  return core::utc_date(t + (raw + dst) / 1000);
}

}  // namespace corridor::app
