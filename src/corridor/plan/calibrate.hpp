#pragma once
// `corridor plan calibrate`: every parameter of a Scenario estimated from a
// deployment's database (docs/planner.md, "Calibration"), each with its
// sample size and 95% interval in Scenario::calibration, or, with too
// little data, a documented default from DOMAIN.md marked assumed. Only
// counts and rates come out: no ref, name or public id.

#include <corridor/core/config.hpp>
#include <corridor/core/date.hpp>
#include <corridor/core/result.hpp>
#include <corridor/plan/scenario.hpp>

#include <optional>
#include <string>

namespace corridor::store {
class Database;
}

namespace corridor::plan {

struct CalibrateOptions {
  // Only events on or after this date (in the crossing's time zone) count;
  // default: from the first registration in the database.
  std::optional<core::Date> since;
  // Every urgency level in one class, k_pooled_class: for a party that may
  // not see urgency (POST /api/v1/plan), so that no estimate, not even one
  // it never sees, is made of a class's few patients or deaths.
  bool pool_urgency = false;
};

inline constexpr const char* k_pooled_class = "patients";

// Reads the deployment through `db` (a read-only connection is enough:
// nothing is written) under its `config`, as it stands at `now`, and
// returns the calibrated scenario: day 0 is the day after `now`'s date, the
// backlog is the patients waiting at `now`. Fails with Errc::bad_input
// (field "since") if `since` is after `now`'s date, Errc::refused if the
// config has no patient category (one with an urgency whose exit workflow
// has stages), and Errc::internal if a read fails. Not thread-safe beyond
// what `db` is.
core::Result<Scenario> calibrate(store::Database& db, const core::Config& config,
                                 const CalibrateOptions& options, core::Timestamp now);

// format_scenario(s) with a comment before the backlog saying how it is
// grouped (by week of referral).
std::string format_calibrated(const Scenario& s);

// One line per assumed parameter of s.calibration, "key (n = N)", for
// stderr (its note in the file says why and where its default comes
// from); "" if none is assumed.
std::string assumed_summary(const Scenario& s);

}  // namespace corridor::plan
