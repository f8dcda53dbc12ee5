// The crossing's part of `plan calibrate` (calibrate_observe.hpp): the
// window's crossing days, the patients' outcomes at the gate, the groups
// on the lists and the entry side's arrivals, all read through store/.

#include <corridor/plan/calibrate_observe.hpp>

#include <corridor/app/plan.hpp>
#include <corridor/store/crossing_repo.hpp>
#include <corridor/store/plan_repo.hpp>

#include <set>

namespace corridor::plan::calibration {
namespace {

// A day of the window that is over: before today, or today once closed at
// the gate, suspended or closed (an open day still running is not).
bool over(const store::DayRow& d, const core::Date& today) {
  return d.date < today || d.gate_closed || d.status == "suspended" || d.status == "closed";
}

core::Result<void> days(store::Database& db, const core::Config& config, Observations& obs,
                        std::set<core::Date>& closed) {
  const Window& w = obs.window;
  auto rows = store::list_days(db, w.first, w.today);
  if (!rows) return std::move(rows).error();
  for (const store::DayRow& d : *rows) {
    if (!over(d, w.today)) continue;
    if (d.gate_closed) closed.insert(d.date);
    DayCount day{d.date, d.status == "open", {}};
    if (day.ran) {
      auto cap = app::day_capacity(config, d);
      if (!cap) return std::move(cap).error();
      day.capacity = std::move(cap).value();
    }
    obs.days.push_back(std::move(day));
  }
  return {};
}

// The patients' outcomes on the days closed at the gate, whose counts are
// final: every listed patient who was called has an event.
core::Result<void> gate(store::Database& db, const Roles& roles, Observations& obs,
                        const std::set<core::Date>& closed) {
  auto events = store::gate_events_since(db, obs.window.first);
  if (!events) return std::move(events).error();
  for (const store::GateEvent& e : *events) {
    if (!closed.count(e.date) || e.direction != core::Direction::exit ||
        e.category != roles.patient)
      continue;
    ++obs.at_gate;
    if (e.outcome == "no-show") ++obs.no_shows;
    if (e.outcome == "crossed") ++obs.crossed;
    if (e.outcome == "turned-back") ++obs.turned_back;
  }
  return {};
}

}  // namespace

core::Result<void> observe_crossing(store::Database& db, const core::Config& config,
                                    const Roles& roles, Observations& obs) {
  std::set<core::Date> closed;
  if (auto r = days(db, config, obs, closed); !r) return r;
  if (auto r = gate(db, roles, obs, closed); !r) return r;
  const Window& w = obs.window;
  auto groups = store::listed_group_sizes(db, w.first, w.today, roles.patient);
  if (!groups) return std::move(groups).error();
  obs.companions = std::move(groups).value();
  auto entries = store::registrations(db, core::Direction::entry, w.from, w.now);
  if (!entries) return std::move(entries).error();
  obs.entry_arrivals = *entries;
  return {};
}

}  // namespace corridor::plan::calibration
