// The priority and manifest policy (docs/policy.md): scores, the order of
// principals, whether a group fits and why not, companions, standby, the
// explanations, and the in = out cap. The scan engine is manifest.cpp.

#include <corridor/core/manifest_policy.hpp>

#include <cassert>

namespace corridor::core {
namespace manifest_policy {
namespace {

std::string used_of(const std::string& what, std::int64_t left, std::int64_t quota) {
  return what + ": " + std::to_string(quota - left) + " of " + std::to_string(quota) +
         " places used";
}

}  // namespace

Categories::Categories(const Config& config, const DirectionCapacity& capacity) {
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

Verdict classify(const Group& g, const Places& at) {
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

Policy::Policy(const Config& config, const DayPlan& plan, const std::vector<Unit>& units)
    : m_config(config),
      m_plan(plan),
      m_units(units),
      m_cats(config, plan.capacity),
      m_today(plan.day.days_since_epoch()),
      m_is_child(config.crossing.child_age, plan.day) {
  for (std::size_t i = 0; i < m_cats.size(); ++i) m_full.left.push_back(m_cats.places(i));
  if (plan.capacity.total) m_full.total = *plan.capacity.total;
  if (plan.max_travellers) m_full.cap = *plan.max_travellers;
  m_left = m_full;
  m_counts.assign(m_cats.size(), 0);
}

std::int64_t Policy::places() const {
  std::int64_t places = 0;
  for (std::int64_t p : m_full.left) places += std::max<std::int64_t>(p, 0);
  return std::min({places, m_full.total, m_full.cap});
}

bool Policy::worth_going_on(const std::vector<std::int64_t>& pending) const {
  bool fill = false, any = false;
  for (std::uint16_t c = 0; c < pending.size(); ++c) {
    if (pending[c] == 0) continue;
    any = true;
    fill = fill || m_left.room_for_one(c);
  }
  return fill || (any && m_standby_units < m_config.manifest.standby);
}

void Policy::examine(std::uint32_t unit, std::uint16_t pcat) {
  if (!has_required_companions(unit, pcat)) return;
  const Group group = gather(unit, pcat);
  const Verdict v = classify(group, m_left);
  if (v.fits) return take(unit, group);
  skip(unit, v.reason, detail(v, group));
  // Standby fills gaps: a group too large for an empty day is no use there.
  if (m_standby_units >= m_config.manifest.standby || !classify(group, m_full).fits) return;
  place(m_standby, unit);
  ++m_standby_units;
}

// Companions are required only of principals whose category takes them
// (some category's group_of names it): a student alone needs none.
bool Policy::has_required_companions(std::uint32_t unit, std::uint16_t pcat) {
  if (!m_cats.takes_companions(pcat)) return true;
  const Unit& u = m_units[unit];
  const int need = m_is_child(u.principal.date_of_birth) ? m_config.manifest.min_companions_child
                                                         : m_config.manifest.min_companions;
  const auto has = std::count_if(u.companions.begin(), u.companions.end(),
                                 [this](const Candidate& c) { return eligible(c); });
  if (has >= need) return true;
  skip(unit, SkipReason::companion_not_cleared,
       "needs " + std::to_string(need) + " cleared companions, has " + std::to_string(has));
  return false;
}

void Policy::skip(std::uint32_t unit, SkipReason reason, std::string detail) {
  m_details.push_back(std::move(detail));
  m_examined.push_back({unit, 0, reason, static_cast<std::uint32_t>(m_details.size() - 1)});
}

Group Policy::gather(std::uint32_t unit, std::uint16_t pcat) const {
  Group g;
  g.needs.emplace_back(pcat, 1);
  for (const Candidate& c : m_units[unit].companions) {
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

std::string Policy::detail(const Verdict& v, const Group& g) const {
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

void Policy::take(std::uint32_t unit, const Group& g) {
  for (const auto& [c, n] : g.needs) {
    m_left.left[c] -= n;
    m_counts[c] += n;
  }
  m_left.total -= g.size;
  m_left.cap -= g.size;
  place(m_main, unit);
}

// Lists the unit's travellers, and records why its other companions stay.
void Policy::place(std::vector<Placed>& list, std::uint32_t unit) {
  list.push_back({unit, 0});
  const auto& companions = m_units[unit].companions;
  for (std::uint32_t k = 0; k < companions.size(); ++k) {
    if (eligible(companions[k]))
      list.push_back({unit, k + 1});
    else
      m_examined.push_back(ineligible_entry(unit, k + 1, companions[k]));
  }
}

SkipReason Policy::unreached_by_group(std::uint32_t unit, std::uint16_t pcat) const {
  const Verdict v = classify(gather(unit, pcat), m_left);
  assert(!v.fits);
  return v.reason;
}

void Policy::finish(Manifest& out) {
  out.main = std::move(m_main);
  out.standby = std::move(m_standby);
  out.details = std::move(m_details);
  for (std::uint16_t c = 0; c < m_cats.unknown(); ++c)
    if (m_counts[c] > 0 || m_config.categories[c].allows(m_plan.direction))
      out.counts[m_config.categories[c].id] = static_cast<int>(m_counts[c]);
}

}  // namespace manifest_policy

using namespace manifest_policy;

Priority priority_of(const Config& config, const Candidate& principal, Date day) {
  const CategoryDef* cat = config.find_category(principal.category);
  const bool counts = cat != nullptr && cat->needs_urgency;
  return score(config.priority,
               counts ? levels_above_least(config.urgencies, principal.urgency) : -1,
               day.days_since_epoch(), principal.waiting_since.days_since_epoch(),
               age_on(principal.date_of_birth, day) < config.crossing.child_age);
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

namespace {

int travellers(const Config& config, DayPlan plan, const std::vector<Unit>& units,
               std::optional<int> cap) {
  plan.max_travellers = cap;
  return build_manifest(config, plan, units).travellers();
}

}  // namespace

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
