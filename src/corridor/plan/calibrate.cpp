// `plan calibrate` (calibrate.hpp): the window, the roles the config
// gives, the two reads (calibrate_cases.cpp, calibrate_crossing.cpp) and
// the estimates (calibrate_estimate.cpp).

#include <corridor/plan/calibrate.hpp>

#include <corridor/app/timezone.hpp>
#include <corridor/plan/calibrate_observe.hpp>
#include <corridor/store/plan_repo.hpp>

namespace corridor::plan {

namespace calibration {

core::Result<Roles> roles_of(const core::Config& config) {
  Roles r;
  for (const core::CategoryDef& c : config.categories) {
    if (!c.needs_urgency || !c.allows(core::Direction::exit)) continue;
    const core::WorkflowDef* wf = config.workflow_for(core::Direction::exit, c.id);
    if (!wf || wf->stages.empty()) continue;
    r.patient = c.id;
    r.workflow = wf;
    break;
  }
  if (!r.workflow)
    return core::refuse("no-patient-category",
                        "the config has no category with an urgency that travels out under a "
                        "workflow: nothing for the planner to model");
  for (const core::CategoryDef& c : config.categories)
    if (c.group_of && *c.group_of == r.patient) {
      r.companion = c.id;
      break;
    }
  return r;
}

}  // namespace calibration

namespace {

// From --since (or the first registration's date) to now's date.
core::Result<calibration::Window> window(store::Database& db, const core::Config& config,
                                         const CalibrateOptions& options, core::Timestamp now) {
  const std::string& tz = config.crossing.time_zone;
  calibration::Window w;
  w.now = now;
  auto today = app::local_date(now, tz);
  if (!today) return std::move(today).error();
  w.today = *today;
  if (options.since) {
    if (*options.since > w.today)
      return core::invalid("since", "is after today (" + w.today.to_string() + ")");
    w.first = *options.since;
  } else {
    auto first = store::first_registration(db);
    if (!first) return std::move(first).error();
    auto day = *first ? app::local_date(**first, tz) : core::Result<core::Date>(w.today);
    if (!day) return std::move(day).error();
    w.first = std::min(*day, w.today);
  }
  auto from = app::local_instant(w.first, "00:00", tz);
  if (!from) return std::move(from).error();
  w.from = *from;
  return w;
}

}  // namespace

core::Result<Scenario> calibrate(store::Database& db, const core::Config& deployment,
                                 const CalibrateOptions& options, core::Timestamp now) {
  core::Config pooled;
  if (options.pool_urgency) {
    pooled = deployment;
    pooled.urgencies = {k_pooled_class};
  }
  const core::Config& config = options.pool_urgency ? pooled : deployment;
  store::SmallCache small(db);  // pages are read once (plan_repo.hpp)
  auto roles = calibration::roles_of(config);
  if (!roles) return std::move(roles).error();
  auto w = window(db, config, options, now);
  if (!w) return std::move(w).error();
  calibration::Observations obs;
  obs.window = *w;
  const core::Date start = w->today.plus_days(1);
  if (auto r = calibration::observe_cases(db, config, *roles, start, obs); !r)
    return std::move(r).error();
  if (auto r = calibration::observe_crossing(db, config, *roles, obs); !r)
    return std::move(r).error();
  return calibration::estimate(obs, config, *roles, start);
}

std::string format_calibrated(const Scenario& s) {
  std::string out = format_scenario(s);
  const std::size_t at = out.find("[[backlog]]");
  if (at != std::string::npos)
    out.insert(at,
               "# Calibrated: the patients waiting now by urgency, child and the pending stages\n"
               "# of their current step, grouped by week of referral (7-day weeks counted back\n"
               "# from day 0), each row dated by the first day of its week.\n");
  return out;
}

std::string assumed_summary(const Scenario& s) {
  std::string out;
  for (const auto& [key, e] : s.calibration)
    if (e.assumed) out += key + " (n = " + std::to_string(e.n) + ")\n";
  return out;
}

}  // namespace corridor::plan
