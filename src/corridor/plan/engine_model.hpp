#pragma once
// Inside plan/: a Scenario compiled for the engine (engine_sim.hpp). Patients
// are counted per cell = (waiting_since, urgency, child): `idx` numbers the
// distinct waiting_since days (the backlog's dates up to `start`, then the
// days of the horizon), and cell = idx * K + type with type = 2 u + (child ?
// 0 : 1) (K a power of two: types 2 U .. K - 1 stay empty), so that ascending cells are a stage's
// decision order (oldest first, then most urgent, then children first).

#include <corridor/plan/random.hpp>
#include <corridor/plan/scenario.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace corridor::plan::detail {

inline constexpr int k_step_stages = 4;  // k_max_stages_per_step

// Patients alike: `n` of them in a fixed order, the first a[j] approved by
// the step's stage j (a prefix: every stage decides in the same order).
struct Cell {
  std::int32_t n = 0;
  std::array<std::int32_t, k_step_stages> a{};
};

// One outcome of a stage deciding n patients at once: `a` approved, `d`
// denied (the rest returned); `cum` the probability of it and the more
// likely outcomes listed before it (inversion, most likely first).
struct Outcome {
  double cum = 0;
  std::int32_t a = 0, d = 0;
};
inline constexpr int k_table_n = 16;  // decisions drawn from a table up to this many

struct StepInfo {
  int first = 0, count = 0;  // its stages: first .. first + count - 1
  int max_min_days = 1;      // ready at every stage this many days after entering
};

// A backlog row compiled: its place (a step, or `steps` = cleared), cell,
// entry day (its waiting_since, as a day of the horizon: <= 0) and approvals.
struct Seed {
  int place = 0;
  std::int32_t cell = 0;
  std::int32_t entry = 0;
  Cell cell_state;
};

struct Model {
  const Scenario* scenario = nullptr;
  int days = 0;
  int classes = 0, types = 0;           // U, and K = 2 U rounded up to a power of two
  int type_shift = 0;                   // log2 K
  int backlog_idx = 0;                  // B: idx < B are the day-0 backlog's dates
  int idx_count = 0;                    // S = B + days
  int cells = 0;                        // S * K
  std::vector<std::int64_t> since_day;  // idx -> days since the epoch
  std::int64_t start_day = 0;           // days since the epoch of day 0
  int start_weekday = 0;                // 0 = Sunday
  std::array<bool, 7> open_weekday{};

  std::vector<StepInfo> steps;
  std::vector<int> stage_step, stage_pos, stage_party;  // per stage
  std::vector<std::string> parties;                     // first appearance order

  // Per stage and n in 1..k_table_n: outcomes[outcome_at[stage * (k_table_n
  // + 1) + n] ..], the multinomial (approve, deny, return) of n decisions.
  std::vector<Outcome> outcomes;
  std::vector<int> outcome_at;

  // The Poisson draws of fixed means: referrals per class, decisions per
  // stage, entry travellers.
  std::vector<PoissonTable> referrals, capacity;
  PoissonTable entry;

  std::vector<int> levels_above;  // per class, for core's score
  std::vector<double> companion_cdf;
  std::vector<double> companion_log_miss;  // per c: log P(companions > c), -inf at the last
  int min_companions = 0;

  std::vector<Seed> backlog;
  std::vector<std::int64_t> backlog_by_class;
  std::vector<int> series_days;  // 0, 7, 14, ... < days

  int idx_of_day(int t) const { return backlog_idx + t; }
  int cell_of(int idx, int u, bool child) const {
    return (idx << type_shift) + 2 * u + (child ? 0 : 1);
  }
  int idx_of_cell(int cell) const { return cell >> type_shift; }
  int class_of_cell(int cell) const { return (cell & (types - 1)) >> 1; }
  bool child_of_cell(int cell) const { return cell % 2 == 0; }
};

// Compiles `s` (a checked Scenario) for a horizon of `days` days.
Model compile(const Scenario& s, int days);

}  // namespace corridor::plan::detail
