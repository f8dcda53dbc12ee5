#pragma once
// For app/stats.cpp only: the figures over time that Service::stats adds
// to the counts of today (stats_series.cpp), each derived from the
// projection tables by core's rules, never estimated.

#include <corridor/app/service.hpp>
#include <corridor/core/config.hpp>
#include <corridor/store/case_repo.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace corridor::app::stats_detail {

// "patient" (a category with an urgency), "companion" (a category that
// joins another's group) or "other".
std::string role_of(const core::Config& config, const std::string& category);

// Whether a case passes the filter's direction, category and urgency.
bool passes(const StatsFilter& f, const core::CaseRecord& r);

// The nearest-rank percentile (0 < p <= 1) of sorted, non-empty values.
double percentile(const std::vector<double>& sorted, double p);

// Where a case ended at the gate: the date it crossed or was turned back.
struct GateEnd {
  core::Date on;
  core::Travel travel = core::Travel::crossed;
};

// The facts of a case as they stood just before `t`: the decisions and the
// closure made before it, the gate's outcome if it came on `day` or
// earlier. The snapshot is the current one (amendments are not undone).
core::CaseFacts facts_before(const core::CaseFacts& f, core::Timestamp t, const GateEnd* end,
                             const core::Date& day);

// Counts, day by day, the cases open at each day's end (`ends`: the
// instant each day of the range ends, in order) into st.backlog.
class Backlog {
public:
  Backlog(const core::Config& config, std::vector<std::pair<core::Date, core::Timestamp>> ends);
  void add(const store::StoredCase& sc, const core::WorkflowDef& wf, const GateEnd* end);
  std::vector<Stats::BacklogDay> take() { return std::move(m_days); }

private:
  const core::Config& m_config;
  std::vector<std::pair<core::Date, core::Timestamp>> m_ends;
  std::vector<Stats::BacklogDay> m_days;
};

// Seconds from decision i's stage becoming decidable to the decision, or
// nullopt if it does not count (a revoke, or not decidable then).
std::optional<std::int64_t> decision_wait(const core::CaseFacts& facts, const core::WorkflowDef& wf,
                                          std::size_t i);

// Collects each decision's wait (from its stage becoming decidable) per
// stage and party, for decisions made in [from, to).
class DecisionClock {
public:
  DecisionClock(const core::Config& config, core::Timestamp from, core::Timestamp to);
  void add(const store::StoredCase& sc, const core::WorkflowDef& wf);
  // One decision's wait, already known to be in [from, to).
  void add_wait(const std::string& stage, const std::string& party, double hours) {
    m_waits[{stage, party}].push_back(hours);
  }
  std::vector<Stats::DecisionTimes> take();

private:
  const core::Config& m_config;
  core::Timestamp m_from;
  core::Timestamp m_to;
  std::map<std::pair<std::string, std::string>, std::vector<double>> m_waits;  // hours
};

// Whether a date is in the filter's range (both ends included).
bool in_range(const StatsFilter& f, const core::Date& d);

// One StageLoad per (stage, party) of the config, in config order.
std::vector<StageLoad> stage_loads(const core::Config& config);

// What the cases give the crossing figures and the deaths.
struct Scan {
  std::map<std::string, GateEnd> ends;         // ref -> the gate's outcome
  std::map<std::string, std::string> urgency;  // ref -> urgency (under an urgency filter)
  std::map<std::string, std::int64_t> deaths;  // date -> deaths that day (all dates)
  std::map<std::string, std::int64_t> deaths_in_range_by_urgency;
};

// The crossing days' figures (st.days, planned, *_since), from the days and
// the gate's events; `scan.urgency` under an urgency filter.
core::Result<void> crossing_stats(store::Database& db, const core::Config& config, const Scan& scan,
                                  Stats& st);

// The instant each day of the backlog's range ends (the next local
// midnight): at most a year of days, ending today at the latest.
core::Result<std::vector<std::pair<core::Date, core::Timestamp>>> backlog_days(
    const core::Config& config, const StatsFilter& f, const core::Date& today,
    const core::Date& first);

// Every figure derived afresh from every case at st.now (st: the filter,
// now, today, pending and capacity_known set): the definition the
// maintained figures (stats.cpp) are held to.
core::Result<Stats> derived_stats(store::Database& db, const core::Config& config, Stats st);

}  // namespace corridor::app::stats_detail
