#pragma once
// Inside plan/: one run of the model (docs/planner.md) over counts, not
// patients. Each step keeps its settled patients (ready at every stage) per
// cell, with a bitset per stage of the cells with patients pending there,
// and its flights (patients that entered in the last days, sorted by cell
// and entry day); the cleared ones are a ClearedPool. A Sim is made once
// per thread and reused: run() allocates nothing once warm.

#include <corridor/plan/engine_crossing.hpp>
#include <corridor/plan/engine_model.hpp>
#include <corridor/plan/random.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <vector>

namespace corridor::plan::detail {

// One run's figures.
struct RunOut {
  std::int64_t deaths = 0, crossed = 0, denied = 0, waiting_end = 0, companions = 0;
  std::int64_t open_days = 0;
  std::vector<std::int64_t> deaths_by_class;
  std::vector<int> clear_day;  // per class, then "all"; -1: not within the horizon
  std::vector<double> wait_sum;
  std::vector<std::int64_t> wait_n;
  std::vector<std::int32_t> series;  // per point: backlog, deaths, cleared, each party
};

class Sim {
public:
  explicit Sim(const Model& m);
  // One run into `out`; false, with `out` unfinished, if `stop` (asked
  // every 8 days) said to stop.
  bool run(std::uint64_t seed, int run_index, RunOut& out, const std::function<bool()>& stop = {});

private:
  struct Flight {
    std::int32_t cell = 0;
    std::int32_t entry = 0;
    Cell c;
  };
  struct Arrival {
    std::int32_t place = 0, cell = 0, n = 0;
  };
  struct StepState {
    std::vector<Cell> settled;
    std::vector<std::uint64_t> bits;  // per stage of the step: words of cells pending there
    std::vector<int> low;             // per stage: no pending bit below this word
    std::vector<Flight> flights, scratch;
  };

  // engine_pipeline.cpp
  void reset();
  void seed_backlog();
  void refer(int t);
  void die(int t, RunOut& out);
  void decide_stage(int t, int stage);
  void decide(int s, int j, Cell& c, int cell, bool flight, int z);
  void approved_all(int s, Cell& c, int cell, bool flight);
  void arrive(int t);
  void settle(int t);
  void remove_at(int s, Cell& c, std::int32_t pos);
  void sync_bits(int s, int cell);
  void moved(int place, int cell, std::int64_t n, bool flight);
  void left_waiting(int cell, std::int64_t n);

  // engine_crossing.cpp
  void crossing_day(int t, RunOut& out);
  bool scheduled_open(int t);
  void cross(int t, const Listed& l, RunOut& out);
  void record(int t, int point, RunOut& out) const;
  int draw_companions();
  std::int64_t skip_companions(int fit);
  int fitting_companions(int fit);

  const Model& m;
  Rng m_rng{0, 0};
  int m_words = 0, m_blocks = 0;
  std::vector<StepState> m_steps;
  ClearedPool m_cleared;
  std::vector<std::int64_t> m_waiting;       // per class
  std::vector<std::int64_t> m_backlog_left;  // per class: of the day-0 backlog
  std::vector<std::int64_t> m_block;         // (place, class, idx / 64) -> patients
  std::vector<std::int64_t> m_place_total;   // (place, class): settled or cleared
  std::vector<std::int64_t> m_flight_total;  // (step, class)
  std::vector<std::int64_t> m_pending;       // per stage
  std::vector<Arrival> m_arrivals;
  std::int64_t m_deaths = 0, m_denied = 0, m_entry_queue = 0;
  int m_last_scheduled = 0;  // 0: none yet, 1: open, 2: suspended
  DayPlaces m_places;
  std::vector<Listed> m_main, m_standby;
};

// Inline: called for every cell a decision, a death or a move touches.
// The patients of a place by class, for picking who dies: settled (or
// cleared) per block of 64 idx, flights per step.
inline void Sim::moved(int place, int cell, std::int64_t n, bool flight) {
  const int u = m.class_of_cell(cell);
  if (flight) {
    m_flight_total[place * m.classes + u] += n;
    return;
  }
  m_place_total[place * m.classes + u] += n;
  m_block[(static_cast<std::size_t>(place) * m.classes + u) * m_blocks +
          m.idx_of_cell(cell) / 64] += n;
}

inline void Sim::left_waiting(int cell, std::int64_t n) {
  const int u = m.class_of_cell(cell);
  m_waiting[u] -= n;
  if (m.idx_of_cell(cell) < m.backlog_idx) m_backlog_left[u] -= n;
}

inline void Sim::sync_bits(int s, int cell) {
  StepState& st = m_steps[s];
  const Cell& c = st.settled[cell];
  for (int j = 0; j < m.steps[s].count; ++j) {
    std::uint64_t& w = st.bits[j * m_words + cell / 64];
    const std::uint64_t bit = std::uint64_t{1} << (cell % 64);
    if (c.a[j] < c.n) {
      w |= bit;
      st.low[j] = std::min(st.low[j], cell / 64);
    } else {
      w &= ~bit;
    }
  }
}

}  // namespace corridor::plan::detail
