// Applying the gate's statements: check-ins and no-shows, re-examinations,

#include <corridor/core/lists.hpp>
// a day's report and its attestation (core/gate.hpp and core/day_report.hpp
// have the rules).

#include <corridor/app/crossing_apply.hpp>
#include <corridor/app/stats_tally.hpp>
#include <corridor/app/timezone.hpp>
#include <corridor/core/day_report.hpp>
#include <corridor/core/gate.hpp>

#include <algorithm>

namespace corridor::app::detail {
namespace {

using core::contains;
using core::Errc;
using core::Result;

// The day's current manifest of `direction` if `ref` is on it, and whether
// on its standby list.
struct OnList {
  store::ManifestRow manifest;
  bool standby = false;
};

Result<std::optional<OnList>> find_on_list(store::Database& db, const core::Date& date,
                                           const std::string& ref, core::Direction direction) {
  auto m = store::current_manifest(db, date, direction);
  if (!m) return std::move(m).error();
  if (!*m) return std::optional<OnList>{};
  if (contains((*m)->main, ref)) return std::optional<OnList>{OnList{std::move(**m), false}};
  if (contains((*m)->standby, ref)) return std::optional<OnList>{OnList{std::move(**m), true}};
  return std::optional<OnList>{};
}

// What a standby traveller's rules take: the places of their category, and
// their patient's outcome today.
Result<void> load_standby(store::Database& db, const store::ManifestRow& m, core::AtGate& at) {
  auto events = store::gate_events(db, m.date);
  if (!events) return std::move(events).error();
  int gone_earlier = 0;
  for (const std::string& ref : core::absent_from_gate(m.main, *events)) {
    auto sc = store::load_case(db, ref);
    if (!sc) return std::move(sc).error();
    if (*sc && (*sc)->facts.travel && (*sc)->record.category == at.category) ++gone_earlier;
  }
  at.places = core::free_places(*events, m.direction, at.category, gone_earlier);
  if (at.group_ref.empty()) return {};
  auto lead = store::gate_event(db, m.date, at.group_ref);
  if (!lead) return std::move(lead).error();
  if (*lead) at.lead_outcome = (*lead)->outcome;
  return {};
}

// What the gate's rules take about the traveller a statement names.
Result<core::AtGate> load_at_gate(store::Database& db, const core::Config& config,
                                  const ledger::Statement& s, const ledger::GateEvent& g,
                                  const store::StoredCase& sc) {
  const core::CaseRecord& rec = sc.record;
  core::AtGate at;
  at.ref = rec.ref;
  at.group_ref = rec.group_ref;
  at.direction = rec.direction;
  at.category = rec.category;
  at.snapshot = rec.snapshot;
  const core::WorkflowDef* wf = config.workflow_for(rec.direction, rec.category);
  if (!wf) return core::make_error(Errc::internal, "no workflow for case " + rec.ref);
  at.state = core::derive(*wf, sc.facts, s.time).state;
  auto on = find_on_list(db, g.day, rec.ref, rec.direction);
  if (!on) return std::move(on).error();
  if (!*on) return at;  // the rules refuse: nothing more to load
  at.standby = (*on)->standby;
  for (const store::Approval& a : (*on)->manifest.approvals) at.approved_by.push_back(a.party);
  auto done = store::gate_event(db, g.day, rec.ref);
  if (!done) return std::move(done).error();
  if (*done) at.recorded = (*done)->outcome;
  if (g.outcome == ledger::GateOutcome::no_show) {
    auto from = local_instant(g.day, config.days.no_show_after, config.crossing.time_zone);
    if (!from) return std::move(from).error();
    at.no_show_from = *from;
  } else if (g.outcome == ledger::GateOutcome::crossed) {
    // An order holds until recorded, on whatever day the traveller comes.
    auto pending = store::pending_reexaminations(db, rec.ref);
    if (!pending) return std::move(pending).error();
    if (!pending->empty()) at.reexamination_ordered_on = pending->front().date;
  }
  if (at.standby == true)
    if (auto r = load_standby(db, (*on)->manifest, at); !r) return std::move(r).error();
  return at;
}

}  // namespace

Result<void> apply_gate(store::Database& db, const core::Config& config, const ledger::Statement& s,
                        const ledger::GateEvent& g, Applied& out) {
  auto today = today_of(config, s.time);
  if (!today) return std::move(today).error();
  auto day = store::load_day(db, g.day);
  if (!day) return std::move(day).error();
  if (auto r = core::check_gate_day(config, s.party, g.day, *today, *day); !r) return r;
  auto sc = load_case(db, s.case_ref);
  if (!sc) return std::move(sc).error();
  auto at = load_at_gate(db, config, s, g, *sc);
  if (!at) return std::move(at).error();
  const std::string outcome(ledger::to_string(g.outcome));
  auto decided = core::check_checkin(config, {g.day, outcome, g.reason, g.snapshot, s.time}, *at);
  if (!decided) return std::move(decided).error();
  const std::optional<store::StoredCase> was = *sc;
  const core::CaseRecord& rec = sc->record;
  store::GateEvent e{g.day,    rec.ref,          rec.direction, rec.category, outcome,
                     g.reason, decided->standby, s.party,       s.officer,    s.time};
  if (auto r = store::insert_gate_event(db, e); !r) return r;
  if (decided->travel) {
    if (auto r = store::set_travel(db, rec.id, *decided->travel, g.day); !r) return r;
    sc->facts.travel = decided->travel;
  } else {
    if (auto r = store::set_scheduled(db, rec.id, std::nullopt); !r) return r;
  }
  sc->facts.scheduled_on.reset();
  auto view = save_case(db, config, *sc, s.time);
  if (!view) return std::move(view).error();
  out.state = view->state;
  return tally::changed(db, config, was, *sc, s.time);
}

Result<void> apply_reexamination(store::Database& db, const core::Config& config,
                                 const ledger::Statement& s, const ledger::Reexamination& x) {
  auto sc = load_case(db, s.case_ref);
  if (!sc) return std::move(sc).error();
  auto existing = store::load_reexamination(db, x.day, s.case_ref);
  if (!existing) return std::move(existing).error();
  core::ReexaminationFacts facts;
  if (*existing) facts.order_recorded = (*existing)->recorded_at.has_value();
  const bool order = x.step == ledger::ReexamStep::ordered;
  if (order) {
    auto on = find_on_list(db, x.day, s.case_ref, sc->record.direction);
    if (!on) return std::move(on).error();
    facts.on_list = on->has_value();
    auto done = store::gate_event(db, x.day, s.case_ref);
    if (!done) return std::move(done).error();
    if (*done) facts.recorded = (*done)->outcome;
  }
  if (auto r = core::check_reexamination(config, s.party, ledger::to_string(x.step), s.case_ref,
                                         x.day, facts);
      !r)
    return r;
  const std::string by = ledger::officer_key_name(s.party, s.officer);
  if (order) return store::insert_reexamination(db, {x.day, s.case_ref, by, s.time, {}, {}});
  return store::record_reexamination(db, x.day, s.case_ref, by, s.time);
}

Result<void> apply_day_report(store::Database& db, const core::Config& config,
                              const ledger::Statement& s, const ledger::DayReport& rep,
                              const core::Hash256& text_hash) {
  auto today = today_of(config, s.time);
  if (!today) return std::move(today).error();
  auto found = store::load_day(db, rep.day);
  if (!found) return std::move(found).error();
  if (auto r = core::check_day_report(config, s.party, rep.day, *today, *found); !r) return r;
  // Whoever on a main list did not come is a no-show, back in the queue.
  auto missing = unaccounted(db, rep.day);
  if (!missing) return std::move(missing).error();
  for (const std::string& ref : *missing) {
    auto sc = load_case(db, ref);
    if (!sc) return std::move(sc).error();
    store::GateEvent e{
        rep.day,   ref,   sc->record.direction, sc->record.category, "no-show", "", false, s.party,
        s.officer, s.time};
    if (auto r = store::insert_gate_event(db, e); !r) return r;
    if (auto r = reschedule(db, config, ref, std::nullopt, s.time); !r) return r;
  }
  auto fields = report_fields(db, rep.day);
  if (!fields) return std::move(fields).error();
  core::ReportFields signed_fields{
      rep.crossed ? core::format_capacity(*rep.crossed) : "", {}, rep.no_shows};
  for (const ledger::TurnBack& t : rep.turned_back)
    signed_fields.turned_back.push_back(t.ref + ":" + t.reason);
  if (auto r = core::check_report_matches(*fields, signed_fields); !r) return r;
  store::DayRow day = **found;
  day.gate_closed = true;
  if (auto r = store::save_day(db, day); !r) return r;
  return store::insert_day_report(db, {rep.day, text_hash, s.party, s.officer, s.time, {}, {}});
}

Result<void> apply_attestation(store::Database& db, const core::Config& config,
                               const ledger::Statement& s, const ledger::Attestation& a) {
  auto report = store::load_day_report(db, a.day);
  if (!report) return std::move(report).error();
  std::optional<core::ReportState> state;
  if (*report) state = core::ReportState{(*report)->hash, (*report)->attested_at.has_value()};
  if (auto r = core::check_attestation(config, s.party, a.day, state, a.report); !r) return r;
  return store::attest_day_report(db, a.day, ledger::officer_key_name(s.party, s.officer), s.time);
}

}  // namespace corridor::app::detail
