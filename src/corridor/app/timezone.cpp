#include <corridor/app/timezone.hpp>

#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <memory>

namespace corridor::app {

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
