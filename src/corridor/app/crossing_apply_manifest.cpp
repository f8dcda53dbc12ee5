// Applying manifest and approval statements (core/manifest_rules.hpp has
// the rules; app/plan.cpp runs the policy the manifest must match).

#include <corridor/app/crossing_apply.hpp>
#include <corridor/app/plan.hpp>
#include <corridor/core/manifest_rules.hpp>

#include <algorithm>

namespace corridor::app::detail {

using core::Result;

Result<void> apply_manifest(store::Database& db, const core::Config& config,
                            const ledger::Statement& s, const ledger::Manifest& list,
                            const core::Hash256& text_hash) {
  auto today = today_of(config, s.time);
  if (!today) return std::move(today).error();
  auto day = store::load_day(db, list.day);
  if (!day) return std::move(day).error();
  auto events = store::gate_events(db, list.day);
  if (!events) return std::move(events).error();
  const bool begun = std::any_of(events->begin(), events->end(), [&](const store::GateEvent& e) {
    return e.direction == list.direction;
  });
  if (auto r = core::check_manifest(config, s.party, list.day, list.direction, *today, *day, begun);
      !r)
    return r;
  auto planned = plan_manifest(db, config, **day, list.direction, s.time);
  if (!planned) return std::move(planned).error();
  // The public log lists the travellers by public id in the order of the
  // ids (app/public_form.cpp), so that a published list in travel order
  // cannot be matched to it place by place; the travel order is the
  // policy's, which the store has just planned. A list of other members is
  // refused, naming the first difference.
  const ledger::Manifest ordered =
      core::same_members(planned->main, list.travellers) &&
              core::same_members(planned->standby, list.standby)
          ? ledger::Manifest{list.day, list.direction, planned->main, planned->standby}
          : list;
  if (auto r = core::check_manifest_lists(planned->main, planned->standby, ordered.travellers,
                                          ordered.standby);
      !r)
    return r;
  // The previous list of this direction leaves the day; the new one is on it.
  auto previous = store::current_manifest(db, list.day, list.direction);
  if (!previous) return std::move(previous).error();
  if (*previous)
    for (const std::string& ref : core::left_off((*previous)->main, ordered.travellers))
      if (auto r = reschedule(db, config, ref, std::nullopt, s.time); !r) return r;
  for (const std::string& ref : ordered.travellers)
    if (auto r = reschedule(db, config, ref, list.day, s.time); !r) return r;
  store::ManifestRow m;
  m.date = list.day;
  m.direction = list.direction;
  m.hash = text_hash;
  m.party = s.party;
  m.officer = s.officer;
  m.at = s.time;
  m.main = ordered.travellers;
  m.standby = ordered.standby;
  return store::insert_manifest(db, m);
}

Result<void> apply_approval(store::Database& db, const core::Config& config,
                            const ledger::Statement& s, const ledger::Approval& a) {
  auto m = store::current_manifest(db, a.day, a.direction);
  if (!m) return std::move(m).error();
  std::optional<core::ManifestState> current;
  if (*m) {
    current.emplace();
    current->hash = (*m)->hash;
    for (const store::Approval& x : (*m)->approvals) current->approved_by.push_back(x.party);
  }
  if (auto r = core::check_approval(config, s.party, a.day, a.direction, current, a.manifest); !r)
    return r;
  return store::insert_approval(db, (*m)->id, {s.party, s.officer, s.time});
}

}  // namespace corridor::app::detail
