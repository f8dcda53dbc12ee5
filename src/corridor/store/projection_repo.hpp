#pragma once
// The SQL of checking the projection against a replay of the log: a scratch
// database to replay into, a row-by-row comparison of every projection
// table, and reads of the private tables for checking what the log commits
// to (docs/log_format.md, "Export and verify").

#include <corridor/core/case.hpp>
#include <corridor/core/result.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/log_repo.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace corridor::store {

// Opens an empty in-memory database with this binary's schema and copies
// the private tables (identities, case_private, notes) of `source` into it:
// what a replay of the log reads. `source` is only read. The scratch is
// inside one open transaction (nothing is ever committed anywhere).
core::Result<Database> open_scratch(Database& source);

// Where two projections first differ: the table, the row's key ("ref
// WHO-2025-0101", "id 7 (case ...)"), and the column ("(row)" when one side
// has a row the other lacks). No value is given: it may be personal data.
struct ProjectionDifference {
  std::string table;
  std::string key;
  std::string column;
  std::string what;  // "differs", "is not produced by the log", "is missing"
};

// Compares every projection table of `stored` with `replayed`, row by row
// in rowid order and column by column (type and bytes). nullopt if they are
// identical. Only reads both.
core::Result<std::optional<ProjectionDifference>> compare_projection(Database& stored,
                                                                     Database& replayed);

// Runs fn() with `db` inside one read transaction (a single consistent
// snapshot of a live database), then ends it. For a read-only connection.
core::Result<void> in_read_transaction(Database& db, const std::function<core::Result<void>()>& fn);

// Every row of the private tables that a statement's hash commits to:
// fn(snapshot, identity, well_formed) for identities (well_formed is false
// when the stored date of birth or sex is not one this binary writes, or
// the stored public id is not core::public_id of its ref and salt), and
// fn(hash, salt, text) for notes. Stops at fn's first error.
using IdentityFn =
    std::function<core::Result<void>(const core::Hash256& snapshot, const Identity&, bool)>;
core::Result<void> for_each_identity(Database& db, const IdentityFn& fn);
using NoteFn = std::function<core::Result<void>(const core::Hash256& hash, std::string_view salt,
                                                std::string_view text)>;
core::Result<void> for_each_note(Database& db, const NoteFn& fn);

}  // namespace corridor::store
