#pragma once
// The HTTP API of one deployment (docs/api.md): a route table and a pure
// function from Request to Response over an app::Service, so that every
// route, role and error can be tested without a socket. server.hpp puts it
// on the network; nothing here knows about Beast.
//
// Every request passes one gate, in order: route match (404/405), the
// session (cookie or bearer token; 401), the route's role (403), the CSRF
// token for a cookie session's POST, PUT, PATCH or DELETE (403), the
// Idempotency-Key of a route that commits a change by POST (400 if missing;
// a retry gets the stored response), then the handler. Errors are
// problem+json. (A DELETE is idempotent by itself: doing it twice ends the
// same way.)

#include <corridor/api/http.hpp>
#include <corridor/api/router.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace corridor::app {
class Env;
class Service;
}  // namespace corridor::app

namespace corridor::api {

class Auth;
class StaticFiles;

struct ApiOptions {
  // Add "Secure" to the session cookie: on whenever a TLS proxy is in front.
  bool secure_cookies = false;
  // How long a draft waits for its signatures (seconds). Below the log's
  // clock-skew allowance, so a signed draft is never refused as too old.
  std::int64_t draft_ttl = 240;
  std::size_t max_drafts_per_account = 16;
  std::size_t max_drafts = 1024;
  // Queue pages.
  int default_page = 50;
  int max_page = 500;
  // The web UI's files (`serve --static DIR`, static_files.hpp), answered
  // to a GET or HEAD of a path outside /api/ that no route has; null: none.
  std::shared_ptr<const StaticFiles> static_files;
  // `serve --self-enrol`: an officer's first key request registers the key
  // at once if its name never had one (trust on first use; demos and first
  // set-up only). Otherwise an admin registers every key.
  bool self_enrol = false;
  // Status for families: inquiries a client (by address) may make a
  // minute, in a burst of as many (docs/api.md). 0: no limit, which only a
  // program that builds its own Api can ask for (bench/bench_inquiry);
  // `corridor serve` has no flag for it.
  int inquiries_per_client_per_minute = 10;
  // Clients remembered before those whose allowance has refilled are forgotten.
  std::size_t max_inquiry_clients = 100000;
  // POST /api/v1/plan: a plan still running after this is stopped between
  // two runs and answered 503 plan-timeout (docs/api.md, "Planning").
  std::chrono::milliseconds plan_deadline{10000};
  // Tests only: called on the planning thread after each run (`done` runs
  // so far); blocking in it holds the server's one planning slot.
  std::function<void(int done)> plan_progress;
};

class Api {
public:
  Api(app::Service& service, Auth& auth, app::Env& env, ApiOptions options = {});
  ~Api();
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  // Thread-safe: the server calls it from many worker threads at once.
  // Returns once every read the answer shows is durably logged.
  Response handle(const Request& request);
  // The same, but a GET's answer may come back with a Hold (http.hpp) still
  // to wait for before it is sent: the server waits for it without holding
  // a worker, so reads of many requests share one read-log commit.
  Response handle_held(const Request& request);

  const RouteTable& routes() const;

  // Extra lines for /metrics (the transport's counters), set by `serve`.
  void set_extra_metrics(std::function<std::string()> lines);
  // /readyz answers 503 once this is false (set while shutting down).
  void set_ready(bool ready);

  struct Impl;

private:
  std::unique_ptr<Impl> m_impl;
};

// The OpenAPI 3.1 document served at /api/v1/openapi.json (embedded from
// src/corridor/api/openapi.json at build time).
std::string_view openapi_document();

}  // namespace corridor::api
