// Applying a crossing statement: opening, suspending or closing a run of
// days (core/days.hpp has the rules).

#include <corridor/app/crossing_apply.hpp>
#include <corridor/core/days.hpp>

namespace corridor::app::detail {
namespace {

core::DayAction day_action(ledger::CrossingAction a) {
  switch (a) {
    case ledger::CrossingAction::open:
      return core::DayAction::open;
    case ledger::CrossingAction::suspend:
      return core::DayAction::suspend;
    case ledger::CrossingAction::close:
      break;
  }
  return core::DayAction::close;
}

}  // namespace

core::Result<void> apply_crossing(store::Database& db, const core::Config& config,
                                  const ledger::Statement& s, const ledger::CrossingChange& c) {
  const core::DayChange change{day_action(c.action),    s.party,    c.day,
                               c.until.value_or(c.day), c.capacity, c.reason};
  auto today = today_of(config, s.time);
  if (!today) return std::move(today).error();
  auto capacity = core::check_day_change(config, change, *today);
  if (!capacity) return std::move(capacity).error();
  const std::string action(ledger::to_string(c.action));
  for (core::Date d = change.from; d <= change.until; d = d.plus_days(1)) {
    auto found = store::load_day(db, d);
    if (!found) return std::move(found).error();
    auto changed = core::change_day(config, *found, d, change, *capacity);
    if (!changed) return std::move(changed).error();
    if (changed->unschedule)
      if (auto r = unschedule_day(db, config, d, s.time); !r) return r;
    if (auto r = store::save_day(db, changed->day); !r) return r;
    if (auto r = store::insert_crossing_event(
            db, {d, action, s.party, s.officer, c.reason, *capacity, s.time});
        !r)
      return r;
  }
  return {};
}

}  // namespace corridor::app::detail
