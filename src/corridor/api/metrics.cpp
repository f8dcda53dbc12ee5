#include <corridor/api/metrics.hpp>

#include <cstdio>

namespace corridor::api {
namespace {

// A label value: backslash, quote and newline escaped.
std::string label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

}  // namespace

void Metrics::observe(std::string_view route, std::string_view method, int status, double seconds) {
  std::lock_guard lock(m_mutex);
  ++m_requests[{std::string(route), std::string(method), status}];
  Histogram& h = m_latency[std::string(route)];
  ++h.count;
  h.sum += seconds;
  for (std::size_t i = 0; i < k_buckets.size(); ++i)
    if (seconds <= k_buckets[i]) {
      ++h.buckets[i];
      break;
    }
}

std::string Metrics::text() const {
  std::lock_guard lock(m_mutex);
  std::string out =
      "# HELP corridor_http_requests_total HTTP requests answered, by route, method and status.\n"
      "# TYPE corridor_http_requests_total counter\n";
  for (const auto& [key, n] : m_requests) {
    const auto& [route, method, status] = key;
    out += "corridor_http_requests_total{route=\"" + label(route) + "\",method=\"" + label(method) +
           "\",status=\"" + std::to_string(status) + "\"} " + std::to_string(n) + "\n";
  }
  out +=
      "# HELP corridor_http_request_duration_seconds Time to handle a request, by route.\n"
      "# TYPE corridor_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : m_latency) {
    std::uint64_t cumulative = 0;
    const std::string r = label(route);
    for (std::size_t i = 0; i < k_buckets.size(); ++i) {
      cumulative += h.buckets[i];
      out += "corridor_http_request_duration_seconds_bucket{route=\"" + r + "\",le=\"" +
             number(k_buckets[i]) + "\"} " + std::to_string(cumulative) + "\n";
    }
    out += "corridor_http_request_duration_seconds_bucket{route=\"" + r + "\",le=\"+Inf\"} " +
           std::to_string(h.count) + "\n";
    out +=
        "corridor_http_request_duration_seconds_sum{route=\"" + r + "\"} " + number(h.sum) + "\n";
    out += "corridor_http_request_duration_seconds_count{route=\"" + r + "\"} " +
           std::to_string(h.count) + "\n";
  }
  return out;
}

std::string metric_line(std::string_view name, std::string_view type, std::string_view help,
                        double value) {
  const std::string n(name);
  return "# HELP " + n + " " + std::string(help) + "\n# TYPE " + n + " " + std::string(type) +
         "\n" + n + " " + number(value) + "\n";
}

}  // namespace corridor::api
