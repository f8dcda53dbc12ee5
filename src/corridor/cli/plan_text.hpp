#pragma once
// The readable output of `corridor plan run` and `plan compare`, and the
// per-run CSV of --samples (docs/planner.md).

#include <corridor/plan/compare.hpp>

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace corridor::cli {

// `plan run` and `plan compare`'s options (Args holds the shared ones).
struct PlanOptions {
  std::vector<std::string> files;
  int runs = 10000;
  int days = 730;
  std::uint64_t seed = 1;
  int threads = 0;
  bool json = false;
  std::vector<std::string> set;
  std::optional<std::string> samples;
};

void print_result(std::ostream& out, const plan::Result& r);
void print_comparison(std::ostream& out, const plan::Comparison& c);
// run,deaths,crossed,denied,clear_days_all,clear_days_<urgency>...,deaths_<urgency>...
std::string samples_csv(const plan::Result& r);

}  // namespace corridor::cli
