// compare(): paired runs of scenarios and the differences of their metrics.
// Metrics per run: deaths (all and per urgency), days to clear per urgency
// and all (a run that did not clear within the horizon counts as days + 1),
// mean waiting days per urgency (runs in which a scenario crossed nobody of
// the class count as 0), and patients crossed per day.

#include <corridor/plan/compare.hpp>

#include <corridor/plan/results.hpp>
#include <corridor/plan/results_json.hpp>

#include <cmath>
#include <functional>

namespace corridor::plan {
namespace {

using Metric = std::function<double(const Result&, std::size_t run)>;

std::vector<std::pair<std::string, Metric>> metrics_of(const Result& first) {
  std::vector<std::pair<std::string, Metric>> out;
  out.emplace_back("deaths.mean", [](const Result& r, std::size_t i) {
    return static_cast<double>(r.samples[i].deaths);
  });
  for (const std::string& u : first.urgencies)
    out.emplace_back("deaths." + u + ".mean", [u](const Result& r, std::size_t i) {
      return static_cast<double>(r.samples[i].deaths_by_urgency.at(u));
    });
  std::vector<std::string> keys = first.urgencies;
  keys.push_back("all");
  for (const std::string& u : keys)
    out.emplace_back("clear_days." + u + ".mean", [u](const Result& r, std::size_t i) {
      const auto& d = r.samples[i].clear_days.at(u);
      return d ? static_cast<double>(*d) : static_cast<double>(r.days + 1);
    });
  for (const std::string& u : first.urgencies)
    out.emplace_back("wait_days." + u + ".mean",
                     [u](const Result& r, std::size_t i) { return r.samples[i].wait_days.at(u); });
  out.emplace_back("patients_per_day.mean", [](const Result& r, std::size_t i) {
    return static_cast<double>(r.samples[i].crossed) / r.days;
  });
  return out;
}

Difference difference(const std::string& name, const Metric& f, const Result& a, const Result& b) {
  std::vector<double> diffs;
  double sa = 0, sb = 0;
  for (std::size_t i = 0; i < a.samples.size(); ++i) {
    const double x = f(a, i), y = f(b, i);
    sa += x;
    sb += y;
    diffs.push_back(y - x);
  }
  const Spread s = detail::spread_of(std::move(diffs));
  const double n = static_cast<double>(a.samples.size());
  Difference d{name, sa / n, sb / n, s.mean, s.ci_low, s.ci_high, false};
  d.significant = d.ci_low > 0 || d.ci_high < 0;
  return d;
}

}  // namespace

core::Result<Comparison> compare(const std::vector<Scenario>& scenarios,
                                 const RunOptions& options) {
  if (scenarios.size() < 2)
    return core::make_error(core::Errc::usage, "compare needs at least two scenarios");
  for (std::size_t i = 1; i < scenarios.size(); ++i)
    if (scenarios[i].classes.size() != scenarios[0].classes.size() ||
        !std::equal(scenarios[i].classes.begin(), scenarios[i].classes.end(),
                    scenarios[0].classes.begin(),
                    [](const auto& x, const auto& y) { return x.urgency == y.urgency; }))
      return core::invalid(
          "scenarios",
          "'" + scenarios[i].name + "' has other urgency classes than '" + scenarios[0].name + "'");
  RunOptions o = options;
  o.keep_samples = true;
  Comparison c;
  for (const Scenario& s : scenarios) {
    auto r = run(s, o);
    if (!r) return std::move(r).error();
    c.results.push_back(std::move(*r));
  }
  const auto metrics = metrics_of(c.results[0]);
  for (std::size_t i = 1; i < c.results.size(); ++i) {
    std::vector<Difference> row;
    for (const auto& [name, f] : metrics)
      row.push_back(difference(name, f, c.results[0], c.results[i]));
    c.against_first.push_back(std::move(row));
  }
  if (!options.keep_samples)
    for (Result& r : c.results) r.samples.clear();
  return c;
}

std::string to_json(const Comparison& c) {
  nlohmann::ordered_json j;
  j["format"] = "corridor-plan-compare/v1";
  j["scenarios"] = nlohmann::ordered_json::array();
  for (const Result& r : c.results) j["scenarios"].push_back(r.scenario);
  j["results"] = nlohmann::ordered_json::array();
  for (const Result& r : c.results) j["results"].push_back(detail::result_json(r));
  j["differences"] = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < c.against_first.size(); ++i) {
    auto row = nlohmann::ordered_json::array();
    for (const Difference& d : c.against_first[i])
      row.push_back({{"scenario", c.results[i + 1].scenario},
                     {"metric", d.metric},
                     {"a", detail::rounded(d.a)},
                     {"b", detail::rounded(d.b)},
                     {"diff", detail::rounded(d.diff)},
                     {"ci_low", detail::rounded(d.ci_low)},
                     {"ci_high", detail::rounded(d.ci_high)},
                     {"significant", d.significant}});
    j["differences"].push_back(row);
  }
  return j.dump();
}

}  // namespace corridor::plan
