#include <corridor/core/manifest.hpp>

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cstdint>
#include <exception>
#include <latch>
#include <limits>
#include <string>
#include <system_error>
#include <thread>
#include <utility>

namespace corridor::core {
namespace {

// The terms of a score. `levels_above` is the number of urgency levels
// above the least urgent, or -1 when urgency does not count; `since` is
// waiting_since as days since the epoch.
Priority score(const PriorityDef& def, int levels_above, std::int64_t today, std::int64_t since,
               bool child) {
  Priority p;
  if (levels_above >= 0) p.urgency = def.urgency_points * levels_above;
  // Clamped before multiplying: a waiting_since far in the past must not overflow.
  const std::int64_t days = std::clamp<std::int64_t>(today - since, 0, 1'000'000);
  p.days_waiting = static_cast<int>(days);
  p.waiting = static_cast<int>(
      std::min<std::int64_t>(std::int64_t{def.points_per_day} * days, def.max_aging_points));
  if (child) p.child = def.child_points;
  return p;
}

int levels_above_least(const std::vector<std::string>& levels, std::string_view level) {
  for (std::size_t i = 0; i < levels.size(); ++i)
    if (levels[i] == level) return static_cast<int>(levels.size() - 1 - i);
  return -1;
}

bool is_child(const Config& config, const Candidate& c, Date day) {
  return age_on(c.date_of_birth, day) < config.crossing.child_age;
}

// The same test as is_child, as one comparison of packed dates: younger
// than `age` on `day` is born after the same day `age` years before (for
// age > 0; with age <= 0 nobody is younger).
class ChildTest {
public:
  ChildTest(int age, Date day)
      : m_nobody(age <= 0), m_cutoff(pack(Date{day.year - age, day.month, day.day})) {}
  bool operator()(const Date& birth) const { return !m_nobody && pack(birth) > m_cutoff; }

private:
  static std::int64_t pack(const Date& d) {
    return (std::int64_t{d.year} << 9) | (std::int64_t{d.month & 15} << 5) | (d.day & 31);
  }
  bool m_nobody;
  std::int64_t m_cutoff;
};

std::string used_of(const std::string& what, std::int64_t left, std::int64_t quota) {
  return what + ": " + std::to_string(quota - left) + " of " + std::to_string(quota) +
         " places used";
}

}  // namespace

Priority priority_of(const Config& config, const Candidate& principal, Date day) {
  const CategoryDef* cat = config.find_category(principal.category);
  const bool counts = cat != nullptr && cat->needs_urgency;
  return score(config.priority,
               counts ? levels_above_least(config.urgencies, principal.urgency) : -1,
               day.days_since_epoch(), principal.waiting_since.days_since_epoch(),
               is_child(config, principal, day));
}

bool higher_priority(const Priority& a, const Candidate& ca, const Priority& b,
                     const Candidate& cb) {
  if (a.total() != b.total()) return a.total() > b.total();
  if (ca.waiting_since != cb.waiting_since) return ca.waiting_since < cb.waiting_since;
  return ca.ref < cb.ref;
}

std::string_view to_string(SkipReason r) {
  switch (r) {
    case SkipReason::not_cleared:
      return "not-cleared";
    case SkipReason::approval_expires:
      return "approval-expires";
    case SkipReason::scheduled_elsewhere:
      return "scheduled-elsewhere";
    case SkipReason::companion_not_cleared:
      return "companion-not-cleared";
    case SkipReason::quota_full:
      return "quota-full";
    case SkipReason::total_full:
      return "total-full";
    case SkipReason::group_too_large:
      return "group-too-large";
    case SkipReason::equal_in_out:
      return "equal-in-out";
  }
  return "unknown";
}

namespace {

constexpr std::int64_t k_unlimited = std::numeric_limits<std::int64_t>::max() / 4;

// The config's categories as small integers (config order), so that the
// hot loops count places in a vector, not a map. Every category the config
// does not define shares the last index, which has no places.
class Categories {
public:
  Categories(const Config& config, const DirectionCapacity& capacity) {
    for (const CategoryDef& c : config.categories) {
      m_ids.push_back(c.id);
      m_places.push_back(capacity.of(c.id));
      m_needs_urgency.push_back(c.needs_urgency);
      m_takes_companions.push_back(
          std::any_of(config.categories.begin(), config.categories.end(),
                      [&](const CategoryDef& o) { return o.group_of && *o.group_of == c.id; }));
    }
    m_places.push_back(0);
    m_needs_urgency.push_back(false);
    m_takes_companions.push_back(false);
  }

  std::uint16_t index(std::string_view id) const {
    return static_cast<std::uint16_t>(std::find(m_ids.begin(), m_ids.end(), id) - m_ids.begin());
  }
  std::uint16_t unknown() const { return static_cast<std::uint16_t>(m_ids.size()); }
  std::size_t size() const { return m_places.size(); }
  int places(std::size_t i) const { return m_places[i]; }
  bool needs_urgency(std::uint16_t i) const { return m_needs_urgency[i] != 0; }
  bool takes_companions(std::uint16_t i) const { return m_takes_companions[i] != 0; }
  std::string name(std::uint16_t i) const {
    return i < m_ids.size() ? std::string(m_ids[i]) : std::string("unknown category");
  }

private:
  std::vector<std::string_view> m_ids;
  std::vector<int> m_places;
  std::vector<char> m_needs_urgency;
  std::vector<char> m_takes_companions;
};

// Places left: per category, in total, and under the in = out cap.
struct Places {
  std::vector<std::int64_t> left;
  std::int64_t total = k_unlimited;
  std::int64_t cap = k_unlimited;

  // Whether a principal of category `c` alone would fit.
  bool room_for_one(std::uint16_t c) const { return left[c] > 0 && total > 0 && cap > 0; }
};

// A unit whose principal is eligible, in input order. The priority is
// packed into `key` so that a larger key goes first.
struct Item {
  std::uint64_t key = 0;
  std::uint32_t unit = 0;
  std::uint16_t pcat = 0;
  bool could_fit = false;  // the principal alone fits an empty day
  bool examined = false;
};

// An item of the batch the selection works through, and where it sits.
struct Ranked {
  Item item;
  std::uint32_t chunk = 0;
  std::uint32_t pos = 0;
};

// A unit's needs: places per category (the principal's first) and size.
struct Group {
  std::vector<std::pair<std::uint16_t, std::int64_t>> needs;
  std::int64_t size = 1;
};

std::uint64_t pack(int total, std::int64_t since) {
  since = std::clamp<std::int64_t>(since, std::numeric_limits<std::int32_t>::min(),
                                   std::numeric_limits<std::int32_t>::max());
  // Flipping the sign bit keeps the order of a signed 32-bit value; the
  // waiting date is inverted because an earlier date goes first.
  const std::uint32_t hi = static_cast<std::uint32_t>(total) ^ 0x80000000u;
  const std::uint32_t lo = ~(static_cast<std::uint32_t>(since) ^ 0x80000000u);
  return (std::uint64_t{hi} << 32) | lo;
}

struct Verdict {
  bool fits = false;
  SkipReason reason = SkipReason::quota_full;
  std::uint16_t cat = 0;  // the category at fault, for quota_full and group_too_large
  bool by_total = false;  // group_too_large because of the total
};

// The scan and the last pass cut the units into chunks of this many, which
// the calling thread and one helper take in turn; small inputs use one
// thread.
constexpr std::size_t k_chunk = std::size_t{1} << 14;
constexpr std::size_t k_parallel_from = 4 * k_chunk;

// A chunk as the scan left it: its eligible principals (input order) and
// the entries of its ineligible ones.
struct Chunk {
  std::vector<Item> items;
  std::vector<Skipped> ineligible;
  std::size_t examined = 0;
};

// What one scanning thread keeps: the best units it saw, and per category
// how many units that could fit it saw.
struct Lane {
  std::vector<Ranked> batch;
  std::uint64_t threshold = 0;  // once the batch is full, the key of its worst
  std::vector<std::int64_t> pending;
};

// Runs work(0) here and, if `two`, work(1) on a helper thread; rethrows
// what the helper threw. Without a helper (none wanted, or none could
// start), runs work(0) then work(1) here: each must do the other's share
// when it finds it left.
template <class Work>
void on_threads(bool two, const Work& work) {
  if (!two) return work(0);
  std::exception_ptr failure;
  std::thread helper;
  try {
    helper = std::thread([&] {
      try {
        work(1);
      } catch (...) {
        failure = std::current_exception();
      }
    });
  } catch (const std::system_error&) {
    work(0);
    return work(1);
  }
  try {
    work(0);
  } catch (...) {
    helper.join();
    throw;
  }
  helper.join();
  if (failure) std::rethrow_exception(failure);
}

// One build, in three steps:
// - scan: every unit in input order, in chunks, on up to two threads;
//   scores its principal, records why an ineligible principal cannot
//   travel, and keeps in a small batch per thread the best units that could
//   travel (one comparison per unit once the batch is full). Meanwhile the
//   output vectors are allocated and their pages touched, on the other
//   thread where there is one: page faults are a good part of the cost;
// - select: works through the batch in priority order until the places and
//   the standby list are full (a rare second scan refills it, twice as big);
// - explain: every unit the selection never reached, from its principal
//   alone, against the places left; chunks again, on up to two threads.
// Companions are looked at only for the units the selection examines. The
// result does not depend on how the threads interleave: every output has
// its place fixed by unit and chunk order.
class Builder {
public:
  Builder(const Config& config, const DayPlan& plan, const std::vector<Unit>& units)
      : m_config(config),
        m_plan(plan),
        m_units(units),
        m_cats(config, plan.capacity),
        m_today(plan.day.days_since_epoch()),
        m_is_child(config.crossing.child_age, plan.day),
        m_two(units.size() >= k_parallel_from && std::thread::hardware_concurrency() > 1) {
    assert(units.size() <= std::numeric_limits<std::uint32_t>::max());
    for (std::size_t i = 0; i < m_cats.size(); ++i) m_full.left.push_back(m_cats.places(i));
    if (plan.capacity.total) m_full.total = *plan.capacity.total;
    if (plan.max_travellers) m_full.cap = *plan.max_travellers;
    m_left = m_full;
    m_counts.assign(m_cats.size(), 0);
    m_batch_size = first_batch_size();
    m_chunks.resize((units.size() + k_chunk - 1) / k_chunk);
  }

  Manifest run() {
    scan();
    select();
    explain_unreached();
    fill_counts();
    return std::move(m_out);
  }

private:
  // Enough units to fill the places and the standby list twice over.
  std::size_t first_batch_size() const {
    std::int64_t places = 0;
    for (std::int64_t p : m_full.left) places += std::max<std::int64_t>(p, 0);
    places = std::min({places, m_full.total, m_full.cap});
    const std::int64_t want = 2 * (places + std::max(0, m_config.manifest.standby)) + 16;
    return static_cast<std::size_t>(std::clamp<std::int64_t>(want, 64, 1 << 16));
  }

  void scan() {
    std::vector<Lane> lanes(m_two ? 2 : 1);
    std::latch sized(1);
    std::atomic<std::size_t> next{0};
    on_threads(m_two, [&](int lane) {
      lanes[lane].pending.assign(m_cats.size(), 0);
      if (!size_outputs(lane, sized)) return;
      for (std::size_t c = next++; c < m_chunks.size(); c = next++) scan_chunk(c, lanes[lane]);
    });
    m_pending = std::move(lanes[0].pending);
    m_batch = std::move(lanes[0].batch);
    if (lanes.size() < 2) return;
    for (std::size_t c = 0; c < m_pending.size(); ++c) m_pending[c] += lanes[1].pending[c];
    for (const Ranked& r : lanes[1].batch) offer(m_batch, r);
  }

  // Sizes the vectors the scan and the last pass write into, which touches
  // their pages. With a helper, this thread sizes the priorities while the
  // helper sizes the skip entries (one per unit at most, but for companions
  // left behind), then waits for the priorities; false if sizing them failed.
  bool size_outputs(int lane, std::latch& sized) {
    if (lane == 1 || !m_two) m_skipped.resize(m_units.size() + 64);
    if (lane == 1) {
      sized.wait();
      return m_out.priority.size() == m_units.size();
    }
    try {
      m_out.priority.resize(m_units.size());
    } catch (...) {
      sized.count_down();
      throw;
    }
    sized.count_down();
    return true;
  }

  void scan_chunk(std::size_t c, Lane& lane) {
    const std::size_t begin = c * k_chunk, end = std::min(m_units.size(), begin + k_chunk);
    m_chunks[c].items.reserve(end - begin);
    for (std::size_t i = begin; i < end; ++i)
      scan_unit(static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(c), lane);
  }

  void scan_unit(std::uint32_t i, std::uint32_t c, Lane& lane) {
    const Candidate& p = m_units[i].principal;
    const std::uint16_t pcat = m_cats.index(p.category);
    const std::int64_t since = p.waiting_since.days_since_epoch();
    const int above =
        m_cats.needs_urgency(pcat) ? levels_above_least(m_config.urgencies, p.urgency) : -1;
    const Priority pr =
        score(m_config.priority, above, m_today, since, m_is_child(p.date_of_birth));
    m_out.priority[i] = pr;
    Chunk& chunk = m_chunks[c];
    if (!eligible(p)) return chunk.ineligible.push_back(ineligible_entry(i, 0, p));
    const Item item{pack(pr.total(), since), i, pcat, m_full.room_for_one(pcat)};
    chunk.items.push_back(item);
    lane.pending[pcat] += item.could_fit;
    // One branch, seldom taken once the batch is full.
    if (item.could_fit & (item.key >= lane.threshold)) {
      offer(lane.batch, {item, c, static_cast<std::uint32_t>(chunk.items.size() - 1)});
      if (lane.batch.size() == m_batch_size) lane.threshold = lane.batch.front().item.key;
    }
  }

  bool eligible(const Candidate& c) const {
    return c.cleared && (!c.valid_until || *c.valid_until >= m_plan.closes_at) &&
           (!c.scheduled_on || *c.scheduled_on == m_plan.day);
  }

  // Why `c`, not eligible, cannot travel. Being on another day's list comes
  // first: it says where the person is.
  // Its detail is made on demand (skip_detail) from the candidate.
  Skipped ineligible_entry(std::uint32_t unit, std::uint32_t member, const Candidate& c) const {
    if (c.scheduled_on && *c.scheduled_on != m_plan.day)
      return {unit, member, SkipReason::scheduled_elsewhere, 0};
    if (!c.cleared) return {unit, member, SkipReason::not_cleared, 0};
    return {unit, member, SkipReason::approval_expires, 0};
  }

  // Higher priority first: total and waiting date are in the key; refs
  // (unique) break the remaining ties.
  bool goes_before(const Item& a, const Item& b) const {
    if (a.key != b.key) return a.key > b.key;
    const int c = m_units[a.unit].principal.ref.compare(m_units[b.unit].principal.ref);
    return c != 0 ? c < 0 : a.unit < b.unit;
  }

  // Keeps the m_batch_size best units offered, as a heap whose front is the
  // worst of them.
  void offer(std::vector<Ranked>& batch, const Ranked& r) const {
    auto before = [this](const Ranked& a, const Ranked& b) { return goes_before(a.item, b.item); };
    if (batch.size() < m_batch_size) {
      batch.push_back(r);
      std::push_heap(batch.begin(), batch.end(), before);
    } else if (goes_before(r.item, batch.front().item)) {
      std::pop_heap(batch.begin(), batch.end(), before);
      batch.back() = r;
      std::push_heap(batch.begin(), batch.end(), before);
    }
  }

  void select() {
    auto before = [this](const Ranked& a, const Ranked& b) { return goes_before(a.item, b.item); };
    for (;;) {
      std::sort_heap(m_batch.begin(), m_batch.end(), before);
      for (const Ranked& r : m_batch) {
        if (!worth_going_on()) return;
        Chunk& chunk = m_chunks[r.chunk];
        chunk.items[r.pos].examined = true;
        ++chunk.examined;
        examine(r.item);
      }
      // A batch that was not full held every unit that could travel.
      if (m_batch.size() < m_batch_size) return;
      refill();
    }
  }

  void refill() {
    m_batch.clear();
    m_batch_size *= 2;
    for (std::uint32_t c = 0; c < m_chunks.size(); ++c) {
      const std::vector<Item>& items = m_chunks[c].items;
      for (std::uint32_t pos = 0; pos < items.size(); ++pos)
        if (items[pos].could_fit && !items[pos].examined) offer(m_batch, {items[pos], c, pos});
    }
  }

  // Stops once no unit left could take a place and the standby list is
  // full (or nobody left could be on it).
  bool worth_going_on() const {
    bool fill = false, any = false;
    for (std::uint16_t c = 0; c < m_pending.size(); ++c) {
      if (m_pending[c] == 0) continue;
      any = true;
      fill = fill || m_left.room_for_one(c);
    }
    return fill || (any && m_standby_units < m_config.manifest.standby);
  }

  void examine(const Item& item) {
    --m_pending[item.pcat];
    if (!has_required_companions(item)) return;
    const Group group = gather(item);
    const Verdict v = classify(group, m_left);
    if (v.fits) return take(item, group);
    m_out.details.push_back(detail(v, group));
    m_examined.push_back(
        {item.unit, 0, v.reason, static_cast<std::uint32_t>(m_out.details.size() - 1)});
    // Standby fills gaps: a group too large for an empty day is no use there.
    if (m_standby_units >= m_config.manifest.standby || !classify(group, m_full).fits) return;
    place(m_out.standby, item);
    ++m_standby_units;
  }

  // Companions are required only of principals whose category takes them
  // (some category's group_of names it): a student alone needs none.
  bool has_required_companions(const Item& item) {
    if (!m_cats.takes_companions(item.pcat)) return true;
    const Unit& u = m_units[item.unit];
    const int need = m_is_child(u.principal.date_of_birth) ? m_config.manifest.min_companions_child
                                                           : m_config.manifest.min_companions;
    const auto has = std::count_if(u.companions.begin(), u.companions.end(),
                                   [this](const Candidate& c) { return eligible(c); });
    if (has >= need) return true;
    m_out.details.push_back("needs " + std::to_string(need) + " cleared companions, has " +
                            std::to_string(has));
    m_examined.push_back({item.unit, 0, SkipReason::companion_not_cleared,
                          static_cast<std::uint32_t>(m_out.details.size() - 1)});
    return false;
  }

  Group gather(const Item& item) const {
    Group g;
    g.needs.emplace_back(item.pcat, 1);
    for (const Candidate& c : m_units[item.unit].companions) {
      if (!eligible(c)) continue;
      ++g.size;
      const std::uint16_t cat = m_cats.index(c.category);
      auto it = std::find_if(g.needs.begin(), g.needs.end(),
                             [&](const auto& need) { return need.first == cat; });
      if (it != g.needs.end())
        ++it->second;
      else
        g.needs.emplace_back(cat, 1);
    }
    return g;
  }

  // Whether the group fits `at`, and if not, what stops it (docs/policy.md).
  static Verdict classify(const Group& g, const Places& at) {
    bool cats_ok = true;
    for (const auto& [c, n] : g.needs) cats_ok = cats_ok && n <= at.left[c];
    if (cats_ok && g.size <= at.total)
      return g.size <= at.cap ? Verdict{true} : Verdict{false, SkipReason::equal_in_out};
    if (at.total <= 0) return {false, SkipReason::total_full};
    for (const auto& [c, n] : g.needs)
      if (at.left[c] <= 0) return {false, SkipReason::quota_full, c};
    for (const auto& [c, n] : g.needs)
      if (n > at.left[c]) return {false, SkipReason::group_too_large, c};
    return {false, SkipReason::group_too_large, 0, true};
  }

  std::string detail(const Verdict& v, const Group& g) const {
    const std::string size = std::to_string(g.size);
    switch (v.reason) {
      case SkipReason::equal_in_out:
        return "the group needs " + size + " places, " + std::to_string(m_left.cap) +
               " left under the in = out cap of " + std::to_string(m_full.cap);
      case SkipReason::total_full:
        return used_of("total", m_left.total, m_full.total);
      case SkipReason::quota_full:
        return used_of(m_cats.name(v.cat), m_left.left[v.cat], m_full.left[v.cat]);
      default:
        break;
    }
    if (v.by_total)
      return "the group needs " + size + " places, " + std::to_string(m_left.total) +
             " left in total";
    return "the group needs " + size + " places, " + m_cats.name(v.cat) + " has " +
           std::to_string(m_left.left[v.cat]) + " left";
  }

  void take(const Item& item, const Group& g) {
    for (const auto& [c, n] : g.needs) {
      m_left.left[c] -= n;
      m_counts[c] += n;
    }
    m_left.total -= g.size;
    m_left.cap -= g.size;
    place(m_out.main, item);
  }

  // Lists the unit's travellers, and records why its other companions stay.
  void place(std::vector<Placed>& list, const Item& item) {
    list.push_back({item.unit, 0});
    const auto& companions = m_units[item.unit].companions;
    for (std::uint32_t k = 0; k < companions.size(); ++k) {
      if (eligible(companions[k]))
        list.push_back({item.unit, k + 1});
      else
        m_examined.push_back(ineligible_entry(item.unit, k + 1, companions[k]));
    }
  }

  // Lays out m_skipped (the ineligible chunk by chunk, the examined, then
  // the unreached chunk by chunk) and fills it.
  void explain_unreached() {
    std::vector<std::size_t> ineligible_at(m_chunks.size()), unreached_at(m_chunks.size());
    std::size_t k = 0;
    for (std::size_t c = 0; c < m_chunks.size(); ++c) {
      ineligible_at[c] = k;
      k += m_chunks[c].ineligible.size();
    }
    std::move(m_examined.begin(), m_examined.end(), slot(k, m_examined.size()));
    k += m_examined.size();
    for (std::size_t c = 0; c < m_chunks.size(); ++c) {
      unreached_at[c] = k;
      k += m_chunks[c].items.size() - m_chunks[c].examined;
    }
    slot(k, 0);
    std::atomic<std::size_t> next{0};
    on_threads(m_two, [&](int) {
      for (std::size_t c = next++; c < m_chunks.size(); c = next++)
        explain_chunk(m_chunks[c], ineligible_at[c], unreached_at[c]);
    });
    m_skipped.resize(k);
    m_out.skipped = std::move(m_skipped);
  }

  // m_skipped from `at` for `count` entries, grown if need be.
  std::vector<Skipped>::iterator slot(std::size_t at, std::size_t count) {
    if (m_skipped.size() < at + count) m_skipped.resize(at + count);
    return m_skipped.begin() + static_cast<std::ptrdiff_t>(at);
  }

  void explain_chunk(Chunk& chunk, std::size_t ineligible_at, std::size_t unreached_at) {
    std::move(chunk.ineligible.begin(), chunk.ineligible.end(),
              m_skipped.begin() + static_cast<std::ptrdiff_t>(ineligible_at));
    for (const Item& item : chunk.items)
      if (!item.examined) m_skipped[unreached_at++] = {item.unit, 0, unreached_reason(item), 0};
  }

  // Every unit never examined is stopped by the places left, or the
  // selection would have gone on: the total or the principal's category
  // decides it without a look at the companions, except when only the
  // in = out cap is used up. No detail.
  SkipReason unreached_reason(const Item& item) const {
    if (m_left.total <= 0) return SkipReason::total_full;
    if (m_left.left[item.pcat] <= 0) return SkipReason::quota_full;
    const Verdict v = classify(gather(item), m_left);
    assert(!v.fits);
    return v.reason;
  }

  void fill_counts() {
    for (std::uint16_t c = 0; c < m_cats.unknown(); ++c)
      if (m_counts[c] > 0 || m_config.categories[c].allows(m_plan.direction))
        m_out.counts[m_config.categories[c].id] = static_cast<int>(m_counts[c]);
  }

  const Config& m_config;
  const DayPlan& m_plan;
  const std::vector<Unit>& m_units;
  Categories m_cats;
  std::int64_t m_today;
  ChildTest m_is_child;
  bool m_two;  // a helper thread for the scan and the last pass
  Places m_full;
  Places m_left;
  std::vector<Chunk> m_chunks;
  std::vector<std::int64_t> m_pending;  // per category: could_fit units not yet examined
  std::vector<std::int64_t> m_counts;   // per category: travellers on the main list
  std::vector<Ranked> m_batch;
  std::size_t m_batch_size = 0;
  std::vector<Skipped> m_examined;  // entries of the selection, in its order
  std::vector<Skipped> m_skipped;   // becomes m_out.skipped
  int m_standby_units = 0;
  Manifest m_out;
};

int travellers(const Config& config, DayPlan plan, const std::vector<Unit>& units,
               std::optional<int> cap) {
  plan.max_travellers = cap;
  return build_manifest(config, plan, units).travellers();
}

}  // namespace

std::string skip_detail(const Manifest& manifest, const DayPlan& plan,
                        const std::vector<Unit>& units, const Skipped& s) {
  if (s.detail != 0 && s.detail < manifest.details.size()) return manifest.details[s.detail];
  if (s.unit >= units.size()) return {};
  const Unit& u = units[s.unit];
  if (s.member > u.companions.size()) return {};
  const Candidate& c = s.member == 0 ? u.principal : u.companions[s.member - 1];
  if (s.reason == SkipReason::scheduled_elsewhere && c.scheduled_on)
    return "on the manifest of " + c.scheduled_on->to_string();
  if (s.reason == SkipReason::approval_expires && c.valid_until)
    return c.expiring_stage + " approval expires " + format_timestamp(*c.valid_until) +
           ", before the day closes at " + format_timestamp(plan.closes_at);
  return {};
}

Manifest build_manifest(const Config& config, const DayPlan& plan, const std::vector<Unit>& units) {
  return Builder(config, plan, units).run();
}

int equal_in_out_cap(const Config& config, DayPlan exit_plan, const std::vector<Unit>& exit_units,
                     DayPlan entry_plan, const std::vector<Unit>& entry_units) {
  int n = std::min(travellers(config, exit_plan, exit_units, std::nullopt),
                   travellers(config, entry_plan, entry_units, std::nullopt));
  // Each round either agrees on n or lowers it, so this ends (at 0 at worst).
  for (;;) {
    const int out = travellers(config, exit_plan, exit_units, n);
    const int in = travellers(config, entry_plan, entry_units, n);
    if (out == n && in == n) return n;
    n = std::min(out, in);
  }
}

}  // namespace corridor::core
