#pragma once
// Inside core's manifest builder (manifest.cpp, manifest_policy.cpp): the
// priority and manifest policy of docs/policy.md, apart from the scan
// engine that feeds it units. The policy says how a principal scores, who
// is eligible, whether a unit's group fits the places left and, if not,
// why (quota, total, group size, the in = out cap), what a unit needs of
// its companions, who goes on standby, and why a unit never examined stays
// out. The engine (manifest.cpp) decides only the order in which units are
// examined and on which thread. Not for other modules (manifest.hpp is the
// interface), with one exception: plan's model (plan/engine.cpp) calls
// score, levels_above_least and classify, so that the capacity planner
// orders and fits patients by the real policy, not a copy of it.
//
// The per-unit calls the engine makes for each of up to millions of units
// (score, eligible, category, could_fit, unreached_reason) are inline here;
// the rest runs for the few hundred units the selection examines.

#include <corridor/core/manifest.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace corridor::core::manifest_policy {

inline constexpr std::int64_t k_unlimited = std::numeric_limits<std::int64_t>::max() / 4;

// The terms of a score. `levels_above` is the number of urgency levels
// above the least urgent, or -1 when urgency does not count; `since` is
// waiting_since as days since the epoch.
inline Priority score(const PriorityDef& def, int levels_above, std::int64_t today,
                      std::int64_t since, bool child) {
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

// Levels of `levels` (most urgent first) above the least urgent; -1 if
// `level` is not one of them.
inline int levels_above_least(const std::vector<std::string>& levels, std::string_view level) {
  for (std::size_t i = 0; i < levels.size(); ++i)
    if (levels[i] == level) return static_cast<int>(levels.size() - 1 - i);
  return -1;
}

// Younger than `age` on `day`, as one comparison of packed dates: born
// after the same day `age` years before (for age > 0; with age <= 0
// nobody is younger). The same test as age_on(birth, day) < age.
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

// The config's categories as small integers (config order), so that the
// hot loops count places in a vector, not a map. Every category the config
// does not define shares the last index, which has no places.
class Categories {
public:
  Categories(const Config& config, const DirectionCapacity& capacity);

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

// A unit's needs: places per category (the principal's first) and size.
struct Group {
  std::vector<std::pair<std::uint16_t, std::int64_t>> needs;
  std::int64_t size = 1;
};

// Whether a group fits, and if not, what stops it.
struct Verdict {
  bool fits = false;
  SkipReason reason = SkipReason::quota_full;
  std::uint16_t cat = 0;  // the category at fault, for quota_full and group_too_large
  bool by_total = false;  // group_too_large because of the total
};

// Whether `g` fits `at`, and if not, what stops it (docs/policy.md): the
// total used up, then a category of the group used up, then a group larger
// than a category's or the total's places left, then only the in = out cap.
Verdict classify(const Group& g, const Places& at);

// The policy for one build: the places of the plan and what the selection
// has used of them, and the lists it fills. The engine calls examine() for
// units in priority order while worth_going_on(); everything it writes has
// its place fixed by the order of those calls.
class Policy {
public:
  // Keeps references to all three: they must outlive the Policy.
  Policy(const Config& config, const DayPlan& plan, const std::vector<Unit>& units);

  // Categories are numbered 0..categories()-1 (the config's, then one for
  // every category it does not define).
  std::size_t categories() const { return m_cats.size(); }

  // --- per unit, in input order (inline: the engine's hot loop) ---
  std::uint16_t category(const Candidate& c) const { return m_cats.index(c.category); }
  // A principal of category `pcat` waiting since `since` (days since the
  // epoch): the same figures as priority_of.
  Priority priority(const Candidate& p, std::uint16_t pcat, std::int64_t since) const {
    const int above =
        m_cats.needs_urgency(pcat) ? levels_above_least(m_config.urgencies, p.urgency) : -1;
    return score(m_config.priority, above, m_today, since, m_is_child(p.date_of_birth));
  }
  // Cleared, with approvals that count when the day closes, and on no other
  // day's list.
  bool eligible(const Candidate& c) const {
    return c.cleared && (!c.valid_until || *c.valid_until >= m_plan.closes_at) &&
           (!c.scheduled_on || *c.scheduled_on == m_plan.day);
  }
  // Why `c`, not eligible, cannot travel. Being on another day's list comes
  // first: it says where the person is. Its detail is made on demand
  // (skip_detail) from the candidate.
  Skipped ineligible_entry(std::uint32_t unit, std::uint32_t member, const Candidate& c) const {
    if (c.scheduled_on && *c.scheduled_on != m_plan.day)
      return {unit, member, SkipReason::scheduled_elsewhere, 0};
    if (!c.cleared) return {unit, member, SkipReason::not_cleared, 0};
    return {unit, member, SkipReason::approval_expires, 0};
  }
  // Whether a principal of category `pcat` alone fits an empty day: one
  // that does not can never travel, nor stand by.
  bool could_fit(std::uint16_t pcat) const { return m_full.room_for_one(pcat); }

  // --- the selection ---
  // How many places the plan has (the smallest of the categories' sum, the
  // total and the in = out cap) and how many units stand by.
  std::int64_t places() const;
  int standby() const { return m_config.manifest.standby; }
  // Whether examining more units could change the lists: a unit of a
  // category with pending[c] > 0 units not yet examined could take a place,
  // or the standby list has room.
  bool worth_going_on(const std::vector<std::int64_t>& pending) const;
  // Decides unit `unit` (principal of category `pcat`), the next in
  // priority order: on the main list with its eligible companions, on
  // standby, or skipped with its reason and detail.
  void examine(std::uint32_t unit, std::uint16_t pcat);
  // Why a unit the selection never examined stays out: the places left stop
  // it, judged by the total or its principal's category without a look at
  // the companions, except when only the in = out cap is used up. No detail.
  SkipReason unreached_reason(std::uint32_t unit, std::uint16_t pcat) const {
    if (m_left.total <= 0) return SkipReason::total_full;
    if (m_left.left[pcat] <= 0) return SkipReason::quota_full;
    return unreached_by_group(unit, pcat);
  }

  // --- the outcome ---
  // Moves the lists, details and counts into `out` (priority and skipped
  // are the engine's); examined() keeps the skip entries of examine(), in
  // its order.
  void finish(Manifest& out);
  std::vector<Skipped>& examined() { return m_examined; }

private:
  bool has_required_companions(std::uint32_t unit, std::uint16_t pcat);
  Group gather(std::uint32_t unit, std::uint16_t pcat) const;
  std::string detail(const Verdict& v, const Group& g) const;
  void take(std::uint32_t unit, const Group& g);
  void place(std::vector<Placed>& list, std::uint32_t unit);
  void skip(std::uint32_t unit, SkipReason reason, std::string detail);
  SkipReason unreached_by_group(std::uint32_t unit, std::uint16_t pcat) const;

  const Config& m_config;
  const DayPlan& m_plan;
  const std::vector<Unit>& m_units;
  Categories m_cats;
  std::int64_t m_today;
  ChildTest m_is_child;
  Places m_full;
  Places m_left;
  std::vector<std::int64_t> m_counts;  // per category: travellers on the main list
  int m_standby_units = 0;
  std::vector<Placed> m_main;
  std::vector<Placed> m_standby;
  std::vector<std::string> m_details{std::string()};
  std::vector<Skipped> m_examined;  // entries of the selection, in its order
};

}  // namespace corridor::core::manifest_policy
