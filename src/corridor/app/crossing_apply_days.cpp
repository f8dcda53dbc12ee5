// Applying a crossing statement: opening, suspending or closing a run of
// days (core/days.hpp has the rules).

#include <corridor/app/crossing_apply.hpp>
#include <corridor/core/days.hpp>

namespace corridor::app::detail {

using core::Errc;
using core::Result;

Result<void> apply_crossing(store::Database& db, const core::Config& config,
                            const ledger::Statement& s) {
  auto action = core::parse_day_action(s.action);
  if (!action) return core::make_error(Errc::internal, "not a crossing action: " + s.action);
  const core::DayChange change{*action,    s.party, s.day, s.until.value_or(s.day),
                               s.capacity, s.reason};
  auto today = today_of(config, s.time);
  if (!today) return std::move(today).error();
  auto capacity = core::check_day_change(config, change, *today);
  if (!capacity) return std::move(capacity).error();
  for (core::Date d = change.from; d <= change.until; d = d.plus_days(1)) {
    auto found = store::load_day(db, d);
    if (!found) return std::move(found).error();
    auto changed = core::change_day(config, *found, d, change, *capacity);
    if (!changed) return std::move(changed).error();
    if (changed->unschedule)
      if (auto r = unschedule_day(db, config, d, s.time); !r) return r;
    if (auto r = store::save_day(db, changed->day); !r) return r;
    if (auto r = store::insert_crossing_event(
            db, {d, s.action, s.party, s.officer, s.reason, *capacity, s.time});
        !r)
      return r;
  }
  return {};
}

}  // namespace corridor::app::detail
