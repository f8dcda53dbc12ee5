#pragma once
// Possible duplicates (issue 19, docs/dedup.md; migration 12): the blocking
// keys of each stored person, the candidate pairs the matcher found with
// their score and evidence, the decisions on them, and the matcher's last
// weights. The caller runs these inside its own transaction where several
// must land together (an import, an applied statement). Not thread-safe
// beyond what its Database is.

#include <corridor/core/result.hpp>
#include <corridor/store/database.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace corridor::store {

// One candidate pair. case_a < case_b (the functions below order them).
struct DedupPair {
  std::int64_t case_a = 0, case_b = 0;
  std::string ref_a, ref_b;             // filled by the readers (from cases)
  std::string category_a, category_b;   // likewise
  double score = 0;                     // match probability in [0, 1]
  std::string evidence;                 // JSON array of {name, level, weight}
  std::int64_t found_at = 0;            // unix seconds
  std::optional<std::string> decision;  // "same-person" | "different-persons"
  std::optional<std::int64_t> decided_seq;
};

// Where a page of undecided pairs ended: the next page starts after it.
struct DedupCursor {
  double score = 0;
  std::int64_t case_a = 0, case_b = 0;
};

// Replaces the blocking keys of `case_id` with `keys` (duplicates ignored).
core::Result<void> put_dedup_keys(Database& db, std::int64_t case_id,
                                  std::span<const std::string> keys);

// Forgets the blocking keys of `case_id` (a closed case's: they hold its
// national ID and phone).
core::Result<void> delete_dedup_keys(Database& db, std::int64_t case_id);

// The ids of the cases that have `key`, ascending.
core::Result<std::vector<std::int64_t>> case_ids_by_dedup_key(Database& db, std::string_view key);

// Inserts the pair (ordering a and b), or if it is already there and still
// undecided updates its score, evidence and found_at; a decided pair is left
// as it is. Fails with Errc::bad_input if a == b.
core::Result<void> put_dedup_pair(Database& db, const DedupPair& pair);

// The pair of cases a and b (either order), decided or not, or nullopt.
core::Result<std::optional<DedupPair>> find_dedup_pair(Database& db, std::int64_t a,
                                                       std::int64_t b);

// Every decided pair as (case_a, case_b), case_a < case_b, ascending.
core::Result<std::vector<std::pair<std::int64_t, std::int64_t>>> decided_dedup_pairs(Database& db);

// Up to `limit` undecided pairs whose both cases are open, best score first
// (then case_a, case_b), starting after `after` if given.
core::Result<std::vector<DedupPair>> undecided_dedup_pairs(Database& db,
                                                           const std::optional<DedupCursor>& after,
                                                           int limit);

// Records `decision` (statement seq `seq`) on the pair of a and b, inserting
// the pair (score 0, evidence "[]", found_at `at`) if the matcher never
// proposed it. Fails with Errc::bad_input if a == b.
core::Result<void> decide_dedup_pair(Database& db, std::int64_t a, std::int64_t b,
                                     std::string_view decision, std::int64_t seq, std::int64_t at);

// Moves the open cases whose group is `from_ref` (a duplicate's
// companions) to the group of `to_ref`, and returns their refs (by id).
// Closed ones keep their history.
core::Result<std::vector<std::string>> move_group(Database& db, std::string_view from_ref,
                                                  std::string_view to_ref);

// Forgets every decision (rebuild replays them from the log).
core::Result<void> clear_dedup_decisions(Database& db);

// The matcher's last weights (core::Weights JSON), or nullopt if none.
core::Result<std::optional<std::string>> load_dedup_weights(Database& db);
core::Result<void> save_dedup_weights(Database& db, std::string_view weights);

// The cursor of a page's last pair, and its text form for an API
// ("score:case_a:case_b", the score printed to round-trip exactly);
// parse_dedup_cursor returns nullopt for text it did not make.
DedupCursor cursor_after(const DedupPair& pair);
std::string format_dedup_cursor(const DedupCursor& cursor);
std::optional<DedupCursor> parse_dedup_cursor(std::string_view text);

}  // namespace corridor::store
