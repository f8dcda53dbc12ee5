// bench_plan's baseline: the model patient by patient (bench_plan_naive.hpp).

#include "bench_plan_naive.hpp"

namespace bench {

using corridor::plan::Stage;
namespace policy = corridor::core::manifest_policy;

int Naive::draw_companions() {
  double u = m_rng.uniform();
  int c = 0;
  const auto& pmf = m_s.crossing.companions;
  while (c + 1 < static_cast<int>(pmf.size()) && u >= pmf[c]) u -= pmf[c++];
  return c;
}

void Naive::decide(int t, std::size_t g) {
  const Stage& st = m_s.stages[g];
  std::int64_t left = m_rng.poisson(st.capacity_per_day);
  std::vector<std::size_t> ready;
  for (std::size_t i = 0; i < m_p.size(); ++i) {
    const Patient& p = m_p[i];
    if (p.waiting && p.step == st.step - 1 && !(p.approved >> g & 1) && p.entry + st.min_days <= t)
      ready.push_back(i);
  }
  std::stable_sort(ready.begin(), ready.end(), [&](std::size_t a, std::size_t b) {
    const Patient &x = m_p[a], &y = m_p[b];
    if (x.since != y.since) return x.since < y.since;
    if (x.u != y.u) return x.u < y.u;
    if (x.child != y.child) return x.child;
    return x.entry < y.entry;
  });
  for (std::size_t i = 0; i < ready.size() && left > 0; ++i, --left) {
    Patient& p = m_p[ready[i]];
    const double x = m_rng.uniform();
    if (x < st.approve) {
      p.approved |= 1u << g;
      bool all = true;
      for (std::size_t k = 0; k < m_s.stages.size(); ++k)
        if (m_s.stages[k].step == st.step && !(p.approved >> k & 1)) all = false;
      if (all) p.step = st.step, p.entry = t, p.approved = 0;  // next step or cleared
    } else if (x < st.approve + st.deny) {
      p.waiting = false;
    } else {
      p.step = 0, p.entry = t, p.approved = 0;
    }
  }
}

void Naive::cross(int t, NaiveOut& out) {
  const auto& x = m_s.crossing;
  const std::int64_t today = m_s.start.days_since_epoch() + t;
  std::vector<std::pair<int, std::size_t>> order;
  for (std::size_t i = 0; i < m_p.size(); ++i) {
    const Patient& p = m_p[i];
    if (!p.waiting || p.step != steps()) continue;
    const int above = policy::levels_above_least(m_levels, m_s.classes[p.u].urgency);
    order.emplace_back(-policy::score(m_s.priority, above, today, p.since, p.child).total(), i);
  }
  std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    return m_p[a.second].since < m_p[b.second].since;
  });
  int patients = x.patient_places, companions = x.companion_places, standby = 0;
  std::vector<std::pair<std::size_t, int>> main, stand;
  for (const auto& [neg, i] : order) {
    if (patients == 0 && standby >= x.standby) break;
    const int c = draw_companions();
    if (patients > 0 && c <= companions) {
      --patients, companions -= c;
      main.emplace_back(i, c);
    } else if (standby < x.standby && c <= x.companion_places) {
      ++standby;
      stand.emplace_back(i, c);
    }
  }
  for (const auto& [i, c] : main) {
    if (m_rng.bernoulli(x.no_show)) {
      ++patients, companions += c;
    } else if (!m_rng.bernoulli(x.turn_back)) {
      m_p[i].waiting = false, ++out.crossed;
    }
  }
  for (const auto& [i, c] : stand) {
    if (m_rng.bernoulli(x.no_show) || patients == 0 || c > companions) continue;
    --patients, companions -= c;
    if (!m_rng.bernoulli(x.turn_back)) m_p[i].waiting = false, ++out.crossed;
  }
}

NaiveOut Naive::run(std::uint64_t seed, int index, int days) {
  m_rng = corridor::plan::Rng(seed, static_cast<std::uint64_t>(index));
  m_p.clear();
  m_last = 0;
  NaiveOut out;
  for (const auto& b : m_s.backlog) {
    Patient p;
    p.u =
        static_cast<int>(std::find(m_levels.begin(), m_levels.end(), b.urgency) - m_levels.begin());
    p.child = b.child;
    p.since = b.waiting_since.days_since_epoch();
    p.entry = static_cast<int>(p.since - m_s.start.days_since_epoch());
    p.step = steps();
    for (std::size_t g = 0; g < m_s.stages.size(); ++g)
      if (std::find(b.pending.begin(), b.pending.end(), m_s.stages[g].id) != b.pending.end())
        p.step = m_s.stages[g].step - 1;
    for (std::size_t g = 0; g < m_s.stages.size(); ++g)
      if (m_s.stages[g].step - 1 == p.step &&
          std::find(b.pending.begin(), b.pending.end(), m_s.stages[g].id) == b.pending.end())
        p.approved |= 1u << g;
    m_p.insert(m_p.end(), b.count, p);
  }
  const int start_weekday = static_cast<int>((m_s.start.days_since_epoch() + 4) % 7);
  for (int t = 0; t < days; ++t) {
    for (std::size_t u = 0; u < m_s.classes.size(); ++u)
      for (std::int64_t n = m_rng.poisson(m_s.classes[u].referrals_per_day); n > 0; --n) {
        Patient p;
        p.u = static_cast<int>(u);
        p.child = m_rng.bernoulli(m_s.classes[u].child_share);
        p.since = m_s.start.days_since_epoch() + t;
        p.entry = t;
        m_p.push_back(p);
      }
    for (Patient& p : m_p)
      if (p.waiting && m_rng.bernoulli(m_s.classes[p.u].death_hazard))
        p.waiting = false, ++out.deaths;
    for (std::size_t g = 0; g < m_s.stages.size(); ++g) decide(t, g);
    m_queue += m_rng.poisson(m_s.crossing.entry_per_day);
    const auto& open = m_s.crossing.open_weekdays;
    if (std::find(open.begin(), open.end(), (start_weekday + t) % 7) == open.end()) continue;
    const bool suspended = m_rng.bernoulli(m_last == 2 ? m_s.crossing.suspend_repeat
                                                       : m_s.crossing.suspend_probability);
    m_last = suspended ? 2 : 1;
    if (!suspended) cross(t, out);
  }
  return out;
}

}  // namespace bench
