#pragma once
// For app/stats.cpp only: the figures over time that Service::stats adds
// to the counts of today (stats_series.cpp), each derived from the
// projection tables by core's rules, never estimated.

#include <corridor/app/service.hpp>
#include <corridor/core/config.hpp>
#include <corridor/store/case_repo.hpp>

#include <map>
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

// Collects each decision's wait (from its stage becoming decidable) per
// stage and party, for decisions made in [from, to).
class DecisionClock {
public:
  DecisionClock(const core::Config& config, core::Timestamp from, core::Timestamp to);
  void add(const store::StoredCase& sc, const core::WorkflowDef& wf);
  std::vector<Stats::DecisionTimes> take();

private:
  const core::Config& m_config;
  core::Timestamp m_from;
  core::Timestamp m_to;
  std::map<std::pair<std::string, std::string>, std::vector<double>> m_waits;  // hours
};

}  // namespace corridor::app::stats_detail
