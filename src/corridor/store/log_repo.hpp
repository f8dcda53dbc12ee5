#pragma once
// The SQL of the log tables (log_entries, log_nodes, checkpoints,
// cosignatures), of the officers projection, and of the private tables
// (identities, case_private, notes). See migrations.cpp, version 2.

#include <corridor/core/case.hpp>
#include <corridor/core/result.hpp>
#include <corridor/store/database.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::store {

// --- the log --------------------------------------------------------------

core::Result<std::uint64_t> log_size(Database& db);
core::Result<void> insert_log_entry(Database& db, std::uint64_t idx, std::string_view note);
core::Result<std::optional<std::string>> log_entry(Database& db, std::uint64_t idx);
// The entry holding the statement whose text has this hash, if any.
core::Result<std::optional<std::uint64_t>> statement_entry(Database& db,
                                                           const core::Hash256& text_hash);
core::Result<void> insert_statement_hash(Database& db, const core::Hash256& text_hash,
                                         std::uint64_t idx);

// The entries that name case `ref`, in log order.
core::Result<void> insert_log_case(Database& db, std::string_view ref, std::uint64_t idx);
core::Result<std::vector<std::uint64_t>> log_entries_of_case(Database& db, std::string_view ref);
// The last entry at or before `idx` that names `ref`, if any.
core::Result<std::optional<std::uint64_t>> log_case_at_or_before(Database& db, std::string_view ref,
                                                                 std::uint64_t idx);
// fn(idx, note) for entries [from, to) in order; stops early if fn returns false.
core::Result<void> for_each_log_entry(
    Database& db, std::uint64_t from, std::uint64_t to,
    const std::function<bool(std::uint64_t, std::string_view)>& fn);

// fn(idx, note, stored leaf hash or nullptr) for entries [0, size) in
// order, for verification; stops at fn's first error.
core::Result<void> for_each_entry_with_leaf(
    Database& db, std::uint64_t size,
    const std::function<core::Result<void>(std::uint64_t, std::string_view, const core::Hash256*)>&
        fn);

core::Result<void> insert_log_node(Database& db, unsigned level, std::uint64_t idx,
                                   const core::Hash256& hash);
core::Result<std::optional<core::Hash256>> log_node(Database& db, unsigned level,
                                                    std::uint64_t idx);

// Hashes of nodes (level, from) .. (level, to - 1), in order; fewer if some
// are missing.
core::Result<std::vector<core::Hash256>> log_nodes_range(Database& db, unsigned level,
                                                         std::uint64_t from, std::uint64_t to);

struct StoredCheckpoint {
  std::uint64_t size = 0;
  std::string note;  // signed by the log key
};
core::Result<void> insert_checkpoint(Database& db, std::uint64_t size, std::string_view note);
core::Result<std::optional<StoredCheckpoint>> latest_checkpoint(Database& db);
core::Result<std::optional<StoredCheckpoint>> checkpoint_of_size(Database& db, std::uint64_t size);
// The smallest checkpoint with size >= `size`.
core::Result<std::optional<StoredCheckpoint>> checkpoint_covering(Database& db, std::uint64_t size);
core::Result<std::vector<StoredCheckpoint>> all_checkpoints(Database& db);

struct StoredCosignature {
  std::uint64_t size = 0;
  std::string witness;  // key name
  std::string party;
  std::string line;  // signature line with its newline
};
// Replaces the witness's cosignature of that checkpoint if it had one.
core::Result<void> upsert_cosignature(Database& db, const StoredCosignature& c);
core::Result<std::vector<StoredCosignature>> cosignatures_of(Database& db, std::uint64_t size);

// --- officers (projection) ------------------------------------------------

struct OfficerRow {
  std::string party;
  std::string name;
  std::string key_name;
  std::uint32_t key_id = 0;
  int type = 1;
  std::string vkey;
  core::Timestamp added_at = 0;
  std::optional<core::Timestamp> revoked_at;
};
core::Result<void> insert_officer(Database& db, const OfficerRow& o);
core::Result<void> revoke_officer(Database& db, std::string_view party, std::string_view name,
                                  core::Timestamp at);
core::Result<std::optional<OfficerRow>> find_officer(Database& db, std::string_view party,
                                                     std::string_view name);
core::Result<std::vector<OfficerRow>> all_officers(Database& db);

// One key of an officer's history (officer_keys), in log order: added by
// officer-add or officer-rotate, revoked by officer-revoke while it was
// current, retired by the officer-rotate that replaced it.
struct OfficerKeyRow {
  std::string party;
  std::string name;
  std::uint32_t key_id = 0;
  int type = 1;
  std::string vkey;
  core::Timestamp added_at = 0;
  std::optional<core::Timestamp> revoked_at;
  std::optional<core::Timestamp> retired_at;
};
// Every key party/name has had, oldest first.
core::Result<std::vector<OfficerKeyRow>> officer_keys(Database& db, std::string_view party,
                                                      std::string_view name);
// The rotation: the officer's current key is retired at `at`, and `next`
// (its key_name, key_id, type, vkey) becomes current and not revoked.
core::Result<void> rotate_officer(Database& db, const OfficerRow& next, core::Timestamp at);

// --- private tables -------------------------------------------------------

struct Identity {
  std::string case_ref;
  std::string salt;
  core::Person person;  // phone is not part of it (case_private)
};
core::Result<void> insert_identity(Database& db, const core::Hash256& snapshot, const Identity& id);
core::Result<std::optional<Identity>> load_identity(Database& db, const core::Hash256& snapshot);

struct CasePrivate {
  std::string ref;
  std::string urgency;
  std::string diagnosis;
  std::string requested_on;
  std::string flags;  // encode_flags
  std::string phone;
};
core::Result<void> upsert_case_private(Database& db, const CasePrivate& p);
core::Result<std::optional<CasePrivate>> load_case_private(Database& db, std::string_view ref);

// A note is kept with the random salt its hash was made with.
core::Result<void> insert_note(Database& db, const core::Hash256& hash, std::string_view salt,
                               std::string_view text);
core::Result<std::optional<std::string>> load_note(Database& db, const core::Hash256& hash);

// --- the projection -------------------------------------------------------

// Deletes every row of the projection tables (cases, decisions, amendments,
// closures, officers, officer_keys, the crossing tables), for `corridor rebuild`.
core::Result<void> clear_projection(Database& db);
// SHA-256 over every row of the projection tables, in table and id order:
// equal digests mean equal tables.
core::Result<core::Hash256> projection_digest(Database& db);

}  // namespace corridor::store
