#pragma once
// The rules of a day's report and its attestation (docs/crossing.md): the
// operator closes a day that has begun with a report that must match the
// gate's record; the monitor attests that report. Pure: the day, the gate's
// events and the stored report are arguments, loaded by app/.

#include <corridor/core/case.hpp>
#include <corridor/core/config.hpp>
#include <corridor/core/date.hpp>
#include <corridor/core/days.hpp>
#include <corridor/core/gate.hpp>
#include <corridor/core/result.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::core {

// The fields of a day report, as its statement carries them.
struct ReportFields {
  std::string crossed;                   // format_capacity of the counts
  std::vector<std::string> turned_back;  // "REF:reason", sorted
  std::vector<std::string> no_show;      // refs, sorted

  bool operator==(const ReportFields&) const = default;
};

// The report a day's gate events give; `no_shows_to_come`: main-list
// travellers with no event yet, whom closing the day will mark.
ReportFields report_of(const std::vector<GateEvent>& events,
                       const std::vector<std::string>& no_shows_to_come = {});

// Checks a day report before the day's no-shows are marked: the operator
// closes a day that has begun (`today` is not before it), was opened, and
// is not closed yet. Rules: "report-party", "day-not-started",
// "day-not-open", "day-closed".
Result<void> check_day_report(const Config& config, std::string_view party, const Date& day,
                              const Date& today, const std::optional<CrossingDay>& stored);

// Checks a report's fields against the gate's record (`store`, once the
// no-shows are marked). Rule: "report-mismatch", naming the first field
// that differs.
Result<void> check_report_matches(const ReportFields& store, const ReportFields& report);

// What the rules need of a day's stored report.
struct ReportState {
  Hash256 hash{};  // of its statement's text: what attestations name
  bool attested = false;
};

// Checks an attestation of `day`'s report (nullopt if none closed the day)
// naming `target`. Rules: "attestation-party" (not the monitor),
// "no-report", "stale-report", "already-attested".
Result<void> check_attestation(const Config& config, std::string_view party, const Date& day,
                               const std::optional<ReportState>& report, const Hash256& target);

}  // namespace corridor::core
