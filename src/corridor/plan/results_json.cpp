// to_json(const Result&): the result JSON of docs/planner.md, keys in the
// documented order, numbers rounded to 3 decimals (integers without).

#include <corridor/plan/engine.hpp>
#include <corridor/plan/results_json.hpp>

#include <nlohmann/json.hpp>

#include <cmath>

namespace corridor::plan {
namespace {

using Json = nlohmann::ordered_json;

Json spread_json(const Spread& s) {
  return Json{{"mean", detail::rounded(s.mean)},       {"ci_low", detail::rounded(s.ci_low)},
              {"ci_high", detail::rounded(s.ci_high)}, {"p10", detail::rounded(s.p10)},
              {"p50", detail::rounded(s.p50)},         {"p90", detail::rounded(s.p90)}};
}

Json optional_json(const std::optional<double>& v) {
  return v ? detail::rounded(*v) : Json(nullptr);
}

Json series_json(const Series& s) {
  Json p10 = Json::array(), p50 = Json::array(), p90 = Json::array();
  for (const Percentiles& p : s.points) {
    p10.push_back(detail::rounded(p.p10));
    p50.push_back(detail::rounded(p.p50));
    p90.push_back(detail::rounded(p.p90));
  }
  return Json{{"p10", p10}, {"p50", p50}, {"p90", p90}};
}

}  // namespace

namespace detail {

nlohmann::ordered_json rounded(double v) {
  const double r = std::round(v * 1000) / 1000;
  if (std::fabs(r) < 9e15 && r == std::floor(r)) return static_cast<std::int64_t>(r);
  return r;
}

nlohmann::ordered_json result_json(const Result& r) {
  Json j;
  j["format"] = "corridor-plan-result/v1";
  j["scenario"] = r.scenario;
  j["start"] = r.start.to_string();
  j["runs"] = r.runs;
  j["days"] = r.days;
  j["seed"] = r.seed;
  Json by = Json::object();
  for (const std::string& u : r.urgencies) by[u] = r.backlog_by_urgency.at(u);
  j["backlog"] = Json{{"patients", r.backlog}, {"by_urgency", by}};
  j["urgencies"] = r.urgencies;
  Json clear = Json::object();
  std::vector<std::string> keys = r.urgencies;
  keys.push_back("all");
  for (const std::string& u : keys) {
    const ClearDays& c = r.clear_days.at(u);
    clear[u] = Json{{"p10", optional_json(c.p10)},
                    {"p50", optional_json(c.p50)},
                    {"p90", optional_json(c.p90)},
                    {"cleared_share", rounded(c.cleared_share)}};
  }
  j["clear_days"] = clear;
  Json deaths = spread_json(r.deaths), deaths_by = Json::object(), waits = Json::object();
  for (const std::string& u : r.urgencies) {
    deaths_by[u] = spread_json(r.deaths_by_urgency.at(u));
    const auto w = r.wait_days.find(u);  // none of the class crossed in any run: null
    waits[u] = w == r.wait_days.end() ? Json() : spread_json(w->second);
  }
  deaths["by_urgency"] = deaths_by;
  j["deaths"] = deaths;
  j["wait_days"] = waits;
  j["outcomes"] = Json{{"crossed", spread_json(r.crossed)},
                       {"denied", spread_json(r.denied)},
                       {"waiting_at_end", spread_json(r.waiting_at_end)}};
  j["throughput"] = Json{{"patients_per_day", spread_json(r.patients_per_day)},
                         {"patients_per_open_day", spread_json(r.patients_per_open_day)},
                         {"companions_per_day", spread_json(r.companions_per_day)},
                         {"open_days", spread_json(r.open_days)}};
  Json queues = Json::object();
  for (const auto& [party, s] : r.party_queues) queues[party] = series_json(s);
  j["series"] = Json{{"step", r.backlog_series.step},
                     {"days", r.backlog_series.days},
                     {"backlog", series_json(r.backlog_series)},
                     {"deaths", series_json(r.deaths_series)},
                     {"cleared", series_json(r.cleared_series)},
                     {"queues", queues}};
  return j;
}

}  // namespace detail

std::string to_json(const Result& r) { return detail::result_json(r).dump(); }

}  // namespace corridor::plan
