#pragma once
// Status for families: what a case's applicant may know of it, asked with
// the case's ref and the person's date of birth (POST
// /api/v1/public/inquiry; docs/api.md, "Status for families").
// Service::inquire (inquiry.cpp) is the use case; the rules of what is
// shown are here and in inquiry.cpp.

#include <corridor/core/date.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::app {

struct InquiryRequest {
  std::string ref;  // as typed; compared exactly
  core::Date date_of_birth;
  std::string code;  // the inquiry code, where the config requires one ("" if none)
  std::string peer;  // the client's address, for the read log
};

// One stage as the applicant may know it: its party (public, in the
// config) and whether it is done or pending, and since when.
struct InquiryStage {
  std::string stage;
  std::string party;
  // "done" (approved), "pending" (its party's turn: not yet decided, or to
  // decide again), "information-requested" (returned for information) or
  // "waiting" (an earlier step comes first).
  std::string status;
  std::optional<core::Timestamp> since;  // when it became so; none while waiting
  std::optional<std::int64_t> days;      // whole days since then
};

struct InquiryAnswer {
  // The ref and date of birth (and code) matched a case. When false every
  // member below is empty: an unknown ref and a wrong date of birth give
  // the same answer.
  bool found = false;
  // The ref is locked by the back-off: nothing was compared. Retry after
  // this many seconds (> 0).
  std::int64_t retry_after = 0;
  // The family's word for the case's state: registered, in-review,
  // returned, cleared, expired, scheduled, crossed, turned-back,
  // not-approved (a denial) or closed (withdrawn or deceased).
  std::string state;
  // Every stage of the case's workflow, in order; empty once the case has
  // ended (crossed, turned back, not approved, closed).
  std::vector<InquiryStage> stages;
  std::optional<core::Date> crossing_day;  // on a crossing day's main list
  // For a cleared principal: its place among the cleared principals of its
  // direction and category in the manifest policy's order
  // (core::higher_priority at today's scores), 1 first, of `cleared_total`.
  std::optional<std::int64_t> position;
  std::optional<std::int64_t> cleared_total;
};

// The back-off after the n-th failed inquiry about one ref in a row:
// none for the first three, then 60 s × 2^(n-4) (docs/api.md gives the
// arithmetic). Never overflows.
std::int64_t inquiry_lock_seconds(std::int64_t failures);

// The inquiry code of `ref` under the deployment's inquiry key: the first
// 10 characters of the lower-case base32 of HMAC-SHA-256(key, "code:" + ref).
std::string inquiry_code(std::string_view key, std::string_view ref);

}  // namespace corridor::app
