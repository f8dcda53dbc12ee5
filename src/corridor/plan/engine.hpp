#pragma once
// The capacity planner's model (docs/planner.md, "The model"): Monte Carlo
// runs of a Scenario, day by day, aggregated into a Result. Pure: no I/O, no
// clock; all randomness comes from RunOptions::seed, and run i draws from a
// stream seeded by (seed, i) only, so the result is the same on 1 or 2
// threads.

#include <corridor/plan/scenario.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace corridor::plan {

inline constexpr int k_max_runs = 100'000;
inline constexpr int k_max_days = 3650;

struct RunOptions {
  int runs = 10000;
  int days = 730;
  std::uint64_t seed = 1;
  int threads = 0;  // 0: the hardware's, at most 2
  // Called between runs, on the caller's thread or a worker's (never two at
  // once), with the number of runs done; return false to cancel.
  std::function<bool(int done)> progress;
  // Asked every few simulated days of every run, on any thread (maybe two
  // at once: it must be thread-safe); true cancels the plan within a few
  // days' work, not only between runs (a server's deadline, a shutdown).
  std::function<bool()> stop;
  bool keep_samples = false;  // fill Result::samples
};

struct Percentiles {
  double p10 = 0, p50 = 0, p90 = 0;
};
// nullopt: not cleared within the horizon at that percentile.
struct ClearDays {
  std::optional<double> p10, p50, p90;
  double cleared_share = 0;
};
// Over runs: the mean with its 95% confidence interval, and percentiles.
struct Spread {
  double mean = 0, ci_low = 0, ci_high = 0;
  double p10 = 0, p50 = 0, p90 = 0;
};
// A figure at the end of days 0, step, 2 step, ...: percentiles over runs.
struct Series {
  int step = 7;
  std::vector<int> days;
  std::vector<Percentiles> points;
};

// One run's figures (RunOptions::keep_samples), for two-sample tests.
struct RunSample {
  std::int64_t deaths = 0, crossed = 0, denied = 0;
  std::map<std::string, std::optional<int>> clear_days;  // each urgency and "all"
  std::map<std::string, std::int64_t> deaths_by_urgency;
  std::map<std::string, double> wait_days;  // mean of those who crossed; 0 if none did
};

struct Result {
  std::string scenario;
  core::Date start;
  int runs = 0, days = 0;
  std::uint64_t seed = 0;
  std::int64_t backlog = 0;
  std::map<std::string, std::int64_t> backlog_by_urgency;
  std::vector<std::string> urgencies;           // most urgent first
  std::map<std::string, ClearDays> clear_days;  // each urgency, and "all"
  Spread deaths;
  std::map<std::string, Spread> deaths_by_urgency;
  // Per urgency: the mean waiting days of the patients who crossed in a run
  // (runs in which none of the class crossed are left out).
  // A class none of whose patients crossed in any run has no entry.
  std::map<std::string, Spread> wait_days;
  Spread crossed, denied, waiting_at_end;  // patients
  Spread patients_per_day, patients_per_open_day, companions_per_day, open_days;
  Series backlog_series;  // waiting patients (all stages and cleared), end of day
  Series deaths_series;   // cumulative deaths
  Series cleared_series;  // cleared, waiting for a place
  std::map<std::string, Series> party_queues;  // party -> pending at its stages
  std::vector<RunSample> samples;              // run order (RunOptions::keep_samples)
};

// Runs the model. Fails with Errc::usage for runs outside 1..100000 or days
// outside 1..3650, and Errc::refused when progress cancelled it.
core::Result<Result> run(const Scenario& scenario, const RunOptions& options);

// The result JSON of docs/planner.md: deterministic bytes (no timings),
// numbers with at most 3 decimals.
std::string to_json(const Result& result);

}  // namespace corridor::plan
