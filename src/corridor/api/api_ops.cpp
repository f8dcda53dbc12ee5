// The operations handlers: liveness, readiness, Prometheus metrics and the
// OpenAPI document.

#include <corridor/api/api_impl.hpp>

namespace corridor::api {

// --- operations -----------------------------------------------------------

Response Api::Impl::healthz(Context&) { return json_response(200, {{"status", "ok"}}); }

Response Api::Impl::readyz(Context&) {
  if (!ready) return problem(503, "shutting-down", "the server is shutting down");
  auto size = service.log_size();
  if (!size) return problem(503, "store-unavailable", "the store cannot be read");
  return json_response(200, {{"status", "ready"}, {"log_size", *size}});
}

Response Api::Impl::metrics_text(Context&) {
  std::string out = metrics.text();
  if (auto size = service.log_size())
    out += metric_line("corridor_log_size", "gauge", "Entries in the log.",
                       static_cast<double>(*size));
  if (auto w = service.writer_counts()) {
    out += metric_line("corridor_writer_commands_total", "counter",
                       "Commands the single writer ran.", static_cast<double>(w->first));
    out += metric_line("corridor_writer_batches_total", "counter",
                       "Transactions the writer committed (commands / batches = batch size).",
                       static_cast<double>(w->second));
  }
  if (auto w = service.read_log_counts()) {
    out += metric_line("corridor_read_log_commands_total", "counter",
                       "Commands the read log's own writer ran (each a request's reads).",
                       static_cast<double>(w->first));
    out += metric_line("corridor_read_log_batches_total", "counter",
                       "Transactions the read log's writer committed.",
                       static_cast<double>(w->second));
  }
  out += metric_line("corridor_drafts_waiting", "gauge", "Drafts waiting for signatures.",
                     static_cast<double>(drafts.size()));
  out += metric_line("corridor_figures_computed_total", "counter",
                     "Times the public figures were computed (once per new checkpoint asked for).",
                     static_cast<double>(figures_computed.load()));
  {
    std::lock_guard lock(extra_mutex);
    if (extra_metrics) out += extra_metrics();
  }
  Response r;
  r.headers.set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
  r.body = std::move(out);
  return r;
}

Response Api::Impl::openapi(Context&) {
  Response r;
  r.headers.set("Content-Type", "application/json");
  r.headers.set("Cache-Control", "public, max-age=300");
  r.body = std::string(openapi_document());
  return r;
}

}  // namespace corridor::api
