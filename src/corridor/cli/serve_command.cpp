#include <corridor/cli/serve_command.hpp>

#include <corridor/api/api.hpp>
#include <corridor/api/auth.hpp>
#include <corridor/api/client.hpp>
#include <corridor/api/metrics.hpp>
#include <corridor/api/server.hpp>
#include <corridor/api/static_files.hpp>
#include <corridor/api/witness_http.hpp>
#include <corridor/app/service.hpp>
#include <corridor/cli/common.hpp>
#include <corridor/cli/witness_command.hpp>
#include <corridor/ledger/key.hpp>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <iostream>
#include <optional>

namespace corridor::cli {
namespace {

// The witnesses to push checkpoints to: the config's [[log.witness]]
// tables, then each --witness URL (its cosignatures are stored if they
// verify against a witness key registered in the log).
core::Result<std::vector<api::WitnessTarget>> witness_targets(const Args& a,
                                                              const core::Config& config) {
  std::vector<api::WitnessTarget> out;
  for (const auto& w : config.log.witness_urls) {
    auto key = ledger::parse_vkey(w.key);
    if (!key)
      return core::make_error(core::Errc::bad_input,
                              "[[log.witness]] party " + w.party + ": key: " + key.error().message);
    if (auto url = api::parse_url(w.url); !url)
      return core::make_error(core::Errc::bad_input,
                              "[[log.witness]] party " + w.party + ": " + url.error().message);
    out.push_back({w.url, w.party, *key});
  }
  for (const auto& url : a.witness_urls) {
    if (auto u = api::parse_url(url); !u)
      return core::make_error(core::Errc::usage, "--witness: " + u.error().message);
    out.push_back({url, url, std::nullopt});
  }
  return out;
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
                 "Serve the web UI at / from this directory (read once, at start-up; for "
                 "development) instead of the copy of web/static built into corridor");
  app.add_flag("--self-enrol", a.self_enrol,
               "Register an officer's first key request at once, if its name never had a key "
               "(trust on first use: for demos and first set-up only)");
  app.add_option("--witness", a.witness_urls,
                 "A witness's URL (http://HOST:PORT) to push each new checkpoint to, besides the "
                 "config's [[log.witness]] (repeatable)");
}

int run_serve(const Args& a, Io& io) {
  auto listen = parse_listen(a.listen);
  if (!listen) return fail(io, listen.error());
  api::ApiOptions options;
  options.secure_cookies = a.secure_cookies;
  options.self_enrol = a.self_enrol;
  // The web UI: --static's directory, else the copy built into the binary.
  if (a.static_dir) {
    auto files = api::StaticFiles::load(*a.static_dir);
    if (!files) return fail(io, files.error());
    options.static_files = std::make_shared<const api::StaticFiles>(std::move(files).value());
  } else {
    options.static_files = std::make_shared<const api::StaticFiles>(api::StaticFiles::embedded());
  }
  auto svc = app::Service::open(app::OpenOptions{a.db, false, a.log_key}, io.env);
  if (!svc) return fail(io, svc.error());
  // logfmt lines on stderr: routes, statuses, accounts; never a target,
  // a name or a document number.
  spdlog::set_default_logger(spdlog::stderr_logger_mt("corridor"));
  spdlog::set_pattern("ts=%Y-%m-%dT%H:%M:%S.%eZ level=%l %v", spdlog::pattern_time_type::utc);
  auto targets = witness_targets(a, (*svc)->config());
  if (!targets) return fail(io, targets.error());
  api::Auth auth(**svc, io.env);
  api::Api api(**svc, auth, io.env, options);
  api::ServerOptions so;
  so.host = listen->first;
  so.port = listen->second;
  so.worker_threads = a.workers;
  so.io_threads = 2;
  auto server =
      api::Server::start(so, [&api](const api::Request& r) { return api.handle_held(r); });
  if (!server) return fail(io, server.error());
  std::optional<api::WitnessPusher> pusher;
  if (!targets->empty()) pusher.emplace(**svc, std::move(targets).value());
  api::Server* s = server->get();
  api.set_extra_metrics([s] { return server_metrics(s->stats()); });
  io.out << "listening on http://"
         << (so.host.find(':') != std::string::npos ? "[" + so.host + "]" : so.host) << ":"
         << (*server)->port() << std::endl;
  spdlog::info("msg=listening db={} port={} workers={} static={} static_files={} self_enrol={}",
               a.db, (*server)->port(), a.workers, a.static_dir ? "dir" : "embedded",
               options.static_files->size(), a.self_enrol);
  api::run_until_signal(**server);
  api.set_ready(false);
  if (pusher) pusher->stop();
  (*server)->stop();
  spdlog::info("msg=stopped");
  return k_exit_ok;
}

}  // namespace corridor::cli
