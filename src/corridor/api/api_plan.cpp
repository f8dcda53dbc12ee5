// POST /api/v1/plan: the capacity planner (docs/api.md, "Planning";
// docs/planner.md, the model). Any signed-in account may plan: the answer
// holds no person, only counts.
//
// The planner is CPU-bound, so one plan's CPU is bounded: the body's limits
// (decode_plan), one thread per plan, one plan at a time on the server
// (another request meanwhile gets 503 plan-busy), and a deadline after which
// the plan is cancelled within a few simulated days (503 plan-timeout). Like every
// handler, it runs on a worker of the server's pool, never on an I/O
// thread (server.hpp), so while one worker plans the others answer.

#include <corridor/api/api_impl.hpp>
#include <corridor/api/decode.hpp>
#include <corridor/api/visibility.hpp>
#include <corridor/app/env.hpp>
#include <corridor/plan/calibrate.hpp>
#include <corridor/plan/engine.hpp>

#include <spdlog/spdlog.h>

#include <chrono>

namespace corridor::api {

using nlohmann::json;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// An error of the scenario or of the changes, named from the body's root
// ("scenario.stage[2].approve", "set.min_days.security").
// The message keeps its own form: "set.min_days.x: names no stage", or the
// scenario's "scenario:LINE:COLUMN: ..." (its source is named "scenario").
core::Error under(const std::string& member, core::Error e) {
  if (e.code != core::Errc::bad_input && e.code != core::Errc::usage) return e;
  if (!e.field.empty() && e.message.starts_with(e.field + ":"))
    e.message = member + "." + e.message;
  else if (!e.message.starts_with(member + ":"))
    e.message = member + ": " + e.message;
  e.field = e.field.empty() ? member : member + "." + e.field;
  return e;
}

// Frees the server's one planning slot when the plan ends, however it ends.
struct SlotRelease {
  std::atomic<bool>& busy;
  ~SlotRelease() { busy.store(false); }
};

// What the page's sliders start from: names and settings, no counts of
// patients, so that a party shown no scenario can still move them.
json controls_of(const plan::Scenario& s) {
  static constexpr const char* k_days[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  json days = json::array();
  for (int d : s.crossing.open_weekdays) days.push_back(k_days[d]);
  json stages = json::array();
  for (const auto& st : s.stages)
    stages.push_back({{"id", st.id},
                      {"party", st.party},
                      {"step", st.step},
                      {"min_days", st.min_days},
                      {"capacity_per_day", st.capacity_per_day}});
  return {{"name", s.name},
          {"start", s.start.to_string()},
          {"crossing",
           {{"patient_places", s.crossing.patient_places},
            {"companion_places", s.crossing.companion_places},
            {"open_weekdays", std::move(days)},
            {"suspend_probability", s.crossing.suspend_probability},
            {"equal_in_out", s.crossing.equal_in_out}}},
          {"stages", std::move(stages)}};
}

}  // namespace

core::Result<plan::Scenario> Api::Impl::plan_scenario(const PlanBody& body, bool pooled) {
  if (body.scenario) {
    auto s = plan::parse_scenario(*body.scenario, "scenario");
    if (!s) return under("scenario", std::move(s).error());
    return s;
  }
  const core::Timestamp now = env.now();
  CalibratedPlan& cached = calibrated_plan;
  if (cached.scenario && now >= cached.at && now - cached.at < 60 && cached.since == body.since &&
      cached.pooled == pooled)
    return *cached.scenario;
  auto db = service.reader();
  if (!db) return std::move(db).error();
  plan::CalibrateOptions o;
  o.since = body.since;
  o.pool_urgency = pooled;
  auto s = plan::calibrate(**db, service.config(), o, now);  // a bad since names "since"
  if (!s) return s;
  cached = {now, body.since, pooled, std::make_shared<const plan::Scenario>(*s)};
  return s;
}

Response Api::Impl::capacity_plan(Context& c) {
  auto body = decode_plan(c.request.body);
  if (!body) return error(body.error());
  if (bool free = false; !planning.compare_exchange_strong(free, true)) {
    Response r = problem(503, "plan-busy", "another plan is running; try again in a moment");
    r.headers.set("Retry-After", "1");
    return r;
  }
  SlotRelease release{planning};
  const auto start = Clock::now();
  const auto deadline = start + options.plan_deadline;  // calibrating counts too
  const Viewer viewer{c.session->account.party, false};
  auto scenario = plan_scenario(*body, !sees_plan_detail(service.config(), viewer));
  if (!scenario) return error(scenario.error());
  auto changed = plan::apply_changes(std::move(scenario).value(), body->set);
  if (!changed) return error(under("set", std::move(changed).error()));
  const double prepare_ms = ms_since(start);

  const auto run_start = Clock::now();
  std::atomic<bool> late{false};  // stop may be called on another thread
  plan::RunOptions o;
  o.runs = body->runs;
  o.days = body->days;
  o.seed = body->seed;
  o.threads = 1;
  if (options.plan_progress)
    o.progress = [&](int done) {
      options.plan_progress(done);
      return true;
    };
  // Asked every few simulated days, so that a long run stops too.
  o.stop = [&] {
    if (!ready.load()) return true;
    if (Clock::now() <= deadline) return false;
    late.store(true);
    return true;
  };
  auto result = plan::run(*changed, o);
  // Counts and timings only: never what the scenario holds.
  spdlog::info("msg=plan calibrated={} runs={} days={} prepare_ms={:.1f} run_ms={:.1f} ok={}",
               !body->scenario, body->runs, body->days, prepare_ms, ms_since(run_start),
               result.ok());
  if (!result) {
    if (late.load())
      return problem(503, "plan-timeout",
                     "the plan took longer than " + std::to_string(options.plan_deadline.count()) +
                         " ms and was stopped; ask for fewer runs or days");
    if (!ready.load()) return problem(503, "shutting-down", "the server is shutting down");
    return error(result.error());
  }
  json answer = {{"scenario", plan::format_scenario(*changed)},
                 {"controls", controls_of(*changed)},
                 {"result", json::parse(plan::to_json(*result))}};
  Response r = json_response(
      200, visible_plan(service.config(), std::move(answer), viewer, !body->scenario));
  r.headers.set("Cache-Control", "no-store");
  return r;
}

}  // namespace corridor::api
