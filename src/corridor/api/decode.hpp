#pragma once
// Decoders of JSON request bodies: each takes the raw body and returns the
// use case's request, or Errc::bad_input (core::invalid) naming the field
// that is wrong, as the error's field and first in its message ("stage:
// missing", "outcome: 'maybe' is not approve, deny, return or revoke"). Unknown members are
// refused, so a misspelt field is an error, not a silently ignored one. fuzz/api_decode_fuzz.cpp
// runs every decoder.

#include <corridor/app/service.hpp>
#include <corridor/core/result.hpp>
#include <corridor/plan/scenario.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::api {

struct LoginBody {
  std::string name;
  std::string password;
  // A script's login: the token comes back in the body, to be sent as a
  // bearer token. A browser's login leaves it out and gets only the
  // HttpOnly cookie, which page scripts cannot read.
  bool bearer = false;
};
core::Result<LoginBody> decode_login(std::string_view body);

// One decision about the case `ref` (from the path), or many in a bulk
// body {"decisions":[{"ref":...,...}]}.
core::Result<app::DecideRequest> decode_decision(std::string_view body, const std::string& ref);
core::Result<std::vector<app::DecideRequest>> decode_decisions(std::string_view body);

core::Result<app::AmendRequest> decode_amendment(std::string_view body, const std::string& ref);
core::Result<app::CloseRequest> decode_closure(std::string_view body, const std::string& ref);
// {"keep": REF, "duplicate": REF} and {"a": REF, "b": REF}.
core::Result<app::SamePersonRequest> decode_same_person(std::string_view body);
core::Result<app::DifferentPersonsRequest> decode_different_persons(std::string_view body);
core::Result<app::CrossingChange> decode_crossing(std::string_view body);
core::Result<app::CheckinRequest> decode_checkin(std::string_view body, const core::Date& date);

struct RefBody {
  std::string ref;
  std::string step;  // re-examinations: "ordered" or "recorded"
  std::string note;
};
core::Result<RefBody> decode_ref(std::string_view body, bool with_step);

// {"notes": ["<signed note>", ...]}: the drafted statements, signed.
core::Result<std::vector<std::string>> decode_signed_notes(std::string_view body);

struct AccountBody {
  std::string name;
  std::string role;
  std::string party;
  std::string password;
};
core::Result<AccountBody> decode_account(std::string_view body);

// {"password": "..."}: an account's new password (POST
// /api/v1/accounts/{name}/password); its rules are Auth's.
core::Result<std::string> decode_password(std::string_view body);

struct OfficerBody {
  std::string party;
  std::string name;
  std::string vkey;
};
core::Result<OfficerBody> decode_officer(std::string_view body);

// {"vkey": "..."}: the verifier key an officer asks to have registered.
// Only the member is checked here; the key itself by the handler.
core::Result<std::string> decode_key_request(std::string_view body);

// {"reason": "..."}: why an officer reads beyond their view (break-glass).
core::Result<std::string> decode_reason(std::string_view body);

// {"ref": ..., "date_of_birth": "YYYY-MM-DD", "code": ...}: a family's
// inquiry (POST /api/v1/public/inquiry). "code" is required when
// `code_required` (config [inquiry]), else optional and unused. No message
// repeats a value typed: they are the person's.
core::Result<app::InquiryRequest> decode_inquiry(std::string_view body, bool code_required);

struct CosignatureBody {
  std::uint64_t size = 0;
  std::string cosignatures;  // the witness's signature line(s)
};
core::Result<CosignatureBody> decode_cosignature(std::string_view body);

// POST /api/v1/plan (docs/api.md, "Planning"): what to simulate, within
// the limits that keep one plan's CPU bounded. decode_plan.cpp.
struct PlanBody {
  // The scenario's TOML text (docs/planner.md); none: calibrate one from
  // the live deployment.
  std::optional<std::string> scenario;
  std::optional<core::Date> since;  // calibration from this day (only without a scenario)
  plan::Changes set;                // the sliders, applied to the scenario
  int runs = 2000;
  int days = 730;
  std::uint64_t seed = 1;
};
inline constexpr int k_plan_max_runs = 10'000;
inline constexpr int k_plan_max_days = 1095;
inline constexpr std::int64_t k_plan_max_run_days = 7'300'000;  // runs x days
inline constexpr std::size_t k_plan_max_scenario = 8 << 20;     // bytes of TOML
// Errc::bad_input naming the member ("runs", "set.min_days.security",
// "scenario"): a member of the wrong type, runs outside 1..10000, days
// outside 1..1095, runs x days above 7,300,000 ("runs"), a scenario that is
// empty or longer than 8 MiB, "since" with a scenario. Stage ids and the
// ranges of the changes are plan::apply_changes's to check.
core::Result<PlanBody> decode_plan(std::string_view body);

}  // namespace corridor::api
