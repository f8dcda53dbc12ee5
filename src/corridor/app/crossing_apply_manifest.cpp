// Applying manifest and approval statements (core/manifest_rules.hpp has
// the rules; app/plan.cpp runs the policy the manifest must match).

#include <corridor/app/crossing_apply.hpp>
#include <corridor/app/plan.hpp>
#include <corridor/core/manifest_rules.hpp>

#include <algorithm>

namespace corridor::app::detail {

using core::Result;

Result<void> apply_manifest(store::Database& db, const core::Config& config,
                            const ledger::Statement& s, const core::Hash256& text_hash) {
  auto today = today_of(config, s.time);
  if (!today) return std::move(today).error();
  auto day = store::load_day(db, s.day);
  if (!day) return std::move(day).error();
  auto events = store::gate_events(db, s.day);
  if (!events) return std::move(events).error();
  const bool begun = std::any_of(events->begin(), events->end(), [&](const store::GateEvent& e) {
    return e.direction == s.direction;
  });
  if (auto r = core::check_manifest(config, s.party, s.day, s.direction, *today, *day, begun); !r)
    return r;
  auto planned = plan_manifest(db, config, **day, s.direction, s.time);
  if (!planned) return std::move(planned).error();
  if (auto r = core::check_manifest_lists(planned->main, planned->standby, s.refs, s.others); !r)
    return r;
  // The previous list of this direction leaves the day; the new one is on it.
  auto previous = store::current_manifest(db, s.day, s.direction);
  if (!previous) return std::move(previous).error();
  if (*previous)
    for (const std::string& ref : core::left_off((*previous)->main, s.refs))
      if (auto r = reschedule(db, config, ref, std::nullopt, s.time); !r) return r;
  for (const std::string& ref : s.refs)
    if (auto r = reschedule(db, config, ref, s.day, s.time); !r) return r;
  store::ManifestRow m;
  m.date = s.day;
  m.direction = s.direction;
  m.hash = text_hash;
  m.party = s.party;
  m.officer = s.officer;
  m.at = s.time;
  m.main = s.refs;
  m.standby = s.others;
  return store::insert_manifest(db, m);
}

Result<void> apply_approval(store::Database& db, const core::Config& config,
                            const ledger::Statement& s) {
  auto m = store::current_manifest(db, s.day, s.direction);
  if (!m) return std::move(m).error();
  std::optional<core::ManifestState> current;
  if (*m) {
    current.emplace();
    current->hash = (*m)->hash;
    for (const store::Approval& a : (*m)->approvals) current->approved_by.push_back(a.party);
  }
  if (auto r = core::check_approval(config, s.party, s.day, s.direction, current, s.target); !r)
    return r;
  return store::insert_approval(db, (*m)->id, {s.party, s.officer, s.time});
}

}  // namespace corridor::app::detail
