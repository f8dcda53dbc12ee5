// `corridor plan`: its sub-commands (a table, as `account` has), their
// options, and reading scenarios and --set. The text output is
// plan_text.cpp.

#include <corridor/cli/plan_commands.hpp>

#include <corridor/cli/common.hpp>
#include <corridor/cli/plan_calibrate_command.hpp>
#include <corridor/cli/plan_text.hpp>
#include <corridor/plan/compare.hpp>

#include <CLI/CLI.hpp>

#include <unistd.h>
#include <cstdio>
#include <fstream>

namespace corridor::cli {
namespace {

PlanOptions& options() {
  static PlanOptions o;
  return o;
}

core::Error usage(const std::string& what) { return core::make_error(core::Errc::usage, what); }

// One `--set key=value`, into `c`.
core::Result<void> set_one(const std::string& kv, plan::Changes& c) {
  const auto eq = kv.find('=');
  if (eq == std::string::npos) return usage("--set " + kv + ": expected KEY=VALUE");
  const std::string key = kv.substr(0, eq), value = kv.substr(eq + 1);
  const auto bad = [&] { return usage("--set " + key + ": not a valid value '" + value + "'"); };
  try {
    std::size_t used = 0;
    const auto integer = [&] {
      const int v = std::stoi(value, &used);
      if (used != value.size()) throw std::invalid_argument(value);
      return v;
    };
    const auto number = [&] {
      const double v = std::stod(value, &used);
      if (used != value.size()) throw std::invalid_argument(value);
      return v;
    };
    if (key == "patient_places")
      c.patient_places = integer();
    else if (key == "companion_places")
      c.companion_places = integer();
    else if (key == "days_open_per_week")
      c.days_open_per_week = integer();
    else if (key == "suspend_probability")
      c.suspend_probability = number();
    else if (key == "equal_in_out") {
      if (value != "true" && value != "false") return bad();
      c.equal_in_out = value == "true";
    } else if (key.rfind("min_days.", 0) == 0)
      c.min_days[key.substr(9)] = integer();
    else if (key.rfind("capacity_per_day.", 0) == 0)
      c.capacity_per_day[key.substr(17)] = number();
    else
      return usage("--set " + key +
                   ": unknown key (patient_places, companion_places, days_open_per_week, "
                   "suspend_probability, equal_in_out, min_days.STAGE, capacity_per_day.STAGE)");
  } catch (const std::exception&) {
    return bad();
  }
  return {};
}

core::Result<plan::Scenario> load(const std::string& path, const std::vector<std::string>& set) {
  auto text = read_input(path);
  if (!text) return std::move(text).error();
  auto s = plan::parse_scenario(*text, path);
  if (!s) return std::move(s).error();
  plan::Changes c;
  for (const std::string& kv : set)
    if (auto ok = set_one(kv, c); !ok) return std::move(ok).error();
  auto changed = plan::apply_changes(std::move(*s), c);
  if (!changed) return usage("--set " + changed.error().message);
  return changed;
}

plan::RunOptions run_options(Io& io) {
  const PlanOptions& o = options();
  plan::RunOptions r;
  r.runs = o.runs;
  r.days = o.days;
  r.seed = o.seed;
  r.threads = o.threads;
  if (::isatty(STDERR_FILENO)) {
    std::ostream* err = &io.err;
    r.progress = [err, total = o.runs](int done) {
      if (done % std::max(1, total / 100) == 0 || done == total)
        *err << "\rplan: " << done << " of " << total << " runs" << (done == total ? "\n" : "")
             << std::flush;
      return true;
    };
  }
  return r;
}

int run_run(const Args&, Io& io) {
  const PlanOptions& o = options();
  auto s = load(o.files.at(0), o.set);
  if (!s) return fail(io, s.error());
  plan::RunOptions ro = run_options(io);
  ro.keep_samples = o.samples.has_value();
  auto r = plan::run(*s, ro);
  if (!r) return fail(io, r.error());
  if (o.samples) {
    std::ofstream out(*o.samples, std::ios::binary | std::ios::trunc);
    out << samples_csv(*r);
    if (!out.flush())
      return fail(io, core::make_error(core::Errc::internal, *o.samples + ": cannot write"));
  }
  if (o.json)
    io.out << plan::to_json(*r) << "\n";
  else
    print_result(io.out, *r);
  return k_exit_ok;
}

int run_compare(const Args&, Io& io) {
  const PlanOptions& o = options();
  if (o.files.size() < 2) return fail(io, usage("plan compare: give at least two scenarios"));
  std::vector<plan::Scenario> scenarios;
  for (const std::string& f : o.files) {
    auto s = load(f, o.set);
    if (!s) return fail(io, s.error());
    scenarios.push_back(std::move(*s));
  }
  auto c = plan::compare(scenarios, run_options(io));
  if (!c) return fail(io, c.error());
  if (o.json)
    io.out << plan::to_json(*c) << "\n";
  else
    print_comparison(io.out, *c);
  return k_exit_ok;
}

void declare_runs(CLI::App& s, bool many) {
  PlanOptions& o = options();
  s.add_option(many ? "SCENARIOS" : "SCENARIO", o.files,
               many ? "Scenario files (TOML, docs/planner.md), the first the baseline"
                    : "A scenario file (TOML, docs/planner.md; - for standard input)")
      ->required()
      ->expected(many ? -1 : 1);
  s.add_option("--runs", o.runs, "Monte Carlo runs (1..100000; default 10000)")
      ->check(CLI::Range(1, plan::k_max_runs));
  s.add_option("--days", o.days, "Days simulated from the scenario's start (1..3650; default 730)")
      ->check(CLI::Range(1, plan::k_max_days));
  s.add_option("--seed", o.seed, "The seed: the same seed gives the same result (default 1)");
  s.add_option("--threads", o.threads, "Threads (default: the machine's, at most 2)")
      ->check(CLI::Range(0, 64));
  s.add_flag("--json", o.json, "Print the result JSON (docs/planner.md)");
  s.add_option("--set", o.set,
               "KEY=VALUE changes to the scenario: patient_places, companion_places, "
               "days_open_per_week, suspend_probability, equal_in_out, min_days.STAGE, "
               "capacity_per_day.STAGE (repeatable)");
}

struct PlanCommand {
  const char* name;
  const char* summary;
  void (*declare)(CLI::App&);
  int (*run)(const Args&, Io&);
};

const PlanCommand k_plan_commands[] = {
    {"run", "Run a scenario: days to clear the backlog, deaths while waiting, waits, throughput",
     [](CLI::App& s) {
       declare_runs(s, false);
       s.add_option("--samples", options().samples,
                    "Also write one CSV row per run to FILE (run order; docs/planner.md)");
     },
     run_run},
    {"compare", "Run scenarios with the same seed side by side; which differences exceed noise",
     [](CLI::App& s) { declare_runs(s, true); }, run_compare},
    {"calibrate", "Estimate every parameter of a scenario from a deployment's database",
     declare_plan_calibrate, run_plan_calibrate},
};

}  // namespace

void declare_plan(CLI::App& app, Args& a) {
  options() = PlanOptions{};
  app.require_subcommand(1);
  app.footer(
      "The capacity planner (docs/planner.md): a Monte Carlo model of the corridor. Exit 65 for "
      "a bad scenario file (the key is named), 66 for a missing one, 64 for bad options.");
  for (const PlanCommand& c : k_plan_commands) c.declare(*sub(app, a, c.name, c.summary));
}

int run_plan(const Args& a, Io& io) {
  for (const PlanCommand& c : k_plan_commands)
    if (a.sub == c.name) return c.run(a, io);
  return fail(io, usage("plan: no such command '" + a.sub + "'"));
}

}  // namespace corridor::cli
