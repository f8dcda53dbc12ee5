// `corridor demo-data` and `corridor demo`: the demo module's referral
// CSV and demo deployment (src/corridor/demo/) behind the command line.

#include <corridor/cli/demo_commands.hpp>

#include <corridor/app/service.hpp>
#include <corridor/app/timezone.hpp>
#include <corridor/cli/commands.hpp>
#include <corridor/cli/common.hpp>
#include <corridor/cli/exit_codes.hpp>
#include <corridor/demo/data.hpp>
#include <corridor/demo/run.hpp>

#include <CLI/CLI.hpp>

#include <fstream>
#include <ostream>

namespace corridor::cli {
namespace {

constexpr std::string_view k_demo_db = "corridor-demo.db";

core::Result<core::Date> demo_today(const Args& a, Io& io) {
  if (a.today) {
    auto d = core::parse_date(*a.today);
    if (!d) return core::make_error(core::Errc::usage, "--today: not a date YYYY-MM-DD");
    return *d;
  }
  auto config = app::load_config(std::nullopt);
  if (!config) return std::move(config).error();
  return app::local_date(io.env.now(), config->crossing.time_zone);
}

}  // namespace

void declare_demo_data(CLI::App& app, Args& a) {
  app.add_option("--patients", a.patients, "Number of waiting patients (medical cases)")
      ->check(CLI::Range(0, demo::k_demo_max_patients));
  app.add_option("--seed", a.seed, "Random seed: the same seed gives the same file");
  app.add_option("--out", a.out, "Write to FILE instead of standard output");
  app.add_option("--today", a.today, "Date the ages and dates are relative to (YYYY-MM-DD)");
  app.add_option("--duplicates", a.duplicates,
                 "Write this share (0 to 1) of persons a second time, after the other rows, "
                 "varied as another registrar would write them (docs/dedup.md)")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--duplicates-truth", a.duplicates_truth,
                 "Write the planted pairs to FILE (CSV ref_a,ref_b,variation)");
}

int run_demo_data(const Args& a, Io& io) {
  auto today = demo_today(a, io);
  if (!today) return fail(io, today.error());
  demo::DemoOptions o;
  o.patients = a.patients;
  o.seed = a.seed;
  o.today = *today;
  o.duplicate_share = a.duplicates;
  std::ofstream file, truth;
  if (a.out) {
    file.open(*a.out, std::ios::binary | std::ios::trunc);
    if (!file) return fail(io, core::make_error(core::Errc::not_found, *a.out + ": cannot write"));
  }
  if (a.duplicates_truth) {
    truth.open(*a.duplicates_truth, std::ios::binary | std::ios::trunc);
    if (!truth)
      return fail(io,
                  core::make_error(core::Errc::not_found, *a.duplicates_truth + ": cannot write"));
  }
  auto counts =
      demo::write_demo_csv(o, a.out ? file : io.out, a.duplicates_truth ? &truth : nullptr);
  if (!counts) return fail(io, counts.error());
  if (a.out) {
    file.close();
    if (!file) return fail(io, core::make_error(core::Errc::internal, *a.out + ": write failed"));
    io.err << "wrote " << counts->rows() << " rows to " << *a.out << " (" << counts->patients
           << " patients, " << counts->companions << " companions, " << counts->children
           << " children, " << counts->others + counts->returnees << " other travellers, "
           << counts->typos << " ID typos";
    if (counts->duplicates > 0) io.err << ", " << counts->duplicates << " planted duplicates";
    io.err << ")\n";
  }
  return k_exit_ok;
}

void declare_demo(CLI::App& app, Args& a) {
  // Args is shared by every command, so the default is applied when demo runs.
  app.add_option("--db", a.db, "Where to create the demo database")
      ->default_str(std::string(k_demo_db));
  app.add_option("--patients", a.patients, "Number of waiting patients")
      ->check(CLI::Range(1, demo::k_demo_max_patients))
      ->capture_default_str();
  app.add_option("--seed", a.seed, "Random seed")->capture_default_str();
  app.add_flag("--fresh", a.fresh, "Replace the database if it exists");
  app.add_option("--witness-dir", a.witness_dir,
                 "Keep each party's witness key and state here (for corridor witness serve)");
  app.add_flag("--json", a.json, "Print JSON instead of text");
}

int run_demo(const Args& given, Io& io) {
  Args a = given;
  if (a.db.empty()) a.db = k_demo_db;
  demo::DemoRunOptions o;
  o.db_path = a.db;
  o.patients = a.patients;
  o.seed = a.seed;
  o.end = io.env.now();
  o.fresh = a.fresh;
  o.witness_dir = a.witness_dir;
  auto rep = demo::run_demo(o, io.err);
  if (!rep) return fail(io, rep.error());
  if (rep->refused > 0)
    io.err << "demo: " << rep->refused << " simulated decisions were refused by the rules\n";
  for (const std::string& m : rep->first_refusals) io.err << "  " << m << "\n";
  io.err << "demo: database " << a.db << " (log key " << app::default_log_key_path(a.db)
         << "); try: corridor cases --db " << a.db << " --state cleared, corridor case --db "
         << a.db << " MOH-..., corridor verify --db " << a.db << "\n\n";
  return run_stats(a, io);
}

}  // namespace corridor::cli
