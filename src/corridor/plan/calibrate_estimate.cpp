// From the counts of calibrate_observe.hpp to a Scenario: each parameter's
// estimator, its 95% interval and sample size, and, under its threshold,
// its default with the DOMAIN.md figure it comes from. docs/planner.md
// ("Calibration") tables the same, parameter by parameter.

#include <corridor/plan/calibrate_observe.hpp>

#include <corridor/plan/estimators.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace corridor::plan::calibration {
namespace {

// ---- thresholds: below them a parameter is assumed --------------------
constexpr std::int64_t k_min_referrals = 20;   // referrals of every class together
constexpr std::int64_t k_min_share = 20;       // referrals of the class (child share)
constexpr std::int64_t k_min_deaths = 5;       // deaths of the class
constexpr std::int64_t k_min_decisions = 20;   // decisions at the stage
constexpr std::int64_t k_min_busy_days = 7;    // busy days of the stage (capacity)
constexpr std::int64_t k_min_scheduled = 7;    // scheduled days (open weekdays)
constexpr std::int64_t k_min_after_open = 10;  // scheduled days after an open one
constexpr std::int64_t k_min_after_suspended = 5;
constexpr std::int64_t k_min_gate = 20;     // patients at the gate (no-show, turn-back)
constexpr std::int64_t k_min_listed = 20;   // patients on the lists (companions)
constexpr std::int64_t k_min_entries = 20;  // entry travellers registered

// ---- defaults, from ../shared/DOMAIN.md --------------------------------
// "about 15,600 (Oct 2025), over 16,500 (Nov 2025)" waiting, while some
// hundreds left: about 30 new referrals a day (config/plan/rafah.toml).
constexpr double k_referrals = 30;
// "over 16,500 (Nov 2025, about 4,000 children)".
constexpr double k_child_share = 4000.0 / 16500.0;
// "1,092 (July 2024 to 28 Nov 2025)" died waiting: 516 days, about 16,000 waiting.
constexpr double k_death_hazard = 1092.0 / (516.0 * 16000.0);
// "50 patients scheduled, 37 crossed" (1 Feb 2025).
constexpr double k_no_show = 13.0 / 50.0;
// "up to 50 patients plus 100 companions (two per patient) out, and 50
// people in, per day" (Feb 2026).
constexpr int k_companions = 2;
constexpr double k_entries = 50;
constexpr double k_capacity = 50;  // a stage that decides as many a day as cross

// 4 significant digits: readable, and far inside every interval.
double round4(double v) {
  if (v == 0 || !std::isfinite(v)) return v;
  const double scale = std::pow(10.0, 3 - std::floor(std::log10(std::fabs(v))));
  return std::round(v * scale) / scale;
}

Estimate measured(std::int64_t n, Interval i, std::string note = "") {
  return Estimate{n, round4(i.low), round4(i.high), false, std::move(note)};
}

Estimate assumed(std::int64_t n, std::string note) {
  return Estimate{n, std::nullopt, std::nullopt, true, std::move(note)};
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// "3 deaths (fewer than 5)", "1 death (...)": `what`'s first word in -s is a plural.
std::string count(std::int64_t n, const std::string& what) {
  std::string out = what;
  const std::size_t end = std::min(out.find_first_of("(;"), out.size());
  for (std::size_t at = 0; n == 1 && at < end;) {
    const std::size_t stop = std::min(out.find(' ', at), end);
    if (stop > at + 1 && out[stop - 1] == 's') {
      out.erase(stop - 1, 1);
      break;
    }
    at = stop + 1;
  }
  return std::to_string(n) + " " + out;
}

class Estimator {
public:
  Estimator(const Observations& obs, const core::Config& config, const Roles& roles, Scenario& s)
      : m_obs(obs), m_config(config), m_roles(roles), m_s(s) {}

  void classes();
  void stages();
  void schedule();
  void places();
  void gate();
  void entries();
  void from_config();

private:
  int place(const std::string& key, std::vector<int> values, int config_value);
  void set(const std::string& key, Estimate e) { m_s.calibration[key] = std::move(e); }
  double share(std::int64_t x, std::int64_t n, const std::string& key, std::int64_t min,
               double fallback, const std::string& why);

  const Observations& m_obs;
  const core::Config& m_config;
  const Roles& m_roles;
  Scenario& m_s;
};

// x of n, Wilson; `fallback` (DOMAIN.md's, `why`) when n < min.
double Estimator::share(std::int64_t x, std::int64_t n, const std::string& key, std::int64_t min,
                        double fallback, const std::string& why) {
  if (n < min) {
    set(key, assumed(n, count(n, "observed (fewer than " + std::to_string(min) + "); " + why)));
    return round4(fallback);
  }
  set(key, measured(n, wilson_interval(x, n)));
  return round4(static_cast<double>(x) / static_cast<double>(n));
}

void Estimator::classes() {
  const double days = static_cast<double>(m_obs.window.days());
  std::int64_t referrals = 0, waiting = 0;
  std::map<std::string, std::int64_t> backlog;
  for (const auto& [u, c] : m_obs.classes) referrals += c.referrals;
  for (const BacklogEntry& b : m_obs.backlog) backlog[b.urgency] += b.count, waiting += b.count;
  for (const std::string& u : m_config.urgencies) {
    const ClassCounts& c = m_obs.classes.at(u);
    UrgencyClass k{u, 0, 0, 0};
    const std::string key = "class." + u + ".";
    if (referrals < k_min_referrals) {
      // Split as the waiting are, or evenly when nobody waits.
      const double part = waiting ? static_cast<double>(backlog[u]) / static_cast<double>(waiting)
                                  : 1.0 / static_cast<double>(m_config.urgencies.size());
      k.referrals_per_day = round4(k_referrals * part);
      set(key + "referrals_per_day",
          assumed(c.referrals, count(referrals, "referrals in the window (fewer than 20)") +
                                   "; DOMAIN.md: about 30 a day (15,600 waiting in Oct 2025, "
                                   "16,500 in Nov 2025), split as the waiting are"));
    } else {
      const Interval i = poisson_interval(c.referrals);
      k.referrals_per_day = round4(static_cast<double>(c.referrals) / days);
      set(key + "referrals_per_day",
          measured(c.referrals, {i.low / days, i.high / days},
                   "referrals over " + count(m_obs.window.days(), "days")));
    }
    k.child_share = share(c.children, c.referrals, key + "child_share", k_min_share, k_child_share,
                          "DOMAIN.md: about 4,000 children of 16,500 waiting (Nov 2025)");
    if (c.deaths < k_min_deaths || c.exposure_days <= 0) {
      k.death_hazard = round4(k_death_hazard);
      set(key + "death_hazard",
          assumed(c.deaths, count(c.deaths, "deaths (fewer than 5)") +
                                "; DOMAIN.md: 1,092 died waiting July 2024 to 28 Nov 2025 "
                                "(516 days) among about 16,000 waiting"));
    } else {
      const Interval i = poisson_interval(c.deaths);
      const double e = c.exposure_days;
      k.death_hazard = round4(std::min(1.0, static_cast<double>(c.deaths) / e));
      set(key + "death_hazard",
          measured(c.deaths, {i.low / e, std::min(1.0, i.high / e)},
                   "deaths over " + std::to_string(std::llround(e)) + " patient-days waiting"));
    }
    m_s.classes.push_back(std::move(k));
  }
}

void Estimator::stages() {
  for (const core::StageDef& d : m_roles.workflow->stages) {
    const StageCounts& c = m_obs.stages.at(d.id);
    Stage st{d.id, d.party, d.step, 1, k_capacity, 1, 0};
    const std::string key = "stage." + d.id + ".";
    const std::int64_t n = c.decisions();
    if (static_cast<std::int64_t>(c.wait_days.size()) < k_min_decisions) {
      set(key + "min_days",
          assumed(static_cast<std::int64_t>(c.wait_days.size()),
                  count(static_cast<std::int64_t>(c.wait_days.size()),
                        "decision times (fewer than 20)") +
                      "; DOMAIN.md: names at least 24 hours before the crossing day (2026), 24 "
                      "hours to object (2005)"));
    } else {
      st.min_days = std::max(1, static_cast<int>(std::floor(percentile(c.wait_days, 0.05))));
      set(key + "min_days",
          measured(static_cast<std::int64_t>(c.wait_days.size()),
                   percentile_interval(c.wait_days, 0.05),
                   "the 5th percentile of decision times in days, whole days, at least 1"));
    }
    if (c.busy_days < k_min_busy_days || c.busy_decisions < k_min_decisions) {
      set(key + "capacity_per_day",
          assumed(c.busy_days, count(c.busy_days, "busy days") + ", " +
                                   count(c.busy_decisions, "decisions on them") +
                                   " (fewer than 7 or 20); DOMAIN.md: about 50 patients cross "
                                   "a day (Feb 2025, Feb 2026)"));
    } else {
      const Interval i = poisson_interval(c.busy_decisions);
      const double b = static_cast<double>(c.busy_days);
      st.capacity_per_day = round4(static_cast<double>(c.busy_decisions) / b);
      set(key + "capacity_per_day",
          measured(c.busy_days, {i.low / b, i.high / b},
                   count(c.busy_decisions, "decisions on days with a patient pending")));
    }
    const std::string none =
        "DOMAIN.md gives no rate per stage (5 of 27 names approved on the "
        "first list of Feb 2026): every decision an approval";
    st.approve = share(c.approved, n, key + "approve", k_min_decisions, 1, none);
    st.deny = share(c.denied, n, key + "deny", k_min_decisions, 0, none);
    share(c.returned, n, key + "return", k_min_decisions, 0, none);
    if (st.approve + st.deny > 1) st.deny = 1 - st.approve;  // rounding
    m_s.stages.push_back(std::move(st));
  }
}

}  // namespace

namespace {

constexpr std::string_view k_weekday_note =
    "DOMAIN.md: 1,674 patients evacuated from 1 Feb to 16 Mar 2025 (44 days), as 50 a day with 37 "
    "of 50 crossing gives: open every day, none suspended";

void Estimator::schedule() {
  const auto& days = m_obs.days;
  const auto n = static_cast<std::int64_t>(days.size());
  CrossingModel& x = m_s.crossing;
  x.open_weekdays = {0, 1, 2, 3, 4, 5, 6};
  if (n < k_min_scheduled) {
    set("crossing.open_weekdays",
        assumed(n, count(n, "scheduled days (fewer than 7); ") + std::string(k_weekday_note)));
  } else {
    // A weekday is open if the crossing was scheduled on at least half of
    // its dates between the first and the last scheduled day.
    std::array<std::int64_t, 7> dates{}, scheduled{};
    const std::int64_t first = days.front().date.days_since_epoch();
    const std::int64_t last = days.back().date.days_since_epoch();
    auto weekday = [](std::int64_t d) { return static_cast<int>(((d + 4) % 7 + 7) % 7); };
    for (std::int64_t d = first; d <= last; ++d) ++dates[static_cast<std::size_t>(weekday(d))];
    for (const DayCount& d : days)
      ++scheduled[static_cast<std::size_t>(weekday(d.date.days_since_epoch()))];
    x.open_weekdays.clear();
    for (int w = 0; w < 7; ++w)
      if (scheduled[w] > 0 && 2 * scheduled[w] >= dates[w]) x.open_weekdays.push_back(w);
    set("crossing.open_weekdays",
        Estimate{n, std::nullopt, std::nullopt, false,
                 "weekdays scheduled on at least half of their dates, " +
                     days.front().date.to_string() + " to " + days.back().date.to_string()});
  }
  // Each scheduled day after an open one (or the first), and after a
  // suspended one: suspended if it did not run.
  std::int64_t after_open = 0, suspended_after_open = 0, after_suspended = 0, again = 0;
  bool previous_ran = true;
  for (const DayCount& d : days) {
    (previous_ran ? after_open : after_suspended) += 1;
    if (!d.ran) (previous_ran ? suspended_after_open : again) += 1;
    previous_ran = d.ran;
  }
  x.suspend_probability = share(suspended_after_open, after_open, "crossing.suspend_probability",
                                k_min_after_open, 0, std::string(k_weekday_note));
  x.suspend_repeat =
      share(again, after_suspended, "crossing.suspend_repeat", k_min_after_suspended, 0.5,
            "DOMAIN.md: suspended for political reasons, held closed pending a condition; no "
            "frequency reported: a run of two days on average (config/plan/rafah.toml)");
}

// The median of the values the days that ran had, or the config's.
int Estimator::place(const std::string& key, std::vector<int> values, int config_value) {
  if (values.empty()) {
    set(key, Estimate{0, std::nullopt, std::nullopt, false, "the config's [capacity]: no day ran"});
    return config_value;
  }
  std::sort(values.begin(), values.end());
  set(key, Estimate{static_cast<std::int64_t>(values.size()), values.front(), values.back(), false,
                    "the median of the open days' capacities; low and high: their range"});
  return values[(values.size() - 1) / 2];
}

void Estimator::places() {
  auto entry = [](const core::DirectionCapacity& c) {
    int sum = 0;
    for (const auto& [category, n] : c.places) sum += n;
    return c.total ? std::min(sum, *c.total) : sum;
  };
  std::vector<int> patients, companions, totals, entries;
  for (const DayCount& d : m_obs.days) {
    if (!d.ran) continue;
    patients.push_back(d.capacity.exit.of(m_roles.patient));
    companions.push_back(m_roles.companion.empty() ? 0 : d.capacity.exit.of(m_roles.companion));
    totals.push_back(d.capacity.exit.total.value_or(0));
    entries.push_back(entry(d.capacity.entry));
  }
  const core::Capacity& c = m_config.days.capacity;
  CrossingModel& x = m_s.crossing;
  x.patient_places = place("crossing.patient_places", patients, c.exit.of(m_roles.patient));
  x.companion_places = place("crossing.companion_places", companions,
                             m_roles.companion.empty() ? 0 : c.exit.of(m_roles.companion));
  x.total_places = place("crossing.total_places", totals, c.exit.total.value_or(0));
  x.entry_places = place("crossing.entry_places", entries, entry(c.entry));
}

void Estimator::gate() {
  CrossingModel& x = m_s.crossing;
  x.no_show = share(m_obs.no_shows, m_obs.at_gate, "crossing.no_show", k_min_gate, k_no_show,
                    "DOMAIN.md: 50 patients scheduled, 37 crossed (1 Feb 2025)");
  x.turn_back = share(m_obs.turned_back, m_obs.crossed + m_obs.turned_back, "crossing.turn_back",
                      k_min_gate, 0, "DOMAIN.md reports no patient turned back at the gate");
  std::int64_t listed = 0, companions = 0;
  for (const auto& [c, n] : m_obs.companions) listed += n, companions += c * n;
  if (listed < k_min_listed) {
    x.companions.assign(k_companions + 1, 0.0);
    x.companions[k_companions] = 1;
    set("crossing.companions",
        assumed(listed, count(listed, "patients on the lists (fewer than 20)") +
                            "; DOMAIN.md: 50 patients and 100 companions a day, two per "
                            "patient (Feb 2026); missions had 1.3 to 5"));
  } else {
    const int top = std::min(m_obs.companions.rbegin()->first, k_max_companions - 1);
    x.companions.assign(static_cast<std::size_t>(top) + 1, 0.0);
    for (const auto& [c, n] : m_obs.companions)
      x.companions[static_cast<std::size_t>(std::min(c, top))] += static_cast<double>(n);
    double sq = 0;
    for (const auto& [c, n] : m_obs.companions) sq += static_cast<double>(c) * c * n;
    // Shares to 5 decimals; the largest takes the rest, so the pmf sums to 1.
    auto big = x.companions.begin();
    for (auto it = x.companions.begin(); it != x.companions.end(); ++it) {
      *it = std::round(*it / static_cast<double>(listed) * 1e5) / 1e5;
      if (*it > *big) big = it;
    }
    double others = 0;
    for (auto it = x.companions.begin(); it != x.companions.end(); ++it)
      if (it != big) others += *it;
    *big = std::round((1 - others) * 1e5) / 1e5;
    const double l = static_cast<double>(listed), mean = static_cast<double>(companions) / l;
    const double half = 1.959963984540054 * std::sqrt(std::max(0.0, sq / l - mean * mean) / l);
    set("crossing.companions",
        measured(listed, {mean - half, mean + half},
                 "companions per patient on the lists; low and high: the mean's interval "
                 "(mean " +
                     fixed(mean, 2) + ")"));
  }
}

void Estimator::entries() {
  CrossingModel& x = m_s.crossing;
  const bool entry =
      std::find(m_config.crossing.directions.begin(), m_config.crossing.directions.end(),
                core::Direction::entry) != m_config.crossing.directions.end();
  const std::int64_t n = m_obs.entry_arrivals;
  if (!entry) {
    x.entry_per_day = 0;
    set("crossing.entry_per_day", Estimate{0, std::nullopt, std::nullopt, false,
                                           "the config's crossing has no entry direction"});
  } else if (n < k_min_entries) {
    x.entry_per_day = k_entries;
    set("crossing.entry_per_day",
        assumed(n, count(n, "entry travellers registered (fewer than 20)") +
                       "; DOMAIN.md: 50 people in per day (Feb 2026)"));
  } else {
    const double days = static_cast<double>(m_obs.window.days());
    const Interval i = poisson_interval(n);
    x.entry_per_day = round4(static_cast<double>(n) / days);
    set("crossing.entry_per_day",
        measured(n, {i.low / days, i.high / days},
                 "entry travellers registered over " + count(m_obs.window.days(), "days")));
  }
}

void Estimator::from_config() {
  m_s.crossing.equal_in_out = m_config.days.equal_in_out;
  m_s.crossing.standby = m_config.manifest.standby;
  m_s.priority = m_config.priority;
  const Estimate config{0, std::nullopt, std::nullopt, false, "the config's"};
  set("crossing.equal_in_out", config);
  set("crossing.standby", config);
  set("priority", config);
  std::int64_t waiting = 0;
  for (const BacklogEntry& b : m_obs.backlog) waiting += b.count;
  set("backlog", Estimate{waiting, std::nullopt, std::nullopt, false,
                          "the patients waiting now by urgency, child, pending stages and week "
                          "of referral (each row dated by the first day of its week)"});
}

}  // namespace

Scenario estimate(const Observations& obs, const core::Config& config, const Roles& roles,
                  const core::Date& start) {
  Scenario s;
  s.name = config.crossing.id;
  s.start = start;
  s.description = "Calibrated from " + config.crossing.name + " on " +
                  obs.window.today.to_string() + " (events from " + obs.window.first.to_string() +
                  "); the backlog's waiting_since is grouped by week";
  s.backlog = obs.backlog;
  Estimator e(obs, config, roles, s);
  e.classes();
  e.stages();
  e.schedule();
  e.places();
  e.gate();
  e.entries();
  e.from_config();
  return s;
}

}  // namespace corridor::plan::calibration
