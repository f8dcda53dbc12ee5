#pragma once
// Inside plan/: the cleared patients waiting for a place, and the day's
// main and standby lists chosen from them by core's policy
// (core/manifest_policy.hpp: score and classify), as docs/planner.md's
// crossing (c, d) says. A template over the companions' draw so that the
// policy test can fix them.

#include <corridor/core/manifest_policy.hpp>
#include <corridor/plan/engine_model.hpp>

#include <bit>
#include <cstdint>
#include <vector>

namespace corridor::plan::detail {

// Cleared patients per cell, with a bitset per type of the idx that hold any.
class ClearedPool {
public:
  explicit ClearedPool(const Model& m)
      : m_types(m.types),
        m_shift(m.type_shift),
        m_words((m.idx_count + 63) / 64),
        m_count(m.cells, 0),
        m_bits(static_cast<std::size_t>(m.types) * m_words, 0) {}

  std::int32_t count(int cell) const { return m_count[cell]; }
  std::int64_t total() const { return m_total; }
  void add(int cell, std::int32_t n) {
    m_count[cell] += n;
    m_total += n;
    const int idx = cell >> m_shift, type = cell & (m_types - 1);
    std::uint64_t& w = m_bits[static_cast<std::size_t>(type) * m_words + idx / 64];
    if (m_count[cell] > 0)
      w |= std::uint64_t{1} << (idx % 64);
    else
      w &= ~(std::uint64_t{1} << (idx % 64));
  }
  // The first idx >= from of `type` with cleared patients, or -1.
  int next(int type, int from) const {
    int word = from / 64;
    if (word >= m_words) return -1;
    const std::uint64_t* bits = &m_bits[static_cast<std::size_t>(type) * m_words];
    std::uint64_t w = bits[word] & (~std::uint64_t{0} << (from % 64));
    while (w == 0) {
      if (++word >= m_words) return -1;
      w = bits[word];
    }
    return word * 64 + std::countr_zero(w);
  }
  void clear() {
    for (int type = 0; type < m_types; ++type)
      for (int idx = next(type, 0); idx >= 0; idx = next(type, idx + 1))
        m_count[static_cast<std::size_t>(idx) * m_types + type] = 0;
    std::fill(m_bits.begin(), m_bits.end(), 0);
    m_total = 0;
  }

private:
  int m_types, m_shift, m_words;
  std::vector<std::int32_t> m_count;
  std::vector<std::uint64_t> m_bits;
  std::int64_t m_total = 0;
};

struct Listed {
  std::int32_t cell = 0;
  std::int32_t companions = 0;
};

// The places of a day and a group of one patient with c companions, as
// core's policy counts them: category 0 = patients, 1 = companions.
struct DayPlaces {
  core::manifest_policy::Places full, left;
  core::manifest_policy::Group group;
  explicit DayPlaces() {
    full.left = {0, 0};
    group.needs = {{0, 1}, {1, 0}};
  }
  void set_group(int c) {
    group.needs[1].second = c;
    group.size = 1 + c;
  }
  bool fits(const core::manifest_policy::Places& at, int c) {
    set_group(c);
    return core::manifest_policy::classify(group, at).fits;
  }
  void take(int c) {
    left.left[0] -= 1;
    left.left[1] -= c;
    left.total -= 1 + c;
    left.cap -= 1 + c;
  }
  void free(int c) {
    left.left[0] += 1;
    left.left[1] += c;
    left.total += 1 + c;
    left.cap += 1 + c;
  }
};

// The heads of the cleared pool on `today`: per type its first idx with
// cleared patients (or -1) and that patient's score by core's policy.
struct Heads {
  int idx[2 * k_max_classes];
  int score[2 * k_max_classes];

  void set(const Model& m, std::int64_t today, int type, int at) {
    idx[type] = at;
    if (at >= 0)
      score[type] = core::manifest_policy::score(m.scenario->priority, m.levels_above[type / 2],
                                                 today, m.since_day[at], type % 2 == 0)
                        .total();
  }
  // The type whose head comes first in core's priority order (higher score,
  // then earlier waiting_since, then the lower type), or -1 when none is left.
  int best(const Model& m) const {
    int best = -1;
    for (int type = 0; type < m.types; ++type) {
      if (idx[type] < 0) continue;
      if (best < 0 || score[type] > score[best] ||
          (score[type] == score[best] && m.since_day[idx[type]] < m.since_day[idx[best]]))
        best = type;
    }
    return best;
  }
};

// The largest c < `limit` whose group fits `at` by core's classify, or -1:
// a group's fit only worsens as c grows, so c fits exactly when c <= it.
inline int max_fit(DayPlaces& places, const core::manifest_policy::Places& at, int limit) {
  int c = 0;
  while (c < limit && places.fits(at, c)) ++c;
  return c - 1;
}

// max_fit after places were taken from `at`, knowing it was at most `fit`.
inline int max_fit_below(DayPlaces& places, const core::manifest_policy::Places& at, int fit) {
  while (fit >= 0 && !places.fits(at, fit)) --fit;
  return fit;
}

// Fills `main` and `standby` (cleared first) for day t from `pool`, with
// places.full set and places.left = places.full; draw(cell) gives each
// examined patient's companions. Patients are examined in core's priority
// order: score, then earlier waiting_since, then type. A `draw` that can
// skip (the engine's: skip(c) and fitting(c), see Sim::Companions) is asked,
// once the standby list is full, how many patients of a cell in a row
// draw groups too large for the places left (c > max fit), and the
// companions of the first that fits: the same distribution, fewer draws.
template <class Draw>
void select_lists(const Model& m, int t, const ClearedPool& pool, DayPlaces& places, Draw&& draw,
                  std::vector<Listed>& main, std::vector<Listed>& standby) {
  main.clear();
  standby.clear();
  const Scenario& s = *m.scenario;
  const std::int64_t today = m.start_day + t;
  const int standby_max = s.crossing.standby;
  const int limit = static_cast<int>(m.companion_cdf.size());
  const int fit_full = max_fit(places, places.full, limit);
  int fit = fit_full;
  const auto fits = [&](int c, int table, const core::manifest_policy::Places& at) {
    return c < limit ? c <= table : places.fits(at, c);
  };
  bool filling = m.min_companions <= fit;
  if (!filling && standby_max == 0) return;
  Heads heads;
  for (int type = 0; type < m.types; ++type) heads.set(m, today, type, pool.next(type, 0));
  for (;;) {
    const int best = heads.best(m);
    if (best < 0) return;
    const int cell = heads.idx[best] * m.types + best;
    for (std::int32_t i = pool.count(cell); i > 0; --i) {
      if constexpr (requires { draw.skip(0); }) {
        if (filling && static_cast<int>(standby.size()) >= standby_max && fit + 1 < limit) {
          const std::int64_t k = draw.skip(fit);
          if (k >= i) break;
          i -= static_cast<std::int32_t>(k);
          const int c = draw.fitting(fit);
          places.take(c);
          main.push_back({cell, c});
          fit = max_fit_below(places, places.left, fit);
          filling = m.min_companions <= fit;
          if (!filling) return;
          continue;
        }
      }
      const int c = draw(cell);
      if (filling && fits(c, fit, places.left)) {
        places.take(c);
        main.push_back({cell, c});
        fit = max_fit_below(places, places.left, fit);
        filling = m.min_companions <= fit;
      } else if (static_cast<int>(standby.size()) < standby_max && fits(c, fit_full, places.full)) {
        standby.push_back({cell, c});
      }
      if (!filling && static_cast<int>(standby.size()) >= standby_max) return;
    }
    heads.set(m, today, best, pool.next(best, heads.idx[best] + 1));
  }
}

}  // namespace corridor::plan::detail
