// Deaths while waiting and the stages' decisions (docs/planner.md, steps 2
// and 3 of a day) over the counts of engine_sim.hpp.

#include <corridor/plan/engine_sim.hpp>

#include <algorithm>

namespace corridor::plan::detail {

// Removes the patient at `pos` of `c` (a cell of step s): the approvals
// before it shift down, the stages still to decide it lose one pending.
void Sim::remove_at(int s, Cell& c, std::int32_t pos) {
  const StepInfo& info = m.steps[s];
  for (int j = 0; j < info.count; ++j) {
    if (pos < c.a[j])
      --c.a[j];
    else
      --m_pending[info.first + j];
  }
  --c.n;
}

// Every waiting patient dies with its class's hazard: the number from the
// binomial, then each one uniformly among those still waiting.
void Sim::die(int t, RunOut& out) {
  (void)t;
  const int places = static_cast<int>(m.steps.size()) + 1, cleared = places - 1;
  for (int u = 0; u < m.classes; ++u) {
    const std::int64_t deaths = m_rng.binomial(m_waiting[u], m.scenario->classes[u].death_hazard);
    for (std::int64_t d = 0; d < deaths; ++d) {
      auto r = static_cast<std::int64_t>(m_rng.below(static_cast<std::uint64_t>(m_waiting[u])));
      int place = 0;
      bool flight = false;
      for (; place < places; ++place) {
        const std::int64_t here = m_place_total[place * m.classes + u];
        if (r < here) break;
        r -= here;
        if (place == cleared) continue;
        const std::int64_t flying = m_flight_total[place * m.classes + u];
        if (r < flying) {
          flight = true;
          break;
        }
        r -= flying;
      }
      int cell = -1;
      if (flight) {
        for (Flight& f : m_steps[place].flights) {
          if (m.class_of_cell(f.cell) != u) continue;
          if (r < f.c.n) {
            cell = f.cell;
            remove_at(place, f.c, static_cast<std::int32_t>(r));
            break;
          }
          r -= f.c.n;
        }
      } else {
        const std::int64_t* block =
            &m_block[(static_cast<std::size_t>(place) * m.classes + u) * m_blocks];
        int b = 0;
        while (r >= block[b]) r -= block[b++];
        for (int idx = b * 64; cell < 0; ++idx) {
          for (int child = 0; child < 2 && cell < 0; ++child) {
            const int at = m.cell_of(idx, u, child == 0);
            const std::int32_t n =
                place == cleared ? m_cleared.count(at) : m_steps[place].settled[at].n;
            if (r < n) {
              cell = at;
              if (place == cleared) {
                m_cleared.add(at, -1);
              } else {
                remove_at(place, m_steps[place].settled[at], static_cast<std::int32_t>(r));
                sync_bits(place, at);
              }
            }
            r -= n;
          }
        }
      }
      moved(place, cell, -1, flight);
      left_waiting(cell, 1);
    }
    out.deaths_by_class[u] += deaths;
    m_deaths += deaths;
  }
}

// Stage j of step s decides z patients of `c` at positions a[j] .. a[j]+z-1:
// each approves, denies or returns. Positions between other stages'
// prefixes are drawn apart, so that each prefix loses exactly the removed
// patients before it.
void Sim::decide(int s, int j, Cell& c, int cell, bool flight, int z) {
  const StepInfo& info = m.steps[s];
  const Stage& stage = m.scenario->stages[info.first + j];
  std::int32_t cuts[k_step_stages + 1];
  int ncuts = 0;
  const std::int32_t lo = c.a[j], hi = lo + z;
  for (int k = 0; k < info.count; ++k)
    if (k != j && c.a[k] > lo && c.a[k] < hi) cuts[ncuts++] = c.a[k];
  cuts[ncuts++] = hi;
  for (int i = 1; i < ncuts; ++i)  // insertion sort: at most 4 cuts
    for (int k = i; k > 0 && cuts[k - 1] > cuts[k]; --k) std::swap(cuts[k - 1], cuts[k]);
  const double deny_share = stage.approve < 1 ? std::min(1.0, stage.deny / (1 - stage.approve)) : 0;
  std::int32_t shift[k_step_stages] = {};
  std::int64_t approved = 0, denied = 0, returned = 0;
  std::int32_t from = lo;
  for (int i = 0; i < ncuts; ++i) {
    const std::int32_t to = cuts[i], len = to - from;
    if (len <= 0) continue;
    std::int64_t a = 0, d = 0;
    if (len <= k_table_n) {  // one draw from the table of the n decisions' outcomes
      const Outcome* o = &m.outcomes[m.outcome_at[(info.first + j) * (k_table_n + 1) + len]];
      const double x = m_rng.uniform();
      while (x >= o->cum) ++o;
      a = o->a;
      d = o->d;
    } else {
      a = m_rng.binomial(len, stage.approve);
      d = m_rng.binomial(len - a, deny_share);
    }
    const auto gone = static_cast<std::int32_t>(len - a);
    for (int k = 0; k < info.count; ++k) {
      if (k == j) continue;
      if (c.a[k] >= to)
        shift[k] += gone;
      else
        m_pending[info.first + k] -= gone;
    }
    approved += a;
    denied += d;
    returned += len - a - d;
    from = to;
  }
  for (int k = 0; k < info.count; ++k) c.a[k] -= shift[k];
  c.a[j] = lo + static_cast<std::int32_t>(approved);
  c.n -= static_cast<std::int32_t>(denied + returned);
  m_pending[info.first + j] -= z;
  if (denied + returned > 0) moved(s, cell, -(denied + returned), flight);
  if (denied > 0) left_waiting(cell, denied);
  m_denied += denied;
  if (returned > 0) m_arrivals.push_back({0, cell, static_cast<std::int32_t>(returned)});
  approved_all(s, c, cell, flight);
}

// Patients every stage of the step approved go on: to the next step or
// cleared (entered today: they arrive after the decisions).
void Sim::approved_all(int s, Cell& c, int cell, bool flight) {
  const StepInfo& info = m.steps[s];
  std::int32_t done = c.n;
  for (int k = 0; k < info.count; ++k) done = std::min(done, c.a[k]);
  if (done <= 0) return;
  for (int k = 0; k < info.count; ++k) c.a[k] -= done;
  c.n -= done;
  moved(s, cell, -done, flight);
  m_arrivals.push_back({s + 1, cell, done});
}

// Stage `stage` decides up to Poisson(capacity) of its ready patients in
// cell order (settled before flights of the same cell, flights by entry).
void Sim::decide_stage(int t, int stage) {
  const int s = m.stage_step[stage], j = m.stage_pos[stage];
  const Stage& def = m.scenario->stages[stage];
  auto left = m.capacity[stage](m_rng);
  if (left == 0 || m_pending[stage] == 0) return;
  StepState& st = m_steps[s];
  std::uint64_t* bits = &st.bits[static_cast<std::size_t>(j) * m_words];
  int word = st.low[j];
  std::uint64_t w = word < m_words ? bits[word] : 0;
  std::size_t f = 0;
  while (left > 0) {
    while (w == 0 && word < m_words) w = ++word < m_words ? bits[word] : 0;
    const int settled = word < m_words ? word * 64 + std::countr_zero(w) : m.cells;
    while (f < st.flights.size() &&
           (st.flights[f].entry + def.min_days > t || st.flights[f].c.a[j] >= st.flights[f].c.n))
      ++f;
    const int flying = f < st.flights.size() ? st.flights[f].cell : m.cells;
    if (settled >= m.cells && flying >= m.cells) break;
    if (settled <= flying) {
      Cell& c = st.settled[settled];
      const auto z = static_cast<int>(std::min<std::int64_t>(left, c.n - c.a[j]));
      decide(s, j, c, settled, false, z);
      sync_bits(s, settled);
      left -= z;
      w = bits[word] & (~std::uint64_t{0} << (settled % 64));
    } else {
      Flight& fl = st.flights[f];
      const auto z = static_cast<int>(std::min<std::int64_t>(left, fl.c.n - fl.c.a[j]));
      decide(s, j, fl.c, fl.cell, true, z);
      left -= z;
    }
  }
  st.low[j] = std::min(word, m_words);
}

}  // namespace corridor::plan::detail
