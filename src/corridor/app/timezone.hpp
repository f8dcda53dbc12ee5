#pragma once
// Local dates in the crossing's time zone (IANA names, via ICU's tz data).

#include <corridor/core/date.hpp>
#include <corridor/core/result.hpp>

#include <string>

namespace corridor::app {

// The calendar date at instant `t` in time zone `tz` (e.g. "Asia/Gaza").
// Errc::bad_input if ICU does not know the zone.
core::Result<core::Date> local_date(core::Timestamp t, const std::string& tz);

}  // namespace corridor::app
