#include <corridor/core/day_report.hpp>

#include <algorithm>

namespace corridor::core {
namespace {

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& i : v) out += (out.empty() ? "" : ",") + i;
  return out;
}

Error mismatch(std::string_view what, const std::string& want, const std::string& got) {
  return refuse("report-mismatch",
                "'" + std::string(what) + "' does not match the gate's record: the store has '" +
                    want + "', the report '" + got + "'",
                std::string(what));
}

}  // namespace

ReportFields report_of(const std::vector<GateEvent>& events,
                       const std::vector<std::string>& no_shows_to_come) {
  Capacity crossed;
  ReportFields out;
  for (const GateEvent& e : events) {
    if (e.outcome == "crossed") ++crossed.of(e.direction).places[e.category];
    if (e.outcome == "turned-back") out.turned_back.push_back(e.case_ref + ":" + e.reason);
    if (e.outcome == "no-show") out.no_show.push_back(e.case_ref);
  }
  out.no_show.insert(out.no_show.end(), no_shows_to_come.begin(), no_shows_to_come.end());
  std::sort(out.turned_back.begin(), out.turned_back.end());
  std::sort(out.no_show.begin(), out.no_show.end());
  out.crossed = format_capacity(crossed);
  return out;
}

Result<void> check_day_report(const Config& config, std::string_view party, const Date& day,
                              const Date& today, const std::optional<CrossingDay>& stored) {
  if (party != config.manifest.operator_party)
    return refuse("report-party",
                  "the day is closed by the operator (" + config.manifest.operator_party + ")");
  if (today < day)
    return refuse("day-not-started",
                  day.to_string() + " has not begun (today is " + today.to_string() + ")");
  if (!stored) return refuse("day-not-open", "the crossing was never opened on " + day.to_string());
  if (stored->gate_closed) return refuse("day-closed", day.to_string() + " is already closed");
  return {};
}

Result<void> check_report_matches(const ReportFields& store, const ReportFields& report) {
  if (store.crossed != report.crossed) return mismatch("crossed", store.crossed, report.crossed);
  if (store.turned_back != report.turned_back)
    return mismatch("turned-back", joined(store.turned_back), joined(report.turned_back));
  if (store.no_show != report.no_show)
    return mismatch("no-show", joined(store.no_show), joined(report.no_show));
  return {};
}

Result<void> check_attestation(const Config& config, std::string_view party, const Date& day,
                               const std::optional<ReportState>& report, const Hash256& target) {
  if (party != config.manifest.monitor)
    return refuse("attestation-party",
                  "a day's report is attested by the monitor (" + config.manifest.monitor + ")");
  if (!report) return refuse("no-report", "no report closes " + day.to_string() + " yet");
  if (report->hash != target)
    return refuse("stale-report",
                  "the attestation names another report than " + day.to_string() + "'s");
  if (report->attested)
    return refuse("already-attested", day.to_string() + "'s report is already attested");
  return {};
}

}  // namespace corridor::core
