// compile(): a Scenario as the engine's indices and tables.

#include <corridor/plan/engine_model.hpp>

#include <corridor/core/manifest_policy.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <map>
#include <set>

namespace corridor::plan::detail {
namespace {

void compile_stages(const Scenario& s, Model& m) {
  for (std::size_t i = 0; i < s.stages.size(); ++i) {
    const Stage& st = s.stages[i];
    if (m.steps.empty() || s.stages[m.steps.back().first].step != st.step)
      m.steps.push_back({static_cast<int>(i), 0, 1});
    StepInfo& step = m.steps.back();
    m.stage_step.push_back(static_cast<int>(m.steps.size()) - 1);
    m.stage_pos.push_back(step.count++);
    step.max_min_days = std::max(step.max_min_days, st.min_days);
    auto it = std::find(m.parties.begin(), m.parties.end(), st.party);
    if (it == m.parties.end()) it = m.parties.insert(m.parties.end(), st.party);
    m.stage_party.push_back(static_cast<int>(it - m.parties.begin()));
  }
}

// The multinomial of n decisions of `st`, most likely outcome first.
void compile_outcomes(const Stage& st, int n, std::vector<Outcome>& out) {
  const double pa = st.approve, pd = st.deny, pr = std::max(0.0, 1 - pa - pd);
  std::vector<std::pair<double, Outcome>> all;
  double fact[k_table_n + 1] = {1};
  for (int i = 1; i <= n; ++i) fact[i] = fact[i - 1] * i;
  for (int a = 0; a <= n; ++a)
    for (int d = 0; a + d <= n; ++d) {
      const int r = n - a - d;
      const double p = fact[n] / (fact[a] * fact[d] * fact[r]) * std::pow(pa, a) * std::pow(pd, d) *
                       std::pow(pr, r);
      if (p > 0) all.push_back({p, Outcome{0, a, d}});
    }
  std::stable_sort(all.begin(), all.end(),
                   [](const auto& x, const auto& y) { return x.first > y.first; });
  double cum = 0;
  for (auto& [p, o] : all) {
    o.cum = cum += p;
    out.push_back(o);
  }
  out.back().cum = 1.0;  // the probabilities sum to 1 up to rounding
}

int class_index(const Scenario& s, const std::string& urgency) {
  for (std::size_t u = 0; u < s.classes.size(); ++u)
    if (s.classes[u].urgency == urgency) return static_cast<int>(u);
  return 0;
}

void compile_backlog(const Scenario& s, Model& m, const std::map<std::int64_t, int>& idx_of) {
  m.backlog_by_class.assign(s.classes.size(), 0);
  for (const BacklogEntry& b : s.backlog) {
    if (b.count == 0) continue;
    const int u = class_index(s, b.urgency);
    const std::int64_t since = b.waiting_since.days_since_epoch();
    Seed seed;
    seed.cell = m.cell_of(idx_of.at(since), u, b.child);
    seed.entry = static_cast<std::int32_t>(std::max<std::int64_t>(since - m.start_day, -100'000));
    seed.cell_state.n = static_cast<std::int32_t>(b.count);
    if (b.pending.empty()) {
      seed.place = static_cast<int>(m.steps.size());
    } else {
      int stage = 0;
      while (s.stages[stage].id != b.pending[0]) ++stage;
      seed.place = m.stage_step[stage];
      const StepInfo& step = m.steps[seed.place];
      for (int j = 0; j < step.count; ++j) {
        const std::string& id = s.stages[step.first + j].id;
        const bool pending = std::find(b.pending.begin(), b.pending.end(), id) != b.pending.end();
        seed.cell_state.a[j] = pending ? 0 : seed.cell_state.n;
      }
    }
    m.backlog_by_class[u] += b.count;
    m.backlog.push_back(seed);
  }
  // Within a cell, rows with more approvals first: then their approvals
  // are prefixes, and the rows merge into one Cell where they can.
  std::stable_sort(m.backlog.begin(), m.backlog.end(), [](const Seed& x, const Seed& y) {
    const auto approved = [](const Seed& z) {
      int n = 0;
      for (int a : z.cell_state.a) n += a > 0;
      return n;
    };
    if (x.place != y.place) return x.place < y.place;
    if (x.cell != y.cell) return x.cell < y.cell;
    return approved(x) > approved(y);
  });
}

}  // namespace

Model compile(const Scenario& s, int days) {
  Model m;
  m.scenario = &s;
  m.days = days;
  m.classes = static_cast<int>(s.classes.size());
  // A power of two, so that a cell's idx and type are a shift and a mask.
  m.types = static_cast<int>(std::bit_ceil(static_cast<unsigned>(2 * m.classes)));
  m.type_shift = std::countr_zero(static_cast<unsigned>(m.types));
  m.start_day = s.start.days_since_epoch();
  // 1970-01-01 was a Thursday.
  m.start_weekday = static_cast<int>(((m.start_day + 4) % 7 + 7) % 7);
  for (int d : s.crossing.open_weekdays) m.open_weekday[d] = true;
  std::set<std::int64_t> dates;
  for (const BacklogEntry& b : s.backlog) dates.insert(b.waiting_since.days_since_epoch());
  std::map<std::int64_t, int> idx_of;
  for (std::int64_t d : dates) {
    idx_of[d] = static_cast<int>(m.since_day.size());
    m.since_day.push_back(d);
  }
  m.backlog_idx = static_cast<int>(m.since_day.size());
  for (int t = 0; t < days; ++t) m.since_day.push_back(m.start_day + t);
  m.idx_count = static_cast<int>(m.since_day.size());
  m.cells = m.idx_count * m.types;
  compile_stages(s, m);
  for (const UrgencyClass& c : s.classes) m.referrals.emplace_back(c.referrals_per_day);
  for (const Stage& st : s.stages) m.capacity.emplace_back(st.capacity_per_day);
  m.entry = PoissonTable(s.crossing.entry_per_day);
  for (const Stage& st : s.stages) {
    m.outcome_at.push_back(static_cast<int>(m.outcomes.size()));  // n = 0: unused
    for (int n = 1; n <= k_table_n; ++n) {
      m.outcome_at.push_back(static_cast<int>(m.outcomes.size()));
      compile_outcomes(st, n, m.outcomes);
    }
  }
  for (const UrgencyClass& c : s.classes) {
    std::vector<std::string> levels;
    for (const UrgencyClass& o : s.classes) levels.push_back(o.urgency);
    m.levels_above.push_back(core::manifest_policy::levels_above_least(levels, c.urgency));
  }
  double sum = 0;
  for (double p : s.crossing.companions) m.companion_cdf.push_back(sum += p);
  m.companion_cdf.back() = 1.0;  // the pmf sums to 1 within 1e-6
  const auto& pmf = s.crossing.companions;
  for (std::size_t c = 0; c < pmf.size(); ++c) {
    double miss = 0;  // summed from the tail, not 1 - cdf: exact for small tails
    for (std::size_t k = c + 1; k < pmf.size(); ++k) miss += pmf[k];
    m.companion_log_miss.push_back(c + 1 < pmf.size() ? std::log(miss) : -INFINITY);
  }
  while (m.min_companions + 1 < static_cast<int>(s.crossing.companions.size()) &&
         s.crossing.companions[m.min_companions] <= 0)
    ++m.min_companions;
  compile_backlog(s, m, idx_of);
  for (int t = 0; t < days; t += 7) m.series_days.push_back(t);
  return m;
}

}  // namespace corridor::plan::detail
