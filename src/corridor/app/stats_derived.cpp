// The coordinator's figures derived afresh: every case's state derived at
// "now", by a scan of every case; the series over time are
// stats_series.cpp's. Every figure takes the filter (StatsFilter). Service::stats
// (stats.cpp) reads the maintained figures instead and falls back to this
// when they cannot answer (a "now" before their horizon, an older
// deployment not filled yet); the tests hold the two equal.

#include <corridor/app/plan.hpp>
#include <corridor/app/service.hpp>
#include <corridor/app/stats_series.hpp>
#include <corridor/app/timezone.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/crossing_repo.hpp>
#include <corridor/store/database.hpp>

#include <algorithm>
#include <limits>
#include <optional>

namespace corridor::app::stats_detail {
namespace {

// The longest backlog series: a year of days.
constexpr std::int64_t k_backlog_days = 366;

void count_stages(Stats& st, const core::CaseView& view, core::Timestamp now) {
  for (const core::StageView& s : view.stages) {
    if (!s.actionable()) continue;
    auto it = std::find_if(st.pending.begin(), st.pending.end(), [&](const StageLoad& l) {
      return l.stage == s.def->id && l.party == s.def->party;
    });
    if (it == st.pending.end()) continue;
    if (s.status == core::StageStatus::returned) {
      ++it->returned;
      continue;
    }
    ++it->pending;
    if (s.overdue(now)) ++it->overdue;
    if (!it->oldest_since || s.since < *it->oldest_since) it->oldest_since = s.since;
  }
}

void count_waiting(Stats& st, const core::CaseRecord& r, bool child, const std::string& role) {
  ++st.waiting;
  ++st.waiting_by_category[r.category];
  ++st.waiting_by_role[role];
  if (child) ++st.waiting_children, ++st.children_by_category[r.category];
  if (r.urgency.empty()) return;
  ++st.waiting_by_urgency[r.urgency];
  if (child) ++st.children_by_urgency[r.urgency];
}

void count_denial(Stats& st, const core::CaseView& view) {
  ++st.denied;
  for (const core::StageView& s : view.stages)
    if (s.status == core::StageStatus::denied && s.decision)
      ++st.denied_by_reason[s.def->id + ":" + s.decision->reason];
}

void count_state(Stats& st, core::CaseState state) {
  using S = core::CaseState;
  if (state == S::duplicate) return;  // counted as its kept case, once
  ++st.cases;
  ++st.by_state[std::string(core::to_string(state))];
  if (state == S::cleared) ++st.cleared;
  if (state == S::withdrawn) ++st.withdrawn;
  if (state == S::deceased) ++st.deceased;
  if (state == S::scheduled) ++st.scheduled;
  if (state == S::crossed) ++st.crossed;
  if (state == S::turned_back) ++st.turned_back;
}

}  // namespace

// One StageLoad per (stage, party) of the config, in config order.
std::vector<StageLoad> stage_loads(const core::Config& config) {
  std::vector<StageLoad> loads;
  for (const core::WorkflowDef& wf : config.workflows)
    for (const core::StageDef& s : wf.stages) {
      bool seen = std::any_of(loads.begin(), loads.end(), [&](const StageLoad& l) {
        return l.stage == s.id && l.party == s.party;
      });
      if (!seen) loads.push_back(StageLoad{s.id, s.party, 0, 0, 0, std::nullopt});
    }
  return loads;
}

namespace {

// Places a direction offers to `category` (every category if empty): its
// categories' places, capped by its total.
std::int64_t places(const core::DirectionCapacity& c, const std::optional<std::string>& category) {
  std::int64_t sum = 0;
  for (const auto& [cat, n] : c.places)
    if (!category || cat == *category) sum += n;
  return c.total ? std::min<std::int64_t>(sum, *c.total) : sum;
}

}  // namespace

bool in_range(const StatsFilter& f, const core::Date& d) {
  return (!f.since || d >= *f.since) && (!f.until || d <= *f.until);
}

namespace {

// Offered places per day and direction/category, filtered.
void count_capacity(const core::Config& config, const StatsFilter& f, const core::Capacity& cap,
                    Stats& st, Stats::Day& day) {
  for (core::Direction d : {core::Direction::exit, core::Direction::entry}) {
    if (f.direction && d != *f.direction) continue;
    const core::DirectionCapacity& c = cap.of(d);
    day.capacity += places(c, f.category);
    for (const auto& [cat, n] : c.places) {
      if (f.category && cat != *f.category) continue;
      auto it = std::find_if(st.planned.begin(), st.planned.end(), [&](const Stats::Planned& p) {
        return p.direction == d && p.category == cat;
      });
      if (it == st.planned.end()) it = st.planned.insert(st.planned.end(), {d, cat, 0, 0});
      it->planned += c.total ? std::min<std::int64_t>(n, *c.total) : n;
    }
  }
  (void)config;
}

void count_crossed(const core::Config& config, Stats& st, Stats::Day& day,
                   const store::GateEvent& e) {
  ++day.crossed[std::string(core::to_string(e.direction)) + "/" + e.category];
  ++day.crossed_total;
  ++day.crossed_by_role[role_of(config, e.category)];
  auto it = std::find_if(st.planned.begin(), st.planned.end(), [&](const Stats::Planned& p) {
    return p.direction == e.direction && p.category == e.category;
  });
  if (it == st.planned.end())
    it = st.planned.insert(st.planned.end(), {e.direction, e.category, 0, 0});
  ++it->crossed;
}

}  // namespace

core::Result<void> crossing_stats(store::Database& db, const core::Config& config, const Scan& scan,
                                  Stats& st) {
  const StatsFilter& f = st.filter;
  const core::Date from = f.since.value_or(core::Date{1, 1, 1});
  std::map<core::Date, Stats::Day> days;
  auto listed = store::list_days(db, from, f.until);
  if (!listed) return std::move(listed).error();
  for (const store::DayRow& d : *listed) {
    if (d.date > st.today && !d.gate_closed) continue;
    Stats::Day& day = days[d.date];
    day.date = d.date;
    day.status = d.status;
    day.in_progress = d.date == st.today && !d.gate_closed;
    auto cap = day_capacity(config, d);
    if (!cap) return std::move(cap).error();
    // Places offered: a day that ran (closed at the gate, or open and past).
    if (d.gate_closed || (d.status == "open" && d.date < st.today))
      count_capacity(config, f, *cap, st, day);
  }
  auto events = store::gate_events_since(db, from);
  if (!events) return std::move(events).error();
  for (const store::GateEvent& e : *events) {
    if (!in_range(f, e.date)) continue;
    if (f.direction && e.direction != *f.direction) continue;
    if (f.category && e.category != *f.category) continue;
    if (f.urgency) {
      auto u = scan.urgency.find(e.case_ref);
      if (u == scan.urgency.end() || u->second != *f.urgency) continue;
    }
    Stats::Day& day = days[e.date];
    day.date = e.date;
    if (e.outcome == "crossed") count_crossed(config, st, day, e);
    if (e.outcome == "no-show") ++day.no_shows;
    if (e.outcome == "turned-back") ++day.turned_back;
    if (!e.standby) ++st.expected_since;
  }
  for (auto& [date, day] : days) {
    st.crossed_since += day.crossed_total;
    st.capacity_since += day.capacity;
    st.no_shows_since += day.no_shows;
    st.days.push_back(std::move(day));
  }
  std::sort(st.planned.begin(), st.planned.end(), [](const auto& a, const auto& b) {
    return std::pair{a.direction, a.category} < std::pair{b.direction, b.category};
  });
  return {};
}

// The instant each day of the backlog's range ends (the next local
// midnight): at most k_backlog_days, ending today at the latest.
core::Result<std::vector<std::pair<core::Date, core::Timestamp>>> backlog_days(
    const core::Config& config, const StatsFilter& f, const core::Date& today,
    const core::Date& first) {
  const core::Date last = std::min(f.until.value_or(today), today);
  core::Date start = std::max(f.since.value_or(first), first);
  start = std::max(start, last.plus_days(1 - k_backlog_days));
  std::vector<std::pair<core::Date, core::Timestamp>> out;
  for (core::Date d = start; d <= last; d = d.plus_days(1)) {
    auto end = local_instant(d.plus_days(1), "00:00", config.crossing.time_zone);
    if (!end) return std::move(end).error();
    out.emplace_back(d, *end);
  }
  return out;
}

core::Result<Stats> derived_stats(store::Database& db, const core::Config& m_config, Stats st) {
  const StatsFilter filter = st.filter;
  const std::string& tz = m_config.crossing.time_zone;

  Scan scan;
  auto events = store::gate_events_since(db, core::Date{1, 1, 1});
  if (!events) return std::move(events).error();
  for (const store::GateEvent& e : *events) {
    if (e.outcome == "crossed") scan.ends[e.case_ref] = GateEnd{e.date, core::Travel::crossed};
    if (e.outcome == "turned-back")
      scan.ends[e.case_ref] = GateEnd{e.date, core::Travel::turned_back};
  }
  auto at = [&](const std::optional<core::Date>& d, std::int64_t plus, core::Timestamp none) {
    if (!d) return core::Result<core::Timestamp>(none);
    return local_instant(d->plus_days(plus), "00:00", tz);
  };
  auto from = at(filter.since, 0, std::numeric_limits<core::Timestamp>::min());
  auto to = at(filter.until, 1, std::numeric_limits<core::Timestamp>::max());
  if (!from) return std::move(from).error();
  if (!to) return std::move(to).error();
  DecisionClock clock(m_config, *from, *to);
  core::Timestamp first = st.now;
  std::vector<double> waits;          // days from referral to crossing, crossed in the range
  std::optional<core::Error> failed;  // a date ICU could not give
  auto read = store::for_each_case(db, {}, [&](store::StoredCase&& sc) {
    const core::WorkflowDef* wf = m_config.workflow_for(sc.record.direction, sc.record.category);
    if (!wf || !passes(filter, sc.record) || failed) return;
    const core::CaseRecord& r = sc.record;
    first = std::min(first, sc.facts.registered_at);
    if (filter.urgency) scan.urgency[r.ref] = r.urgency;
    clock.add(sc, *wf);
    const core::CaseView view = core::derive(*wf, sc.facts, st.now);
    count_state(st, view.state);
    if (view.state == core::CaseState::denied) count_denial(st, view);
    if (view.state == core::CaseState::deceased && sc.facts.closure) {
      auto day = local_date(sc.facts.closure->at, tz);
      if (!day) return void(failed = std::move(day).error());
      ++scan.deaths[day->to_string()];
      if (in_range(filter, *day) && !r.urgency.empty())
        ++scan.deaths_in_range_by_urgency[r.urgency];
    }
    if (auto end = scan.ends.find(r.ref); end != scan.ends.end() &&
                                          end->second.travel == core::Travel::crossed &&
                                          in_range(filter, end->second.on)) {
      const core::Date referred = r.requested_on.value_or(core::utc_date(r.registered_at));
      waits.push_back(
          static_cast<double>(end->second.on.days_since_epoch() - referred.days_since_epoch()));
    }
    if (!core::is_open(view.state)) return;
    const bool child = core::age_on(r.person.date_of_birth, st.today) < m_config.crossing.child_age;
    count_waiting(st, r, child, role_of(m_config, r.category));
    count_stages(st, view, st.now);
  });
  if (!read) return std::move(read).error();
  if (failed) return std::move(*failed);
  st.decision_times = clock.take();
  std::sort(waits.begin(), waits.end());
  if (!waits.empty()) {
    st.days_to_cross_median = percentile(waits, 0.5);
    st.days_to_cross_p90 = percentile(waits, 0.9);
  }
  std::int64_t running = 0;
  for (const auto& [date, n] : scan.deaths) {
    running += n;
    auto d = core::parse_date(date);
    if (!d || !in_range(filter, *d)) continue;
    st.deaths_by_date.emplace_back(date, n);
    st.deaths_cumulative.emplace_back(date, running);
  }
  st.deaths_by_urgency = std::move(scan.deaths_in_range_by_urgency);

  // The backlog: a second scan, now that the first registration is known.
  auto first_day = local_date(first, tz);
  if (!first_day) return std::move(first_day).error();
  auto ends = backlog_days(m_config, filter, st.today, *first_day);
  if (!ends) return std::move(ends).error();
  Backlog backlog(m_config, std::move(ends).value());
  read = store::for_each_case(db, {}, [&](store::StoredCase&& sc) {
    const core::WorkflowDef* wf = m_config.workflow_for(sc.record.direction, sc.record.category);
    if (!wf || !passes(filter, sc.record)) return;
    auto end = scan.ends.find(sc.record.ref);
    backlog.add(sc, *wf, end == scan.ends.end() ? nullptr : &end->second);
  });
  if (!read) return std::move(read).error();
  st.backlog = backlog.take();
  if (auto r = crossing_stats(db, m_config, scan, st); !r) return std::move(r).error();
  return st;
}

}  // namespace corridor::app::stats_detail
