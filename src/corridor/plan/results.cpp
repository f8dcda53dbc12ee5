// aggregate(): the Result of docs/planner.md from each run's figures.

#include <corridor/plan/results.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace corridor::plan::detail {

double quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double at = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(at));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  if (std::isinf(sorted[lo]) || std::isinf(sorted[hi]))
    return at == static_cast<double>(lo) ? sorted[lo] : sorted[hi];
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - static_cast<double>(lo));
}

Spread spread_of(std::vector<double> values) {
  Spread s;
  if (values.empty()) return s;
  const double n = static_cast<double>(values.size());
  double sum = 0;
  for (double v : values) sum += v;
  s.mean = sum / n;
  double ss = 0;
  for (double v : values) ss += (v - s.mean) * (v - s.mean);
  const double half = values.size() > 1 ? 1.959963984540054 * std::sqrt(ss / (n - 1) / n) : 0;
  s.ci_low = s.mean - half;
  s.ci_high = s.mean + half;
  std::sort(values.begin(), values.end());
  s.p10 = quantile(values, 0.1);
  s.p50 = quantile(values, 0.5);
  s.p90 = quantile(values, 0.9);
  return s;
}

namespace {

ClearDays clear_days_of(const std::vector<RunOut>& runs, int u) {
  std::vector<double> v;
  double cleared = 0;
  for (const RunOut& r : runs) {
    const int d = r.clear_day[u];
    v.push_back(d < 0 ? std::numeric_limits<double>::infinity() : d);
    cleared += d >= 0;
  }
  std::sort(v.begin(), v.end());
  ClearDays c;
  const auto at = [&](double q) -> std::optional<double> {
    const double x = quantile(v, q);
    if (std::isinf(x)) return std::nullopt;
    return x;
  };
  c.p10 = at(0.1);
  c.p50 = at(0.5);
  c.p90 = at(0.9);
  c.cleared_share = cleared / static_cast<double>(runs.size());
  return c;
}

template <class F>
Spread over(const std::vector<RunOut>& runs, F f) {
  std::vector<double> v;
  v.reserve(runs.size());
  for (const RunOut& r : runs) v.push_back(static_cast<double>(f(r)));
  return spread_of(std::move(v));
}

Series series_of(const Model& m, const std::vector<RunOut>& runs, std::size_t column) {
  Series s;
  s.step = 7;
  s.days = m.series_days;
  const std::size_t width = 3 + m.parties.size();
  std::vector<double> v(runs.size());
  for (std::size_t p = 0; p < m.series_days.size(); ++p) {
    for (std::size_t r = 0; r < runs.size(); ++r) v[r] = runs[r].series[p * width + column];
    std::sort(v.begin(), v.end());
    s.points.push_back({quantile(v, 0.1), quantile(v, 0.5), quantile(v, 0.9)});
  }
  return s;
}

std::vector<RunSample> samples_of(const Model& m, const std::vector<RunOut>& runs) {
  std::vector<RunSample> out;
  out.reserve(runs.size());
  const auto& classes = m.scenario->classes;
  for (const RunOut& r : runs) {
    RunSample s;
    s.deaths = r.deaths;
    s.crossed = r.crossed;
    s.denied = r.denied;
    for (int u = 0; u <= m.classes; ++u) {
      const std::string key = u < m.classes ? classes[u].urgency : "all";
      s.clear_days[key] = r.clear_day[u] < 0 ? std::nullopt : std::optional<int>(r.clear_day[u]);
    }
    for (int u = 0; u < m.classes; ++u) {
      s.deaths_by_urgency[classes[u].urgency] = r.deaths_by_class[u];
      s.wait_days[classes[u].urgency] =
          r.wait_n[u] > 0 ? r.wait_sum[u] / static_cast<double>(r.wait_n[u]) : 0;
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

Result aggregate(const Model& m, const RunOptions& o, const std::vector<RunOut>& runs) {
  const Scenario& sc = *m.scenario;
  Result r;
  r.scenario = sc.name;
  r.start = sc.start;
  r.runs = o.runs;
  r.days = o.days;
  r.seed = o.seed;
  for (int u = 0; u < m.classes; ++u) {
    const std::string& name = sc.classes[u].urgency;
    r.urgencies.push_back(name);
    r.backlog_by_urgency[name] = m.backlog_by_class[u];
    r.backlog += m.backlog_by_class[u];
    r.clear_days[name] = clear_days_of(runs, u);
    r.deaths_by_urgency[name] = over(runs, [u](const RunOut& x) { return x.deaths_by_class[u]; });
    std::vector<double> waits;
    for (const RunOut& x : runs)
      if (x.wait_n[u] > 0) waits.push_back(x.wait_sum[u] / static_cast<double>(x.wait_n[u]));
    // Only over the runs in which some of the class crossed; none: no figure.
    if (!waits.empty()) r.wait_days[name] = spread_of(std::move(waits));
  }
  r.clear_days["all"] = clear_days_of(runs, m.classes);
  r.deaths = over(runs, [](const RunOut& x) { return x.deaths; });
  r.crossed = over(runs, [](const RunOut& x) { return x.crossed; });
  r.denied = over(runs, [](const RunOut& x) { return x.denied; });
  r.waiting_at_end = over(runs, [](const RunOut& x) { return x.waiting_end; });
  const double days = o.days;
  r.patients_per_day = over(runs, [&](const RunOut& x) { return x.crossed / days; });
  r.patients_per_open_day = over(runs, [](const RunOut& x) {
    return x.open_days > 0 ? static_cast<double>(x.crossed) / x.open_days : 0.0;
  });
  r.companions_per_day = over(runs, [&](const RunOut& x) { return x.companions / days; });
  r.open_days = over(runs, [](const RunOut& x) { return x.open_days; });
  r.backlog_series = series_of(m, runs, 0);
  r.deaths_series = series_of(m, runs, 1);
  r.cleared_series = series_of(m, runs, 2);
  for (std::size_t p = 0; p < m.parties.size(); ++p)
    r.party_queues[m.parties[p]] = series_of(m, runs, 3 + p);
  if (o.keep_samples) r.samples = samples_of(m, runs);
  return r;
}

}  // namespace corridor::plan::detail
