// The route table: every path, method, who may call it, whether it needs
// an Idempotency-Key, and its handler (docs/api.md and openapi.json list
// the same routes; openapi_test checks that they agree).

#include <corridor/api/api_impl.hpp>

namespace corridor::api {

void Api::Impl::add(Route route, HandlerFn fn) {
  table.add(std::move(route));
  handlers.push_back(fn);
}

void Api::Impl::build_routes() {
  using A = Access;
  // Operations and the session.
  add({"GET", "/healthz", A::open, false, "Liveness"}, &Impl::healthz);
  add({"GET", "/readyz", A::open, false, "Readiness"}, &Impl::readyz);
  add({"GET", "/metrics", A::open, false, "Prometheus metrics"}, &Impl::metrics_text);
  add({"GET", "/api/v1/openapi.json", A::open, false, "This API"}, &Impl::openapi);
  add({"POST", "/api/v1/session", A::open, false, "Log in"}, &Impl::login);
  add({"GET", "/api/v1/session", A::signed_in, false, "Who is signed in"}, &Impl::whoami);
  add({"DELETE", "/api/v1/session", A::signed_in, false, "Log out"}, &Impl::logout);
  // Cases and decisions.
  add({"GET", "/api/v1/queue", A::officer, false, "The party's work queue"}, &Impl::queue);
  add({"GET", "/api/v1/cases", A::officer, false, "Case summaries"}, &Impl::list_cases);
  add({"GET", "/api/v1/search", A::officer, false, "Find cases by ref, ID, passport or name"},
      &Impl::search);
  add({"GET", "/api/v1/cases/{ref}", A::officer, false, "A case, as the party may see it"},
      &Impl::get_case);
  // Not idempotent: every break-glass read is logged, and its answer (the
  // whole record) is never stored for a replay.
  add({"POST", "/api/v1/cases/{ref}/break-glass", A::officer, false,
       "A case beyond the party's view, with a reason"},
      &Impl::break_glass);
  add({"POST", "/api/v1/cases/{ref}/decisions", A::officer, false, "Draft a decision"},
      &Impl::decide);
  add({"POST", "/api/v1/decisions", A::officer, false, "Draft many decisions"}, &Impl::decide_bulk);
  add({"POST", "/api/v1/cases/{ref}/amendments", A::officer, false, "Draft an amendment"},
      &Impl::amend);
  add({"POST", "/api/v1/cases/{ref}/closure", A::officer, false, "Draft a closure"},
      &Impl::close_case);
  // Possible duplicates (api_duplicates.cpp): registering parties only.
  add({"GET", "/api/v1/duplicates", A::officer, false, "Possible duplicates to decide"},
      &Impl::list_duplicates);
  add({"POST", "/api/v1/duplicates/same-person", A::officer, false, "Draft a same-person decision"},
      &Impl::same_person);
  add({"POST", "/api/v1/duplicates/different-persons", A::officer, false,
       "Draft a different-persons decision"},
      &Impl::different_persons);
  add({"POST", "/api/v1/imports", A::officer, false, "Draft a referral CSV import"},
      &Impl::import_csv);
  add({"GET", "/api/v1/drafts/{id}", A::officer, false, "A draft's statements to sign"},
      &Impl::get_draft);
  add({"POST", "/api/v1/drafts/{id}", A::officer, true, "Commit a draft with its signatures"},
      &Impl::commit_draft);
  add({"DELETE", "/api/v1/drafts/{id}", A::officer, false, "Discard a draft"},
      &Impl::discard_draft);
  add({"POST", "/api/v1/statements", A::officer, true, "Submit a statement signed elsewhere"},
      &Impl::submit_statement);
  add({"GET", "/api/v1/stats", A::signed_in, false, "The coordinator's figures"}, &Impl::stats);
  // Crossing days, manifests and the gate.
  add({"GET", "/api/v1/days", A::signed_in, false, "Crossing days"}, &Impl::days);
  add({"POST", "/api/v1/days", A::officer, false, "Draft an opening, suspension or closure"},
      &Impl::change_days);
  add({"GET", "/api/v1/manifests/{date}/{direction}", A::officer, false, "The published list"},
      &Impl::get_manifest);
  add({"GET", "/api/v1/manifests/{date}/{direction}/plan", A::officer, false,
       "What the policy gives now"},
      &Impl::plan_manifest);
  add({"POST", "/api/v1/manifests/{date}/{direction}", A::officer, false, "Draft a manifest"},
      &Impl::build_manifest);
  add({"POST", "/api/v1/manifests/{date}/{direction}/approval", A::officer, false,
       "Draft an approval"},
      &Impl::approve_manifest);
  add({"POST", "/api/v1/gate/{date}/checkins", A::officer, false, "Draft a check-in"},
      &Impl::checkin);
  add({"POST", "/api/v1/gate/{date}/no-shows", A::officer, false, "Draft a no-show"},
      &Impl::no_show);
  add({"POST", "/api/v1/gate/{date}/reexaminations", A::officer, false,
       "Draft a re-examination step"},
      &Impl::reexamination);
  add({"POST", "/api/v1/gate/{date}/close", A::officer, false, "Draft the day's report"},
      &Impl::close_day);
  add({"POST", "/api/v1/gate/{date}/attestation", A::monitor, false, "Draft an attestation"},
      &Impl::attest_day);
  add({"GET", "/api/v1/gate/{date}/report", A::signed_in, false, "The day's report"},
      &Impl::day_report);
  // Who may call it and what each party sees: the manifests' GET.
  add({"GET", "/api/v1/gate/{date}/travellers", A::officer, false,
       "The day's listed travellers and their status at the gate"},
      &Impl::gate_travellers);
  add({"GET", "/api/v1/reexaminations", A::officer, false,
       "Re-examinations ordered and not yet recorded"},
      &Impl::pending_reexaminations);
  // The capacity planner: counts only, for every signed-in account; one
  // plan at a time, off the I/O threads (api_plan.cpp).
  add({"POST", "/api/v1/plan", A::signed_in, false, "Simulate a capacity scenario"},
      &Impl::capacity_plan);
  // The log: public, as every party verifies it on its own.
  add({"GET", "/api/v1/log/checkpoint", A::open, false, "The latest checkpoint"},
      &Impl::log_checkpoint);
  add({"GET", "/api/v1/log/key", A::open, false, "The log's verifier key, to pin"}, &Impl::log_key);
  add({"GET", "/api/v1/public/figures", A::open, false,
       "The public figures (docs/figures.md), at the latest checkpoint"},
      &Impl::public_figures);
  add({"GET", "/api/v1/log/tile/{path*}", A::open, false, "A C2SP tlog-tiles tile"},
      &Impl::log_tile);
  add({"GET", "/api/v1/log/proof/{ref}", A::signed_in, false, "Proofs of a case's statements"},
      &Impl::log_proof);
  add({"GET", "/api/v1/log/add-checkpoint", A::open, false,
       "A tlog-witness add-checkpoint request"},
      &Impl::log_witness_request);
  add({"POST", "/api/v1/log/cosignatures", A::open, false, "Submit a witness's cosignature"},
      &Impl::log_cosign);
  // Status for families: open (no session, no CSRF token), limited per
  // client and, persistently, per ref (api_public.cpp, app/inquiry.cpp).
  add({"POST", "/api/v1/public/inquiry", A::open, false, "Status for families"}, &Impl::inquiry);
  // Audit and administration.
  add({"GET", "/api/v1/read-log", A::auditor, false, "Who read which record, when and why"},
      &Impl::read_log);
  add({"GET", "/api/v1/accounts", A::admin, false, "Accounts"}, &Impl::accounts);
  add({"POST", "/api/v1/accounts", A::admin, true, "Create an account"}, &Impl::add_account);
  add({"DELETE", "/api/v1/accounts/{name}", A::admin, false, "Disable an account"},
      &Impl::disable_account);
  add({"POST", "/api/v1/accounts/{name}/password", A::admin, false,
       "Set an account's password; ends its sessions"},
      &Impl::set_password);
  add({"GET", "/api/v1/officers", A::signed_in, false, "Officers' verifier keys"}, &Impl::officers);
  add({"GET", "/api/v1/deployment", A::signed_in, false, "The deployment's public configuration"},
      &Impl::deployment);
  add({"POST", "/api/v1/officers", A::admin, true, "Register an officer's verifier key"},
      &Impl::add_officer);
  add({"DELETE", "/api/v1/officers/{party}/{name}", A::admin, false, "Revoke an officer's key"},
      &Impl::revoke_officer);
  // A new key for an officer who has one (active or revoked): an
  // officer-rotate signed by the log key; the old key signs nothing after.
  add({"POST", "/api/v1/officers/{party}/{name}/rotation", A::admin, true,
       "Replace an officer's key (key rotation)"},
      &Impl::rotate_officer);
  // Key enrolment: the officer's browser makes the key and asks; an admin
  // registers (POST /api/v1/officers; a replacement by the rotation route)
  // or rejects.
  add({"POST", "/api/v1/officers/requests", A::officer, false,
       "Ask for one's verifier key to be registered"},
      &Impl::request_key);
  add({"GET", "/api/v1/officers/requests", A::admin, false, "Officers' pending key requests"},
      &Impl::key_requests);
  add({"DELETE", "/api/v1/officers/requests/{name}", A::admin, false, "Reject a key request"},
      &Impl::reject_key_request);
}

}  // namespace corridor::api
