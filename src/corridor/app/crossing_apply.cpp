#include <corridor/app/crossing_apply.hpp>

#include <corridor/app/stats_tally.hpp>
#include <corridor/app/timezone.hpp>
#include <corridor/core/workflow.hpp>

namespace corridor::app::detail {

using core::Errc;
using core::Result;

Result<core::Date> today_of(const core::Config& config, core::Timestamp t) {
  return local_date(t, config.crossing.time_zone);
}

Result<store::StoredCase> load_case(store::Database& db, const std::string& ref) {
  auto found = store::load_case(db, ref);
  if (!found) return std::move(found).error();
  if (!*found) return core::refuse("unknown-case", "no case " + ref);
  return std::move(**found);
}

Result<core::CaseView> save_case(store::Database& db, const core::Config& config,
                                 const store::StoredCase& sc, core::Timestamp at) {
  const core::WorkflowDef* wf = config.workflow_for(sc.record.direction, sc.record.category);
  if (!wf)
    return core::make_error(Errc::internal,
                            "the store is inconsistent: no workflow for case " + sc.record.ref);
  core::CaseView view = core::derive(*wf, sc.facts, at);
  if (auto r = store::save_state(db, sc.record.id, view); !r) return std::move(r).error();
  return view;
}

Result<void> reschedule(store::Database& db, const core::Config& config, const std::string& ref,
                        std::optional<core::Date> on, core::Timestamp at) {
  auto sc = load_case(db, ref);
  if (!sc) return std::move(sc).error();
  const std::optional<store::StoredCase> was = *sc;
  if (auto r = store::set_scheduled(db, sc->record.id, on); !r) return r;
  sc->facts.scheduled_on = on;
  auto saved = save_case(db, config, *sc, at);
  if (!saved) return std::move(saved).error();
  return tally::changed(db, config, was, *sc, at);
}

// The priority comes from the referral date, which nothing here changes:
// a traveller back in the queue keeps their place.
Result<void> unschedule_day(store::Database& db, const core::Config& config, const core::Date& date,
                            core::Timestamp at) {
  auto refs = store::scheduled_on(db, date);
  if (!refs) return std::move(refs).error();
  for (const std::string& ref : *refs)
    if (auto r = reschedule(db, config, ref, std::nullopt, at); !r) return r;
  return store::void_manifests(db, date);
}

Result<core::ReportFields> report_fields(store::Database& db, const core::Date& date) {
  auto events = store::gate_events(db, date);
  if (!events) return std::move(events).error();
  return core::report_of(*events);
}

Result<std::vector<std::string>> unaccounted(store::Database& db, const core::Date& date) {
  std::vector<std::string> out;
  for (core::Direction d : {core::Direction::exit, core::Direction::entry}) {
    auto m = store::current_manifest(db, date, d);
    if (!m) return std::move(m).error();
    if (!*m) continue;
    for (const std::string& ref : (*m)->main) {
      auto done = store::gate_event(db, date, ref);
      if (!done) return std::move(done).error();
      if (*done) continue;
      // Already through the gate on another day (from that day's standby
      // list): not this day's no-show.
      auto sc = store::load_case(db, ref);
      if (!sc) return std::move(sc).error();
      if (*sc && !(*sc)->facts.travel) out.push_back(ref);
    }
  }
  return out;
}

}  // namespace corridor::app::detail
