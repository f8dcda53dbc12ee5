// A run of the model, day by day (docs/planner.md): the crossing (step 4)
// and the record of each day (step 5); the pipeline is engine_pipeline.cpp
// and engine_decide.cpp.

#include <corridor/plan/engine_sim.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace corridor::plan::detail {

int Sim::draw_companions() {
  const double u = m_rng.uniform();
  int c = 0;
  while (u >= m.companion_cdf[c] && c + 1 < static_cast<int>(m.companion_cdf.size())) ++c;
  return c;
}

// How many patients in a row draw more than `fit` companions: geometric,
// with P(more) = exp(log_miss[fit]) (inversion: floor(log U / log P)).
std::int64_t Sim::skip_companions(int fit) {
  const double log_miss = m.companion_log_miss[fit];
  if (!(log_miss > -INFINITY)) return 0;
  if (log_miss >= 0) return std::numeric_limits<std::int64_t>::max();
  const double k = std::floor(std::log(1 - m_rng.uniform()) / log_miss);
  return k < 1e18 ? static_cast<std::int64_t>(k) : std::numeric_limits<std::int64_t>::max();
}

// The companions of a patient known to draw at most `fit`: the pmf
// conditioned on c <= fit.
int Sim::fitting_companions(int fit) {
  const double u = m_rng.uniform() * m.companion_cdf[fit];
  int c = 0;
  while (c < fit && u >= m.companion_cdf[c]) ++c;
  return c;
}

// Whether day t opens: scheduled on its weekday, and not suspended (with
// suspend_repeat after a suspended scheduled day, else suspend_probability).
bool Sim::scheduled_open(int t) {
  if (!m.open_weekday[(m.start_weekday + t) % 7]) return false;
  const CrossingModel& x = m.scenario->crossing;
  const double p = m_last_scheduled == 2 ? x.suspend_repeat : x.suspend_probability;
  const bool suspended = m_rng.bernoulli(p);
  m_last_scheduled = suspended ? 2 : 1;
  return !suspended;
}

void Sim::cross(int t, const Listed& l, RunOut& out) {
  const int cleared = static_cast<int>(m.steps.size());
  m_cleared.add(l.cell, -1);
  moved(cleared, l.cell, -1, false);
  left_waiting(l.cell, 1);
  ++out.crossed;
  out.companions += l.companions;
  const int u = m.class_of_cell(l.cell);
  out.wait_sum[u] += static_cast<double>(m.start_day + t - m.since_day[m.idx_of_cell(l.cell)]);
  ++out.wait_n[u];
}

void Sim::crossing_day(int t, RunOut& out) {
  const CrossingModel& x = m.scenario->crossing;
  m_entry_queue += m.entry(m_rng);
  if (!scheduled_open(t)) return;
  ++out.open_days;
  const std::int64_t entry_list = std::min<std::int64_t>(m_entry_queue, x.entry_places);
  auto& full = m_places.full;
  full.left[0] = x.patient_places;
  full.left[1] = x.companion_places;
  full.total = x.total_places > 0 ? x.total_places : core::manifest_policy::k_unlimited;
  full.cap = x.equal_in_out ? entry_list : core::manifest_policy::k_unlimited;
  m_places.left = full;
  struct Draw {
    Sim& sim;
    int operator()(int) { return sim.draw_companions(); }
    std::int64_t skip(int fit) { return sim.skip_companions(fit); }
    int fitting(int fit) { return sim.fitting_companions(fit); }
  };
  select_lists(m, t, m_cleared, m_places, Draw{*this}, m_main, m_standby);
  std::int64_t travellers = 0;
  // Every listed patient may not come (freeing the group's places) or be
  // turned back at the gate; the standby list fills the freed places in order.
  // One uniform x each: no-show below no_show, else turned back below
  // `back` (no_show + (1 - no_show) turn_back), else crosses.
  const double back = x.no_show + (1 - x.no_show) * x.turn_back;
  for (const Listed& l : m_main) {
    const double u = m_rng.uniform();
    if (u < x.no_show) {
      m_places.free(l.companions);
    } else if (u >= back) {
      cross(t, l, out);
      travellers += 1 + l.companions;
    }
  }
  for (const Listed& l : m_standby) {
    const double u = m_rng.uniform();
    if (u < x.no_show || !m_places.fits(m_places.left, l.companions)) continue;
    m_places.take(l.companions);
    if (u < back) continue;
    cross(t, l, out);
    travellers += 1 + l.companions;
  }
  m_entry_queue -= x.equal_in_out ? std::min(entry_list, travellers) : entry_list;
}

void Sim::record(int t, int point, RunOut& out) const {
  (void)t;
  const std::size_t width = 3 + m.parties.size();
  std::int32_t* row = &out.series[point * width];
  std::int64_t waiting = 0;
  for (std::int64_t w : m_waiting) waiting += w;
  row[0] = static_cast<std::int32_t>(waiting);
  row[1] = static_cast<std::int32_t>(m_deaths);
  row[2] = static_cast<std::int32_t>(m_cleared.total());
  for (std::size_t p = 0; p < m.parties.size(); ++p) row[3 + p] = 0;
  for (std::size_t g = 0; g < m_pending.size(); ++g)
    row[3 + m.stage_party[g]] += static_cast<std::int32_t>(m_pending[g]);
}

bool Sim::run(std::uint64_t seed, int run_index, RunOut& out, const std::function<bool()>& stop) {
  m_rng = Rng(seed, static_cast<std::uint64_t>(run_index));
  reset();
  out = RunOut{};
  out.deaths_by_class.assign(m.classes, 0);
  out.clear_day.assign(m.classes + 1, -1);
  out.wait_sum.assign(m.classes, 0);
  out.wait_n.assign(m.classes, 0);
  out.series.assign(m.series_days.size() * (3 + m.parties.size()), 0);
  seed_backlog();
  for (int u = 0; u <= m.classes; ++u) {
    const bool none = u < m.classes ? m.backlog_by_class[u] == 0 : m.backlog.empty();
    if (none) out.clear_day[u] = 0;
  }
  std::size_t point = 0;
  for (int t = 0; t < m.days; ++t) {
    refer(t);
    die(t, out);
    settle(t);
    for (int g = 0; g < static_cast<int>(m_pending.size()); ++g) decide_stage(t, g);
    arrive(t);
    crossing_day(t, out);
    std::int64_t backlog = 0;
    for (int u = 0; u < m.classes; ++u) {
      backlog += m_backlog_left[u];
      if (out.clear_day[u] < 0 && m_backlog_left[u] == 0) out.clear_day[u] = t + 1;
    }
    if (out.clear_day[m.classes] < 0 && backlog == 0) out.clear_day[m.classes] = t + 1;
    if (point < m.series_days.size() && m.series_days[point] == t) record(t, point++, out);
    if ((t & 7) == 7 && stop && stop()) return false;
  }
  out.deaths = m_deaths;
  out.denied = m_denied;
  for (std::int64_t w : m_waiting) out.waiting_end += w;
  return true;
}

}  // namespace corridor::plan::detail
