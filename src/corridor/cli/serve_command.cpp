#include <corridor/cli/serve_command.hpp>

#include <corridor/api/api.hpp>
#include <corridor/api/auth.hpp>
#include <corridor/api/metrics.hpp>
#include <corridor/api/server.hpp>
#include <corridor/api/static_files.hpp>
#include <corridor/app/service.hpp>
#include <corridor/cli/common.hpp>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <iostream>

namespace corridor::cli {
namespace {

// "HOST:PORT" (an IPv6 host in brackets).
core::Result<std::pair<std::string, std::uint16_t>> parse_listen(const std::string& text) {
  const auto colon = text.rfind(':');
  auto bad = [&] {
    return core::make_error(core::Errc::usage,
                            "--listen '" + text + "': expected HOST:PORT, e.g. 127.0.0.1:8080");
  };
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return bad();
  std::string host = text.substr(0, colon);
  if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string port = text.substr(colon + 1);
  if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return bad();
  const long p = std::stol(port);
  if (p > 65535) return bad();
  return std::pair{host, static_cast<std::uint16_t>(p)};
}

std::string server_metrics(const api::ServerStats& s) {
  auto n = [](std::uint64_t v) { return static_cast<double>(v); };
  return api::metric_line("corridor_http_connections_open", "gauge", "Connections open now.",
                          n(s.connections_open)) +
         api::metric_line("corridor_http_connections_total", "counter", "Connections accepted.",
                          n(s.connections_total)) +
         api::metric_line("corridor_http_connections_refused_total", "counter",
                          "Connections refused at the connection limit.",
                          n(s.connections_refused)) +
         api::metric_line("corridor_http_timeouts_total", "counter",
                          "Connections cut for a header, body or idle timeout.", n(s.timeouts)) +
         api::metric_line("corridor_http_too_large_total", "counter",
                          "Requests refused as too large.", n(s.too_large));
}

}  // namespace

void declare_serve(CLI::App& app, Args& a) {
  app.add_option("--db", a.db, "The deployment database (made by corridor init)")->required();
  app.add_option("--listen", a.listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  app.add_option("--workers", a.workers, "Threads that run requests' database work")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  app.add_option("--log-key", a.log_key,
                 "The log key file, if not the one corridor init recorded (it signs checkpoints)");
  app.add_flag("--secure-cookies", a.secure_cookies,
               "Mark the session cookie Secure (when a TLS proxy is in front)");
  app.add_option("--static", a.static_dir,
                 "A directory of web UI files to serve at / (read once, at start-up)");
  app.add_flag("--self-enrol", a.self_enrol,
               "Register an officer's first key request at once, if its name never had a key "
               "(trust on first use: for demos and first set-up only)");
}

int run_serve(const Args& a, Io& io) {
  auto listen = parse_listen(a.listen);
  if (!listen) return fail(io, listen.error());
  api::ApiOptions options;
  options.secure_cookies = a.secure_cookies;
  options.self_enrol = a.self_enrol;
  if (a.static_dir) {
    auto files = api::StaticFiles::load(*a.static_dir);
    if (!files) return fail(io, files.error());
    options.static_files = std::make_shared<const api::StaticFiles>(std::move(files).value());
  }
  auto svc = app::Service::open(app::OpenOptions{a.db, false, a.log_key}, io.env);
  if (!svc) return fail(io, svc.error());
  // logfmt lines on stderr: routes, statuses, accounts; never a target,
  // a name or a document number.
  spdlog::set_default_logger(spdlog::stderr_logger_mt("corridor"));
  spdlog::set_pattern("ts=%Y-%m-%dT%H:%M:%S.%eZ level=%l %v", spdlog::pattern_time_type::utc);
  api::Auth auth(**svc, io.env);
  api::Api api(**svc, auth, io.env, options);
  api::ServerOptions so;
  so.host = listen->first;
  so.port = listen->second;
  so.worker_threads = a.workers;
  so.io_threads = 2;
  auto server = api::Server::start(so, [&api](const api::Request& r) { return api.handle(r); });
  if (!server) return fail(io, server.error());
  api::Server* s = server->get();
  api.set_extra_metrics([s] { return server_metrics(s->stats()); });
  io.out << "listening on http://"
         << (so.host.find(':') != std::string::npos ? "[" + so.host + "]" : so.host) << ":"
         << (*server)->port() << std::endl;
  spdlog::info("msg=listening db={} port={} workers={} static_files={} self_enrol={}", a.db,
               (*server)->port(), a.workers,
               options.static_files ? options.static_files->size() : 0, a.self_enrol);
  api::run_until_signal(**server);
  api.set_ready(false);
  (*server)->stop();
  spdlog::info("msg=stopped");
  return k_exit_ok;
}

}  // namespace corridor::cli
