#pragma once
// `corridor demo`: a fresh database with the demo referrals, arriving over
// the weeks before today and walked through the stages by every party as
// they come, on a simulated clock.

#include <corridor/core/result.hpp>
#include <corridor/demo/data.hpp>

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace corridor::demo {

struct DemoRunOptions {
  std::string db_path;
  int patients = 16500;
  std::uint64_t seed = 1;
  int days = 42;            // how many days of decisions to simulate
  core::Timestamp end = 0;  // the simulated clock ends here (now)
  bool fresh = false;       // replace an existing database at db_path
  int crossing_days = 14;   // the last days, on which the crossing opens (4 with a backlog)
  // At population scale (issue 18), the parties work through the referrals
  // of this many patients (with their companions) arriving over the
  // simulated days, as in the 16,500-patient demo; the referrals of the
  // other patients are the backlog, registered in one import (the fast
  // import) on the first simulated day and left waiting.
  int window_patients = 16500;
  // Where to keep each party's witness key (<party>.witness.key) and state
  // (<party>.state), so that `corridor witness serve` can go on witnessing;
  // unset: a temporary directory, removed at the end.
  std::optional<std::string> witness_dir;
};

struct DemoRunReport {
  DemoCounts counts;
  std::int64_t imported = 0;  // cases registered, over the days
  std::int64_t backlog = 0;   // of which registered at once on the first day
  std::int64_t reads = 0;     // case reads by officers, in the read log
  std::int64_t flagged = 0;
  std::int64_t decisions = 0;
  std::int64_t refused = 0;  // decisions the rules refused (a case closed earlier that day)
  std::vector<std::string> first_refusals;  // the first few messages
  std::int64_t amendments = 0;
  std::int64_t deaths = 0;
  std::int64_t withdrawals = 0;
  // Crossing days (the last `crossing_days` of the simulation).
  std::int64_t crossing_days = 0;
  std::int64_t suspended_days = 0;
  std::int64_t crossed = 0;
  std::int64_t no_shows = 0;
  std::int64_t turned_back = 0;
  std::int64_t reexaminations = 0;
  std::uint64_t log_size = 0;          // statements in the log at the end
  std::vector<std::string> witnesses;  // parties whose witness cosigned it
};

// Builds the demo database. Writes one progress line per phase to
// `progress`. Errc::conflict if db_path exists and `fresh` is false.
core::Result<DemoRunReport> run_demo(const DemoRunOptions& options, std::ostream& progress);

}  // namespace corridor::demo
