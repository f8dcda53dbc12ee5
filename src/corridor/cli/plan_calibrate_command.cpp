// `corridor plan calibrate`: reads the deployment read-only, writes the
// calibrated scenario's TOML (stdout, or --out atomically) and says on
// stderr which parameters are assumptions (too little data).

#include <corridor/cli/plan_calibrate_command.hpp>

#include <corridor/cli/common.hpp>
#include <corridor/plan/calibrate.hpp>

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace corridor::cli {
namespace {

core::Error usage(const std::string& what) { return core::make_error(core::Errc::usage, what); }

// The options (the plan table's rows declare theirs without Args).
struct CalibrateArgs {
  std::string db;
  std::optional<std::string> since;
  std::optional<std::string> out;
};

CalibrateArgs& options() {
  static CalibrateArgs o;
  return o;
}

// The summary: how many parameters are assumed, and each one's reason.
void summarise(const plan::Scenario& s, std::ostream& err) {
  std::size_t assumed = 0;
  for (const auto& [key, e] : s.calibration) assumed += e.assumed;
  err << "plan calibrate: " << s.description << "\n";
  err << "plan calibrate: " << assumed << " of " << s.calibration.size()
      << " parameters assumed (too little data; defaults from DOMAIN.md)\n";
  const std::string lines = plan::assumed_summary(s);
  for (std::size_t at = 0; at < lines.size();) {
    const std::size_t eol = lines.find('\n', at);
    err << "  " << lines.substr(at, eol - at) << "\n";
    at = eol == std::string::npos ? lines.size() : eol + 1;
  }
}

}  // namespace

void declare_plan_calibrate(CLI::App& s) {
  CalibrateArgs& o = options() = CalibrateArgs{};
  s.footer(
      "Writes a scenario file (TOML, docs/planner.md) whose every parameter is estimated from "
      "the database's log: referrals, deaths, each stage's decision times, capacity and "
      "outcomes, the crossing's days, suspensions, places, no-shows, turn-backs, companions, "
      "and the patients waiting now. [calibration] gives each estimate's sample size and 95% "
      "interval; parameters with too little data are assumed = true, take a default from "
      "DOMAIN.md and are listed on stderr. Counts and rates only: no names, refs or ids. The "
      "database is opened read-only. Exit 64 for a bad --since, 66 for a missing database.");
  s.add_option("--db", o.db, "The deployment database (made by corridor init)")->required();
  s.add_option("--since", o.since,
               "Only events on or after this date, YYYY-MM-DD; default: from the first "
               "registration");
  s.add_option("--out", o.out, "Write the scenario to FILE (atomically) instead of stdout");
}

int run_plan_calibrate(const Args&, Io& io) {
  const CalibrateArgs& o = options();
  plan::CalibrateOptions co;
  if (o.since) {
    co.since = core::parse_date(*o.since);
    if (!co.since) return fail(io, usage("--since: not a date YYYY-MM-DD: " + *o.since));
  }
  Args a;
  a.db = o.db;
  return with_service(
      a, io,
      [&](app::Service& svc) {
        auto db = svc.reader();
        if (!db) return fail(io, db.error());
        auto s = plan::calibrate(**db, svc.config(), co, io.env.now());
        if (!s && s.error().field == "since")
          return fail(io, usage("--since: " + *o.since + " is after today"));
        if (!s) return fail(io, s.error());
        const std::string toml = plan::format_calibrated(*s);
        if (o.out) {
          if (auto w = write_atomically(*o.out, toml); !w) return fail(io, w.error());
        } else {
          io.out << toml;
        }
        summarise(*s, io.err);
        return k_exit_ok;
      },
      Access::read);
}

}  // namespace corridor::cli
