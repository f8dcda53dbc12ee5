#include <corridor/app/crossing_apply.hpp>

#include <corridor/app/plan.hpp>
#include <corridor/app/timezone.hpp>
#include <corridor/core/workflow.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/crossing_repo.hpp>

#include <algorithm>
#include <set>

namespace corridor::app::detail {
namespace {

using core::Errc;
using core::refuse;
using core::Result;
using ledger::CrossingAction;
using ledger::GateOutcome;
using ledger::Statement;

constexpr std::int64_t k_max_days_per_change = 366;

bool contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::string listed(const std::vector<std::string>& parties) {
  std::string out;
  for (const auto& p : parties) out += (out.empty() ? "" : ", ") + p;
  return out.empty() ? "none (see the config)" : out;
}

// The crossing-zone date at the statement's time.
Result<core::Date> today_of(const core::Config& config, const Statement& s) {
  return local_date(s.time, config.crossing.time_zone);
}

Result<store::StoredCase> load(store::Database& db, const std::string& ref) {
  auto found = store::load_case(db, ref);
  if (!found) return std::move(found).error();
  if (!*found) return refuse("unknown-case", "no case " + ref);
  return std::move(**found);
}

// Re-derives a case after a change to its gate facts and saves its state.
Result<core::CaseView> save(store::Database& db, const core::Config& config,
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
  auto sc = load(db, ref);
  if (!sc) return std::move(sc).error();
  if (auto r = store::set_scheduled(db, sc->record.id, on); !r) return r;
  sc->facts.scheduled_on = on;
  auto saved = save(db, config, *sc, at);
  if (!saved) return std::move(saved).error();
  return {};
}

// Everyone scheduled on the day goes back to the queue, place kept: the
// priority comes from the referral date, which nothing here changes.
Result<void> unschedule_day(store::Database& db, const core::Config& config, const core::Date& date,
                            core::Timestamp at) {
  auto refs = store::scheduled_on(db, date);
  if (!refs) return std::move(refs).error();
  for (const std::string& ref : *refs)
    if (auto r = reschedule(db, config, ref, std::nullopt, at); !r) return r;
  return store::void_manifests(db, date);
}

Result<store::DayRow> open_day(store::Database& db, const core::Date& date) {
  auto day = store::load_day(db, date);
  if (!day) return std::move(day).error();
  if (!*day) return refuse("day-not-open", "the crossing is not open on " + date.to_string());
  if ((*day)->gate_closed)
    return refuse("day-closed", date.to_string() + " was closed at the gate");
  if ((*day)->status != "open")
    return refuse("day-not-open", "the crossing is " + (*day)->status + " on " + date.to_string() +
                                      ((*day)->reason.empty() ? "" : " (" + (*day)->reason + ")"));
  return std::move(**day);
}

// Capacities a statement sets: known categories, each in a direction it
// may travel.
Result<core::Capacity> checked_capacity(const core::Config& config, const core::Capacity& cap) {
  for (core::Direction d : {core::Direction::exit, core::Direction::entry})
    for (const auto& [cat, n] : cap.of(d).places) {
      const core::CategoryDef* c = config.find_category(cat);
      if (!c) return refuse("bad-capacity", "no category " + cat);
      if (!c->allows(d))
        return refuse("bad-capacity",
                      "category " + cat + " does not travel " + std::string(core::to_string(d)));
    }
  return cap;
}

}  // namespace

Result<void> apply_crossing(store::Database& db, const core::Config& config, const Statement& s,
                            const ledger::CrossingChange& c) {
  const std::string action(ledger::to_string(c.action));
  const auto& who = c.action == CrossingAction::open      ? config.days.open
                    : c.action == CrossingAction::suspend ? config.days.suspend
                                                          : config.days.close;
  if (!contains(who, s.party))
    return refuse("crossing-party", s.party + " may not " + action +
                                        " a crossing day (the config allows: " + listed(who) + ")");
  auto today = today_of(config, s);
  if (!today) return std::move(today).error();
  const core::Date last = c.until.value_or(c.day);
  if (c.day < *today)
    return refuse("day-past",
                  c.day.to_string() + " is in the past (today is " + today->to_string() + ")");
  if (last.days_since_epoch() - c.day.days_since_epoch() >= k_max_days_per_change)
    return refuse("day-range",
                  "one change covers at most " + std::to_string(k_max_days_per_change) + " days");
  std::string capacity;
  if (c.action == CrossingAction::open) {
    // The statement carries the capacities, so a replay never depends on
    // the config of the day it runs.
    if (!c.capacity) return refuse("bad-capacity", "an opening states the day's capacities");
    auto cap = checked_capacity(config, *c.capacity);
    if (!cap) return std::move(cap).error();
    capacity = core::format_capacity(*cap);
  } else if (c.capacity) {
    return refuse("bad-capacity", "only an opening sets capacities");
  }
  for (core::Date d = c.day; d <= last; d = d.plus_days(1)) {
    auto found = store::load_day(db, d);
    if (!found) return std::move(found).error();
    store::DayRow fresh;
    fresh.date = d;
    store::DayRow day = found->value_or(fresh);
    if (day.gate_closed)
      return refuse("day-closed", d.to_string() + " was already closed at the gate");
    if (c.action == CrossingAction::open) {
      // Every opener signs the same capacities: a different one starts the
      // signatures again.
      if (day.capacity != capacity || (day.status != "open" && day.status != "pending")) {
        day.signed_by.clear();
        // Lists built for other capacities no longer count.
        if (auto r = unschedule_day(db, config, d, s.time); !r) return r;
      }
      if (contains(day.signed_by, s.party))
        return refuse("already-signed",
                      s.party + " has already opened " + d.to_string() + " with these capacities");
      day.signed_by.push_back(s.party);
      std::sort(day.signed_by.begin(), day.signed_by.end());
      day.capacity = capacity;
      const bool all =
          std::all_of(config.days.open.begin(), config.days.open.end(),
                      [&](const std::string& p) { return contains(day.signed_by, p); });
      day.status = all ? "open" : "pending";
    } else {
      day.status = c.action == CrossingAction::suspend ? "suspended" : "closed";
      day.signed_by.clear();
      if (auto r = unschedule_day(db, config, d, s.time); !r) return r;
    }
    day.reason = c.reason;
    if (auto r = store::save_day(db, day); !r) return r;
    if (auto r = store::insert_crossing_event(
            db, {d, action, s.party, s.officer, c.reason, capacity, s.time});
        !r)
      return r;
  }
  return {};
}

namespace {

// The first place two lists differ, for a refusal.
std::string first_difference(const std::vector<std::string>& want,
                             const std::vector<std::string>& got) {
  std::size_t i = 0;
  while (i < want.size() && i < got.size() && want[i] == got[i]) ++i;
  auto at = [](const std::vector<std::string>& v, std::size_t i) {
    return i < v.size() ? v[i] : std::string("(end)");
  };
  return "at position " + std::to_string(i + 1) + " the policy gives " + at(want, i) +
         ", the statement has " + at(got, i);
}

}  // namespace

Result<void> apply_manifest(store::Database& db, const core::Config& config, const Statement& s,
                            const ledger::Manifest& list, const core::Hash256& text_hash) {
  if (s.party != config.manifest.operator_party)
    return refuse("manifest-party", "manifests are built by the operator (" +
                                        config.manifest.operator_party + "), not " + s.party);
  auto today = today_of(config, s);
  if (!today) return std::move(today).error();
  if (list.day < *today) return refuse("day-past", list.day.to_string() + " is in the past");
  auto day = open_day(db, list.day);
  if (!day) return std::move(day).error();
  auto events = store::gate_events(db, list.day);
  if (!events) return std::move(events).error();
  if (std::any_of(events->begin(), events->end(),
                  [&](const store::GateEvent& e) { return e.direction == list.direction; }))
    return refuse("manifest-in-use", "check-in has begun for " + list.day.to_string() + " " +
                                         std::string(core::to_string(list.direction)));
  auto planned = plan_manifest(db, config, *day, list.direction, s.time);
  if (!planned) return std::move(planned).error();
  if (planned->main != list.travellers)
    return refuse("manifest-policy", "the main list is not the policy's: " +
                                         first_difference(planned->main, list.travellers));
  if (planned->standby != list.standby)
    return refuse("manifest-policy", "the standby list is not the policy's: " +
                                         first_difference(planned->standby, list.standby));
  // The previous list of this direction leaves the day; the new one is on it.
  auto previous = store::current_manifest(db, list.day, list.direction);
  if (!previous) return std::move(previous).error();
  if (*previous)
    for (const std::string& ref : (*previous)->main)
      if (!contains(list.travellers, ref))
        if (auto r = reschedule(db, config, ref, std::nullopt, s.time); !r) return r;
  for (const std::string& ref : list.travellers)
    if (auto r = reschedule(db, config, ref, list.day, s.time); !r) return r;
  store::ManifestRow m;
  m.date = list.day;
  m.direction = list.direction;
  m.hash = text_hash;
  m.party = s.party;
  m.officer = s.officer;
  m.at = s.time;
  m.main = list.travellers;
  m.standby = list.standby;
  return store::insert_manifest(db, m);
}

Result<void> apply_approval(store::Database& db, const core::Config& config, const Statement& s,
                            const ledger::Approval& a) {
  if (!contains(config.manifest.approvers, s.party))
    return refuse("approval-party", s.party + " does not approve manifests (the config names: " +
                                        listed(config.manifest.approvers) + ")");
  auto m = store::current_manifest(db, a.day, a.direction);
  if (!m) return std::move(m).error();
  const std::string what = a.day.to_string() + " " + std::string(core::to_string(a.direction));
  if (!*m) return refuse("no-manifest", "no manifest is built for " + what);
  if ((*m)->hash != a.manifest)
    return refuse("stale-manifest",
                  "the manifest for " + what + " has changed since; approve the current one");
  if ((*m)->approved_by(s.party))
    return refuse("already-approved", s.party + " has already approved the manifest for " + what);
  return store::insert_approval(db, (*m)->id, {s.party, s.officer, s.time});
}

namespace {

// Where a case is on the day's manifests: nullopt if on none.
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

// A standby traveller goes only into a place freed in their category: by a
// no-show, or by a listed traveller who already went on an earlier day.
Result<void> check_free_place(store::Database& db, const store::ManifestRow& m,
                              const std::string& category) {
  auto events = store::gate_events(db, m.date);
  if (!events) return std::move(events).error();
  int freed = 0, used = 0;
  std::set<std::string> here;  // main-list travellers with an event today
  for (const store::GateEvent& e : *events) {
    if (!e.standby) here.insert(e.case_ref);
    if (e.direction != m.direction || e.category != category) continue;
    if (e.outcome == "no-show" && !e.standby) ++freed;
    if (e.outcome != "no-show" && e.standby) ++used;
  }
  // So is the place of one who went on an earlier day, from its standby.
  for (const std::string& ref : m.main) {
    if (here.count(ref)) continue;
    auto sc = store::load_case(db, ref);
    if (!sc) return std::move(sc).error();
    if (*sc && (*sc)->facts.travel && (*sc)->record.category == category) ++freed;
  }
  if (used >= freed)
    return refuse("no-free-place", "no place is free for a standby " + category + " traveller (" +
                                       std::to_string(freed) + " no-shows, " +
                                       std::to_string(used) + " taken from standby)");
  return {};
}

}  // namespace

Result<void> apply_gate(store::Database& db, const core::Config& config, const Statement& s,
                        const ledger::GateEvent& g, Applied& out) {
  if (s.party != config.manifest.operator_party)
    return refuse("gate-party",
                  "the gate is run by " + config.manifest.operator_party + ", not " + s.party);
  auto today = today_of(config, s);
  if (!today) return std::move(today).error();
  if (*today != g.day)
    return refuse("not-today", "check-in for " + g.day.to_string() +
                                   " happens on that day (today is " + today->to_string() + ")");
  auto day = open_day(db, g.day);
  if (!day) return std::move(day).error();
  auto sc = load(db, s.case_ref);
  if (!sc) return std::move(sc).error();
  const core::CaseRecord& rec = sc->record;
  auto on = find_on_list(db, g.day, rec.ref, rec.direction);
  if (!on) return std::move(on).error();
  if (!*on)
    return refuse("not-on-manifest",
                  "case " + rec.ref + " is not on the manifest of " + g.day.to_string());
  const store::ManifestRow& m = (*on)->manifest;
  for (const std::string& p : config.manifest.approvers)
    if (!m.approved_by(p))
      return refuse("manifest-not-approved",
                    "the manifest of " + g.day.to_string() + " awaits the approval of " + p);
  auto done = store::gate_event(db, g.day, rec.ref);
  if (!done) return std::move(done).error();
  if (*done)
    return refuse("already-checked-in",
                  "case " + rec.ref + " is already recorded as " + (*done)->outcome + " today");
  if (g.snapshot != rec.snapshot)
    return refuse("stale-snapshot", "case " + rec.ref +
                                        "'s identity has changed since; check against the current "
                                        "record");
  const bool standby = (*on)->standby;
  store::GateEvent e{
      g.day,    rec.ref, rec.direction, rec.category, std::string(ledger::to_string(g.outcome)),
      g.reason, standby, s.party,       s.officer,    s.time};
  const core::WorkflowDef* wf = config.workflow_for(rec.direction, rec.category);
  if (!wf) return core::make_error(Errc::internal, "no workflow for case " + rec.ref);
  const core::CaseState state = core::derive(*wf, sc->facts, s.time).state;
  if (g.outcome == GateOutcome::no_show) {
    if (standby) return refuse("not-on-manifest", "a standby traveller cannot be a no-show");
    if (!g.reason.empty()) return refuse("turn-back-reason", "a no-show carries no reason");
    if (state != core::CaseState::scheduled)
      return refuse("not-cleared", "case " + rec.ref + " is " +
                                       std::string(core::to_string(state)) + ", not scheduled");
    auto cutoff = local_instant(g.day, config.days.no_show_after, config.crossing.time_zone);
    if (!cutoff) return std::move(cutoff).error();
    if (s.time < *cutoff)
      return refuse("too-early", "a traveller may be marked a no-show from " +
                                     config.days.no_show_after +
                                     "; before, only closing the day does");
    if (auto r = store::insert_gate_event(db, e); !r) return r;
    if (auto r = store::set_scheduled(db, rec.id, std::nullopt); !r) return r;
    sc->facts.scheduled_on.reset();
    auto view = save(db, config, *sc, s.time);
    if (!view) return std::move(view).error();
    out.state = view->state;
    return {};
  }
  // A standby traveller may already be on a later day's list: going today
  // frees that place.
  const core::CaseState want = standby ? core::CaseState::cleared : core::CaseState::scheduled;
  if (state != want && !(standby && state == core::CaseState::scheduled))
    return refuse("not-cleared", "case " + rec.ref + " is " + std::string(core::to_string(state)) +
                                     ", not " + std::string(core::to_string(want)));
  if (standby) {
    if (auto r = check_free_place(db, m, rec.category); !r) return r;
    // A standby companion goes with their patient, never instead of them.
    if (!rec.group_ref.empty()) {
      auto lead = store::gate_event(db, g.day, rec.group_ref);
      if (!lead) return std::move(lead).error();
      if (!*lead || (*lead)->outcome != "crossed")
        return refuse("no-free-place", "standby companion " + rec.ref + " goes only with " +
                                           rec.group_ref + ", who has not crossed today");
    }
  }
  if (g.outcome == GateOutcome::turned_back) {
    if (!contains(config.manifest.turn_back_reasons, g.reason))
      return refuse("turn-back-reason", "'" + g.reason +
                                            "' is not a turn-back reason (the config "
                                            "lists: " +
                                            listed(config.manifest.turn_back_reasons) + ")");
  } else {
    if (!g.reason.empty()) return refuse("turn-back-reason", "a crossing carries no reason");
    // An order holds until recorded, on whatever day the traveller comes.
    auto pending = store::pending_reexaminations(db, rec.ref);
    if (!pending) return std::move(pending).error();
    if (!pending->empty())
      return refuse("reexamination-pending",
                    config.manifest.monitor + " ordered a re-examination of case " + rec.ref +
                        " on " + pending->front().date.to_string() + " that is not recorded yet");
  }
  if (auto r = store::insert_gate_event(db, e); !r) return r;
  const core::Travel travel =
      g.outcome == GateOutcome::crossed ? core::Travel::crossed : core::Travel::turned_back;
  if (auto r = store::set_travel(db, rec.id, travel, g.day); !r) return r;
  sc->facts.travel = travel;
  sc->facts.scheduled_on.reset();
  auto view = save(db, config, *sc, s.time);
  if (!view) return std::move(view).error();
  out.state = view->state;
  return {};
}

Result<void> apply_reexamination(store::Database& db, const core::Config& config,
                                 const Statement& s, const ledger::Reexamination& x) {
  const std::string& monitor = config.manifest.monitor;
  const std::string by = ledger::officer_key_name(s.party, s.officer);
  auto sc = load(db, s.case_ref);
  if (!sc) return std::move(sc).error();
  auto existing = store::load_reexamination(db, x.day, s.case_ref);
  if (!existing) return std::move(existing).error();
  if (x.step == ledger::ReexamStep::ordered) {
    if (s.party != monitor)
      return refuse("reexamination-party",
                    "only the monitor (" + monitor + ") orders a re-examination");
    auto on = find_on_list(db, x.day, s.case_ref, sc->record.direction);
    if (!on) return std::move(on).error();
    if (!*on)
      return refuse("not-on-manifest",
                    "case " + s.case_ref + " is not on the manifest of " + x.day.to_string());
    auto done = store::gate_event(db, x.day, s.case_ref);
    if (!done) return std::move(done).error();
    if (*done)
      return refuse("already-checked-in",
                    "case " + s.case_ref + " is already recorded as " + (*done)->outcome);
    if (*existing)
      return refuse("already-ordered", "a re-examination of case " + s.case_ref +
                                           " was already ordered for " + x.day.to_string());
    return store::insert_reexamination(db, {x.day, s.case_ref, by, s.time, {}, {}});
  }
  // The party whose crossing it holds cannot lift it: the monitor records.
  if (s.party != monitor)
    return refuse("reexamination-party",
                  "a re-examination is recorded by the monitor (" + monitor + ")");
  if (!*existing || (*existing)->recorded_at)
    return refuse("no-reexamination", "no re-examination of case " + s.case_ref +
                                          " is waiting on " + x.day.to_string());
  return store::record_reexamination(db, x.day, s.case_ref, by, s.time);
}

Result<void> apply_day_report(store::Database& db, const core::Config& config, const Statement& s,
                              const ledger::DayReport& rep, const core::Hash256& text_hash) {
  if (s.party != config.manifest.operator_party)
    return refuse("report-party",
                  "the day is closed by the operator (" + config.manifest.operator_party + ")");
  auto today = today_of(config, s);
  if (!today) return std::move(today).error();
  if (*today < rep.day)
    return refuse("day-not-started",
                  rep.day.to_string() + " has not begun (today is " + today->to_string() + ")");
  auto found = store::load_day(db, rep.day);
  if (!found) return std::move(found).error();
  if (!*found)
    return refuse("day-not-open", "the crossing was never opened on " + rep.day.to_string());
  store::DayRow day = **found;
  if (day.gate_closed) return refuse("day-closed", rep.day.to_string() + " is already closed");
  // Whoever on a main list did not come is a no-show, back in the queue.
  auto missing = unaccounted(db, rep.day);
  if (!missing) return std::move(missing).error();
  for (const std::string& ref : *missing) {
    auto sc = load(db, ref);
    if (!sc) return std::move(sc).error();
    store::GateEvent e{
        rep.day,   ref,   sc->record.direction, sc->record.category, "no-show", "", false, s.party,
        s.officer, s.time};
    if (auto r = store::insert_gate_event(db, e); !r) return r;
    if (auto r = reschedule(db, config, ref, std::nullopt, s.time); !r) return r;
  }
  auto fields = report_fields(db, rep.day);
  if (!fields) return std::move(fields).error();
  auto mismatch = [&](std::string_view what, const std::string& want, const std::string& got) {
    return refuse("report-mismatch", "'" + std::string(what) +
                                         "' does not match the gate's "
                                         "record: the store has '" +
                                         want + "', the report '" + got + "'");
  };
  auto joined = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& i : v) out += (out.empty() ? "" : ",") + i;
    return out;
  };
  const std::string crossed = rep.crossed ? core::format_capacity(*rep.crossed) : "";
  std::vector<std::string> turned_back;
  for (const ledger::TurnBack& t : rep.turned_back) turned_back.push_back(t.ref + ":" + t.reason);
  if (fields->crossed != crossed) return mismatch("crossed", fields->crossed, crossed);
  if (fields->turned_back != turned_back)
    return mismatch("turned-back", joined(fields->turned_back), joined(turned_back));
  if (fields->no_show != rep.no_shows)
    return mismatch("no-show", joined(fields->no_show), joined(rep.no_shows));
  day.gate_closed = true;
  if (auto r = store::save_day(db, day); !r) return r;
  return store::insert_day_report(db, {rep.day, text_hash, s.party, s.officer, s.time, {}, {}});
}

Result<void> apply_attestation(store::Database& db, const core::Config& config, const Statement& s,
                               const ledger::Attestation& a) {
  if (s.party != config.manifest.monitor)
    return refuse("attestation-party",
                  "a day's report is attested by the monitor (" + config.manifest.monitor + ")");
  auto report = store::load_day_report(db, a.day);
  if (!report) return std::move(report).error();
  if (!*report) return refuse("no-report", "no report closes " + a.day.to_string() + " yet");
  if ((*report)->hash != a.report)
    return refuse("stale-report",
                  "the attestation names another report than " + a.day.to_string() + "'s");
  if ((*report)->attested_at)
    return refuse("already-attested", a.day.to_string() + "'s report is already attested");
  return store::attest_day_report(db, a.day, ledger::officer_key_name(s.party, s.officer), s.time);
}

ReportFields report_fields_of(const std::vector<store::GateEvent>& events,
                              const std::vector<std::string>& no_shows_to_come) {
  core::Capacity crossed;
  ReportFields out;
  for (const store::GateEvent& e : events) {
    if (e.outcome == "crossed") ++crossed.of(e.direction).places[e.category];
    if (e.outcome == "turned-back") out.turned_back.push_back(e.case_ref + ":" + e.reason);
    if (e.outcome == "no-show") out.no_show.push_back(e.case_ref);
  }
  out.no_show.insert(out.no_show.end(), no_shows_to_come.begin(), no_shows_to_come.end());
  std::sort(out.turned_back.begin(), out.turned_back.end());
  std::sort(out.no_show.begin(), out.no_show.end());
  out.crossed = core::format_capacity(crossed);
  return out;
}

Result<ReportFields> report_fields(store::Database& db, const core::Date& date) {
  auto events = store::gate_events(db, date);
  if (!events) return std::move(events).error();
  return report_fields_of(*events, {});
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
