// Service::stats: the coordinator's figures from the maintained tables
// (app/stats_tally.hpp, migration 11), never a scan of the cases: the
// counts at the horizon plus the timeline up to "now", the backlog's
// changes per day, and indexed reads of the small tables of decisions,
// deaths and gate events. A "now" before the horizon, or an older
// deployment not filled yet, is derived afresh (stats_derived.cpp).

#include <corridor/app/apply.hpp>
#include <corridor/app/service.hpp>
#include <corridor/app/stats_series.hpp>
#include <corridor/app/timezone.hpp>
#include <corridor/store/crossing_repo.hpp>
#include <corridor/store/projection_repo.hpp>
#include <corridor/store/stats_repo.hpp>

#include <algorithm>
#include <limits>

namespace corridor::app {
namespace {

using namespace stats_detail;

bool passes_dims(const StatsFilter& f, const store::CaseDims& d) {
  if (f.direction && d.direction != core::to_string(*f.direction)) return false;
  if (f.category && d.category != *f.category) return false;
  if (f.urgency && d.urgency != *f.urgency) return false;
  return true;
}

store::DimsFilter dims_filter(const StatsFilter& f) {
  store::DimsFilter out{std::nullopt, f.category, f.urgency};
  if (f.direction) out.direction = std::string(core::to_string(*f.direction));
  return out;
}

StageLoad* load_of(Stats& st, std::string_view stage_party) {
  const auto colon = stage_party.find(':');
  if (colon == std::string_view::npos) return nullptr;
  const std::string_view stage = stage_party.substr(0, colon);
  const std::string_view party = stage_party.substr(colon + 1);
  auto it = std::find_if(st.pending.begin(), st.pending.end(),
                         [&](const StageLoad& l) { return l.stage == stage && l.party == party; });
  return it == st.pending.end() ? nullptr : &*it;
}

void count_state(Stats& st, const std::string& state, std::int64_t n) {
  st.cases += n;
  st.by_state[state] += n;
  if (state == "cleared") st.cleared += n;
  if (state == "denied") st.denied += n;
  if (state == "withdrawn") st.withdrawn += n;
  if (state == "deceased") st.deceased += n;
  if (state == "scheduled") st.scheduled += n;
  if (state == "crossed") st.crossed += n;
  if (state == "turned-back") st.turned_back += n;
}

// One maintained count into the figures.
void count(const core::Config& config, Stats& st, const store::TallyKey& k, std::int64_t n) {
  const std::string& f = k.figure;
  auto rest = [&](std::string_view prefix) { return std::string_view(f).substr(prefix.size()); };
  if (f.starts_with("state:")) return count_state(st, std::string(rest("state:")), n);
  if (f.starts_with("denied:")) return void(st.denied_by_reason[std::string(rest("denied:"))] += n);
  if (f == "open") {
    st.waiting += n;
    st.waiting_by_category[k.category] += n;
    st.waiting_by_role[role_of(config, k.category)] += n;
    if (!k.urgency.empty()) st.waiting_by_urgency[k.urgency] += n;
    return;
  }
  if (f == "open-child") {
    st.waiting_children += n;
    st.children_by_category[k.category] += n;
    if (!k.urgency.empty()) st.children_by_urgency[k.urgency] += n;
    return;
  }
  for (std::string_view kind : {"pending:", "overdue:", "returned:"}) {
    if (!f.starts_with(kind)) continue;
    StageLoad* l = load_of(st, rest(kind));
    if (!l) return;
    if (kind == "pending:") l->pending += n;
    if (kind == "overdue:") l->overdue += n;
    if (kind == "returned:") l->returned += n;
  }
}

// The counts at st.now: the horizon's, and the timeline's changes since.
// `dims`: every (direction, category, urgency) with a case, under the filter.
core::Result<void> counts(store::Database& db, const core::Config& config, const store::Horizon& h,
                          Stats& st, std::vector<store::CaseDims>& dims) {
  std::map<store::TallyKey, std::int64_t> sum;
  auto rows = store::tallies(db);
  if (!rows) return std::move(rows).error();
  for (const store::TallyRow& r : *rows) sum[r.key] += r.n;
  auto later = store::timeline(db, *h.at, st.now);
  if (!later) return std::move(later).error();
  for (const store::TallyRow& r : *later) sum[r.key] += r.n;
  for (const auto& [k, n] : sum) {
    if (n == 0 || !passes_dims(st.filter, {k.direction, k.category, k.urgency})) continue;
    count(config, st, k, n);
    // Every case counts in one state: the dims of the cases.
    if (k.figure.starts_with("state:")) dims.push_back({k.direction, k.category, k.urgency});
  }
  const store::DimsFilter f = dims_filter(st.filter);
  for (StageLoad& l : st.pending) {
    if (l.pending == 0) continue;
    auto oldest = store::oldest_wait(db, l.stage, l.party, f, st.now);
    if (!oldest) return std::move(oldest).error();
    l.oldest_since = *oldest;
  }
  return {};
}

core::Result<void> decision_times(store::Database& db, const core::Config& config, Stats& st) {
  const std::string& tz = config.crossing.time_zone;
  auto at = [&](const std::optional<core::Date>& d, std::int64_t plus, core::Timestamp none) {
    if (!d) return core::Result<core::Timestamp>(none);
    return local_instant(d->plus_days(plus), "00:00", tz);
  };
  auto from = at(st.filter.since, 0, std::numeric_limits<core::Timestamp>::min());
  auto to = at(st.filter.until, 1, std::numeric_limits<core::Timestamp>::max());
  if (!from) return std::move(from).error();
  if (!to) return std::move(to).error();
  DecisionClock clock(config, *from, *to);
  auto rows = store::decision_waits(db, *from, *to);
  if (!rows) return std::move(rows).error();
  for (const store::DecisionWaitRow& r : *rows)
    if (passes_dims(st.filter, r.dims))
      clock.add_wait(r.wait.stage, r.wait.party, static_cast<double>(r.wait.seconds) / 3600.0);
  st.decision_times = clock.take();
  return {};
}

// Deaths by date and urgency, days to cross, and what crossing_stats needs.
core::Result<Scan> events(store::Database& db, Stats& st) {
  const StatsFilter& filter = st.filter;
  Scan scan;
  auto gate = store::gate_events_since(db, core::Date{1, 1, 1});
  if (!gate) return std::move(gate).error();
  for (const store::GateEvent& e : *gate) {
    if (e.outcome == "crossed") scan.ends[e.case_ref] = GateEnd{e.date, core::Travel::crossed};
    if (e.outcome == "turned-back")
      scan.ends[e.case_ref] = GateEnd{e.date, core::Travel::turned_back};
  }
  auto cases = store::gate_cases(db);
  if (!cases) return std::move(cases).error();
  std::vector<double> waits;
  for (const auto& [ref, c] : *cases) {
    if (!passes_dims(filter, c.dims)) continue;
    if (filter.urgency) scan.urgency[ref] = c.dims.urgency;
    auto end = scan.ends.find(ref);
    if (end == scan.ends.end() || end->second.travel != core::Travel::crossed ||
        !in_range(filter, end->second.on))
      continue;
    const core::Date referred = c.requested_on.value_or(core::utc_date(c.registered_at));
    waits.push_back(
        static_cast<double>(end->second.on.days_since_epoch() - referred.days_since_epoch()));
  }
  std::sort(waits.begin(), waits.end());
  if (!waits.empty()) {
    st.days_to_cross_median = percentile(waits, 0.5);
    st.days_to_cross_p90 = percentile(waits, 0.9);
  }
  auto deaths = store::deaths(db);
  if (!deaths) return std::move(deaths).error();
  for (const auto& [date, dims] : *deaths) {
    if (!passes_dims(filter, dims)) continue;
    ++scan.deaths[date];
    auto d = core::parse_date(date);
    if (d && in_range(filter, *d) && !dims.urgency.empty())
      ++scan.deaths_in_range_by_urgency[dims.urgency];
  }
  std::int64_t running = 0;
  for (const auto& [date, n] : scan.deaths) {
    running += n;
    auto d = core::parse_date(date);
    if (!d || !in_range(filter, *d)) continue;
    st.deaths_by_date.emplace_back(date, n);
    st.deaths_cumulative.emplace_back(date, running);
  }
  st.deaths_by_urgency = scan.deaths_in_range_by_urgency;
  return scan;
}

// Waiting at each day's end: the changes per day added up.
core::Result<void> backlog(store::Database& db, const core::Config& config,
                           const std::vector<store::CaseDims>& dims, Stats& st) {
  core::Timestamp first = st.now;
  for (const store::CaseDims& d : dims) {
    auto at = store::first_registered(db, d);
    if (!at) return std::move(at).error();
    if (*at) first = std::min(first, **at);
  }
  auto first_day = local_date(first, config.crossing.time_zone);
  if (!first_day) return std::move(first_day).error();
  auto ends = backlog_days(config, st.filter, st.today, *first_day);
  if (!ends) return std::move(ends).error();
  auto changes = store::backlog_changes(db);
  if (!changes) return std::move(changes).error();
  std::map<std::string, std::int64_t> by_role;
  std::int64_t waiting = 0;
  auto next = changes->begin();
  for (const auto& [day, t] : *ends) {
    for (; next != changes->end() && next->day <= day; ++next) {
      if (!passes_dims(st.filter, next->dims)) continue;
      waiting += next->n;
      by_role[role_of(config, next->dims.category)] += next->n;
    }
    Stats::BacklogDay out{day, waiting, {}};
    for (const auto& [role, n] : by_role)
      if (n != 0) out.by_role[role] = n;
    st.backlog.push_back(std::move(out));
  }
  return {};
}

core::Result<void> tallied_stats(store::Database& db, const core::Config& config,
                                 const store::Horizon& h, Stats& st) {
  std::vector<store::CaseDims> dims;
  if (auto r = counts(db, config, h, st, dims); !r) return r;
  if (auto r = decision_times(db, config, st); !r) return r;
  auto scan = events(db, st);
  if (!scan) return std::move(scan).error();
  if (auto r = backlog(db, config, dims, st); !r) return r;
  return crossing_stats(db, config, *scan, st);
}

}  // namespace

core::Result<Stats> Service::stats(std::optional<core::Date> since) {
  StatsFilter f;
  f.since = since;
  return stats(f);
}

core::Result<Stats> Service::stats(const StatsFilter& filter) {
  if (filter.since && filter.until && *filter.until < *filter.since)
    return core::invalid("until", "the range ends (" + filter.until->to_string() +
                                      ") before it starts (" + filter.since->to_string() + ")");
  auto db = reader();
  if (!db) return std::move(db).error();
  Stats st;
  st.filter = filter;
  st.since = filter.since;
  st.now = m_env.now();
  st.today = today();
  st.pending = stage_loads(m_config);
  st.capacity_known = !filter.urgency;
  std::optional<Stats> out;
  auto read = store::in_read_transaction(**db, [&]() -> core::Result<void> {
    auto h = store::stats_horizon(**db);
    if (!h) return std::move(h).error();
    // A statement may be timed max_skew_seconds ahead of the clock
    // (app/apply.hpp): a "now" that close before the horizon is answered
    // from the tallies as at the horizon (the timeline after it is empty),
    // so an expiry, overdue mark or 18th birthday in between counts up to
    // that much early; no signer can push every read into the derivation.
    if (!h->filled || (h->at && st.now < *h->at - m_config.log.max_skew_seconds)) {
      ++m_stats_fallbacks;
      auto derived = derived_stats(**db, m_config, st);
      if (!derived) return std::move(derived).error();
      out = std::move(derived).value();
      return {};
    }
    if (!h->at) h->at = std::numeric_limits<core::Timestamp>::min();
    if (auto r = tallied_stats(**db, m_config, *h, st); !r) return r;
    out = std::move(st);
    return {};
  });
  if (!read) return std::move(read).error();
  return std::move(*out);
}

}  // namespace corridor::app
