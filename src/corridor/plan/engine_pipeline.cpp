// The pipeline of the model (docs/planner.md, steps 1-3 of a day):
// referrals, deaths while waiting, and each stage's decisions, over the
// counts of engine_sim.hpp.

#include <corridor/plan/engine_sim.hpp>

#include <algorithm>

namespace corridor::plan::detail {

Sim::Sim(const Model& model)
    : m(model),
      m_words((model.cells + 63) / 64),
      m_blocks((model.idx_count + 63) / 64),
      m_cleared(model) {
  const int places = static_cast<int>(m.steps.size()) + 1;
  m_steps.resize(m.steps.size());
  for (std::size_t s = 0; s < m.steps.size(); ++s) {
    m_steps[s].settled.assign(m.cells, Cell{});
    m_steps[s].bits.assign(static_cast<std::size_t>(m.steps[s].count) * m_words, 0);
    m_steps[s].low.assign(m.steps[s].count, 0);
  }
  m_waiting.assign(m.classes, 0);
  m_backlog_left.assign(m.classes, 0);
  m_block.assign(static_cast<std::size_t>(places) * m.classes * m_blocks, 0);
  m_place_total.assign(static_cast<std::size_t>(places) * m.classes, 0);
  m_flight_total.assign(m.steps.size() * m.classes, 0);
  m_pending.assign(m.scenario->stages.size(), 0);
  m_arrivals.reserve(1024);
  const CrossingModel& x = m.scenario->crossing;
  m_main.reserve(x.patient_places + 1);
  m_standby.reserve(x.standby + 1);
}

void Sim::reset() {
  for (std::size_t s = 0; s < m_steps.size(); ++s) {
    StepState& st = m_steps[s];
    for (int j = 0; j < m.steps[s].count; ++j)
      for (int w = 0; w < m_words; ++w)
        for (std::uint64_t b = st.bits[j * m_words + w]; b; b &= b - 1)
          st.settled[w * 64 + std::countr_zero(b)] = Cell{};
    std::fill(st.bits.begin(), st.bits.end(), 0);
    std::fill(st.low.begin(), st.low.end(), 0);
    st.flights.clear();
  }
  m_cleared.clear();
  std::fill(m_block.begin(), m_block.end(), 0);
  std::fill(m_place_total.begin(), m_place_total.end(), 0);
  std::fill(m_flight_total.begin(), m_flight_total.end(), 0);
  std::fill(m_pending.begin(), m_pending.end(), 0);
  std::fill(m_waiting.begin(), m_waiting.end(), 0);
  std::fill(m_backlog_left.begin(), m_backlog_left.end(), 0);
  m_arrivals.clear();
  m_deaths = 0;
  m_denied = 0;
  m_entry_queue = 0;
  m_last_scheduled = 0;
}

void Sim::seed_backlog() {
  const int cleared = static_cast<int>(m.steps.size());
  for (const Seed& seed : m.backlog) {
    const int u = m.class_of_cell(seed.cell);
    m_waiting[u] += seed.cell_state.n;
    m_backlog_left[u] += seed.cell_state.n;
    if (seed.place == cleared) {
      m_cleared.add(seed.cell, seed.cell_state.n);
      moved(cleared, seed.cell, seed.cell_state.n, false);
      continue;
    }
    const StepInfo& info = m.steps[seed.place];
    for (int j = 0; j < info.count; ++j)
      m_pending[info.first + j] += seed.cell_state.n - seed.cell_state.a[j];
    m_steps[seed.place].flights.push_back({seed.cell, seed.entry, seed.cell_state});
    moved(seed.place, seed.cell, seed.cell_state.n, true);
  }
  for (StepState& st : m_steps)
    std::stable_sort(st.flights.begin(), st.flights.end(), [](const Flight& a, const Flight& b) {
      return a.cell != b.cell ? a.cell < b.cell : a.entry < b.entry;
    });
  settle(0);
}

void Sim::refer(int t) {
  const int idx = m.idx_of_day(t);
  for (int u = 0; u < m.classes; ++u) {
    const UrgencyClass& c = m.scenario->classes[u];
    const std::int64_t n = m.referrals[u](m_rng);
    if (n == 0) continue;
    const std::int64_t children = m_rng.binomial(n, c.child_share);
    m_waiting[u] += n;
    if (children > 0)
      m_arrivals.push_back({0, m.cell_of(idx, u, true), static_cast<std::int32_t>(children)});
    if (n > children)
      m_arrivals.push_back({0, m.cell_of(idx, u, false), static_cast<std::int32_t>(n - children)});
  }
  arrive(t);
}

// Arrivals of today enter their step's flights (entered today) or the
// cleared pool.
void Sim::arrive(int t) {
  const int cleared = static_cast<int>(m.steps.size());
  const auto by_place_cell = [](const Arrival& a, const Arrival& b) {
    return a.place != b.place ? a.place < b.place : a.cell < b.cell;
  };
  // The cleared pool takes its arrivals in any order: only the steps' are sorted.
  const auto to_steps = std::remove_if(m_arrivals.begin(), m_arrivals.end(), [&](const Arrival& a) {
    if (a.place != cleared) return false;
    m_cleared.add(a.cell, a.n);
    moved(cleared, a.cell, a.n, false);
    return true;
  });
  m_arrivals.erase(to_steps, m_arrivals.end());
  if (!std::is_sorted(m_arrivals.begin(), m_arrivals.end(), by_place_cell))
    std::sort(m_arrivals.begin(), m_arrivals.end(), by_place_cell);
  std::size_t i = 0;
  while (i < m_arrivals.size()) {
    const int place = m_arrivals[i].place;
    StepState& st = m_steps[place];
    const StepInfo& info = m.steps[place];
    st.scratch.clear();
    // Flights before the first arriving cell stay where they are.
    const auto kept =
        std::lower_bound(st.flights.begin(), st.flights.end(), m_arrivals[i].cell,
                         [](const Flight& fl, std::int32_t cell) { return fl.cell < cell; });
    auto f = kept;
    for (; i < m_arrivals.size() && m_arrivals[i].place == place; ++i) {
      const Arrival& a = m_arrivals[i];
      for (; f != st.flights.end() && f->cell <= a.cell; ++f) st.scratch.push_back(*f);
      for (int j = 0; j < info.count; ++j) m_pending[info.first + j] += a.n;
      moved(place, a.cell, a.n, true);
      if (!st.scratch.empty() && st.scratch.back().cell == a.cell && st.scratch.back().entry == t)
        st.scratch.back().c.n += a.n;
      else
        st.scratch.push_back({a.cell, t, Cell{a.n, {}}});
    }
    st.scratch.insert(st.scratch.end(), f, st.flights.end());
    st.flights.erase(kept, st.flights.end());
    st.flights.insert(st.flights.end(), st.scratch.begin(), st.scratch.end());
  }
  m_arrivals.clear();
}

// Flights ready at every stage of their step join its settled cells, when
// their approvals continue the settled cell's prefixes.
void Sim::settle(int t) {
  for (std::size_t s = 0; s < m_steps.size(); ++s) {
    StepState& st = m_steps[s];
    const StepInfo& info = m.steps[s];
    auto out = st.flights.begin();
    for (Flight& f : st.flights) {
      Cell& c = st.settled[f.cell];
      bool joins = f.entry + info.max_min_days <= t;
      for (int j = 0; j < info.count && joins; ++j) joins = c.a[j] == c.n || f.c.a[j] == 0;
      if (!joins) {
        *out++ = f;
        continue;
      }
      for (int j = 0; j < info.count; ++j) c.a[j] += c.a[j] == c.n ? f.c.a[j] : 0;
      c.n += f.c.n;
      moved(static_cast<int>(s), f.cell, -f.c.n, true);
      moved(static_cast<int>(s), f.cell, f.c.n, false);
      sync_bits(static_cast<int>(s), f.cell);
    }
    st.flights.erase(out, st.flights.end());
  }
}

}  // namespace corridor::plan::detail
