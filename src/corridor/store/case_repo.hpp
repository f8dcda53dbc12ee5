#pragma once
// Reading and writing cases, decisions, amendments and closures. The SQL of
// the case tables lives here and nowhere else. Every function takes the
// Database to run on: the Writer's inside a command, or a reader's.
// None is thread-safe beyond what its Database is.

#include <corridor/core/case.hpp>
#include <corridor/core/result.hpp>
#include <corridor/core/workflow.hpp>
#include <corridor/store/database.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::store {

// A stored case with what the workflow derivation needs.
struct StoredCase {
  core::CaseRecord record;
  core::CaseFacts facts;
};

// Inserts a new case in state `registered`; sets rec.id. On a conflict
// returns Errc::conflict with the rule (and message) k_ref_taken (the ref
// exists) or k_open_case (the person already has an open case in that
// direction).
// The uniqueness is the schema's, so no look-up precedes the insert.
core::Result<void> insert_case(Database& db, core::CaseRecord& rec);
inline constexpr std::string_view k_ref_taken = "ref-taken";
inline constexpr std::string_view k_open_case = "open-case";

// Every read below fails with Errc::internal if SQLite reports an error,
// so that a failed read is never taken for "not there" or a partial list.

// The case with this ref and its decisions and closure; nullopt if none.
core::Result<std::optional<StoredCase>> load_case(Database& db, std::string_view ref);

// The public log names a case by its public id (core::public_id): the ref
// an id stands for (by the private identities, so also for a case whose
// registration is not applied yet), and the id of a stored case's ref.
// nullopt if none has it.
core::Result<std::optional<std::string>> ref_of_public_id(Database& db, std::string_view id);
core::Result<std::optional<std::string>> public_id_of(Database& db, std::string_view ref);

// The companions (and any other cases) whose group_ref is `ref`.
core::Result<std::vector<std::string>> group_members(Database& db, std::string_view ref);

// Cheap look-ups for the importer.
core::Result<bool> ref_exists(Database& db, std::string_view ref);
// The ref of the person's open case in `direction`, if any.
core::Result<std::optional<std::string>> open_case_of(Database& db, std::string_view person_key,
                                                      core::Direction direction);
// Category, direction and openness of the case `ref`, if it exists.
struct CaseBrief {
  std::string category;
  core::Direction direction = core::Direction::exit;
  bool open = false;
  std::string state;
};
core::Result<std::optional<CaseBrief>> case_brief(Database& db, std::string_view ref);

core::Result<void> insert_decision(Database& db, std::int64_t case_id, const core::Decision& d);

// Rewrites the cached state (state, state_until, open) of a case.
// A state that is not open also deletes the case's dedup_keys.
core::Result<void> save_state(Database& db, std::int64_t case_id, const core::CaseView& view);

// Replaces the identity (with the phone), urgency, diagnosis, flags and
// snapshot of a case with those of `rec`
// (the snapshot current since `snapshot_at`), and records the amendment:
// the names of the changed fields, not their values.
struct Amendment {
  std::vector<std::string> fields;
  core::Hash256 old_snapshot{};
  std::string party;
  std::string officer;
  core::Timestamp at = 0;
};
core::Result<void> save_identity(Database& db, const core::CaseRecord& rec,
                                 const Amendment& amendment, core::Timestamp snapshot_at);

core::Result<void> insert_closure(Database& db, std::int64_t case_id, const core::Closure& c,
                                  const core::Date& on_date);

core::Result<void> insert_import(Database& db, std::string_view file, std::int64_t rows,
                                 core::Timestamp at);

// Flags as stored: one per line, "code<TAB>detail".
std::string encode_flags(const std::vector<core::Flag>& flags);
std::vector<core::Flag> decode_flags(std::string_view text);

// Key-value settings of the deployment (the config text, ...).
core::Result<void> set_meta(Database& db, std::string_view key, std::string_view value);
core::Result<std::optional<std::string>> get_meta(Database& db, std::string_view key);

// Calls `fn` for every case that matches, in ref order, with its facts.
struct CaseQuery {
  std::optional<core::Direction> direction;
  std::optional<std::string> category;
  std::int64_t from_id = 0;  // only cases whose row id is at least this (0: every case)
};
core::Result<void> for_each_case(Database& db, const CaseQuery& query,
                                 const std::function<void(StoredCase&&)>& fn);
// Calls `fn`, in id order, for a superset of a direction's cases that could
// be on a day's manifest (app/plan.cpp), found by the stored state (index
// cases_state) instead of a scan: every case of `principal_categories`
// whose stored state is cleared, scheduled or expired (a case derived
// cleared or scheduled at any time has one of these; expired covers a
// derivation at an earlier time), and every open case of the direction
// whose group_ref names one of them (index cases_group). Time only moves a
// derived state to expired, so this holds at any `now`.
core::Result<void> for_each_manifest_candidate(Database& db, core::Direction direction,
                                               const std::vector<std::string>& principal_categories,
                                               const std::function<void(StoredCase&&)>& fn);

// The party that registered case `ref` (table case_registrants), written by
// each registration as it is applied; nullopt for a case without a row.
core::Result<void> save_registrant(Database& db, std::string_view ref, std::string_view party);
core::Result<std::optional<std::string>> registrant_of(Database& db, std::string_view ref);

// Deaths recorded while waiting: (crossing-zone date, count), by date.
core::Result<std::vector<std::pair<std::string, std::int64_t>>> deaths_by_date(Database& db);

}  // namespace corridor::store
