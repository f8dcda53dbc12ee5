#pragma once
// Inside `plan calibrate` (calibrate.cpp): what the database holds that
// the estimates are made of, as plain counts and samples. observe_cases
// (calibrate_cases.cpp) scans the patients, observe_crossing
// (calibrate_crossing.cpp) the crossing days; estimate
// (calibrate_estimate.cpp) turns the counts into a Scenario. Nothing here
// holds a ref, a name or a public id.

#include <corridor/core/config.hpp>
#include <corridor/core/date.hpp>
#include <corridor/core/result.hpp>
#include <corridor/plan/scenario.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace corridor::store {
class Database;
}

namespace corridor::plan::calibration {

// The categories and workflow the model covers (docs/planner.md).
struct Roles {
  std::string patient;    // the category with urgency whose exit workflow is modelled
  std::string companion;  // the category whose group_of names it; "" if none
  const core::WorkflowDef* workflow = nullptr;  // the patient's exit workflow
};

// The patient category: the first with an urgency that travels out under
// a workflow with stages. Errc::refused if there is none.
core::Result<Roles> roles_of(const core::Config& config);

// The days the estimates look at: from `first` (--since, or the date of
// the first registration) to `today` (now's date), in the crossing's zone.
struct Window {
  core::Date first;
  core::Date today;
  core::Timestamp from = 0;  // the instant `first` begins
  core::Timestamp now = 0;
  std::int64_t days() const { return today.days_since_epoch() - first.days_since_epoch() + 1; }
};

// Per urgency level.
struct ClassCounts {
  std::int64_t referrals = 0;  // patients referred in the window (referral date)
  std::int64_t children = 0;   // ... who were children on their referral date
  std::int64_t deaths = 0;     // closures `deceased` in the window
  double exposure_days = 0;    // patient-days waiting in the window, while registered
};

// Per stage of the patient workflow: decisions on patients in the window.
struct StageCounts {
  std::vector<double> wait_days;  // each decision's days since the stage became decidable
  std::int64_t approved = 0, denied = 0, returned = 0;
  std::int64_t busy_days = 0;       // days of the window with a patient pending at the stage
  std::int64_t busy_decisions = 0;  // decisions made on those days
  std::int64_t decisions() const { return approved + denied + returned; }
};

// A scheduled crossing day of the window that is over: one the crossing
// tables hold (an opening was signed, or it was suspended or closed).
struct DayCount {
  core::Date date;
  bool ran = false;  // open: travellers could cross
  core::Capacity capacity;
};

struct Observations {
  Window window;
  std::map<std::string, ClassCounts> classes;  // urgency -> counts
  std::map<std::string, StageCounts> stages;   // stage id -> counts
  std::vector<DayCount> days;                  // by date
  // Patients at the gate on the window's days closed at the gate.
  std::int64_t at_gate = 0, no_shows = 0, crossed = 0, turned_back = 0;
  std::map<int, std::int64_t> companions;  // companions on the list -> patients
  std::int64_t entry_arrivals = 0;         // entry cases registered in the window
  std::vector<BacklogEntry> backlog;       // waiting at `now`, grouped by week
};

// The patients' part: classes, stages, the backlog (for day 0 = `start`).
core::Result<void> observe_cases(store::Database& db, const core::Config& config,
                                 const Roles& roles, const core::Date& start, Observations& obs);

// The crossing's part: days, the gate, the lists' groups, entry arrivals.
core::Result<void> observe_crossing(store::Database& db, const core::Config& config,
                                    const Roles& roles, Observations& obs);

// The scenario the counts give, starting on `start` (docs/planner.md,
// "Calibration": each estimator, interval, threshold and default).
Scenario estimate(const Observations& obs, const core::Config& config, const Roles& roles,
                  const core::Date& start);

}  // namespace corridor::plan::calibration
