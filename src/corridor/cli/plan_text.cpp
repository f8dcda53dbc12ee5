// The readable tables of `corridor plan run` and `plan compare`, and the
// --samples CSV.

#include <corridor/cli/plan_text.hpp>

#include <cstdio>
#include <sstream>

namespace corridor::cli {
namespace {

std::string fixed(double v, int decimals = 1) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string pad(std::string s, std::size_t width, bool left = false) {
  if (s.size() >= width) return s;
  return left ? s + std::string(width - s.size(), ' ') : std::string(width - s.size(), ' ') + s;
}

std::string day_or_dash(const std::optional<double>& d) { return d ? fixed(*d, 0) : "-"; }

void spread_row(std::ostream& out, const std::string& name, const plan::Spread& s, int decimals) {
  out << "  " << pad(name, 22, true) << pad(fixed(s.mean, decimals), 10) << "  ("
      << fixed(s.ci_low, decimals) << " to " << fixed(s.ci_high, decimals) << ")"
      << pad(fixed(s.p10, decimals), 10) << pad(fixed(s.p50, decimals), 10)
      << pad(fixed(s.p90, decimals), 10) << "\n";
}

void spread_header(std::ostream& out, const std::string& title) {
  out << "\n"
      << title << "\n  " << pad("", 22, true) << pad("mean", 10) << "  (95% CI)" << pad("p10", 14)
      << pad("p50", 10) << pad("p90", 10) << "\n";
}

void print_queues(std::ostream& out, const plan::Result& r) {
  out << "\nPending at each party (p50 of runs; p10 to p90), end of day\n  "
      << pad("day", 22, true);
  const auto& days = r.backlog_series.days;
  std::vector<std::size_t> at;
  for (std::size_t i = 0; i < days.size(); i += std::max<std::size_t>(1, days.size() / 6))
    at.push_back(i);
  for (std::size_t i : at) out << "  " << pad(std::to_string(days[i]), 22);
  out << "\n";
  auto row = [&](const std::string& name, const plan::Series& s) {
    out << "  " << pad(name, 22, true);
    for (std::size_t i : at)  // two spaces at least between columns
      out << "  "
          << pad(fixed(s.points[i].p50, 0) + " (" + fixed(s.points[i].p10, 0) + "-" +
                     fixed(s.points[i].p90, 0) + ")",
                 22);
    out << "\n";
  };
  row("waiting (all)", r.backlog_series);
  row("cleared, no place yet", r.cleared_series);
  for (const auto& [party, s] : r.party_queues) row(party, s);
  row("deaths (cumulative)", r.deaths_series);
}

}  // namespace

void print_result(std::ostream& out, const plan::Result& r) {
  out << "Scenario " << r.scenario << ": " << r.runs << " runs of " << r.days << " days from "
      << r.start.to_string() << ", seed " << r.seed << "; " << r.backlog
      << " patients waiting on day 0\n";
  out << "\nDays until the day-0 backlog of each class is cleared (crossed, died or denied)\n  "
      << pad("", 22, true) << pad("p10", 8) << pad("p50", 8) << pad("p90", 8)
      << pad("cleared in runs", 18) << "\n";
  std::vector<std::string> keys = r.urgencies;
  keys.push_back("all");
  for (const std::string& u : keys) {
    const plan::ClearDays& c = r.clear_days.at(u);
    out << "  "
        << pad(u + " (" + std::to_string(u == "all" ? r.backlog : r.backlog_by_urgency.at(u)) + ")",
               22, true)
        << pad(day_or_dash(c.p10), 8) << pad(day_or_dash(c.p50), 8) << pad(day_or_dash(c.p90), 8)
        << pad(fixed(100 * c.cleared_share, 1) + "%", 18) << "\n";
  }
  out << "  (- : not cleared within " << r.days << " days in that share of runs)\n";
  spread_header(out, "Deaths while waiting");
  spread_row(out, "all", r.deaths, 1);
  for (const std::string& u : r.urgencies) spread_row(out, u, r.deaths_by_urgency.at(u), 1);
  spread_header(out, "Days waited by the patients who crossed");
  for (const std::string& u : r.urgencies) {
    if (const auto w = r.wait_days.find(u); w != r.wait_days.end())
      spread_row(out, u, w->second, 1);
    else
      out << "  " << pad(u, 22, true) << pad("-", 10) << "  (none crossed in any run)\n";
  }
  spread_header(out, "Outcomes and throughput");
  spread_row(out, "crossed", r.crossed, 0);
  spread_row(out, "denied", r.denied, 0);
  spread_row(out, "waiting at the end", r.waiting_at_end, 0);
  spread_row(out, "patients a day", r.patients_per_day, 2);
  spread_row(out, "patients an open day", r.patients_per_open_day, 2);
  spread_row(out, "companions a day", r.companions_per_day, 2);
  spread_row(out, "open days", r.open_days, 0);
  print_queues(out, r);
}

void print_comparison(std::ostream& out, const plan::Comparison& c) {
  out << "Paired runs (" << c.results[0].runs << " of " << c.results[0].days << " days, seed "
      << c.results[0].seed << ") against " << c.results[0].scenario
      << ". A run that does not clear counts as " << c.results[0].days + 1
      << " days. * : the 95% CI of the difference excludes 0.\n";
  for (std::size_t i = 0; i < c.against_first.size(); ++i) {
    out << "\n"
        << c.results[i + 1].scenario << " against " << c.results[0].scenario << "\n  "
        << pad("metric", 30, true) << pad(c.results[0].scenario, 12)
        << pad(c.results[i + 1].scenario, 12) << pad("difference", 12) << "  (95% CI)\n";
    for (const plan::Difference& d : c.against_first[i])
      out << "  " << pad(d.metric, 30, true) << pad(fixed(d.a), 12) << pad(fixed(d.b), 12)
          << pad(fixed(d.diff), 12) << "  (" << fixed(d.ci_low) << " to " << fixed(d.ci_high) << ")"
          << (d.significant ? " *" : "") << "\n";
  }
}

std::string samples_csv(const plan::Result& r) {
  std::ostringstream out;
  out << "run,deaths,crossed,denied,clear_days_all";
  for (const std::string& u : r.urgencies) out << ",clear_days_" << u;
  for (const std::string& u : r.urgencies) out << ",deaths_" << u;
  out << "\n";
  for (std::size_t i = 0; i < r.samples.size(); ++i) {
    const plan::RunSample& s = r.samples[i];
    const auto cell = [&](const std::string& key) {
      const auto& d = s.clear_days.at(key);
      return d ? std::to_string(*d) : std::string();
    };
    out << i << "," << s.deaths << "," << s.crossed << "," << s.denied << "," << cell("all");
    for (const std::string& u : r.urgencies) out << "," << cell(u);
    for (const std::string& u : r.urgencies) out << "," << s.deaths_by_urgency.at(u);
    out << "\n";
  }
  return out.str();
}

}  // namespace corridor::cli
