#pragma once
// Request counters and latency histograms per route, in the Prometheus text
// exposition format (version 0.0.4) for GET /metrics. Labels are route
// patterns ("/api/v1/cases/{ref}"), never the target, so no case ref or
// query text reaches the metrics.

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace corridor::api {

class Metrics {
public:
  // Upper bounds of the latency buckets, in seconds.
  static constexpr std::array<double, 12> k_buckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                    0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

  // Thread-safe.
  void observe(std::string_view route, std::string_view method, int status, double seconds);

  // The counters and histograms, each with its # HELP and # TYPE lines.
  std::string text() const;

private:
  struct Histogram {
    std::array<std::uint64_t, k_buckets.size()> buckets{};  // not cumulative here
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex m_mutex;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> m_requests;
  std::map<std::string, Histogram> m_latency;  // by route
};

// One gauge or counter sample with its HELP and TYPE lines.
std::string metric_line(std::string_view name, std::string_view type, std::string_view help,
                        double value);

}  // namespace corridor::api
