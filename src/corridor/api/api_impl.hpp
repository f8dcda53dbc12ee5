#pragma once
// Inside the Api (api.cpp and the api_*.cpp handler files): the request
// context, the handlers and the state they share. Not for other modules.

#include <corridor/api/api.hpp>
#include <corridor/api/auth.hpp>
#include <corridor/api/draft_store.hpp>
#include <corridor/api/metrics.hpp>
#include <corridor/api/problem.hpp>
#include <corridor/api/read_hold.hpp>
#include <corridor/app/prepared.hpp>
#include <corridor/app/service.hpp>
#include <corridor/ledger/key.hpp>
#include <corridor/store/account_repo.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

namespace corridor::plan {
struct Scenario;
}  // namespace corridor::plan

namespace corridor::api {

struct PlanBody;

struct Context {
  const Request& request;
  const Route* route = nullptr;
  PathParams params;
  std::vector<std::pair<std::string, std::string>> query;
  std::optional<Session> session;
  bool cookie_session = false;  // authenticated by the browser's cookie
  // The reads a GET logged without waiting: its answer is held until they
  // are durable (log_reads, Api::handle_held).
  mutable ReadHolds holds;

  const std::string& param(const std::string& name) const { return params.find(name)->second; }
  std::optional<std::string> query_value(std::string_view name) const;
};

// Page bounds from ?limit= (1..max_page) and ?offset=.
struct Page {
  std::size_t offset = 0;
  std::size_t limit = 50;
};
core::Result<Page> page_of(const Context& c, int default_page, int max_page);

// A ?name= flag: 1/true or 0/false (absent: false).
core::Result<bool> flag_of(const Context& c, std::string_view name);

// One party's work queue as computed at a log size and time.
struct QueueSnapshot {
  std::uint64_t log_size = 0;
  core::Timestamp computed_at = 0;
  std::shared_ptr<const std::vector<app::QueueItem>> items;
};

// One party's queue filtered and ordered for one query (every parameter
// but offset and limit) from the snapshot `items`; it is kept only while
// that snapshot is the party's current one, so a page is a slice of it.
struct QueueView {
  std::shared_ptr<const std::vector<app::QueueItem>> items;
  std::vector<const app::QueueItem*> matched;
  std::size_t overdue = 0;
};

// A queue page's choices, apart from offset and limit.
struct QueueQuery {
  std::optional<std::string> stage, category, direction, urgency;
  bool overdue = false;
  std::string sort;
};

using HandlerFn = Response (Api::Impl::*)(Context&);

// A case's ETag, as GET /api/v1/cases/{ref} sends it (api_cases.cpp).
std::string case_etag(const app::CaseDetail& d);

struct Api::Impl {
  Impl(app::Service& s, Auth& a, app::Env& e, ApiOptions o);

  app::Service& service;
  Auth& auth;
  app::Env& env;
  ApiOptions options;
  RouteTable table;
  std::vector<HandlerFn> handlers;  // parallel to table.routes()
  Metrics metrics;
  std::atomic<bool> ready{true};
  std::mutex extra_mutex;
  std::function<std::string()> extra_metrics;

  DraftStore drafts;  // changes waiting for their officers' signatures

  std::mutex idempotency_mutex;
  std::set<std::pair<std::int64_t, std::string>> in_flight;

  // Status for families: each client's inquiries (a token bucket by peer).
  struct ClientBucket {
    double tokens = 0;
    core::Timestamp at = 0;
  };
  std::mutex inquiry_mutex;
  std::map<std::string, ClientBucket> inquiry_clients;

  std::mutex queue_mutex;
  std::map<std::string, QueueSnapshot> queues;  // by party
  // By party and query (api_queue.cpp, view_key): never shared by two parties.
  std::map<std::string, std::shared_ptr<const QueueView>> queue_views;
  std::mutex queue_build_mutex;  // one thread derives a queue at a time
  std::shared_ptr<const std::vector<app::QueueItem>> queue_items(const std::string& party);
  std::shared_ptr<const QueueView> queue_view(const std::string& party, const QueueQuery& query);

  // The public figures' JSON, computed once per checkpoint (api_public_figures.cpp).
  std::mutex figures_mutex;
  std::uint64_t figures_size = 0;
  std::shared_ptr<const std::string> figures;
  std::atomic<std::uint64_t> figures_computed{0};  // corridor_figures_computed_total

  // The capacity planner: true while a plan runs (one at a time, api_plan.cpp).
  std::atomic<bool> planning{false};
  // The last scenario calibrated from the deployment, reused for a minute
  // (a slider moved again); touched only by the plan holding `planning`.
  struct CalibratedPlan {
    core::Timestamp at = 0;
    std::optional<core::Date> since;
    bool pooled = false;
    std::shared_ptr<const plan::Scenario> scenario;
  };
  CalibratedPlan calibrated_plan;

  // --- the route table (api_routes.cpp) ---
  void add(Route route, HandlerFn fn);
  void build_routes();

  // --- the gate every request passes (api.cpp, api_idempotency.cpp) ---
  Response handle(const Request& request);
  Response dispatch(Context& c);
  Response with_idempotency(Context& c);
  // The web UI's file for a GET or HEAD no route matched, if there is one.
  std::optional<Response> static_answer(const Request& request, const std::string& path);

  // --- helpers (api.cpp) ---
  Response json_response(int status, const nlohmann::json& body);
  Response error(const core::Error& e);
  Response problem(int status, std::string code, std::string detail, std::string field = "");
  // The registered, unrevoked signing key of the session's officer.
  core::Result<ledger::PublicKey> officer_key(const Context& c);
  // Records a read of a person's record; a read that cannot be logged is
  // not answered (Errc::internal).
  core::Result<void> log_read(const Context& c, const std::string& ref, const std::string& what,
                              const std::string& reason, bool break_glass);
  // One read per ref (e.g. each traveller of a list), in one transaction.
  // Errc::bad_input "reason: ..." for a reason that core::reason_problem
  // refuses: nothing is logged and nothing may be answered.
  core::Result<void> log_reads(const Context& c, const std::vector<std::string>& refs,
                               const std::string& what, const std::string& reason,
                               bool break_glass);
  // The same for a reader known by its account and address: a draft's
  // commit, which answers with what the draft's account may read.
  core::Result<void> log_reads_by(const Account& a, const std::string& peer,
                                  const std::vector<std::string>& refs, const std::string& what,
                                  const std::string& reason, bool break_glass);
  // Building and approving a list: offer() whose committed answer, the list
  // with names, is logged as a read of each traveller (api_crossing.cpp).
  Response offer_list(Context& c, core::Result<app::Prepared<app::ManifestReport>> prepared,
                      std::string kind);
  core::Result<void> log_list_read(const Account& a, const std::string& peer,
                                   const app::ManifestReport& m, const std::string& why);
  // The `why` query parameter, else `fallback`: Errc::bad_input naming
  // "why" if it is longer than 200 bytes, not UTF-8 or holds a control
  // character (it is shown to auditors as it was given).
  core::Result<std::string> why_of(const Context& c, std::string fallback);
  std::string random_id();
  // If-Match against the case's version: a response (428, 409) if the
  // change must not go ahead.
  std::optional<Response> check_version(Context& c, const std::string& ref, bool required);
  std::optional<Response> stale_version(const std::string& ref, std::string_view sent,
                                        bool name_ref);
  // If-Match for a change to several cases: their ETags, comma-separated,
  // in `refs`' order (optional; a stale one is 409 naming its ref).
  std::optional<Response> check_versions(Context& c, std::span<const std::string> refs);
  std::optional<Response> refuse_hidden_filter(const Context& c);

  // Registers a prepared change as a draft for the client to sign and
  // answers 201 with its bodies; with nothing to sign, commits at once.
  // The members of `shown` (if an object) are answered with the draft:
  // what the officer is to see before signing (a check-in's "traveller").
  template <class T, class F>
  Response offer(Context& c, core::Result<app::Prepared<T>> prepared, std::string kind, F to_json,
                 nlohmann::json shown = nullptr);

  // --- handlers: the session (api.cpp); health, metrics, OpenAPI (api_ops.cpp) ---
  Response login(Context& c);
  Response logout(Context& c);
  Response whoami(Context& c);
  Response healthz(Context& c);
  Response readyz(Context& c);
  Response metrics_text(Context& c);
  Response openapi(Context& c);

  // --- cases, queue, decisions, imports (api_cases.cpp) ---
  Response get_case(Context& c);
  Response break_glass(Context& c);
  Response list_cases(Context& c);
  Response queue(Context& c);
  Response decide(Context& c);
  Response decide_bulk(Context& c);
  Response amend(Context& c);
  Response close_case(Context& c);
  Response import_csv(Context& c);
  Response submit_statement(Context& c);
  Response stats(Context& c);
  // --- possible duplicates (api_duplicates.cpp) ---
  Response list_duplicates(Context& c);
  Response same_person(Context& c);
  Response different_persons(Context& c);
  // 403 pair-party for a party outside [registration].
  std::optional<Response> refuse_non_registrar(const Context& c);
  // --- the search box (api_search.cpp) ---
  Response search(Context& c);
  core::Result<void> log_search(const Context& c, const std::vector<std::string>& fields,
                                const std::vector<app::SearchHit>& hits);

  // --- drafts: shown, committed with their signatures, discarded (api_drafts.cpp) ---
  Response get_draft(Context& c);
  Response commit_draft(Context& c);
  Response discard_draft(Context& c);

  // --- crossing days, manifests, the gate (api_crossing.cpp) ---
  Response days(Context& c);
  Response change_days(Context& c);
  Response get_manifest(Context& c);
  Response plan_manifest(Context& c);
  Response build_manifest(Context& c);
  Response approve_manifest(Context& c);
  Response checkin(Context& c);
  Response no_show(Context& c);
  Response reexamination(Context& c);
  Response close_day(Context& c);
  Response attest_day(Context& c);
  Response day_report(Context& c);
  Response gate_travellers(Context& c);
  Response pending_reexaminations(Context& c);  // api_monitor.cpp

  // --- status for families (api_public.cpp) ---
  Response inquiry(Context& c);
  // Seconds the client `peer` must wait before another inquiry (0: go
  // ahead, and one is counted).
  std::int64_t inquiry_client_wait(const std::string& peer);

  // --- the log, accounts, officers, the read log (api_admin.cpp) ---
  Response log_checkpoint(Context& c);
  Response public_figures(Context& c);  // api_public_figures.cpp
  // --- the capacity planner (api_plan.cpp) ---
  Response capacity_plan(Context& c);
  // The body's scenario, or one calibrated from the deployment.
  // `pooled`: every urgency in one class (a party that may not see urgency).
  core::Result<plan::Scenario> plan_scenario(const PlanBody& body, bool pooled);
  Response log_key(Context& c);
  Response log_tile(Context& c);
  Response log_proof(Context& c);
  Response log_witness_request(Context& c);
  Response log_cosign(Context& c);
  Response read_log(Context& c);
  Response accounts(Context& c);
  Response add_account(Context& c);
  Response disable_account(Context& c);
  Response set_password(Context& c);
  Response officers(Context& c);
  Response deployment(Context& c);
  Response add_officer(Context& c);
  Response revoke_officer(Context& c);
  Response rotate_officer(Context& c);
  // Deletes the pending key requests for `vkey`: the key is registered now.
  void grant_key_requests(std::string_view party, std::string_view name, const std::string& vkey);

  // --- officers' key requests (api_keys.cpp) ---
  Response request_key(Context& c);
  Response self_enrol(const store::KeyRequestRow& row);
  Response key_requests(Context& c);
  Response reject_key_request(Context& c);
  // whoami's "key" of an officer: its name, "registered", "pending" or
  // "none", and the vkey of the first two.
  core::Result<nlohmann::json> key_status(const Account& a);
};

template <class T, class F>
Response Api::Impl::offer(Context& c, core::Result<app::Prepared<T>> prepared, std::string kind,
                          F to_json, nlohmann::json shown) {
  if (!prepared) return error(prepared.error());
  auto commit = [inner = std::move(prepared->commit), to_json = std::move(to_json)](
                    std::span<const std::string> notes) mutable -> core::Result<nlohmann::json> {
    auto r = inner(notes, nullptr);
    if (!r) return std::move(r).error();
    return to_json(std::move(r).value());
  };
  if (prepared->bodies.empty()) {
    auto r = commit({});
    if (!r) return error(r.error());
    return json_response(200, *r);
  }
  Draft d{{random_id(), c.session->account.id, 0, std::move(kind), std::move(prepared->bodies)},
          std::move(commit)};
  nlohmann::json body{{"draft", d.info.id},
                      {"kind", d.info.kind},
                      {"sign", d.info.bodies},
                      {"commit", "/api/v1/drafts/" + d.info.id}};
  if (shown.is_object())
    for (auto& [member, value] : shown.items()) body[member] = std::move(value);
  auto expires_at = drafts.add(std::move(d), env.now());
  if (!expires_at)
    return problem(429, "too-many-drafts",
                   "too many drafts wait for signatures; sign or discard some first");
  body["expires_at"] = core::format_timestamp(*expires_at);
  Response r = json_response(201, body);
  r.headers.set("Location", body["commit"].get<std::string>());
  return r;
}

}  // namespace corridor::api
