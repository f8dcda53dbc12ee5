// One crossing day's manifest built from 1,000,000 cleared travel units,
// beside a baseline measured in the same run on the same data: the naive
// builder that scores every unit, sorts them all by higher_priority and
// takes the first that fit. Both must choose the same main list, or the
// benchmark fails (exit 1).
//
// usage: bench_manifest [units, default 1000000] [runs, default 20]
// The units are generated from a fixed seed: ~60% referred patients with
// 0-3 companions (a quarter of them children), the rest travellers on their
// own; waiting dates spread over two years. Capacities are Rafah's (exit:
// medical 50, companion 100; entry: 50 in all; standby 10).

#include <corridor/core/manifest.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace corridor::core;

const Date k_day{2026, 2, 2};
// 15:00 in Gaza (UTC+2) on k_day.
const Timestamp k_closes_at = k_day.days_since_epoch() * k_seconds_per_day + 13 * 3600;

Config rafah_config() {
  Config c;
  c.crossing.child_age = 18;
  c.urgencies = {"life-saving", "critical", "urgent", "routine"};
  auto cat = [](std::string id, std::vector<Direction> dirs) {
    CategoryDef d;
    d.id = id;
    d.directions = std::move(dirs);
    return d;
  };
  c.categories = {cat("medical", {Direction::exit}),
                  cat("companion", {Direction::exit}),
                  cat("dual-national", {Direction::exit, Direction::entry}),
                  cat("student", {Direction::exit, Direction::entry}),
                  cat("humanitarian-staff", {Direction::exit, Direction::entry}),
                  cat("other", {Direction::exit, Direction::entry}),
                  cat("returnee", {Direction::entry})};
  c.categories[0].needs_urgency = true;
  c.categories[1].group_of = "medical";
  c.days.capacity.exit.places = {{"medical", 50}, {"companion", 100}};
  c.days.capacity.entry.total = 50;
  for (const char* id : {"returnee", "dual-national", "student", "humanitarian-staff", "other"})
    c.days.capacity.entry.places[id] = 50;
  c.manifest.standby = 10;
  c.manifest.min_companions = 0;
  c.manifest.min_companions_child = 1;
  return c;
}

Candidate person(std::mt19937_64& rng, std::string ref, std::string category, int max_age) {
  Candidate c;
  c.ref = std::move(ref);
  c.category = std::move(category);
  c.waiting_since = k_day.plus_days(-static_cast<std::int64_t>(rng() % 730));
  c.date_of_birth = k_day.plus_days(-static_cast<std::int64_t>(rng() % (365 * max_age)));
  c.cleared = true;
  if (rng() % 4 == 0) {
    c.valid_until = k_closes_at + static_cast<Timestamp>(rng() % 30 + 1) * k_seconds_per_day;
    c.expiring_stage = "security";
  }
  return c;
}

std::string ref_of(char prefix, std::size_t i) {
  std::string digits = std::to_string(i);
  return std::string(1, prefix) + std::string(8 - std::min<std::size_t>(8, digits.size()), '0') +
         digits;
}

std::string urgency(std::mt19937_64& rng) {
  const auto r = rng() % 100;  // 10% life-saving, 20% critical, 30% urgent, 40% routine
  return r < 10 ? "life-saving" : r < 30 ? "critical" : r < 60 ? "urgent" : "routine";
}

Unit exit_unit(std::mt19937_64& rng, std::size_t i) {
  static const char* k_alone[] = {"dual-national", "student", "humanitarian-staff", "other"};
  Unit u;
  if (rng() % 100 >= 60) {
    u.principal = person(rng, ref_of('X', i), k_alone[rng() % 4], 70);
    return u;
  }
  const bool child = rng() % 4 == 0;
  u.principal = person(rng, ref_of('M', i), "medical", child ? 18 : 80);
  if (child) u.principal.date_of_birth = k_day.plus_days(-static_cast<std::int64_t>(rng() % 6000));
  u.principal.urgency = urgency(rng);
  const auto r = rng() % 100;  // 0-3 companions: 15%, 35%, 35%, 15%
  const int companions = r < 15 ? 0 : r < 50 ? 1 : r < 85 ? 2 : 3;
  for (int k = 0; k < companions; ++k)
    u.companions.push_back(person(rng, ref_of('C', i * 4 + k), "companion", 70));
  return u;
}

Unit entry_unit(std::mt19937_64& rng, std::size_t i) {
  static const char* k_in[] = {"returnee", "returnee",           "returnee", "dual-national",
                               "student",  "humanitarian-staff", "other"};
  Unit u;
  u.principal = person(rng, ref_of('E', i), k_in[rng() % 7], 80);
  return u;
}

template <class Make>
std::vector<Unit> generate(std::size_t n, std::uint64_t seed, Make make) {
  std::mt19937_64 rng(seed);
  std::vector<Unit> units;
  units.reserve(n);
  for (std::size_t i = 0; i < n; ++i) units.push_back(make(rng, i));
  return units;
}

// The baseline: every priority, a full sort, then the first units that fit.
std::vector<Placed> naive_main_list(const Config& config, const DayPlan& plan,
                                    const std::vector<Unit>& units) {
  std::vector<Priority> prio;
  prio.reserve(units.size());
  for (const Unit& u : units) prio.push_back(priority_of(config, u.principal, plan.day));
  std::vector<std::uint32_t> order(units.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return higher_priority(prio[a], units[a].principal, prio[b], units[b].principal);
  });
  std::map<std::string, int> left = plan.capacity.places;
  int total = plan.capacity.total.value_or(1 << 30);
  std::vector<Placed> main;
  for (std::uint32_t i : order) {
    // Every generated unit is cleared, its approvals outlast the day, and
    // each child patient has a companion or does not count (below).
    const Unit& u = units[i];
    const int size = 1 + static_cast<int>(u.companions.size());
    if (u.principal.category == "medical" && u.companions.empty() &&
        age_on(u.principal.date_of_birth, plan.day) < config.crossing.child_age)
      continue;
    int& own = left[u.principal.category];
    int& comp = left["companion"];
    const int need_comp = static_cast<int>(u.companions.size());
    if (own < 1 || comp < need_comp || total < size) continue;
    own -= 1;
    comp -= need_comp;
    total -= size;
    for (int k = 0; k < size; ++k) main.push_back({i, static_cast<std::uint32_t>(k)});
  }
  return main;
}

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// The median time of `runs` calls of make(); each result is destroyed
// outside the timed part, and the last one is kept in `last`.
template <class T, class Make>
double median_ms(int runs, T& last, Make make) {
  std::vector<double> times;
  for (int r = 0; r < runs; ++r) {
    const auto start = std::chrono::steady_clock::now();
    T result = make();
    times.push_back(ms_since(start));
    last = std::move(result);
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

bool same(const std::vector<Placed>& a, const std::vector<Placed>& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](auto& x, auto& y) {
           return x.unit == y.unit && x.member == y.member;
         });
}

std::string thousands(std::size_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

int arg_or(int argc, char** argv, int index, int fallback) {
  return argc > index ? std::atoi(argv[index]) : fallback;
}

}  // namespace

int main(int argc, char** argv) {
  const auto n = static_cast<std::size_t>(arg_or(argc, argv, 1, 1000000));
  const int runs = arg_or(argc, argv, 2, 20);
  const Config config = rafah_config();
  const DayPlan exit_plan{k_day, Direction::exit, config.days.capacity.exit, k_closes_at, {}};
  const DayPlan entry_plan{k_day, Direction::entry, config.days.capacity.entry, k_closes_at, {}};
  const auto exits = generate(n, 1, exit_unit);
  const auto entries = generate(n, 2, entry_unit);

  Manifest m;
  const double real = median_ms(runs, m, [&] { return build_manifest(config, exit_plan, exits); });
  std::vector<Placed> naive;
  const int naive_runs = std::max(1, runs / 4);
  const double base =
      median_ms(naive_runs, naive, [&] { return naive_main_list(config, exit_plan, exits); });
  if (!same(m.main, naive)) {
    std::fprintf(stderr, "bench_manifest: the builder and the naive sort chose different lists\n");
    return 1;
  }
  std::printf(
      "manifest %s units: %.1f ms (median of %d); naive full sort: %.1f ms (median of %d); "
      "ratio %.0fx\n",
      thousands(n).c_str(), real, runs, base, naive_runs, base / real);
  std::printf(
      "  exit list: %d travellers (medical %d, companion %d), standby %zu people, %s skip "
      "entries\n",
      m.travellers(), m.counts["medical"], m.counts["companion"], m.standby.size(),
      thousands(m.skipped.size()).c_str());

  const double in = median_ms(runs, m, [&] { return build_manifest(config, entry_plan, entries); });
  std::printf("manifest %s units, entry (total 50): %.1f ms (median of %d), %d travellers\n",
              thousands(n).c_str(), in, runs, m.travellers());
  int cap = 0;
  const double eq = median_ms(naive_runs, cap, [&] {
    return equal_in_out_cap(config, exit_plan, exits, entry_plan, entries);
  });
  std::printf("equal_in_out_cap, %s units each way: %.1f ms (median of %d), cap %d\n",
              thousands(n).c_str(), eq, naive_runs, cap);
}
