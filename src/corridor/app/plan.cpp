#include <corridor/app/plan.hpp>

#include <corridor/app/timezone.hpp>
#include <corridor/core/workflow.hpp>
#include <corridor/store/case_repo.hpp>

#include <algorithm>
#include <map>

namespace corridor::app {
namespace {

using core::Result;

// Loads every case of a direction that could be on the day's list: the
// principals that are cleared (or scheduled on this very day, for a
// rebuild) or scheduled on another day, and every open companion of theirs.
// Each case the store offers is derived at `now` here, whichever source
// offers it: the stored-state index offers a superset of these cases
// (store::for_each_manifest_candidate), the scan every case.
Result<std::vector<core::Unit>> load_units(store::Database& db, const core::Config& config,
                                           const core::Date& day, core::Direction direction,
                                           core::Timestamp now, CandidateSource source) {
  std::map<std::string, core::Unit> principals;
  std::map<std::string, std::vector<core::Candidate>> companions;  // by group_ref
  auto each = [&](store::StoredCase&& sc) {
    const core::CaseRecord& rec = sc.record;
    const core::CategoryDef* cat = config.find_category(rec.category);
    const core::WorkflowDef* wf = config.workflow_for(rec.direction, rec.category);
    if (!cat || !wf) return;
    const core::CaseView view = core::derive(*wf, sc.facts, now);
    const bool here = view.state == core::CaseState::scheduled && sc.facts.scheduled_on == day;
    const bool cleared = view.state == core::CaseState::cleared || here;
    const bool elsewhere = view.state == core::CaseState::scheduled && !here;
    if (!cleared && !elsewhere && (cat->group_of ? !core::is_open(view.state) : true)) return;
    core::Candidate c;
    c.ref = rec.ref;
    c.category = rec.category;
    c.urgency = rec.urgency;
    c.waiting_since = rec.requested_on ? *rec.requested_on : core::utc_date(rec.registered_at);
    c.date_of_birth = rec.person.date_of_birth;
    c.cleared = cleared;
    if (elsewhere) c.scheduled_on = sc.facts.scheduled_on;
    for (const core::StageView& s : view.stages)
      if (s.status == core::StageStatus::approved && s.expires_at &&
          (!c.valid_until || *s.expires_at < *c.valid_until)) {
        c.valid_until = s.expires_at;
        c.expiring_stage = s.def->id;
      }
    if (cat->group_of)
      companions[rec.group_ref].push_back(std::move(c));
    else
      principals[rec.ref].principal = std::move(c);
  };
  std::vector<std::string> principal_categories;
  for (const core::CategoryDef& c : config.categories)
    if (!c.group_of) principal_categories.push_back(c.id);
  auto r = source == CandidateSource::scan
               ? store::for_each_case(db, {direction, std::nullopt}, each)
               : store::for_each_manifest_candidate(db, direction, principal_categories, each);
  if (!r) return std::move(r).error();
  std::vector<core::Unit> units;
  units.reserve(principals.size());
  for (auto& [ref, unit] : principals) {
    auto it = companions.find(ref);
    if (it != companions.end()) {
      unit.companions = std::move(it->second);
      std::sort(unit.companions.begin(), unit.companions.end(),
                [](const auto& a, const auto& b) { return a.ref < b.ref; });
    }
    units.push_back(std::move(unit));
  }
  return units;
}

}  // namespace

const core::Candidate& PlannedManifest::member(std::uint32_t unit, std::uint32_t m) const {
  const core::Unit& u = units.at(unit);
  return m == 0 ? u.principal : u.companions.at(m - 1);
}

Result<core::Capacity> day_capacity(const core::Config& config, const store::DayRow& day) {
  if (day.capacity.empty()) return config.days.capacity;
  return core::parse_capacity(day.capacity);
}

Result<PlannedManifest> plan_manifest(store::Database& db, const core::Config& config,
                                      const store::DayRow& day, core::Direction direction,
                                      core::Timestamp now, CandidateSource source) {
  auto capacity = day_capacity(config, day);
  if (!capacity) return std::move(capacity).error();
  auto closes = local_instant(day.date, config.days.closes_at, config.crossing.time_zone);
  if (!closes) return std::move(closes).error();
  auto plan_for = [&](core::Direction d) {
    core::DayPlan p;
    p.day = day.date;
    p.direction = d;
    p.capacity = capacity->of(d);
    p.closes_at = *closes;
    return p;
  };
  PlannedManifest out;
  out.plan = plan_for(direction);
  auto units = load_units(db, config, day.date, direction, now, source);
  if (!units) return std::move(units).error();
  out.units = std::move(units).value();
  if (config.days.equal_in_out) {
    const core::Direction other =
        direction == core::Direction::exit ? core::Direction::entry : core::Direction::exit;
    auto other_units = load_units(db, config, day.date, other, now, source);
    if (!other_units) return std::move(other_units).error();
    const bool exit = direction == core::Direction::exit;
    int cap = core::equal_in_out_cap(
        config, exit ? out.plan : plan_for(other), exit ? out.units : *other_units,
        exit ? plan_for(other) : out.plan, exit ? *other_units : out.units);
    // The other direction's list, once built, is what this one must equal.
    auto built = store::current_manifest(db, day.date, other);
    if (!built) return std::move(built).error();
    if (*built) cap = std::min(cap, static_cast<int>((*built)->main.size()));
    out.plan.max_travellers = cap;
  }
  out.manifest = core::build_manifest(config, out.plan, out.units);
  for (const core::Placed& p : out.manifest.main)
    out.main.push_back(out.member(p.unit, p.member).ref);
  for (const core::Placed& p : out.manifest.standby)
    out.standby.push_back(out.member(p.unit, p.member).ref);
  return out;
}

}  // namespace corridor::app
