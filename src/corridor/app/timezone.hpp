#pragma once
// Local dates in the crossing's time zone (IANA names, via ICU's tz data).

#include <corridor/core/date.hpp>
#include <corridor/core/result.hpp>

#include <string>
#include <string_view>

namespace corridor::app {

// The calendar date at instant `t` in time zone `tz` (e.g. "Asia/Gaza").
// Errc::bad_input if ICU does not know the zone.
core::Result<core::Date> local_date(core::Timestamp t, const std::string& tz);

// The instant of local wall-clock time `hh_mm` ("15:00") on `date` in `tz`.
// A time skipped by a daylight-saving change resolves to the later offset.
core::Result<core::Timestamp> local_instant(const core::Date& date, std::string_view hh_mm,
                                            const std::string& tz);

}  // namespace corridor::app
