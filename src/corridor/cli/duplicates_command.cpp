#include <corridor/cli/duplicates_command.hpp>

#include <corridor/app/duplicates.hpp>
#include <corridor/app/service.hpp>
#include <corridor/cli/common.hpp>
#include <corridor/cli/exit_codes.hpp>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <ostream>

namespace corridor::cli {
namespace {

// A score in [0, 1] as typed, or nullopt.
std::optional<double> parse_score(const std::string& text) {
  double v = 0;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%lf%c", &v, &extra) != 1 || !(v >= 0 && v <= 1)) return {};
  return v;
}

std::string two_places(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

nlohmann::json to_json(const app::StoreDuplicates& found) {
  nlohmann::json pairs = nlohmann::json::array();
  for (const app::StorePair& p : found.pairs)
    pairs.push_back(
        {{"a", p.ref_a},
         {"b", p.ref_b},
         {"score", p.comparison.score},
         {"features", nlohmann::json::parse(app::features_json(p.comparison.features))}});
  return pairs;
}

// One pair a line: score, the two refs, then each feature as name=level.
void print_text(std::ostream& out, const app::StoreDuplicates& found) {
  for (const app::StorePair& p : found.pairs) {
    out << two_places(p.comparison.score) << "  " << p.ref_a << "  " << p.ref_b << " ";
    for (const core::Feature& f : p.comparison.features)
      out << " " << f.name << "=" << f.level << "(" << two_places(f.weight) << ")";
    out << "\n";
  }
}

}  // namespace

void declare_duplicates(CLI::App& app, Args& a) {
  app.add_option("--db", a.db, "The deployment database (made by corridor init)")->required();
  app.add_option("--min-score", a.min_score,
                 "List pairs whose score (the match probability, 0 to 1) is at least this "
                 "(default 0.9)");
  app.add_flag("--json", a.json, "Print JSON instead of text");
}

int run_duplicates(const Args& a, Io& io) {
  double min_score = core::k_default_min_score;
  if (a.min_score) {
    auto s = parse_score(*a.min_score);
    if (!s)
      return fail(io, core::make_error(core::Errc::usage,
                                       "--min-score: not a number from 0 to 1: " + *a.min_score));
    min_score = *s;
  }
  return with_service(
      a, io,
      [&](app::Service& svc) {
        const auto start = std::chrono::steady_clock::now();
        auto db = svc.reader();
        if (!db) return fail(io, db.error());
        auto found = app::find_store_duplicates(**db, min_score, 2);
        if (!found) return fail(io, found.error());
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        if (a.json)
          io.out << to_json(*found).dump(2) << "\n";
        else
          print_text(io.out, *found);
        io.err << found->pairs.size() << " pairs at score >= " << two_places(min_score) << " among "
               << found->persons << " open cases; " << found->stats.pairs_blocked
               << " pairs kept by blocking, " << found->stats.comparisons << " comparisons, "
               << two_places(took.count()) << " s\n";
        return k_exit_ok;
      },
      Access::read);
}

}  // namespace corridor::cli
