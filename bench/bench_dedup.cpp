// Duplicate finding (issue 19, docs/dedup.md), on a file from
// `corridor demo-data --duplicates RATE --duplicates-truth TRUTH`:
//  1. the import of the file with and without the possible-duplicate check,
//     each into a fresh store (the ratio is the check's cost);
//  2. precision and recall of the whole-store pass (`corridor duplicates`'
//     use case) at the default threshold, against the planted pairs; recall
//     by variation (which kinds are missed); flags at import against the
//     truth too;
//  3. the precision/recall curve as an SVG (never committed).
// Usage: bench_dedup N RATE WORKDIR SVG: about N persons (demo-data's
// rows, seed 1) with RATE planted duplicates, written to WORKDIR/rows.csv
// and truth.csv. WORKDIR keeps with-check.db for scripts/bench_dedup.sh
// (`corridor duplicates` beside the exact-ID join, whole processes).

#include <corridor/app/duplicates.hpp>
#include <corridor/app/env.hpp>
#include <corridor/app/service.hpp>
#include <corridor/demo/data.hpp>
#include <corridor/ledger/key.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace corridor;
using Clock = std::chrono::steady_clock;

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "bench_dedup: %s\n", what.c_str());
  std::exit(1);
}

template <class T>
T need(core::Result<T> r, const char* what) {
  if (!r) fail(std::string(what) + ": " + r.error().message);
  return std::move(r).value();
}
void need(core::Result<void> r, const char* what) {
  if (!r) fail(std::string(what) + ": " + r.error().message);
}

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path + ": cannot read");
  return {std::istreambuf_iterator<char>(in), {}};
}

std::string pair_key(const std::string& a, const std::string& b) {
  return a < b ? a + "," + b : b + "," + a;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == sep)
      out.emplace_back();
    else
      out.back().push_back(c);
  }
  return out;
}

// The planted pairs, and each one's variation tags.
std::map<std::string, std::vector<std::string>> read_truth(const std::string& path) {
  std::map<std::string, std::vector<std::string>> out;
  std::istringstream in(read_file(path));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const std::vector<std::string> f = split(line, ',');
    if (f.size() < 2) continue;
    out[pair_key(f[0], f[1])] = f.size() > 2 ? split(f[2], '+') : std::vector<std::string>{};
  }
  return out;
}

struct Imported {
  double seconds = 0;
  std::int64_t rows = 0;
  std::vector<core::RowFlag> flags;
};

Imported import_into(const std::string& db, const std::string& csv, bool check) {
  auto env = app::system_env();
  auto svc = need(app::Service::init(db, std::nullopt, *env), "init");
  svc->set_duplicate_check(check);
  auto pa = ledger::PrivateKey::generate("pa/bench", ledger::KeyType::ed25519);
  need(svc->add_officer("pa", "bench", ledger::format_vkey(pa.public_key())), "officer");
  const auto t = Clock::now();
  auto rep = need(svc->import_csv("dedup.csv", csv, false, pa), "import");
  Imported out{since(t), rep.rows, {}};
  if (!rep.committed) fail("import did not commit");
  for (core::RowFlag& f : rep.flags)
    if (f.flag.code == app::k_possible_duplicate) out.flags.push_back(std::move(f));
  return out;
}

struct Point {
  double threshold, precision, recall;
};

// Precision and recall at each threshold, from pairs sorted best first.
std::vector<Point> curve(const std::vector<std::pair<double, bool>>& scored, std::size_t planted) {
  std::vector<Point> out;
  std::size_t kept = 0, right = 0;
  for (int step = 99; step >= 1; --step) {
    const double t = step / 100.0;
    while (kept < scored.size() && scored[kept].first >= t) right += scored[kept++].second;
    out.push_back({t, kept ? double(right) / double(kept) : 1.0,
                   planted ? double(right) / double(planted) : 1.0});
  }
  return out;
}

void write_svg(const std::string& path, const std::vector<Point>& points, const Point& at) {
  std::ofstream svg(path);
  const auto x = [](double r) { return 50 + r * 400; };
  const auto y = [](double p) { return 450 - p * 400; };
  svg << "<svg xmlns='http://www.w3.org/2000/svg' width='500' height='500' "
         "font-family='sans-serif' "
         "font-size='12'>\n<rect width='500' height='500' fill='white'/>\n"
      << "<path d='M50 50 V450 H450' stroke='black' fill='none'/>\n"
      << "<text x='250' y='485' text-anchor='middle'>recall</text>\n"
      << "<text x='15' y='250' transform='rotate(-90 15 250)' "
         "text-anchor='middle'>precision</text>\n";
  for (double v : {0.0, 0.5, 0.9, 1.0})
    svg << "<text x='" << x(v) << "' y='465' text-anchor='middle'>" << v
        << "</text><text x='45' y='" << y(v) + 4 << "' text-anchor='end'>" << v << "</text>\n";
  svg << "<polyline fill='none' stroke='steelblue' stroke-width='2' points='";
  for (const Point& p : points) svg << x(p.recall) << "," << y(p.precision) << " ";
  svg << "'/>\n<circle cx='" << x(at.recall) << "' cy='" << y(at.precision)
      << "' r='5' fill='crimson'/>\n<text x='" << x(at.recall) - 8 << "' y='"
      << y(at.precision) + 20 << "' text-anchor='end'>threshold " << at.threshold
      << "</text>\n</svg>\n";
}

// Each flag names the other ref: "may be the same person as REF (score S)".
void report_flags(const Imported& on,
                  const std::map<std::string, std::vector<std::string>>& truth) {
  std::set<std::string> right;
  for (const core::RowFlag& f : on.flags) {
    const std::size_t at = f.flag.detail.find(" as ") + 4;
    const std::string other = f.flag.detail.substr(at, f.flag.detail.find(' ', at) - at);
    if (truth.count(pair_key(f.ref, other))) right.insert(pair_key(f.ref, other));
  }
  std::printf(
      "dedup: import flags             %zu possible-duplicate flags: precision %.3f, recall %.3f "
      "(of %zu planted pairs)\n",
      on.flags.size(), on.flags.empty() ? 1.0 : double(right.size()) / on.flags.size(),
      double(right.size()) / truth.size(), truth.size());
}

// demo-data's file: about 2.78 rows a patient, then the planted rows.
void generate(long persons, double rate, const std::string& work) {
  demo::DemoOptions o;
  o.patients = static_cast<int>(persons * 36 / 100);
  o.seed = 1;
  o.today = core::Date{2026, 1, 1};
  o.duplicate_share = rate;
  std::ofstream csv(work + "/rows.csv", std::ios::binary), truth(work + "/truth.csv");
  auto counts = need(demo::write_demo_csv(o, csv, &truth), "demo data");
  std::printf("dedup: %d rows, %d planted duplicates (rate %.2f)\n", counts.rows(),
              counts.duplicates, rate);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) fail("usage: bench_dedup N RATE WORKDIR SVG");
  const std::string work = argv[3];
  generate(std::atol(argv[1]), std::atof(argv[2]), work);
  const std::string csv = read_file(work + "/rows.csv");
  const auto truth = read_truth(work + "/truth.csv");

  const Imported off = import_into(work + "/without-check.db", csv, false);
  const Imported on = import_into(work + "/with-check.db", csv, true);
  std::printf("dedup: import with the check    %lld rows %8.0f rows/s (%.1f s)\n",
              static_cast<long long>(on.rows), on.rows / on.seconds, on.seconds);
  std::printf(
      "dedup: import without (baseline) %lld rows %8.0f rows/s (%.1f s); with/without "
      "%.2fx (target <= 1.20x)\n",
      static_cast<long long>(off.rows), off.rows / off.seconds, off.seconds,
      on.seconds / off.seconds);
  report_flags(on, truth);

  auto env = app::system_env();
  auto svc = need(app::Service::open({work + "/with-check.db", true, std::nullopt}, *env), "open");
  auto db = need(svc->reader(), "reader");
  const auto t = Clock::now();
  auto found = need(app::find_store_duplicates(*db, 0.01, 2), "duplicates");
  const double pass = since(t);
  std::printf(
      "dedup: whole-store pass          %llu persons, %llu pairs kept by blocking, %llu "
      "comparisons, %.1f s (min score 0.01, weights estimated included), %.0f comparisons/s\n",
      static_cast<unsigned long long>(found.persons),
      static_cast<unsigned long long>(found.stats.pairs_blocked),
      static_cast<unsigned long long>(found.stats.comparisons), pass,
      found.stats.comparisons / pass);

  const auto t_default = Clock::now();
  auto at_default = need(app::find_store_duplicates(*db, core::k_default_min_score, 2), "pass");
  const double pass_default = since(t_default);
  std::printf(
      "dedup: whole-store pass at %.2f   %zu pairs, %.1f s (read, weights, find; in-process), "
      "%.0f comparisons/s, %llu pairs kept by blocking\n",
      core::k_default_min_score, at_default.pairs.size(), pass_default,
      at_default.stats.comparisons / pass_default,
      static_cast<unsigned long long>(at_default.stats.pairs_blocked));

  std::vector<std::pair<double, bool>> scored;
  std::map<std::string, double> score_of;
  for (const app::StorePair& p : found.pairs) {
    const std::string k = pair_key(p.ref_a, p.ref_b);
    scored.push_back({p.comparison.score, truth.count(k) > 0});
    score_of[k] = p.comparison.score;
  }
  const std::vector<Point> points = curve(scored, truth.size());
  const Point at = *std::find_if(points.begin(), points.end(), [](const Point& p) {
    return p.threshold <= core::k_default_min_score + 1e-9;
  });
  std::printf(
      "dedup: at the default threshold %.2f: precision %.3f, recall %.3f over %zu planted "
      "pairs (target: both >= 0.95)\n",
      at.threshold, at.precision, at.recall, truth.size());
  for (double t2 : {0.5, 0.7, 0.8, 0.95, 0.99}) {
    const Point& p = points[static_cast<std::size_t>(99 - std::lround(t2 * 100))];
    std::printf("dedup:   at %.2f: precision %.3f, recall %.3f\n", p.threshold, p.precision,
                p.recall);
  }
  // Recall by variation: which kinds of planted duplicate are missed.
  std::map<std::string, std::pair<int, int>> by_tag;  // tag -> found, planted
  for (const auto& [k, tags] : truth) {
    const auto s = score_of.find(k);
    const bool hit = s != score_of.end() && s->second >= core::k_default_min_score;
    for (const std::string& tag : tags) {
      by_tag[tag].second++;
      by_tag[tag].first += hit;
    }
  }
  for (const auto& [tag, n] : by_tag)
    std::printf("dedup:   recall %-22s %.3f (%d of %d)\n", tag.c_str(),
                n.second ? double(n.first) / n.second : 1.0, n.first, n.second);
  write_svg(argv[4], points, at);
  std::printf("dedup: precision/recall curve written to %s\n", argv[4]);
  return 0;
}
