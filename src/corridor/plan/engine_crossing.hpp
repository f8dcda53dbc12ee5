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

// Fills `main` and `standby` (cleared first) for day t from `pool`, with
// places.full set and places.left = places.full; draw(cell) gives each
// examined patient's companions. Patients are examined in core's priority
// order: score, then earlier waiting_since, then type.
template <class Draw>
void select_lists(const Model& m, int t, const ClearedPool& pool, DayPlaces& places, Draw&& draw,
                  std::vector<Listed>& main, std::vector<Listed>& standby) {
  main.clear();
  standby.clear();
  const Scenario& s = *m.scenario;
  const std::int64_t today = m.start_day + t;
  const int standby_max = s.crossing.standby;
  bool filling = places.fits(places.left, m.min_companions);
  if (!filling && standby_max == 0) return;
  int heads[2 * k_max_classes];
  for (int type = 0; type < m.types; ++type) heads[type] = pool.next(type, 0);
  for (;;) {
    int best = -1, best_score = 0;
    for (int type = 0; type < m.types; ++type) {
      if (heads[type] < 0) continue;
      const int u = type / 2;
      const int score = core::manifest_policy::score(s.priority, m.levels_above[u], today,
                                                     m.since_day[heads[type]], type % 2 == 0)
                            .total();
      if (best < 0 || score > best_score ||
          (score == best_score && m.since_day[heads[type]] < m.since_day[heads[best]])) {
        best = type;
        best_score = score;
      }
    }
    if (best < 0) return;
    const int cell = heads[best] * m.types + best;
    for (std::int32_t i = pool.count(cell); i > 0; --i) {
      const int c = draw(cell);
      if (filling && places.fits(places.left, c)) {
        places.take(c);
        main.push_back({cell, c});
        filling = places.fits(places.left, m.min_companions);
      } else if (static_cast<int>(standby.size()) < standby_max && places.fits(places.full, c)) {
        standby.push_back({cell, c});
      }
      if (!filling && static_cast<int>(standby.size()) >= standby_max) return;
    }
    heads[best] = pool.next(best, heads[best] + 1);
  }
}

}  // namespace corridor::plan::detail
