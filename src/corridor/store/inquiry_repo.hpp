#pragma once
// Status for families (app/inquiry.cpp): the deployment's inquiry key, the
// per-ref back-off (migration 9) and the two reads of `cases` an inquiry
// makes. Like the other repos, every function runs on the Database it is
// given and every failed read is Errc::internal.

#include <corridor/core/case.hpp>
#include <corridor/core/date.hpp>
#include <corridor/core/result.hpp>
#include <corridor/store/database.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::store {

// The inquiry key (32 bytes), if one was made.
core::Result<std::optional<std::string>> inquiry_key(Database& db);
// Stores `key` unless one is there already (the first one stays).
core::Result<void> insert_inquiry_key(Database& db, std::string_view key);

// One ref's back-off, by the keyed hash of the ref as typed.
struct InquiryLimitRow {
  core::Hash256 ref_key{};
  std::int64_t failures = 0;
  core::Timestamp last_failure = 0;
  core::Timestamp locked_until = 0;
};
core::Result<std::optional<InquiryLimitRow>> find_inquiry_limit(Database& db,
                                                                const core::Hash256& ref_key);
// Inserts or replaces the row of row.ref_key.
core::Result<void> save_inquiry_limit(Database& db, const InquiryLimitRow& row);
// Deletes it (an answer that matched); nothing if there is none.
core::Result<void> clear_inquiry_limit(Database& db, const core::Hash256& ref_key);

// The stored date of birth (YYYY-MM-DD) of the case `ref`, if there is
// one: one probe of the ref's unique index, the same cost for a ref that
// does not exist.
core::Result<std::optional<std::string>> date_of_birth_of(Database& db, std::string_view ref);

// What the manifest policy orders a cleared case by, for each case of
// `direction` and `category` cleared at `now` by its cached state: state
// cleared and not due to change by itself before `now` (state_until: an
// approval expiring). One probe of the index of migration 9.
struct ClearedRow {
  std::string ref;
  std::string urgency;
  std::optional<core::Date> requested_on;
  core::Timestamp registered_at = 0;
  core::Date date_of_birth;
  std::optional<core::Timestamp> state_until;  // when its state changes by itself
};
core::Result<std::vector<ClearedRow>> cleared_rows(Database& db, core::Direction direction,
                                                   std::string_view category, core::Timestamp now);

}  // namespace corridor::store
